import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { CLEAN, MIXED, baseFiles } from '../helpers/python-repo.js';
import { gitResult, type GitResult } from '../helpers/repo-fixture.js';
import { CLI, checkJson } from '../helpers/run-cli.js';
import { spawnWatch, type WatchProcess } from '../helpers/spawn-watch.js';
import { askDaemonSocket } from '../../src/client/ask-daemon.js';
import { packageVersion } from '../../src/config/package-version.js';
import { pidAlive } from '../../src/daemon/state-file.js';
import { DAEMON_ENV, cli, daemonRepo, onCleanup, status, stopAllDaemons, until, type DaemonRepo } from './daemon-fixture.js';

after(stopAllDaemons);

/**
 * Load: thousands of files in one commit, a package renamed under a thousand
 * importers, 50 clients at once, a branch switch of thousands of files under
 * watch. The sizes keep this file near a minute on a busy 2-core machine;
 * `node dist/bench/load.js` runs the issue's sizes (a 5,000-file commit, 50
 * clients) with timings, and bench/soak.ts the long run.
 */
const COMMIT_FILES = 2500;
const IMPORTERS = 1000;
const CLIENTS = 50;
const SWITCHED_FILES = 3000;

/** A daemon answer may wait for a precompute over thousands of files: the test judges the verdict, not the time. */
const PATIENT = { ...DAEMON_ENV, SSOT_GUARD_CLIENT_TIMEOUT_MS: '60000' };
const NO_DAEMON = { SSOT_GUARD_NO_DAEMON: '1' };

const pad = (i: number): string => String(i).padStart(5, '0');
/** A clean module using the canonical class; `rev` changes its bytes. */
const cleanModule = (i: number, rev = 0): string => `from app.bridge import Bridge\n\n\ndef f${i}():\n    return Bridge()  # rev ${rev}\n`;
/** `n` clean modules under app/mods/. */
function modules(n: number, rev = 0): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < n; i++) out[`app/mods/m${pad(i)}.py`] = cleanModule(i, rev);
  return out;
}

async function writeAll(r: DaemonRepo, files: Record<string, string>): Promise<void> {
  // In slices: thousands of parallel writes would exhaust file descriptors.
  const entries = Object.entries(files);
  for (let i = 0; i < entries.length; i += 500) await Promise.all(entries.slice(i, i + 500).map(([p, c]) => r.write(p, c)));
}

/** `git commit` as a user types it: the hook runs. */
const commit = (r: DaemonRepo, message: string, env: Record<string, string>): Promise<GitResult> => gitResult(r.root, ['commit', '-q', '-m', message], { env });
/** The pre-commit hook alone, on the index as it is (nothing is committed). */
const runHook = (r: DaemonRepo, env: Record<string, string>): Promise<GitResult> => gitResult(r.root, ['hook', 'run', 'pre-commit'], { env });
const headSubject = async (r: DaemonRepo): Promise<string> => (await r.git('log', '-1', '--format=%s')).trim();

async function hooked(files: Record<string, string>): Promise<DaemonRepo> {
  const r = await daemonRepo(files);
  const init = await cli(r, ['init']);
  assert.equal(init.code, 0, init.stderr);
  return r;
}

/** Resident set size in bytes, from the kernel (what `top` shows), not from the process's own report. */
function rssOf(pid: number): number {
  const kb = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  assert.ok(kb, `no VmRSS for pid ${pid}`);
  return Number(kb[1]) * 1024;
}

/**
 * The daemon's status once it answers: right after a burst it may be busy
 * evaluating for longer than one status probe waits, which is not death.
 */
const answering = (r: DaemonRepo) => until(`the daemon of ${r.root} to answer status`, () => status(r), 60_000);

/** What a violation is, without timings or stats: comparable between daemon, in-process and watch. */
const shape = (vs: ReadonlyArray<{ readonly file: string; readonly line: number; readonly rule: string }>): string[] => vs.map((v) => `${v.file}:${v.line} ${v.rule}`).sort();

describe(`load: a commit staging ${COMMIT_FILES} changed files`, () => {
  it('one planted violation is refused, with and without the daemon; removed, the commit goes through', async () => {
    const N = COMMIT_FILES;
    const r = await hooked({ ...baseFiles(), ...modules(N) });
    await writeAll(r, modules(N, 1));
    const planted = `app/mods/m${pad(N / 2)}.py`;
    await r.write(planted, MIXED);
    await r.add();

    const inProcess = await runHook(r, NO_DAEMON);
    assert.equal(inProcess.code, 1, inProcess.stderr);
    assert.match(inProcess.stdout + inProcess.stderr, new RegExp(`${planted.replace(/\./g, '\\.')}\\n\\s+2:\\d+\\s+error\\s+ws`));
    assert.match(inProcess.stdout + inProcess.stderr, /1 violation in 1 file/);

    assert.equal((await cli(r, ['daemon', 'start'])).code, 0);
    const refused = await commit(r, 'five thousand', PATIENT);
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(refused.stderr, new RegExp(`${planted.replace(/\./g, '\\.')}\\n\\s+2:\\d+\\s+error\\s+ws`));
    assert.match(refused.stderr, /1 violation in 1 file \(.*daemon\)/);
    assert.equal(await headSubject(r), 'initial');

    await r.write(planted, `${CLEAN}# fixed\n`);
    await r.add(planted);
    const clean = await runHook(r, NO_DAEMON);
    assert.equal(clean.code, 0, clean.stdout + clean.stderr);
    const accepted = await commit(r, 'five thousand', PATIENT);
    assert.equal(accepted.code, 0, accepted.stderr);
    assert.equal(await headSubject(r), 'five thousand');
    const committed = (await r.git('show', '--name-only', '--format=', 'HEAD')).trim().split('\n');
    assert.equal(committed.filter((p) => p.startsWith('app/mods/')).length, N);
  });
});

describe(`load: a package renamed under ${IMPORTERS} importers`, () => {
  it('a violation through the renamed package is caught, and the daemon stays right afterwards', async () => {
    const N = IMPORTERS;
    const importer = (pkg: string, i: number, names = 'Bridge'): string => `from lib.${pkg} import ${names}\n\n\ndef f${i}():\n    return ${names.split(', ').map((n) => `${n}()`).join(', ')}\n`;
    const users = (pkg: string): Record<string, string> => {
      const out: Record<string, string> = {};
      for (let i = 0; i < N; i++) out[`app/users/u${pad(i)}.py`] = importer(pkg, i);
      return out;
    };
    const r = await hooked({
      ...baseFiles(),
      // Re-exports both (outside the rule's scope): which class an importer reaches is only known through the package.
      'lib/__init__.py': '',
      'lib/pkg/__init__.py': 'from app.bridge import Bridge\nfrom app.legacy import Manager\n\n__all__ = ["Bridge", "Manager"]\n',
      ...users('pkg'),
    });
    assert.equal((await cli(r, ['daemon', 'start'])).code, 0);
    const pid = (await answering(r)).pid;

    await r.git('mv', 'lib/pkg', 'lib/newpkg');
    await writeAll(r, users('newpkg'));
    const culprit = `app/users/u${pad(N - 3)}.py`;
    await r.write(culprit, importer('newpkg', N - 3, 'Bridge, Manager'));
    await r.add();

    const viaDaemon = await checkJson(r.root, '--staged', PATIENT);
    assert.equal(viaDaemon.json.stats.daemon, true);
    assert.equal(viaDaemon.code, 1, viaDaemon.stderr);
    assert.deepEqual(shape(viaDaemon.json.violations), [`${culprit}:1 ws`]);
    const cold = await checkJson(r.root, '--staged', NO_DAEMON);
    assert.deepEqual(shape(cold.json.violations), shape(viaDaemon.json.violations));
    assert.deepEqual(viaDaemon.json.diagnostics, cold.json.diagnostics);

    await r.write(culprit, importer('newpkg', N - 3));
    await r.add(culprit);
    const renamed = await commit(r, 'rename pkg', PATIENT);
    assert.equal(renamed.code, 0, renamed.stderr);
    assert.equal(await headSubject(r), 'rename pkg');

    // Afterwards: the same daemon follows the new name, and the old one resolves to nothing.
    const later = `app/users/u${pad(7)}.py`;
    await r.write(later, importer('newpkg', 7, 'Bridge, Manager'));
    await r.write(`app/users/u${pad(8)}.py`, importer('pkg', 8, 'Bridge, Manager'));
    await r.add();
    const after = await checkJson(r.root, '--staged', PATIENT);
    assert.equal(after.json.stats.daemon, true);
    assert.deepEqual(shape(after.json.violations), [`${later}:1 ws`]);
    const coldAfter = await checkJson(r.root, '--staged', NO_DAEMON);
    assert.deepEqual(shape(coldAfter.json.violations), shape(after.json.violations));
    assert.deepEqual(after.json.diagnostics, coldAfter.json.diagnostics);
    assert.equal((await answering(r)).pid, pid, 'the same daemon answered throughout');
  });
});

describe(`load: ${CLIENTS} clients at once against one daemon`, () => {
  it('every socket request is answered by the daemon with the right verdict, as the index changes', async () => {
    const r = await daemonRepo({ ...baseFiles(), ...modules(200) });
    assert.equal((await cli(r, ['daemon', 'start'])).code, 0);
    const pid = (await answering(r)).pid;
    const ask = () => askDaemonSocket({ cwd: r.root, mode: 'staged', toolVersion: packageVersion(), env: { ...process.env, ...PATIENT } });

    for (const [what, change, expected] of [
      ['a staged mix', async () => {
        await r.write('app/factory.py', MIXED);
        await r.add('app/factory.py');
      }, ['app/factory.py:2 ws']],
      ['unstaged again', () => r.git('reset', '-q', '--', 'app/factory.py'), []],
      ['a mix staged in another file', async () => {
        await r.write('app/mods/m00100.py', MIXED);
        await r.add('app/mods/m00100.py');
      }, ['app/mods/m00100.py:2 ws']],
    ] as const) {
      await change();
      const asked = await Promise.all(Array.from({ length: CLIENTS }, ask));
      for (const a of asked) {
        assert.ok(a.answer, `${what}: no daemon verdict (${'reason' in a ? a.reason : ''})`);
        assert.deepEqual(shape(a.answer.result.violations), expected, what);
      }
    }
    const s = await answering(r);
    assert.equal(s.pid, pid);
    assert.ok(s.checks >= 3 * CLIENTS, `the daemon counted ${s.checks} checks`);
  });

  it(`${CLIENTS} hook processes at once: each refuses the staged mix, and the daemon is alive afterwards`, async () => {
    const r = await daemonRepo({ ...baseFiles(), ...modules(200) });
    assert.equal((await cli(r, ['daemon', 'start'])).code, 0);
    const pid = (await answering(r)).pid;
    await r.write('app/factory.py', MIXED);
    await r.add('app/factory.py');
    const runs = await Promise.all(
      Array.from(
        { length: CLIENTS },
        () =>
          new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
            execFile(process.execPath, [CLI, 'check', '--staged', '--format', 'json'], { cwd: r.root, env: { ...process.env, NO_COLOR: '1', ...DAEMON_ENV, SSOT_GUARD_DEBUG: '1' } }, (err, stdout, stderr) =>
              resolve({ code: err ? (typeof err.code === 'number' ? err.code : 3) : 0, stdout, stderr }),
            ),
          ),
      ),
    );
    for (const run of runs) {
      assert.equal(run.code, 1, run.stderr);
      // In-process after a client timeout is allowed (and said on stderr with SSOT_GUARD_DEBUG); a wrong verdict is not.
      assert.deepEqual(shape(JSON.parse(run.stdout).violations), ['app/factory.py:2 ws'], run.stderr);
    }
    assert.equal((await answering(r)).pid, pid);
  });
});

describe(`load: watch under a branch switch touching ${SWITCHED_FILES} files`, () => {
  it('the pushed verdict after the burst equals a cold check, the daemon lives, and its memory comes back down', async (t) => {
    const N = SWITCHED_FILES;
    /** Spread over the tree: the last verdict must have seen events from all of the burst. */
    const mixed = Array.from({ length: 30 }, (_, k) => `app/mods/m${pad(Math.floor((k * N) / 30))}.py`);
    const r = await daemonRepo({ ...baseFiles(), ...modules(N) });
    await r.git('checkout', '-q', '-b', 'other');
    await writeAll(r, modules(N, 1));
    for (const path of mixed) await r.write(path, MIXED);
    await r.add();
    await r.commit('other');
    await r.git('checkout', '-q', 'main');

    assert.equal((await cli(r, ['daemon', 'start'])).code, 0);
    // Warm, not just answering: mid warm-up it may miss watch's 500 ms subscribe window on a loaded machine, and watch goes in-process.
    const pid = (await until('the daemon warm', async () => {
      const s = await status(r);
      return s && s.filesIndexed > 0 && s.precomputes >= 1 ? s : null;
    }, 60_000)).pid;
    const w: WatchProcess = spawnWatch(r.root, ['--format', 'json'], PATIENT);
    onCleanup(async () => void (await w.stop('SIGKILL')));
    const worktreeVerdict = (n: number) => (l: string) => {
      const e = JSON.parse(l);
      return e.event === 'verdict' && e.snapshot === 'worktree' && e.violations.length === n && e.stats.daemon === true;
    };
    const first = await w.waitFor('the first worktree verdict from the daemon', worktreeVerdict(0), -1, 60_000);
    const baseline = await quietRss(pid);

    await r.git('checkout', '-q', 'other');
    const switched = await w.waitFor(`a worktree verdict with all ${mixed.length} mixes`, worktreeVerdict(mixed.length), first, 60_000);
    const cold = await checkJson(r.root, '--worktree', NO_DAEMON);
    assert.deepEqual(shape(JSON.parse(w.lines[switched]!).violations), shape(cold.json.violations));
    assert.equal(cold.json.violations.length, mixed.length);

    await r.git('checkout', '-q', 'main');
    await w.waitFor('the worktree verdict back on main', worktreeVerdict(0), switched, 60_000);
    assert.equal((await answering(r)).pid, pid, 'the same daemon throughout');
    assert.ok(pidAlive(pid));

    const bound = baseline * 2 + 100 * 2 ** 20;
    const settled = await until(`daemon RSS under ${mb(bound)} (baseline ${mb(baseline)})`, async () => {
      const rss = rssOf(pid);
      return rss < bound ? rss : null;
    }, 30_000).catch((err: Error) => assert.fail(`${err.message}; now ${mb(rssOf(pid))}`));
    assert.ok(settled < bound);
    t.diagnostic(`daemon RSS: ${mb(baseline)} before the switches, ${mb(settled)} after them (bound ${mb(bound)})`);
    assert.equal(await w.stop('SIGINT'), 0);
  });
});

const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MB`;

/**
 * RSS once the daemon's idle collection (2 s after the last verdict) has run.
 * A collection sends no event, so this waits for the RSS to stop moving.
 */
async function quietRss(pid: number): Promise<number> {
  let last = rssOf(pid);
  let steady = 0;
  return until('the daemon RSS to settle', async () => {
    await new Promise((res) => setTimeout(res, 500));
    const now = rssOf(pid);
    steady = Math.abs(now - last) < 2 * 2 ** 20 ? steady + 1 : 0;
    last = now;
    return steady >= 6 ? now : null;
  }, 60_000);
}
