import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, realpath, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLEAN, CONFIG, MIXED, baseFiles } from '../helpers/python-repo.js';
import type { TestRepo } from '../helpers/repo-fixture.js';
import { pidAlive } from '../../src/daemon/state-file.js';
import { fileHash } from '../../src/daemon/identity.js';
import { check, cli, daemonRepo, hangSocket, leaveDeadSocket, daemonUp, inProcess, onCleanup, status, stopAllDaemons, track, until } from './daemon-fixture.js';

after(stopAllDaemons);

async function stagedMix() {
  const r = await daemonRepo();
  await r.write('app/factory.py', MIXED);
  await r.add('app/factory.py');
  return r;
}

describe('daemon: a broken daemon never decides a commit', () => {
  it('kill -9: the verdict is still right (in-process), and a new daemon runs afterwards', async () => {
    const r = await stagedMix();
    await cli(r, ['daemon', 'start']);
    const old = (await status(r))!;
    assert.equal((await check(r)).json.stats.daemon, true);
    process.kill(old.pid, 'SIGKILL');
    await until('the killed daemon to be gone', () => !pidAlive(old.pid));

    const res = await check(r);
    assert.equal(res.code, 1);
    assert.equal(res.json.violations.length, 1);
    assert.equal(res.json.stats.daemon, false);
    const fresh = await daemonUp(r, old.pid);
    assert.notEqual(fresh.pid, old.pid);
    const next = await check(r);
    assert.equal(next.json.stats.daemon, true);
    assert.equal(next.json.violations.length, 1);
  });

  it('a busy daemon (alive, ours, not answering yet) is waited for, not replaced by the next starter', async () => {
    const r = await stagedMix();
    await cli(r, ['daemon', 'start']);
    const running = (await status(r))!;
    // A stopped process answers nothing, like one deep in a 5,000-file re-evaluation.
    process.kill(running.pid, 'SIGSTOP');
    onCleanup(async () => void (pidAlive(running.pid) && process.kill(running.pid, 'SIGCONT')));
    const starter = cli(r, ['daemon', 'run'], { SSOT_GUARD_BUSY_PROBE_MS: '60000' });
    await until('the starter to see the daemon busy', async () => (await readFile(r.paths.log, 'utf8')).includes(`daemon pid ${running.pid} is busy`), 20_000);
    process.kill(running.pid, 'SIGCONT');
    const started = await starter;
    assert.equal(started.code, 0);
    assert.match(await readFile(r.paths.log, 'utf8'), new RegExp(`not starting: a daemon already runs \\(pid ${running.pid}\\)`));
    assert.equal((await status(r))!.pid, running.pid);
    assert.equal((await check(r)).json.stats.daemon, true);
  });

  it('a socket file nobody listens on (left by a crash): right verdict, and it is replaced', async () => {
    const r = await stagedMix();
    const deadPid = await leaveDeadSocket(r);
    assert.ok((await stat(r.paths.socket)).isSocket());

    const res = await check(r, { SSOT_GUARD_DEBUG: '1' });
    assert.equal(res.code, 1);
    assert.equal(res.json.violations.length, 1);
    assert.equal(res.json.stats.daemon, false);
    assert.match(res.stderr, /refused/);
    const fresh = await daemonUp(r);
    assert.notEqual(fresh.pid, deadPid);
    assert.equal((await check(r)).json.stats.daemon, true);
  });

  it('a hung daemon (accepts, never answers): right verdict within the client timeout', async () => {
    const r = await stagedMix();
    const { held } = await hangSocket(r, process.pid);

    const started = Date.now();
    const res = await check(r, { SSOT_GUARD_CLIENT_TIMEOUT_MS: '400', SSOT_GUARD_DEBUG: '1' });
    const took = Date.now() - started;
    assert.equal(res.code, 1);
    assert.equal(res.json.violations.length, 1);
    assert.equal(res.json.stats.daemon, false);
    assert.match(res.stderr, /did not answer within \d+ ms/);
    assert.ok(held.length >= 1, 'the client did reach the hung daemon');
    assert.ok(took < 400 + 8000, `took ${took} ms`);
    // The daemon launched for next time takes the unresponsive socket over.
    const fresh = await daemonUp(r);
    assert.notEqual(fresh.pid, process.pid);
    assert.equal((await check(r)).json.stats.daemon, true);
  });

  it('config edited while the daemon runs: the daemon answers stale and exits; the verdict uses the new config', async () => {
    const r = await stagedMix();
    await cli(r, ['daemon', 'start']);
    const old = (await status(r))!;
    assert.equal((await check(r)).json.violations.length, 1);

    // The new config no longer forbids the mix: with the old rules the commit would be blocked.
    const relaxed = { ...CONFIG, rules: [{ ...CONFIG.rules[0]!, legacy: ['app.legacy.Unrelated'] }] };
    // An existing class, or the new rule could not be judged at all (exit 2).
    await r.write('app/legacy.py', `${baseFiles()['app/legacy.py']}\nclass Unrelated:\n    pass\n`);
    await r.add('app/legacy.py');
    await r.write('ssot-guard.config.json', JSON.stringify(relaxed, null, 2));
    const res = await check(r, { SSOT_GUARD_DEBUG: '1' });
    assert.match(res.stderr, /daemon answered stale/);
    assert.equal(res.json.stats.daemon, false);
    assert.equal(res.code, 0);
    assert.equal(res.json.violations.length, 0);
    await until('the stale daemon to exit', () => !pidAlive(old.pid));
    assert.match(await readFile(r.paths.log, 'utf8'), /stopping: stale: the config file on disk differs from the one the daemon loaded/);

    const fresh = await daemonUp(r, old.pid);
    assert.equal(fresh.configHash, fileHash(r.paths.config));
    const next = await check(r);
    assert.equal(next.json.stats.daemon, true);
    assert.equal(next.json.violations.length, 0);
  });

  it('a config with errors: exit 2 in-process, and no daemon is started for it', async () => {
    const r = await daemonRepo();
    await r.write('ssot-guard.config.json', '{ "rules": [ { "id": 1 } ] }');
    const res = await cli(r, ['check', '--staged']);
    assert.equal(res.code, 2);
    assert.match(res.stderr, /invalid config/);
    assert.equal(await status(r), null);
  });

  it('a commit judging a temporary index (GIT_INDEX_FILE, as in commit -a): the daemon judges that index, not its own', async () => {
    const r = await daemonRepo();
    await cli(r, ['daemon', 'start']);
    const alt = join(r.gitDir, 'alt-index');
    await r.write('app/factory.py', MIXED);
    await r.git('read-tree', 'HEAD', { env: { GIT_INDEX_FILE: alt } });
    await r.git('add', 'app/factory.py', { env: { GIT_INDEX_FILE: alt } });
    const viaAlt = await check(r, { GIT_INDEX_FILE: alt });
    assert.equal(viaAlt.json.stats.daemon, true);
    assert.equal(viaAlt.json.violations.length, 1);
    const viaMain = await check(r);
    assert.equal(viaMain.json.stats.daemon, true);
    assert.equal(viaMain.json.violations.length, 0, 'the real index stays clean');
  });
});

describe('daemon: one per worktree', () => {
  it('two worktrees of one repo get independent daemons and answers', async () => {
    const main = await stagedMix();
    const wtRoot = join(await realpath(await mkdtemp(join(tmpdir(), 'ssot-guard-wt-'))), 'wt');
    await main.git('worktree', 'add', '-q', '-b', 'topic', wtRoot);
    const wt = track({ root: wtRoot } as TestRepo, join(main.root, '.git', 'worktrees', 'wt'));
    onCleanup(() => rm(join(wtRoot, '..'), { recursive: true, force: true }));
    await writeFile(join(wtRoot, 'app', 'factory.py'), CLEAN + '\n# topic\n');
    await main.git('-C', wtRoot, 'add', 'app/factory.py');

    await cli(main, ['daemon', 'start']);
    await cli(wt, ['daemon', 'start']);
    const [sMain, sWt] = [(await status(main))!, (await status(wt))!];
    assert.notEqual(sMain.pid, sWt.pid);
    assert.equal(sMain.root, main.root);
    assert.equal(sWt.root, wtRoot);
    assert.notEqual(main.paths.socket, wt.paths.socket);

    const [a, b] = await Promise.all([check(main), check(wt)]);
    assert.equal(a.json.stats.daemon, true);
    assert.equal(b.json.stats.daemon, true);
    assert.equal(a.json.violations.length, 1);
    assert.equal(b.json.violations.length, 0);
    assert.deepEqual(b.json.violations, (await inProcess(wt)).json.violations);

    // Staging in one worktree does not move the other's verdict.
    await writeFile(join(wtRoot, 'app', 'factory.py'), MIXED);
    await main.git('-C', wtRoot, 'add', 'app/factory.py');
    assert.equal((await check(wt)).json.violations.length, 1);
    await main.git('reset', '-q', '--', 'app/factory.py');
    assert.equal((await check(main)).json.violations.length, 0);
    assert.equal((await check(wt)).json.violations.length, 1);
  });
});
