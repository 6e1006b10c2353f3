import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CLEAN, MIXED, baseFiles } from '../helpers/python-repo.js';
import { gitResult, tempRepos, type TestRepo } from '../helpers/repo-fixture.js';
import { CLI } from '../helpers/run-cli.js';
import { daemonPaths } from '../../src/daemon/paths.js';
import { pidAlive, readState, writeState } from '../../src/daemon/state-file.js';
import { HOLD_CHECKS_ENV } from '../../src/daemon/handle-request.js';
import { loadFactCache } from '../../src/facts/fact-cache.js';
import { saveFactCache, writeAll, type FactChange } from '../../src/facts/fact-cache-save.js';
import { encodeRecord } from '../../src/facts/fact-cache-format.js';
import { FACTS_VERSION } from '../../src/facts/facts-version.js';
import type { FactKey } from '../../src/model/index.js';
import { check, cli, daemonRepo, daemonUp, hangSocket, inProcess, leaveDeadSocket, onCleanup, status, stopAllDaemons, until, type DaemonRepo } from './daemon-fixture.js';

after(stopAllDaemons);

const repos = tempRepos();
after(() => repos.cleanup());

/** The package's own hook script: what `init` wires in (hook.test.ts tests that wiring). */
const HOOKS_DIR = join(dirname(CLI), '..', '..', 'hooks');

/**
 * A repo whose commits run the guard's hook (core.hooksPath at the package's
 * hooks). `daemons: false` keeps the hook in-process and the repo out of the
 * daemon teardown, which costs a process per repo.
 */
async function hookedRepo(daemons = true): Promise<DaemonRepo> {
  const r = daemons ? await daemonRepo() : untracked(await repos.make(baseFiles()));
  if (!daemons) daemonless.add(r);
  await r.git('config', 'core.hooksPath', HOOKS_DIR);
  return r;
}

/** A repo that runs no daemon: not tracked for the daemon teardown. */
const untracked = (r: TestRepo): DaemonRepo => Object.assign(r, { gitDir: join(r.root, '.git'), paths: daemonPaths(r.root, join(r.root, '.git')) });

/** `git commit` as a user types it: the hook runs. */
const commit = (r: DaemonRepo, args: string[], env: Record<string, string> = {}) => gitResult(r.root, ['commit', '-q', ...args], { env: { ...noDaemonFor(r), ...env } });
/** Hooks in a repo made with `daemons: false` judge in-process and launch nothing. */
const noDaemonFor = (r: DaemonRepo): Record<string, string> => (daemonless.has(r) ? { SSOT_GUARD_NO_DAEMON: '1' } : {});
const daemonless = new WeakSet<DaemonRepo>();
const head = async (r: DaemonRepo) => (await r.git('rev-parse', 'HEAD')).trim();

async function stagedMix(): Promise<DaemonRepo> {
  const r = await daemonRepo();
  await r.write('app/factory.py', MIXED);
  await r.add('app/factory.py');
  return r;
}

/** A process that is alive, and is not an ssot-guard daemon of this worktree: what a reused pid points at. */
function bystander(args: string[] = ['-e', 'setInterval(() => {}, 1e9)']): ChildProcess {
  const child = spawn(process.execPath, args, { cwd: tmpdir(), stdio: 'ignore' });
  onCleanup(async () => void child.kill('SIGKILL'));
  return child;
}

const violationsOf = (res: { json: { violations: Array<{ file: string }> } }) => res.json.violations.map((v) => v.file);

describe('faults: the daemon dies or lies', () => {
  it('SIGKILL while the daemon holds the check request: the hook still refuses the commit', async () => {
    const r = await hookedRepo();
    const marker = join(r.paths.dir, 'held-check');
    await cli(r, ['daemon', 'start'], { [HOLD_CHECKS_ENV]: marker });
    const daemon = (await status(r))!;
    await r.write('app/factory.py', MIXED);
    await r.add('app/factory.py');
    const before = await head(r);

    // A client timeout far beyond the test's: only the kill can end the wait.
    const committing = commit(r, ['-m', 'mix'], { SSOT_GUARD_CLIENT_TIMEOUT_MS: '600000', SSOT_GUARD_DEBUG: '1' });
    const heldBy = Number(await until('the daemon to hold the check', async () => existsSync(marker) && (await readFile(marker, 'utf8'))));
    assert.equal(heldBy, daemon.pid);
    process.kill(daemon.pid, 'SIGKILL');

    const refused = await committing;
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(refused.stderr, /no daemon verdict \(daemon closed the connection without answering\); judging in-process/);
    assert.match(refused.stderr, /1 violation in 1 file/);
    assert.equal(await head(r), before);
    // The fallback launched a daemon for next time (without the test hook: it was not in the hook's env).
    const fresh = await daemonUp(r, daemon.pid);
    const again = await commit(r, ['-m', 'mix']);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /daemon\)/);
    assert.notEqual(fresh.pid, daemon.pid);
  });

  it('the pid in the state file now belongs to another live process: never signalled, verdict right, a real daemon takes over', async () => {
    const r = await stagedMix();
    await leaveDeadSocket(r);
    const other = bystander();
    const state = readState(r.paths.state)!;
    writeState(r.paths.state, { ...state, pid: other.pid! });

    const res = await check(r, { SSOT_GUARD_DEBUG: '1' });
    assert.equal(res.code, 1);
    assert.deepEqual(violationsOf(res), ['app/factory.py']);
    assert.equal(res.json.stats.daemon, false);
    const fresh = await daemonUp(r);
    assert.notEqual(fresh.pid, other.pid);
    assert.equal((await check(r)).json.stats.daemon, true);
    const stopped = await cli(r, ['daemon', 'stop']);
    assert.equal(stopped.code, 0, stopped.stderr);
    assert.ok(pidAlive(other.pid!), 'the bystander was not signalled');
    assert.equal(other.exitCode, null);
  });

  it('a hung socket whose state names a reused pid (even one running "daemon run" elsewhere): stop signals nothing and says why', async () => {
    const r = await stagedMix();
    // Another worktree's daemon, as far as its command line goes: argv has `daemon run`, its cwd is elsewhere.
    const other = bystander(['-e', 'setInterval(() => {}, 1e9)', 'daemon', 'run']);
    await until('the bystander to exec', () => readFileSync(`/proc/${other.pid}/cmdline`, 'utf8').includes('daemon\0run'));
    await hangSocket(r, other.pid!);

    const stopped = await cli(r, ['daemon', 'stop']);
    assert.ok(pidAlive(other.pid!), 'the bystander was not signalled');
    assert.equal(other.exitCode, null);
    assert.equal(other.signalCode, null);
    assert.equal(stopped.code, 3);
    assert.match(stopped.stderr, new RegExp(`pid ${other.pid} .*is not the ssot-guard daemon of this worktree`));
    const res = await check(r, { SSOT_GUARD_CLIENT_TIMEOUT_MS: '300' });
    assert.equal(res.code, 1);
    assert.deepEqual(violationsOf(res), ['app/factory.py']);
  });
});

describe('faults: the fact cache', () => {
  const cacheFile = (r: { gitDir: string }) => join(r.gitDir, 'ssot-guard', 'facts.idx');
  const adding = <T>(map: ReadonlyMap<FactKey, T>): FactChange => ({ add: new Map([...map].map(([k, value]) => [k, encodeRecord(k, value, false)])), drop: new Set() });

  const corruptions: Array<[string, (file: string) => Promise<void>]> = [
    ['truncated to half', async (f) => truncate(f, Math.floor((await stat(f)).size / 2))],
    ['truncated to 2 bytes', async (f) => truncate(f, 2)],
    [
      'random bytes in the middle',
      async (f) => {
        const data = await readFile(f);
        let seed = 7;
        for (let i = Math.floor(data.length / 3); i < Math.floor(data.length / 3) + 64 && i < data.length; i++) data[i] = (seed = (seed * 1103515245 + 12345) & 0xff);
        await writeFile(f, data);
      },
    ],
    ['a header length pointing past the end', async (f) => writeFile(f, Buffer.from([0xff, 0xff, 0xff, 0x00, 1, 2, 3]))],
    ['written by another version', async (f) => void (await saveFactCache(f, `${FACTS_VERSION}-other`, adding(await loadFactCache<unknown>(f, FACTS_VERSION))))],
  ];

  it('an index truncated, corrupted, or another version\'s: never trusted (an empty map, no throw)', async () => {
    const dir = join(tmpdir(), `ssot-guard-damaged-${process.pid}`);
    onCleanup(() => rm(dir, { recursive: true, force: true }));
    const file = join(dir, 'facts.idx');
    const facts = new Map(Array.from({ length: 50 }, (_, i) => [`${i}`.padStart(40, '0'), { imports: [`m${i}`] }])) as Map<never, unknown>;
    for (const [what, corrupt] of corruptions) {
      assert.deepEqual(await saveFactCache(file, FACTS_VERSION, adding(facts)), { ok: true });
      assert.equal((await loadFactCache(file, FACTS_VERSION)).size, 50);
      await corrupt(file);
      assert.equal((await loadFactCache(file, FACTS_VERSION)).size, 0, what);
    }
  });

  it('a damaged cache: the verdict is right, quietly, and the cache is rebuilt', async () => {
    const r = untracked(await repos.make(baseFiles()));
    await r.write('app/factory.py', MIXED);
    await r.add('app/factory.py');
    assert.equal((await inProcess(r)).code, 1);
    const file = cacheFile(r);
    const good = await loadFactCache(file, FACTS_VERSION);
    assert.ok(good.size >= 4, 'the first check wrote the cache');
    await corruptions[2]![1](file);

    const res = await inProcess(r);
    assert.equal(res.code, 1);
    assert.deepEqual(violationsOf(res), ['app/factory.py']);
    assert.equal(res.stderr, '');
    assert.deepEqual([...(await loadFactCache(file, FACTS_VERSION)).keys()].sort(), [...good.keys()].sort());
  });

  it('a damaged cache under the daemon: it warms up from scratch and answers right', async () => {
    const r = await stagedMix();
    assert.equal((await inProcess(r)).code, 1);
    await corruptions[0]![1](cacheFile(r));
    await cli(r, ['daemon', 'start']);
    const res = await check(r);
    assert.equal(res.json.stats.daemon, true);
    assert.equal(res.code, 1);
    assert.deepEqual(violationsOf(res), ['app/factory.py']);
  });

  it('disk full while writing (injected ENOSPC after half the bytes): no tmp file left, the previous cache intact', async () => {
    const dir = join(tmpdir(), `ssot-guard-enospc-${process.pid}`);
    onCleanup(() => rm(dir, { recursive: true, force: true }));
    const file = join(dir, 'facts.idx');
    const before = new Map([['a'.repeat(40), { n: 1 }]]) as Map<never, { n: number }>;
    assert.deepEqual(await saveFactCache(file, 'v1', adding(before)), { ok: true });
    const bytes = await readFile(file);
    const names = (await readdir(dir)).sort();

    const after = new Map([['b'.repeat(40), { n: 2 }]]) as Map<never, { n: number }>;
    const full = async (fd: number, data: Buffer) => {
      await writeAll(fd, data.subarray(0, data.length >> 1));
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    };
    const saved = await saveFactCache(file, 'v1', adding(after), full);
    assert.equal(saved.ok, false);
    assert.match(!saved.ok ? saved.error : '', new RegExp(`could not write the fact cache ${file}: ENOSPC`));
    assert.deepEqual((await readdir(dir)).sort(), names);
    assert.deepEqual(await readFile(file), bytes);
    assert.deepEqual(await loadFactCache(file, 'v1'), before);
  });

  it('the cache cannot be written at all (its path is a directory): verdict right, nothing left behind, written once it can be', async () => {
    const r = untracked(await repos.make(baseFiles()));
    await r.write('app/factory.py', MIXED);
    await r.add('app/factory.py');
    const file = cacheFile(r);
    await mkdir(file, { recursive: true });
    const res = await inProcess(r);
    assert.equal(res.code, 1);
    assert.deepEqual(violationsOf(res), ['app/factory.py']);
    assert.deepEqual((await readdir(dirname(file))).filter((n) => n.startsWith('facts')), ['facts.idx']);
    assert.ok((await stat(file)).isDirectory());
    await rm(file, { recursive: true });
    assert.equal((await inProcess(r)).code, 1);
    assert.ok((await loadFactCache(file, FACTS_VERSION)).size > 0);
  });
});

describe('faults: git states', () => {
  it('.git/index.lock held by another git process: the index is judged, the lock neither removed nor waited on', async () => {
    const r = await stagedMix();
    const lock = join(r.gitDir, 'index.lock');
    await writeFile(lock, 'held by another git\n');
    const direct = await inProcess(r);
    assert.equal(direct.code, 1);
    assert.deepEqual(violationsOf(direct), ['app/factory.py']);

    await cli(r, ['daemon', 'start']);
    const viaDaemon = await check(r);
    assert.equal(viaDaemon.json.stats.daemon, true);
    assert.equal(viaDaemon.code, 1);
    assert.deepEqual(violationsOf(viaDaemon), ['app/factory.py']);
    assert.equal(await readFile(lock, 'utf8'), 'held by another git\n');
  });

  it('detached HEAD: the violating commit is refused, a clean one passes', async () => {
    const r = await hookedRepo();
    await r.git('checkout', '-q', '--detach');
    await r.write('app/factory.py', MIXED);
    await r.add('app/factory.py');
    const before = await head(r);
    const refused = await commit(r, ['-m', 'mix']);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /app\/factory\.py/);
    assert.equal(await head(r), before);
    await r.write('app/factory.py', `${CLEAN}# detached\n`);
    await r.add('app/factory.py');
    assert.equal((await commit(r, ['-m', 'clean'])).code, 0);
    assert.notEqual(await head(r), before);
  });

  /** main and topic both edit the same line of app/factory.py: any merge of the two conflicts. */
  async function divergent(daemons: boolean): Promise<DaemonRepo> {
    const r = await hookedRepo(daemons);
    await r.git('checkout', '-q', '-b', 'topic');
    await r.write('app/factory.py', `${CLEAN}# topic\n`);
    await r.add('app/factory.py');
    await r.commit('topic edit');
    await r.git('checkout', '-q', 'main');
    await r.write('app/factory.py', `${CLEAN}# main\n`);
    await r.add('app/factory.py');
    await r.commit('main edit');
    return r;
  }

  /** Resolve the conflict with `content`, stage it, and conclude through the hook. */
  async function resolve(r: DaemonRepo, content: string, conclude: string[]) {
    await r.write('app/factory.py', content);
    await r.add('app/factory.py');
    return gitResult(r.root, conclude, { env: { ...noDaemonFor(r), GIT_EDITOR: 'true' } });
  }

  it('a merge with conflicts: the violating resolution is refused, a clean one concludes the merge', async () => {
    // With daemons: the hook's first answer is in-process, the later ones come from the daemon it launched.
    const r = await divergent(true);
    const merged = await gitResult(r.root, ['merge', '--no-edit', 'topic']);
    assert.equal(merged.code, 1, 'the merge stops on the conflict');
    assert.ok(existsSync(join(r.gitDir, 'MERGE_HEAD')), merged.stderr);
    // While unresolved, the check judges our side and does not fail on the conflict.
    const midway = await inProcess(r);
    assert.equal(midway.code, 0, midway.stderr);

    const refused = await resolve(r, MIXED, ['commit', '-q', '--no-edit']);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /app\/factory\.py\n\s+2:\d+\s+error\s+ws/);
    assert.equal((await r.git('rev-list', '--count', 'HEAD')).trim(), '2');
    const viaContinue = await resolve(r, MIXED, ['merge', '--continue']);
    assert.equal(viaContinue.code, 1, 'merge --continue runs the pre-commit hook too');

    const done = await resolve(r, `${CLEAN}# main\n# topic\n`, ['commit', '-q', '--no-edit']);
    assert.equal(done.code, 0, done.stderr);
    assert.equal((await r.git('log', '-1', '--format=%p')).trim().split(' ').length, 2);
  });

  it('a rebase stopped on a conflict: committing the violating resolution through the hook is refused', async () => {
    const r = await divergent(false);
    await r.git('checkout', '-q', 'topic');
    const rebased = await gitResult(r.root, ['rebase', 'main']);
    assert.notEqual(rebased.code, 0, 'the rebase stops on the conflict');
    assert.ok(existsSync(join(r.gitDir, 'rebase-merge')), rebased.stderr);
    const stoppedAt = await head(r);

    const refused = await resolve(r, MIXED, ['commit', '-q', '-m', 'resolved']);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /1 violation in 1 file/);
    assert.equal(await head(r), stoppedAt);

    const done = await resolve(r, `${CLEAN}# main\n# topic\n`, ['commit', '-q', '-m', 'resolved']);
    assert.equal(done.code, 0, done.stderr);
    const cont = await gitResult(r.root, ['rebase', '--continue'], { env: { ...noDaemonFor(r), GIT_EDITOR: 'true' } });
    assert.equal(cont.code, 0, cont.stderr);
    assert.equal((await r.git('log', '-1', '--format=%s')).trim(), 'resolved');
  });

  it('a cherry-pick stopped on a conflict: --continue with the violating resolution is refused', async () => {
    const r = await divergent(false);
    const picked = await gitResult(r.root, ['cherry-pick', 'topic']);
    assert.notEqual(picked.code, 0, 'the cherry-pick stops on the conflict');
    assert.ok(existsSync(join(r.gitDir, 'CHERRY_PICK_HEAD')), picked.stderr);
    const before = await head(r);
    const refused = await resolve(r, MIXED, ['cherry-pick', '--continue']);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /1 violation in 1 file/);
    assert.equal(await head(r), before);
    const done = await resolve(r, `${CLEAN}# main\n# topic\n`, ['cherry-pick', '--continue']);
    assert.equal(done.code, 0, done.stderr);
    assert.notEqual(await head(r), before);
  });
});
