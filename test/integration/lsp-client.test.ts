import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { tempRepos, type TestRepo } from '../helpers/repo-fixture.js';
import { CLI } from '../helpers/run-cli.js';
import { startLsp, type LspDiagnostic, type LspSession } from '../helpers/lsp-client.js';
import { LSP_CONFIG, LSP_FILES, MIXED_FACTORY } from '../helpers/lsp-repo.js';

const repos = tempRepos();
after(() => repos.cleanup());

const FACTORY = 'app/factory.py';
const CONFIG = 'ssot-guard.config.json';
const ours = (d: readonly LspDiagnostic[]): LspDiagnostic[] => d.filter((x) => x.code === 'one-manager');

describe('ssot-guard lsp --stdio, driven by a vscode-jsonrpc client', () => {
  let repo: TestRepo;
  let lsp: LspSession;
  before(async () => {
    repo = await repos.make(LSP_FILES);
    // No daemon: the server indexes in-process.
    lsp = await startLsp(CLI, repo.root, { SSOT_GUARD_NO_DAEMON: '1' });
  });
  after(() => lsp.close());

  it('an unsaved buffer that mixes the patterns gets a diagnostic at the legacy import, with the canonical use as related information; fixing it clears it', async () => {
    const clean = lsp.diagnostics(lsp.uri(FACTORY));
    await lsp.open(FACTORY, LSP_FILES[FACTORY]!);
    assert.deepEqual(ours(await clean), []);

    const flagged = lsp.diagnostics(lsp.uri(FACTORY), (d) => ours(d).length > 0);
    await lsp.change(FACTORY, MIXED_FACTORY);
    const [d] = ours(await flagged);
    assert.equal(d!.source, 'ssot-guard');
    assert.equal(d!.message, LSP_CONFIG.rules[0]!.message);
    // `from app.compat import OldManager as Helper`: line 2, the name imported.
    assert.deepEqual(d!.range, { start: { line: 1, character: 23 }, end: { line: 1, character: 33 } });
    assert.equal(d!.relatedInformation?.length, 1);
    const related = d!.relatedInformation![0]!;
    assert.equal(related.location.uri, lsp.uri(FACTORY));
    assert.deepEqual(related.location.range.start, { line: 0, character: 23 });
    assert.match(related.message, /canonical app\.bridge\.Bridge/);

    // The origin chain, as check prints it.
    const hover = (await lsp.connection.sendRequest('textDocument/hover', { textDocument: { uri: lsp.uri(FACTORY) }, position: { line: 1, character: 25 } })) as { contents: { value: string } } | null;
    assert.match(hover?.contents.value ?? '', /legacy `app\.legacy\.Manager` via app\.compat\.OldManager -> .* -> app\.legacy\.Manager/);

    const cleared = lsp.diagnostics(lsp.uri(FACTORY), (d) => ours(d).length === 0);
    await lsp.change(FACTORY, LSP_FILES[FACTORY]!);
    assert.deepEqual(ours(await cleared), []);
  });

  it('an edit of another open file that flips the verdict republishes the importer', async () => {
    const opened = lsp.diagnostics(lsp.uri('app/helpers.py'));
    await lsp.open('app/helpers.py', LSP_FILES['app/helpers.py']!);
    await opened;
    // factory.py (still open, clean) imports Tool from helpers: making Tool the legacy Manager flips it.
    const flipped = lsp.diagnostics(lsp.uri(FACTORY), (d) => ours(d).length > 0);
    await lsp.change('app/helpers.py', 'from app.legacy import Manager as Tool\n');
    const [d] = ours(await flipped);
    assert.equal(d!.range.start.line, 1);
    const back = lsp.diagnostics(lsp.uri(FACTORY), (d) => ours(d).length === 0);
    await lsp.change('app/helpers.py', LSP_FILES['app/helpers.py']!);
    await back;
  });

  it('an importer that is not open is published when an edit flips it, and cleared when it flips back', async () => {
    await lsp.closeDocument(FACTORY);
    const flipped = lsp.diagnostics(lsp.uri(FACTORY), (d) => ours(d).length > 0);
    await lsp.change('app/helpers.py', 'from app.legacy import Manager as Tool\n');
    assert.equal(ours(await flipped).length, 1);
    const back = lsp.diagnostics(lsp.uri(FACTORY), (d) => ours(d).length === 0);
    await lsp.change('app/helpers.py', LSP_FILES['app/helpers.py']!);
    await back;
    await lsp.open(FACTORY, LSP_FILES[FACTORY]!);
  });

  it('the code action inserts a suppression comment with a reason placeholder, and that clears the diagnostic', async () => {
    const flagged = lsp.diagnostics(lsp.uri(FACTORY), (d) => ours(d).length > 0);
    await lsp.change(FACTORY, MIXED_FACTORY);
    const [d] = ours(await flagged);
    const actions = (await lsp.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: lsp.uri(FACTORY) },
      range: d!.range,
      context: { diagnostics: [d] },
    })) as Array<{ title: string; edit?: { changes: Record<string, Array<{ range: { start: { line: number; character: number } }; newText: string }>> }; command?: { command: string } }>;
    const suppress = actions.find((a) => a.edit);
    assert.ok(suppress, `a suppression action among ${actions.map((a) => a.title).join(', ')}`);
    const [edit] = suppress.edit!.changes[lsp.uri(FACTORY)]!;
    assert.deepEqual(edit!.range.start, { line: 1, character: 0 });
    assert.equal(edit!.newText, '# ssot-guard: allow one-manager -- reason\n');
    assert.ok(actions.some((a) => a.command?.command === 'ssot-guard.explain'), 'an explain action');

    const lines = MIXED_FACTORY.split('\n');
    lines.splice(1, 0, edit!.newText.replace(/\n$/, ''));
    const cleared = lsp.diagnostics(lsp.uri(FACTORY), (x) => ours(x).length === 0);
    await lsp.change(FACTORY, lines.join('\n'));
    assert.deepEqual(ours(await cleared), []);

    const explained = (await lsp.connection.sendRequest('workspace/executeCommand', { command: 'ssot-guard.explain', arguments: [lsp.uri(FACTORY)] })) as string;
    assert.match(explained, /rule one-manager/);
  });

  it('the config file with a typo in a symbol gets a diagnostic at its JSON position', async () => {
    const typo = JSON.stringify({ ...LSP_CONFIG, rules: [{ ...LSP_CONFIG.rules[0], legacy: ['app.legacy.Managr'] }] }, null, 2);
    const opened = lsp.diagnostics(lsp.uri(CONFIG));
    await lsp.open(CONFIG, LSP_FILES[CONFIG]!);
    assert.deepEqual(await opened, []);
    const flagged = lsp.diagnostics(lsp.uri(CONFIG), (d) => d.length > 0);
    await lsp.change(CONFIG, typo);
    const [d] = await flagged;
    const line = typo.split('\n').findIndex((l) => l.includes('app.legacy.Managr'));
    const character = typo.split('\n')[line]!.indexOf('"app.legacy.Managr"');
    assert.deepEqual(d!.range, { start: { line, character }, end: { line, character: character + '"app.legacy.Managr"'.length } });
    assert.equal(d!.code, 'one-manager');
    assert.match(d!.message, /Managr.*did you mean app\.legacy\.Manager/);

    // A schema error: at the field, named by its path.
    const bad = lsp.diagnostics(lsp.uri(CONFIG), (x) => x.some((e) => e.code === 'config'));
    const wrong = typo.replace('"forbid": "mix"', '"forbid": "mixx"');
    await lsp.change(CONFIG, wrong);
    const [schema] = (await bad).filter((e) => e.code === 'config');
    assert.equal(schema!.range.start.line, wrong.split('\n').findIndex((l) => l.includes('"mixx"')));
    assert.match(schema!.message, /\/rules\/0\/forbid/);

    const fixed = lsp.diagnostics(lsp.uri(CONFIG), (x) => x.length === 0);
    await lsp.change(CONFIG, LSP_FILES[CONFIG]!);
    await fixed;
  });
});
