/**
 * Bad and hostile input through the real CLI (issue 5): for every case the
 * verdict is right or the check fails loudly with file and line; nothing
 * passes a violation, nothing crashes, time and memory stay bounded.
 * Cases that bad-input.test.ts already holds are not repeated here.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tempRepos, type TestRepo } from '../helpers/repo-fixture.js';
import { checkJson, runCli } from '../helpers/run-cli.js';
import { CLEAN, CONFIG, MIXED, baseFiles } from '../helpers/python-repo.js';
import { check, cli, daemonRepo, daemonUp, status, stopAllDaemons } from './daemon-fixture.js';

const repos = tempRepos();
const dirs: string[] = [];
after(async () => {
  await stopAllDaemons();
  await repos.cleanup();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

const BRIDGE = 'from app.bridge import Bridge\n';
const LEGACY = 'from app.legacy import Manager\n';
const MB = 1024 * 1024;

/** A base repo with `files` written and staged on top of its first commit. */
async function staged(files: Record<string, string | Buffer>): Promise<TestRepo> {
  const r = await repos.make(baseFiles());
  for (const [path, content] of Object.entries(files)) await r.write(path, content);
  await r.git('add', '-A');
  return r;
}

/** --staged and --all must agree on a file the commit adds: same exit, same violating files. */
async function bothModes(r: TestRepo) {
  const s = await checkJson(r.root, '--staged');
  const a = await checkJson(r.root, '--all');
  assert.equal(s.code, a.code, `--staged and --all disagree:\n${s.stdout}\n${a.stdout}`);
  assert.deepEqual(s.json.violations.map((v: any) => v.file), a.json.violations.map((v: any) => v.file));
  return s;
}

function diag(json: any, code: string, file = 'app/factory.py') {
  const d = json.diagnostics.find((x: any) => x.code === code && x.file === file);
  assert.ok(d, `no ${code} diagnostic on ${file}: ${JSON.stringify(json.diagnostics)}`);
  return d;
}

const legacyLine = (json: any) => json.violations[0].evidence.find((e: any) => e.side === 'legacy').line;

/**
 * Runs the CLI with a preload that writes the process's peak resident set
 * (main thread and parse workers alike) to a file on exit.
 */
async function cliWithPeakRss(cwd: string, args: string[]) {
  const dir = await mkdtemp(join(tmpdir(), 'ssot-guard-rss-'));
  dirs.push(dir);
  const preload = join(dir, 'rss.cjs');
  const out = join(dir, 'rss.txt');
  await writeFile(preload, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(out)}, String(process.resourceUsage().maxRSS)));\n`);
  const run = await runCli(cwd, args, { NODE_OPTIONS: `--require ${preload}` });
  return { ...run, peakRssBytes: Number(await readFile(out, 'utf8')) * 1024 };
}
const RSS_BOUND = 1.5 * 1024 * MB;

describe('source that does not parse, or parses oddly', { concurrency: 4 }, () => {
  it('an unclosed bracket that swallows the rest of the file: the imports after it still count', async () => {
    const r = await staged({ 'app/factory.py': `${BRIDGE}x = (\n${LEGACY}` });
    const { code, json } = await bothModes(r);
    assert.equal(code, 1);
    assert.equal(legacyLine(json), 3);
    assert.equal(diag(json, 'syntax').line, 3);
  });

  it('... also inside a function, judged in that function\'s unit', async () => {
    const cfg = { ...CONFIG, rules: [{ ...CONFIG.rules[0], unit: 'function' }] };
    const r = await staged({ 'ssot-guard.config.json': JSON.stringify(cfg), 'app/factory.py': `def make():\n    ${BRIDGE}    x = [\n    ${LEGACY}` });
    const { code, json } = await bothModes(r);
    assert.equal(code, 1);
    assert.equal(json.violations[0].unit, 'make');
  });

  it('an unterminated triple-quoted string: a syntax warning at its line (the import inside it is text, as for CPython)', async () => {
    const r = await staged({ 'app/factory.py': `${BRIDGE}x = """\n${LEGACY}` });
    const { code, json } = await bothModes(r);
    assert.equal(code, 0);
    assert.equal(diag(json, 'syntax').line, 2);
  });

  it('tabs and spaces mixed (TabError in CPython): the imports are still judged', async () => {
    const r = await staged({ 'app/factory.py': `${BRIDGE}if True:\n\tx = 1\n        ${LEGACY}` });
    const { code, json } = await bothModes(r);
    assert.equal(code, 1);
    assert.equal(legacyLine(json), 4);
  });

  for (const [name, eol] of [['CRLF', '\r\n'], ['lone CR (old Mac)', '\r']] as const) {
    it(`${name} line ends: violation found, at the right line`, async () => {
      const r = await staged({ 'app/factory.py': MIXED.replace(/\n/g, eol) });
      const { code, json } = await bothModes(r);
      assert.equal(code, 1);
      assert.equal(legacyLine(json), 2);
    });
  }

  it('a UTF-8 BOM: violation found, columns counted after the BOM', async () => {
    const r = await staged({ 'app/factory.py': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(MIXED)]) });
    const { code, json } = await bothModes(r);
    assert.equal(code, 1);
    // `Bridge` and `Manager` both start at column 24 of their lines, as without the BOM.
    assert.deepEqual(json.violations[0].evidence.map((e: any) => [e.line, e.column]).sort(), [[1, 24], [2, 24]]);
  });

  it('invalid UTF-8 and a NUL byte before the imports: warnings with their lines, and the violation', async () => {
    const bytes = Buffer.concat([Buffer.from('x = "'), Buffer.from([0xff, 0xfe]), Buffer.from('"\ny = 1\0\n'), Buffer.from(MIXED)]);
    const r = await staged({ 'app/factory.py': bytes });
    const { code, json } = await bothModes(r);
    assert.equal(code, 1);
    const enc = json.diagnostics.filter((d: any) => d.code === 'encoding').map((d: any) => d.line).sort();
    assert.deepEqual(enc, [1, 2]);
  });
});

describe('deep nesting and enormous input, bounded', () => {
  const deep = {
    'lists': `x = ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`,
    'parentheses': `x = ${'('.repeat(10_000)}1${')'.repeat(10_000)}\n`,
    'dicts': `x = ${'{"k": '.repeat(10_000)}1${'}'.repeat(10_000)}\n`,
    'unclosed lists': `x = ${'['.repeat(10_000)}\n`,
  };
  for (const [name, expr] of Object.entries(deep)) {
    // First in the file: that is where lezer's tree building overflowed the stack.
    it(`10,000-deep ${name} before the imports: the violation is found and the depth is named`, async () => {
      const r = await staged({ 'app/factory.py': `${expr}${MIXED}` });
      const { code, json } = await bothModes(r);
      assert.equal(code, 1, JSON.stringify(json.diagnostics));
      assert.match(diag(json, 'syntax').message, /nested more than 200 deep/);
    });
  }

  it('2,000 nested defs (the deepest indentation under the size limit), legacy at the bottom; peak RSS bounded', async () => {
    let src = BRIDGE;
    for (let i = 0; i < 2000; i++) src += `${' '.repeat(i)}def f${i}():\n`;
    src += `${' '.repeat(2000)}${LEGACY}`;
    const r = await staged({ 'app/factory.py': src });
    const run = await cliWithPeakRss(r.root, ['check', '--staged', '--format', 'json']);
    assert.equal(run.code, 1, run.stdout);
    assert.ok(run.peakRssBytes < RSS_BOUND, `peak RSS ${run.peakRssBytes}`);
  });

  it('a 10 MB single line: parsed and judged', async () => {
    const r = await staged({ 'app/factory.py': `${MIXED}x = "${'a'.repeat(10_000_000)}"\n` });
    const { code, json } = await bothModes(r);
    assert.equal(code, 1);
    assert.equal(json.violations.length, 1);
  });

  it('a 50 MB generated file: not parsed, and the check FAILS naming the file (it may hide a violation); peak RSS bounded', async () => {
    const rows: string[] = [];
    for (let i = 0, n = 0; n < 50 * MB; i++) n += rows[rows.push(`V_${i} = {"k": [${i}, ${i + 1}], "s": "abcdefghij"}\n`) - 1]!.length;
    const r = await staged({ 'app/generated.py': MIXED + rows.join('') });
    const run = await cliWithPeakRss(r.root, ['check', '--staged', '--format', 'json']);
    assert.equal(run.code, 1, run.stdout.slice(0, 2000));
    const json = JSON.parse(run.stdout);
    assert.equal(json.ok, false);
    assert.match(diag(json, 'too-large', 'app/generated.py').message, /NOT checked.*exclude/);
    assert.ok(run.peakRssBytes < RSS_BOUND, `peak RSS ${run.peakRssBytes}`);
    for (const mode of ['--staged', '--all']) {
      const text = await runCli(r.root, ['check', mode]);
      assert.equal(text.code, 1, mode);
      assert.match(text.stdout, /app\/generated\.py:1:1 {2}error {2}too-large: file is 5\d\.\d MB/);
      assert.match(text.stdout, /1 file could not be checked/);
    }
    // Excluding it, as the message says, is the way out.
    await r.write('ssot-guard.config.json', JSON.stringify({ ...CONFIG, exclude: ['app/generated.py'] }));
    await r.add('ssot-guard.config.json');
    assert.equal((await runCli(r.root, ['check', '--staged'])).code, 0);
  });
});

describe('a file too large to read, committed before', () => {
  it('still blocks a commit that does not touch it: what it re-exports was never judged', async () => {
    // An 11 MB package file that re-exports the legacy class, committed without the hook.
    const r = await repos.make({ ...baseFiles(), 'app/shim.py': `from app.legacy import Manager as M\nx = "${'a'.repeat(11 * MB)}"\n` });
    await r.write('app/factory.py', 'from app.bridge import Bridge\nfrom app.shim import M\n');
    await r.add('app/factory.py');
    const { code, json } = await checkJson(r.root, '--staged');
    assert.equal(code, 1);
    assert.equal(json.violations.length, 0, 'the re-export cannot be seen');
    assert.match(diag(json, 'too-large', 'app/shim.py').message, /NOT checked/);
  });
});

describe('hostile paths', () => {
  const names = ['app/new\nline.py', 'app/-rf.py', 'app/--all.py', `app/it's "q" $(touch x) \`y\` ü.py`, 'app/ spaced dir /日本.py'];
  it('files named with a newline, leading dashes, quotes, shell syntax, spaces, unicode: each violation found by its exact name', async () => {
    const r = await staged(Object.fromEntries(names.map((n) => [n, MIXED])));
    const { code, json } = await bothModes(r);
    assert.equal(code, 1);
    assert.deepEqual(json.violations.map((v: any) => v.file).sort(), [...names].sort());
    const worktree = await checkJson(r.root, '--worktree');
    assert.deepEqual(worktree.json.violations.map((v: any) => v.file).sort(), [...names].sort());
  });

  it('a symlink loop and a symlink to a directory outside the repo: not followed, no hang, the real violation found; a link in scope to a file outside refused', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'ssot-guard-outside-'));
    dirs.push(outside);
    await writeFile(join(outside, 'evil.py'), MIXED);
    const r = await repos.make(baseFiles());
    await symlink('loop', join(r.root, 'app', 'loop'));
    await symlink('.', join(r.root, 'app', 'self'));
    await symlink(outside, join(r.root, 'app', 'ext'));
    await symlink(join(outside, 'evil.py'), join(r.root, 'app', 'evil.py'));
    await r.write('app/factory.py', MIXED);
    await r.git('add', '-A');
    for (const mode of ['--staged', '--all', '--worktree'] as const) {
      const { code, json } = await checkJson(r.root, mode);
      assert.equal(code, 1, mode);
      assert.deepEqual(json.violations.map((v: any) => v.file), ['app/factory.py'], mode);
      assert.match(diag(json, 'symlink', 'app/evil.py').message, /outside the repository|not a file in the working tree/);
    }
  });

  it('a git submodule: its files are its own repository\'s business, the outer verdict is unchanged', async () => {
    const inner = await repos.make({ 'app/factory.py': MIXED, 'x.py': LEGACY });
    const r = await repos.make(baseFiles());
    await r.git('-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', inner.root, 'app/vendored');
    await r.commit('submodule');
    const clean = await bothModes(r);
    assert.equal(clean.code, 0);
    await r.write('app/factory.py', MIXED);
    await r.add('app/factory.py');
    const { code, json } = await bothModes(r);
    assert.equal(code, 1);
    assert.deepEqual(json.violations.map((v: any) => v.file), ['app/factory.py']);
  });
});

describe('hostile config', { concurrency: 4 }, () => {
  const rule = CONFIG.rules[0]!;
  const cases: Array<[string, object, RegExp[]]> = [
    ['a scope glob climbing out through a middle ".."', { ...CONFIG, rules: [{ ...rule, scope: { files: ['app/../../**'] } }] }, [/\/rules\/0\/scope\/files\/0: glob "app\/\.\.\/\.\.\/\*\*" points outside/]],
    ['include "../**" and an exclude "/etc/**"', { ...CONFIG, include: ['../**'], exclude: ['/etc/**'] }, [/\/include\/0: .*outside/, /\/exclude\/0: .*outside/]],
    ['python roots outside the repo', { ...CONFIG, python: { roots: ['../..', '/etc'] } }, [/\/python\/roots\/0: .*outside/, /\/python\/roots\/1: .*outside/]],
    ['unknown keys, top level and nested', { ...CONFIG, colour: 'red', python: { roots: ['.'], version: 3 } }, [/\/colour: unknown key/, /\/python\/version: unknown key/]],
    ['wrong types everywhere', { ...CONFIG, include: '**/*.py', rules: [{ ...rule, legacy: 'app.legacy.Manager', transitive: 'yes', scope: { files: [1] } }] },
      [/\/include: must be array/, /\/rules\/0\/legacy: must be array/, /\/rules\/0\/transitive: must be boolean/, /\/rules\/0\/scope\/files\/0: must be string/]],
    ['two rules with the same id', { ...CONFIG, rules: [rule, { ...rule, forbid: 'legacy' }] }, [/\/rules\/1\/id: duplicate rule id "ws" \(also \/rules\/0\/id\)/]],
    ['rules given as an object', { ...CONFIG, rules: { ws: rule } }, [/\/rules: must be array/]],
  ];
  for (const [name, config, messages] of cases) {
    it(`${name}: exit 2 naming every bad field, in-process and with a daemon of the good config running`, async () => {
      const r = await daemonRepo(baseFiles(MIXED));
      await r.add('app/factory.py');
      assert.equal((await cli(r, ['daemon', 'start'])).code, 0);
      await daemonUp(r);
      // The config goes bad under a running daemon: its verdicts are of the rules it read, which no longer stand.
      await r.write('ssot-guard.config.json', JSON.stringify(config));
      await r.add('ssot-guard.config.json');
      for (const [args, env] of [[['check', '--all'], {}], [['check', '--staged'], { SSOT_GUARD_NO_DAEMON: '' }]] as Array<[string[], Record<string, string>]>) {
        const run = await runCli(r.root, args, env);
        assert.equal(run.code, 2, `${args.join(' ')}: ${run.stdout}${run.stderr}`);
        for (const m of messages) assert.match(run.stderr, m, args.join(' '));
      }
    });
  }

  it('a config that is JSON null or an array: exit 2', async () => {
    for (const raw of ['null', '[]']) {
      const r = await repos.make({ ...baseFiles(), 'ssot-guard.config.json': raw });
      const run = await runCli(r.root, ['check', '--staged']);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /\/: must be object/);
    }
  });

  it('empty rules: a valid config that forbids nothing, exit 0', async () => {
    const r = await repos.make({ ...baseFiles(MIXED), 'ssot-guard.config.json': JSON.stringify({ ...CONFIG, rules: [] }) });
    assert.equal((await runCli(r.root, ['check', '--all'])).code, 0);
  });
});

describe('through the daemon', () => {
  it('hostile files staged while a daemon runs: the same verdict as in-process, and the daemon survives', async () => {
    const r = await daemonRepo(baseFiles(CLEAN));
    await symlink('loop', join(r.root, 'app', 'loop'));
    await cli(r, ['daemon', 'start']);
    const before = (await status(r))!;
    await r.write('app/deep.py', `${BRIDGE}x = ${'['.repeat(10_000)}${']'.repeat(10_000)}\n${LEGACY}`);
    await r.write('app/swallowed.py', `${BRIDGE}x = (\n${LEGACY}`);
    await r.write('app/nul.py', Buffer.from(`${BRIDGE}\0\n${LEGACY}`).toString('latin1'));
    await r.write('app/new\nline.py', MIXED);
    await r.write('app/huge.py', `${MIXED}x = "${'a'.repeat(11 * MB)}"\n`);
    await r.git('add', '-A');
    const viaDaemon = await check(r);
    assert.equal(viaDaemon.json.stats.daemon, true);
    const local = await checkJson(r.root, '--staged');
    assert.equal(viaDaemon.code, 1);
    assert.deepEqual(viaDaemon.json.violations.map((v: any) => v.file).sort(), local.json.violations.map((v: any) => v.file).sort());
    assert.deepEqual(viaDaemon.json.violations.map((v: any) => v.file).sort(), ['app/deep.py', 'app/new\nline.py', 'app/nul.py', 'app/swallowed.py']);
    assert.equal(diag(viaDaemon.json, 'too-large', 'app/huge.py').line, 1);
    assert.equal((await status(r))?.pid, before.pid, 'the same daemon still answers');
  });
});
