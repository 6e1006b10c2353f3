import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { makeRepo, type TestRepo } from '../helpers/repo-fixture.js';
import { checkJson, runCli } from '../helpers/run-cli.js';
import { CLEAN, MIXED, baseFiles } from '../helpers/python-repo.js';

const repos: TestRepo[] = [];
async function repo(files: Record<string, string>): Promise<TestRepo> {
  const r = await makeRepo(files);
  repos.push(r);
  return r;
}
after(async () => {
  for (const r of repos) await r.cleanup();
});

const legacyRepo = (): Record<string, string> => ({
  ...baseFiles(MIXED),
  'app/second.py': MIXED,
});

describe('baseline ratchet', () => {
  it('adopts a legacy repo: baseline written, existing violations pass, a new one is blocked', async () => {
    const r = await repo(legacyRepo());
    assert.equal((await checkJson(r.root, '--all')).code, 1);
    const wrote = await runCli(r.root, ['baseline']);
    assert.equal(wrote.code, 0, wrote.stderr);
    assert.match(wrote.stdout, /0 -> 2 violations/);
    const file = readFileSync(join(r.root, 'ssot-guard.baseline.json'), 'utf8');
    assert.doesNotMatch(file, /"line"/, 'fingerprints, not line numbers');
    await r.add('ssot-guard.baseline.json');
    await r.commit('baseline');
    const all = await checkJson(r.root, '--all');
    assert.equal(all.code, 0);
    assert.equal(all.json.baseline.known, 2);
    await r.write('app/third.py', MIXED);
    await r.add('app/third.py');
    const staged = await checkJson(r.root, '--staged');
    assert.equal(staged.code, 1);
    assert.deepEqual(staged.json.violations.map((v: any) => v.file), ['app/third.py']);
  });

  it('a baseline entry covers its own file only: the same mix elsewhere is new', async () => {
    const r = await repo(baseFiles(MIXED));
    await runCli(r.root, ['baseline']);
    await r.write('app/copy.py', MIXED);
    await r.git('add', '-A');
    const all = await checkJson(r.root, '--all');
    assert.equal(all.code, 1);
    assert.deepEqual(all.json.violations.map((v: any) => v.file), ['app/copy.py']);
    assert.equal(all.json.baseline.known, 1);
  });

  it('a fixed violation is reported as prunable and fails --all until pruned; prune shrinks', async () => {
    const r = await repo(legacyRepo());
    await runCli(r.root, ['baseline']);
    await r.add('ssot-guard.baseline.json');
    await r.commit('baseline');
    await r.write('app/second.py', CLEAN);
    await r.add('app/second.py');
    const staged = await runCli(r.root, ['check', '--staged']);
    assert.equal(staged.code, 0);
    assert.match(staged.stdout, /1 baselined violation is fixed: run "ssot-guard baseline --prune"/);
    const all = await checkJson(r.root, '--all');
    assert.equal(all.code, 1);
    assert.equal(all.json.baseline.stale.length, 1);
    const pruned = await runCli(r.root, ['baseline', '--prune']);
    assert.match(pruned.stdout, /2 -> 1 violations/);
    await r.add('ssot-guard.baseline.json');
    assert.equal((await checkJson(r.root, '--all')).code, 0);
  });

  it('never grows without --update', async () => {
    const r = await repo(legacyRepo());
    await runCli(r.root, ['baseline']);
    await r.git('add', '-A');
    await r.write('app/third.py', MIXED);
    await r.add('app/third.py');
    assert.equal((await runCli(r.root, ['baseline'])).code, 2);
    assert.match((await runCli(r.root, ['baseline', '--prune'])).stdout, /2 -> 2 violations/);
    assert.match((await runCli(r.root, ['baseline', '--update'])).stdout, /2 -> 3 violations/);
  });

  it('moving a violating import ten lines down does not make it new', async () => {
    const r = await repo(legacyRepo());
    await runCli(r.root, ['baseline']);
    await r.write('app/second.py', '\n'.repeat(10) + MIXED);
    await r.git('add', '-A');
    assert.equal((await checkJson(r.root, '--all')).code, 0);
  });
});

describe('suppressions through the CLI', () => {
  const suppressed = (comment: string): string => `from app.bridge import Bridge\nfrom app.legacy import Manager  ${comment}\n`;
  it('with a reason: suppressed', async () => {
    const r = await repo(baseFiles(suppressed('# ssot-guard: allow ws -- migrating in TICKET-1')));
    assert.equal((await checkJson(r.root, '--all')).code, 0);
  });
  it('without a reason: not honoured, and said so', async () => {
    const r = await repo(baseFiles(suppressed('# ssot-guard: allow ws')));
    const all = await checkJson(r.root, '--all');
    assert.equal(all.code, 1);
    assert.ok(all.json.diagnostics.some((d: any) => d.code === 'suppression' && /no reason/.test(d.message)));
  });
  it('unused: fails --all until removed', async () => {
    const r = await repo(baseFiles('from app.bridge import Bridge  # ssot-guard: allow ws -- old exception\n'));
    const all = await checkJson(r.root, '--all');
    assert.equal(all.code, 1);
    assert.equal(all.json.violations.length, 0);
    assert.equal(all.json.diagnostics[0].code, 'unused-suppression');
    assert.equal(all.json.diagnostics[0].line, 1);
  });
});

describe('CI formats', () => {
  it('SARIF validates against the official SARIF 2.1.0 schema', async () => {
    const r = await repo(legacyRepo());
    const run = await runCli(r.root, ['check', '--all', '--format', 'sarif']);
    assert.equal(run.code, 1);
    const sarif = JSON.parse(run.stdout);
    // test/fixtures/sarif-2.1.0-rtm.5.json: the OASIS schema as shipped in @microsoft/jest-sarif.
    const schemaFile = fileURLToPath(new URL('../../../test/fixtures/sarif-2.1.0-rtm.5.json', import.meta.url));
    // ajv-draft-04 is CommonJS; require gives the class without ESM interop guesswork.
    const Ajv04 = createRequire(import.meta.url)('ajv-draft-04') as new (o: object) => { compile(s: object): ((d: unknown) => boolean) & { errors?: unknown } };
    const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false }); // the schema's language pattern is not valid in u-mode
    const validate = ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')));
    assert.ok(validate(sarif), JSON.stringify(validate.errors, null, 1));
    assert.equal(sarif.runs[0].results.length, 2);
    assert.equal(sarif.runs[0].results[0].partialFingerprints['ssotGuard/v1'].length, 20);
  });

  it('github annotations name file, line and rule', async () => {
    const r = await repo(legacyRepo());
    const run = await runCli(r.root, ['check', '--all', '--format', 'github']);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /^::error file=app\/factory\.py,line=2,col=24,title=ssot-guard ws::Use Bridge, not Manager\./m);
  });
});

describe('graph', () => {
  const files = {
    ...baseFiles(MIXED),
    'app/routes.py': 'from app import factory\n',
    'app/api.py': 'import app.routes\n',
  };
  // Rendering it with Graphviz (an OS package) is in test-integrations/graphviz.test.ts.
  it('dot output marks legacy, canonical and the violating edge', async () => {
    const r = await repo(files);
    const run = await runCli(r.root, ['graph', '--focus', 'app.factory', '--dependencies', '--format', 'dot']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /"app\.legacy" \[.*fillcolor="#fee2e2"/);
    assert.match(run.stdout, /"app\.bridge" \[.*fillcolor="#dcfce7"/);
    assert.match(run.stdout, /"app\.factory" -> "app\.legacy" \[color=red/);
  });

  it('dependents to depth 2, as mermaid with declared nodes only', async () => {
    const r = await repo(files);
    const run = await runCli(r.root, ['graph', '--focus', 'app.factory', '--dependents', '--depth', '2', '--format', 'mermaid']);
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.trim().split('\n');
    assert.equal(lines[0], 'flowchart LR');
    const declared = new Set(lines.flatMap((l) => /^ {2}(n\d+)\[".*"\]$/.exec(l)?.[1] ?? []));
    const edges = lines.filter((l) => /-->|==>/.test(l));
    assert.equal(edges.length, 2);
    for (const e of edges) for (const id of e.match(/n\d+/g)!) assert.ok(declared.has(id), `${id} declared`);
    assert.match(run.stdout, /"app\.api"/);
  });
});

describe('explain through the CLI', () => {
  it('names the file, the verdict and the rule', async () => {
    const r = await repo(baseFiles(MIXED));
    const run = await runCli(r.root, ['explain', 'app/factory.py']);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /rule ws: VIOLATION/);
    assert.match(run.stdout, /legacy +app\.legacy\.Manager +line 2:24/);
  });
});
