import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { chmod, lstat, mkdir, readFile, readdir, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONFIG, MIXED, baseFiles } from '../helpers/python-repo.js';
import { gitResult, tempRepos } from '../helpers/repo-fixture.js';
import { CLI } from '../helpers/run-cli.js';
import { daemonPaths } from '../../src/daemon/paths.js';
import { parseConfig } from '../../src/config/load-config.js';
import { ownerOnlyProblem } from '../../src/fs/owner-only.js';
import { loadFactCache } from '../../src/facts/fact-cache.js';
import { FACTS_VERSION } from '../../src/facts/facts-version.js';
import { check, cli, daemonRepo, inProcess, status, stopAllDaemons, type DaemonRepo } from './daemon-fixture.js';

after(stopAllDaemons);
const repos = tempRepos();
after(() => repos.cleanup());

/**
 * A repo in which no daemon runs (none is started, or every start is refused):
 * kept out of the daemon teardown, which costs a process per repo.
 */
async function quietRepo(): Promise<DaemonRepo> {
  const r = await repos.make(baseFiles());
  const gitDir = join(r.root, '.git');
  return Object.assign(r, { gitDir, paths: daemonPaths(r.root, gitDir) });
}

/** The package's own hook script, wired directly (hook.test.ts tests how `init` wires it). */
const HOOKS_DIR = join(dirname(CLI), '..', '..', 'hooks');
const mode = async (file: string) => (await lstat(file)).mode & 0o777;
const uid = process.getuid!();
const cacheFile = (r: DaemonRepo) => join(r.gitDir, 'ssot-guard', 'facts.idx');

/** Runs `fn` with umask 000, so only the code's own modes decide (children inherit the umask). */
async function withUmask<T>(mask: number, fn: () => Promise<T>): Promise<T> {
  const previous = process.umask(mask);
  try {
    return await fn();
  } finally {
    process.umask(previous);
  }
}

describe('security: what the daemon and the cache leave on disk is owner-only', () => {
  it('even under umask 000: the directory 0700; socket, state, log, lock and fact cache 0600', async () => {
    const r = await daemonRepo();
    await r.write('app/factory.py', MIXED);
    await r.add('app/factory.py');
    await withUmask(0, async () => {
      assert.equal((await inProcess(r)).code, 1);
      assert.equal((await cli(r, ['daemon', 'start'])).code, 0);
    });
    assert.equal(await mode(r.paths.dir), 0o700);
    assert.ok((await lstat(r.paths.socket)).isSocket());
    for (const file of [r.paths.socket, r.paths.state, r.paths.log, cacheFile(r)]) assert.equal(await mode(file), 0o600, file);
    // Whatever else is in there (a start lock, a tmp file mid-rename) has no group or other bits either.
    for (const name of await readdir(r.paths.dir)) assert.equal((await mode(join(r.paths.dir, name))) & 0o077, 0, name);
  });

  it('a fact cache that others could have written is not trusted, and is rewritten owner-only', async () => {
    const r = await quietRepo();
    await r.write('app/factory.py', MIXED);
    await r.add('app/factory.py');
    assert.equal((await inProcess(r)).code, 1);
    const file = cacheFile(r);
    assert.ok((await loadFactCache(file, FACTS_VERSION)).size > 0);
    await chmod(file, 0o666);
    assert.equal((await loadFactCache(file, FACTS_VERSION)).size, 0);
    assert.equal((await inProcess(r)).code, 1);
    assert.equal(await mode(file), 0o600);
    assert.ok((await loadFactCache(file, FACTS_VERSION)).size > 0);
  });
});

describe('security: the daemon uses no directory or socket path it cannot trust', () => {
  it('a daemon directory writable by others (0777, a planted log symlink): refused loudly, nothing written through the link, verdict right', async () => {
    const r = await quietRepo();
    await r.write('app/factory.py', MIXED);
    await r.add('app/factory.py');
    const victim = join(r.root, '..', `${r.root.split('/').pop()}-victim`);
    await writeFile(victim, 'precious\n');
    await mkdir(r.paths.dir, { recursive: true });
    await chmod(r.paths.dir, 0o777);
    await symlink(victim, r.paths.log);

    const started = await cli(r, ['daemon', 'start']);
    assert.notEqual(started.code, 0);
    assert.match(started.stderr, new RegExp(`${r.paths.dir}.* writable by group or others \\(mode 0777\\)`));
    const res = await check(r);
    assert.equal(res.code, 1);
    assert.equal(res.json.violations.length, 1);
    assert.equal(res.json.stats.daemon, false);
    assert.equal(await status(r), null);
    assert.equal(await readFile(victim, 'utf8'), 'precious\n');
    assert.equal(await mode(r.paths.dir), 0o777, 'not silently re-permissioned either: the user decides');
  });

  for (const [what, plant] of [
    ['a symlink to a file elsewhere', async (r: DaemonRepo, victim: string) => symlink(victim, r.paths.socket)],
    ['a regular file', async (r: DaemonRepo) => writeFile(r.paths.socket, 'not a socket\n')],
  ] as const) {
    it(`${what} at the socket path: neither followed nor deleted; the daemon refuses, the verdict is right`, async () => {
      const r = await quietRepo();
      await r.write('app/factory.py', MIXED);
      await r.add('app/factory.py');
      const victim = join(r.root, 'victim.txt');
      await writeFile(victim, 'precious\n');
      await mkdir(r.paths.dir, { recursive: true, mode: 0o700 });
      await plant(r, victim);
      const planted = await lstat(r.paths.socket);

      const started = await cli(r, ['daemon', 'start']);
      assert.notEqual(started.code, 0);
      assert.match(started.stderr, new RegExp(`refusing to replace ${r.paths.socket}: it is (a symbolic link|not a socket)`));
      const res = await check(r);
      assert.equal(res.code, 1);
      assert.equal(res.json.violations.length, 1);
      assert.equal((await lstat(r.paths.socket)).ino, planted.ino, 'still there, untouched');
      assert.equal(await readFile(victim, 'utf8'), 'precious\n');
    });
  }

  it('ownerOnlyProblem: what another user could have planted or can write is named, what is ours and private passes', () => {
    const st = (kind: 'dir' | 'socket' | 'file' | 'link', owner: number, bits: number) => ({
      uid: owner,
      mode: bits,
      isDirectory: () => kind === 'dir',
      isSocket: () => kind === 'socket',
      isFile: () => kind === 'file',
      isSymbolicLink: () => kind === 'link',
    });
    assert.equal(ownerOnlyProblem(st('dir', uid, 0o700), 'dir', uid), null);
    assert.equal(ownerOnlyProblem(st('dir', uid, 0o755), 'dir', uid), null, 'readable is not writable');
    assert.match(ownerOnlyProblem(st('dir', uid, 0o777), 'dir', uid)!, /writable by group or others \(mode 0777\)/);
    assert.match(ownerOnlyProblem(st('dir', uid, 0o770), 'dir', uid)!, /writable by group or others \(mode 0770\)/);
    assert.match(ownerOnlyProblem(st('dir', uid + 1, 0o700), 'dir', uid)!, new RegExp(`owned by uid ${uid + 1}, not ${uid}`));
    assert.match(ownerOnlyProblem(st('link', uid, 0o777), 'dir', uid)!, /a symbolic link/);
    assert.match(ownerOnlyProblem(st('file', uid, 0o600), 'dir', uid)!, /not a directory/);
    assert.equal(ownerOnlyProblem(st('socket', uid, 0o600), 'socket', uid), null);
    assert.match(ownerOnlyProblem(st('socket', uid + 1, 0o600), 'socket', uid)!, /owned by uid/);
    assert.match(ownerOnlyProblem(st('link', uid, 0o777), 'socket', uid)!, /a symbolic link/);
    assert.match(ownerOnlyProblem(st('file', uid, 0o600), 'socket', uid)!, /not a socket/);
    assert.equal(ownerOnlyProblem(st('file', uid, 0o600), 'file', uid), null);
    assert.match(ownerOnlyProblem(st('file', uid, 0o620), 'file', uid)!, /writable by group or others/);
    assert.match(ownerOnlyProblem(st('file', uid + 1, 0o600), 'file', uid)!, /owned by uid/);
  });
});

describe('security: the config and the paths from git are data, never code', () => {
  it('shell syntax in the config executes nothing: free text is printed, names are refused (exit 2), in-process, daemon and hook', async () => {
    const r = await daemonRepo();
    const pwned = (n: number) => join(r.root, `PWNED${n}`);
    const rule = CONFIG.rules[0]!;
    const hostile = {
      ...CONFIG,
      rules: [{ ...rule, message: `$(touch ${pwned(1)}) \`touch ${pwned(2)}\` Use Bridge, not Manager.`, scope: { files: ['app/**'], exclude: [`$(touch ${pwned(3)})/**`] } }],
    };
    await r.write('ssot-guard.config.json', JSON.stringify(hostile, null, 2));
    await r.git('config', 'core.hooksPath', HOOKS_DIR);
    await r.write('app/factory.py', MIXED);
    await r.add('app/factory.py');

    const direct = await inProcess(r);
    assert.equal(direct.code, 1, direct.stderr);
    assert.match(direct.json.violations[0].message, /^\$\(touch .*PWNED1\) `touch .*PWNED2` Use Bridge/);
    await cli(r, ['daemon', 'start']);
    const viaDaemon = await check(r);
    assert.equal(viaDaemon.json.stats.daemon, true);
    assert.equal(viaDaemon.code, 1);
    const hooked = await gitResult(r.root, ['commit', '-q', '-m', 'mix']);
    assert.equal(hooked.code, 1);

    const named = { ...CONFIG, rules: [{ ...rule, id: `ws;touch ${pwned(4)};`, legacy: [`$(touch ${pwned(5)})`] }] };
    await r.write('ssot-guard.config.json', JSON.stringify(named, null, 2));
    const refused = await cli(r, ['check', '--staged', '--no-daemon']);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /\/rules\/0\/id: must be/);
    assert.match(refused.stderr, /\/rules\/0\/legacy\/0: must be a dotted Python name/);
    for (let n = 1; n <= 5; n++) assert.equal(existsSync(pwned(n)), false, `PWNED${n}`);
  });

  it('__proto__ and constructor.prototype in the config pollute nothing and are named as unknown keys', async () => {
    const payload = JSON.stringify({ polluted: 'yes' });
    const valid = JSON.stringify(CONFIG);
    const cases: Array<[string, RegExp]> = [
      [valid.replace(/^\{/, `{"__proto__": ${payload},`), /^\/__proto__$/],
      [valid.replace('{"id"', `{"__proto__": ${payload}, "id"`), /^\/rules\/0\/__proto__$/],
      [valid.replace('{"id"', `{"constructor": {"prototype": ${payload}}, "id"`), /^\/rules\/0\/constructor$/],
      [valid.replace('"roots"', `"__proto__": ${payload}, "roots"`), /^\/python\/__proto__$/],
    ];
    for (const [text, path] of cases) {
      const loaded = parseConfig(text);
      assert.equal(({} as Record<string, unknown>)['polluted'], undefined, text);
      assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), false);
      assert.ok('errors' in loaded, text);
      assert.ok(loaded.errors.some((e) => path.test(e.path)), JSON.stringify(loaded.errors));
    }
    const r = await quietRepo();
    await r.write('ssot-guard.config.json', cases[0]![0]);
    const res = await cli(r, ['check', '--staged', '--no-daemon']);
    assert.equal(res.code, 2);
    assert.match(res.stderr, /\/__proto__: unknown key "__proto__"/);
  });

  it('file names with shell syntax and leading dashes are judged like any other, and nothing runs', async () => {
    const r = await daemonRepo();
    await r.git('config', 'core.hooksPath', HOOKS_DIR);
    const names = ['app/$(touch PWNED1).py', 'app/;touch PWNED2;.py', 'app/-rf.py', 'app/--help.py', 'app/`touch PWNED3`.py', "app/a'b\"c | touch PWNED4.py"];
    for (const name of names) await r.write(name, MIXED);
    await r.add('app');

    const direct = await inProcess(r);
    assert.equal(direct.code, 1, direct.stderr);
    assert.deepEqual(direct.json.violations.map((v: { file: string }) => v.file).sort(), [...names].sort());
    await cli(r, ['daemon', 'start']);
    const viaDaemon = await check(r);
    assert.equal(viaDaemon.json.stats.daemon, true);
    assert.deepEqual(viaDaemon.json.violations.map((v: { file: string }) => v.file).sort(), [...names].sort());
    const hooked = await gitResult(r.root, ['commit', '-q', '-m', 'names']);
    assert.equal(hooked.code, 1);
    assert.match(hooked.stderr, /6 violations in 6 files/);
    for (const dir of [r.root, join(r.root, 'app'), r.gitDir, process.cwd()]) {
      for (let n = 1; n <= 4; n++) assert.equal(existsSync(join(dir, `PWNED${n}`)), false, `${dir}/PWNED${n}`);
    }
  });

  it('the source never starts a shell: no shell: true, no exec/execSync, no eval', () => {
    const src = fileURLToPath(new URL('../../../src', import.meta.url));
    const files = (function walk(dir: string): string[] {
      return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : n.endsWith('.ts') ? [join(dir, n)] : []));
    })(src);
    assert.ok(files.length > 50, `read ${files.length} source files from ${src}`);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      assert.doesNotMatch(text, /\bshell\s*:/, file);
      assert.doesNotMatch(text, /(^|[^.\w])(exec|execSync|eval)\s*\(|new Function\s*\(/m, file);
      assert.doesNotMatch(text, /import\s*\{[^}]*\bexec(Sync)?\b[^}]*\}\s*from\s*'node:child_process'/, file);
    }
  });
});
