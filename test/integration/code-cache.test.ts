/**
 * The bin runs the bundled CLI through a V8 code cache (src/launch/): a
 * cache only ever changes how fast a command starts, never what it says.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { makeRepo, type TestRepo } from '../helpers/repo-fixture.js';
import { CLI } from '../helpers/run-cli.js';
import { cachedDataOf, encodeCodeCache } from '../../src/launch/code-cache-file.js';
import { baseFiles, MIXED } from '../helpers/python-repo.js';

const temps: string[] = [];
const repos: TestRepo[] = [];
after(async () => {
  for (const r of repos) await r.cleanup();
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function run(cli: string, cwd: string, args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', SSOT_GUARD_NO_DAEMON: '1', ...env } }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 3) : 0, stdout, stderr }),
    );
  });
}

async function mixedRepo(): Promise<TestRepo> {
  const r = await makeRepo(baseFiles());
  repos.push(r);
  await r.write('app/factory.py', MIXED);
  await r.add('app/factory.py');
  return r;
}

const caches = (home: string): string[] => (existsSync(join(home, 'ssot-guard')) ? readdirSync(join(home, 'ssot-guard')).sort() : []);
/** What tells a file that was replaced from one left alone: a rename gives a new inode. */
const identity = (file: string): string => {
  const s = statSync(file);
  return `${s.ino}:${s.mtimeMs}`;
};

describe('the V8 code cache the bin keeps', () => {
  it('is written by the first check, owner-only, and read (not rewritten) by the next, which says the same', async () => {
    const r = await mixedRepo();
    const home = tempDir('ssot-guard-xdg-');
    const first = await run(CLI, r.root, ['check', '--staged', '--format', 'json'], { XDG_CACHE_HOME: home });
    assert.equal(first.code, 1, first.stderr);
    const [name, ...more] = caches(home);
    assert.match(name ?? '', /^check-staged-[0-9a-f]{16}-v\d+\.\d+\.\d+-[a-z0-9]+\.v8$/);
    assert.deepEqual(more, []);
    const file = join(home, 'ssot-guard', name!);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(statSync(dirname(file)).mode & 0o777, 0o700);

    const before = identity(file);
    const second = await run(CLI, r.root, ['check', '--staged', '--format', 'json'], { XDG_CACHE_HOME: home });
    assert.equal(second.code, 1);
    assert.deepEqual(JSON.parse(second.stdout).violations, JSON.parse(first.stdout).violations);
    assert.equal(identity(file), before, 'an accepted cache is not written again');
  });

  for (const [damage, bytes] of [
    ['garbage', () => Buffer.from('not a code cache at all')],
    ['a truncated cache', (valid: Buffer) => valid.subarray(0, valid.length >> 1)],
  ] as const) {
    it(`rejected (${damage}): the verdict is the same and the cache is written again`, async () => {
      const r = await mixedRepo();
      const home = tempDir('ssot-guard-xdg-');
      const clean = await run(CLI, r.root, ['check', '--staged', '--format', 'json'], { XDG_CACHE_HOME: home });
      const file = join(home, 'ssot-guard', caches(home)[0]!);
      const valid = readFileSync(file);
      const bad = bytes(valid);
      writeFileSync(file, bad);
      const again = await run(CLI, r.root, ['check', '--staged', '--format', 'json'], { XDG_CACHE_HOME: home });
      assert.equal(again.code, 1, again.stderr);
      assert.deepEqual(JSON.parse(again.stdout).violations, JSON.parse(clean.stdout).violations);
      assert.notDeepEqual(readFileSync(file), bad, 'replaced by a cache V8 accepts');
      const third = identity(file);
      await run(CLI, r.root, ['check', '--staged', '--format', 'json'], { XDG_CACHE_HOME: home });
      assert.equal(identity(file), third, 'which the next run reads as it is');
    });
  }

  it('is never trusted for a program of the same length with other bytes (V8 itself compares only lengths)', async () => {
    // A copy of the bundle whose help text is edited in place, byte for byte.
    const bundle = join(tempDir('ssot-guard-bundle-'), 'bundle');
    cpSync(dirname(CLI), bundle, { recursive: true });
    const home = tempDir('ssot-guard-xdg-');
    const cwd = tempDir('ssot-guard-cwd-');
    const copy = join(bundle, 'cli.cjs');
    const original = await run(copy, cwd, ['help'], { XDG_CACHE_HOME: home });
    assert.equal(original.code, 0, original.stderr);
    assert.match(original.stdout, /exit codes: 0 clean/);
    assert.equal(caches(home).length, 1);

    const program = join(bundle, 'cli-main.cjs');
    const text = readFileSync(program, 'latin1');
    assert.ok(text.includes('exit codes: 0 clean'));
    writeFileSync(program, text.replace('exit codes: 0 clean', 'EXIT CODES: 0 CLEAN'), 'latin1');
    const edited = await run(copy, cwd, ['help'], { XDG_CACHE_HOME: home });
    assert.match(edited.stdout, /EXIT CODES: 0 CLEAN/);
    assert.equal(caches(home).length, 1, "the edited program's cache replaced the old one");
  });

  it('is neither read nor written where someone else could have written it', async () => {
    // A bundle whose program is then edited in place, byte for byte: the first's bytecode, filed as the
    // second's, is bytecode V8 would run for it (it compares lengths only). Where only we could have
    // put it, it is read (the control); where others could have, it is not.
    const bundle = join(tempDir('ssot-guard-bundle-'), 'bundle');
    cpSync(dirname(CLI), bundle, { recursive: true });
    const copy = join(bundle, 'cli.cjs');
    const program = join(bundle, 'cli-main.cjs');
    const cwd = tempDir('ssot-guard-cwd-');
    const home = tempDir('ssot-guard-xdg-');
    const dir = join(home, 'ssot-guard');
    assert.match((await run(copy, cwd, ['help'], { XDG_CACHE_HOME: home })).stdout, /exit codes: 0 clean/);
    const planted = join(dir, caches(home)[0]!);
    const firstBytecode = cachedDataOf(readFileSync(planted), realpathSync(program), readFileSync(program))!;
    assert.ok(firstBytecode, 'the cache is of the program as it was');
    writeFileSync(program, readFileSync(program, 'latin1').replace('exit codes: 0 clean', 'EXIT CODES: 0 CLEAN'), 'latin1');
    const forged = encodeCodeCache(realpathSync(program), readFileSync(program), firstBytecode);
    const plant = (fileMode: number, dirMode: number): void => {
      chmodSync(dir, 0o700);
      rmSync(planted, { force: true });
      writeFileSync(planted, forged, { mode: fileMode });
      chmodSync(planted, fileMode);
      chmodSync(dir, dirMode);
    };

    plant(0o600, 0o700);
    assert.match((await run(copy, cwd, ['help'], { XDG_CACHE_HOME: home })).stdout, /exit codes: 0 clean/, 'the control: a cache of ours is run as it is');
    plant(0o666, 0o700);
    assert.match((await run(copy, cwd, ['help'], { XDG_CACHE_HOME: home })).stdout, /EXIT CODES: 0 CLEAN/, 'a cache file others can write is not read');
    assert.equal(statSync(planted).mode & 0o777, 0o600, 'and is replaced by one of our own');
    plant(0o600, 0o777);
    const open = await run(copy, cwd, ['help'], { XDG_CACHE_HOME: home, SSOT_GUARD_DEBUG: '1' });
    assert.match(open.stdout, /EXIT CODES: 0 CLEAN/, 'nor one in a directory others can write');
    assert.match(open.stderr, /code cache not written: .*writable by group or others/);
    chmodSync(dir, 0o700);
  });

  it('two checkouts of the same bytes each keep their own cache, and a stack trace names its own checkout\'s file', async () => {
    const home = tempDir('ssot-guard-xdg-');
    const program = 'module.exports = function where() { return new Error("here").stack.split("\\n")[1]; };\n';
    const checkout = (prefix: string): string => {
      const file = join(tempDir(prefix), 'program.cjs');
      writeFileSync(file, program);
      return file;
    };
    const a = checkout('ssot-guard-checkout-a-');
    const b = checkout('ssot-guard-checkout-b-');
    const launcher = fileURLToPath(new URL('../../src/launch/run-with-code-cache.js', import.meta.url));
    const frame = (file: string): Promise<Run> =>
      new Promise((resolve) => {
        const script = `import(${JSON.stringify(pathToFileURL(launcher).href)}).then((m) => process.stdout.write(m.runWithCodeCache(${JSON.stringify(file)}, 'trace')()))`;
        execFile(process.execPath, ['-e', script], { env: { ...process.env, XDG_CACHE_HOME: home } }, (err, stdout, stderr) => resolve({ code: err ? 1 : 0, stdout, stderr }));
      });
    for (const file of [a, b, a, b]) {
      const run = await frame(file);
      assert.equal(run.code, 0, run.stderr);
      assert.ok(run.stdout.includes(`at where (${file}:1:`), `the frame names ${file}: ${run.stdout}`);
    }
    const kept = caches(home);
    assert.equal(kept.length, 2, 'one cache per checkout, neither replacing the other');
    const before = kept.map((name) => identity(join(home, 'ssot-guard', name)));
    await frame(a);
    await frame(b);
    assert.deepEqual(kept.map((name) => identity(join(home, 'ssot-guard', name))), before, 'each read as it is (accepted, not written again)');
  });

  it('a program that cannot start is an internal error (exit 3), one that is missing an incomplete install (exit 2), neither a verdict', async () => {
    const bundle = join(tempDir('ssot-guard-bundle-'), 'bundle');
    cpSync(dirname(CLI), bundle, { recursive: true });
    writeFileSync(join(bundle, 'cli-main.cjs'), 'this is not javascript (\n');
    const broken = await run(join(bundle, 'cli.cjs'), tempDir('ssot-guard-cwd-'), ['check', '--staged'], { XDG_CACHE_HOME: tempDir('ssot-guard-xdg-') });
    assert.equal(broken.code, 3);
    assert.match(broken.stderr, /^ssot-guard: internal error: [\s\S]*SyntaxError/);
    rmSync(join(bundle, 'cli-main.cjs'));
    // A build that is not there (an upgrade half done) is the install's problem: exit 2 and what to do, not a stack.
    const missing = await run(join(bundle, 'cli.cjs'), tempDir('ssot-guard-cwd-'), ['check', '--staged'], { XDG_CACHE_HOME: tempDir('ssot-guard-xdg-') });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^ssot-guard: this install is incomplete: .*cli-main\.cjs is missing/);
    assert.match(missing.stderr, /reinstall ssot-guard[\s\S]*npm run build/);
    assert.doesNotMatch(missing.stderr, /ENOENT|internal error/);
  });

  it('keeps caches of other Node versions, and none at all when turned off or unwritable', async () => {
    const r = await mixedRepo();
    const home = tempDir('ssot-guard-xdg-');
    const other = `check-staged-0123abcd-v0.0.0-${process.arch}.v8`;
    const elsewhere = join(home, 'ssot-guard');
    await run(CLI, r.root, ['check', '--staged'], { XDG_CACHE_HOME: home });
    writeFileSync(join(elsewhere, other), 'another Node version');
    rmSync(join(elsewhere, caches(home).find((n) => n !== other)!));
    await run(CLI, r.root, ['check', '--staged'], { XDG_CACHE_HOME: home });
    assert.ok(caches(home).includes(other));
    assert.equal(caches(home).length, 2);

    const off = tempDir('ssot-guard-xdg-');
    const offRun = await run(CLI, r.root, ['check', '--staged'], { XDG_CACHE_HOME: off, SSOT_GUARD_NO_CODE_CACHE: '1' });
    assert.equal(offRun.code, 1);
    assert.deepEqual(caches(off), []);

    // XDG_CACHE_HOME names a file: the cache cannot be written, and the check is not the worse for it.
    const file = join(tempDir('ssot-guard-xdg-'), 'a-file');
    writeFileSync(file, '');
    const unwritable = await run(CLI, r.root, ['check', '--staged', '--format', 'json'], { XDG_CACHE_HOME: file });
    assert.equal(unwritable.code, 1, unwritable.stderr);
    assert.equal(JSON.parse(unwritable.stdout).violations.length, 1);
  });
});
