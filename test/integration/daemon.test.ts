import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CLEAN, MIXED } from '../helpers/python-repo.js';
import { pidAlive } from '../../src/daemon/state-file.js';
import { check, cli, daemonPidsUnder, daemonRepo, daemonUp, inProcess, keptHeadTree, status, stopAllDaemons, until } from './daemon-fixture.js';

after(stopAllDaemons);

/** What must agree between the daemon's answer and the in-process one: everything but timings and provenance. */
const verdictOf = (json: any) => ({ ok: json.ok, snapshot: json.snapshot, violations: json.violations, diagnostics: json.diagnostics, baseline: json.baseline, files: json.stats.files });

describe('daemon: the hook asks a warm index', () => {
  it('start, then check --staged through the daemon gives the in-process verdict', async () => {
    const r = await daemonRepo();
    await r.write('app/factory.py', MIXED);
    await r.add('app/factory.py');
    const started = await cli(r, ['daemon', 'start']);
    assert.equal(started.code, 0, started.stderr);
    assert.match(started.stdout, /daemon started \(pid \d+, socket .*daemon\.sock\)/);

    const viaDaemon = await check(r);
    const local = await inProcess(r);
    assert.equal(viaDaemon.json.stats.daemon, true);
    assert.equal(local.json.stats.daemon, false);
    assert.equal(viaDaemon.code, 1);
    assert.equal(viaDaemon.code, local.code);
    assert.deepEqual(verdictOf(viaDaemon.json), verdictOf(local.json));
    assert.equal(viaDaemon.json.violations.length, 1);

    // The text report, code frames included, is the in-process one but for the stats line.
    const textDaemon = await cli(r, ['check', '--staged']);
    const textLocal = await cli(r, ['check', '--staged', '--no-daemon']);
    const body = (s: string) => s.split('\n').filter((l) => !/files checked/.test(l)).join('\n');
    assert.match(textDaemon.stdout, /files checked.*daemon\)/);
    assert.match(textDaemon.stdout, /\| from app\.legacy import Manager/);
    assert.equal(body(textDaemon.stdout), body(textLocal.stdout));
  });

  it('start is idempotent; status reports; stop removes socket and state', async () => {
    const r = await daemonRepo();
    await r.write('ssot-guard.config.json', '{ "rules": "none" }');
    const refused = await cli(r, ['daemon', 'start']);
    assert.equal(refused.code, 3);
    assert.match(refused.stderr, /the daemon exited; its log .* ends with:\n[\s\S]*invalid config/);
    await r.git('checkout', '--', 'ssot-guard.config.json');

    const first = await cli(r, ['daemon', 'start', '--format', 'json']);
    const second = await cli(r, ['daemon', 'start', '--format', 'json']);
    assert.equal(JSON.parse(first.stdout).started, true);
    assert.equal(JSON.parse(second.stdout).started, false);
    assert.equal(JSON.parse(second.stdout).pid, JSON.parse(first.stdout).pid);

    // Asked over the socket, not answered from the verdict it published, so the daemon saw a check.
    await until('the warm-up verdict', async () => ((await status(r))?.precomputes ?? 0) >= 1);
    await rm(r.paths.verdict, { force: true });
    assert.equal((await check(r)).json.stats.daemon, true);
    const s = await cli(r, ['daemon', 'status', '--format', 'json']);
    const json = JSON.parse(s.stdout);
    assert.equal(json.running, true);
    assert.equal(json.filesIndexed, 4);
    assert.ok(json.uptimeMs >= 0 && json.rssBytes > 0 && json.heapUsedBytes > 0);
    assert.equal(typeof json.lastCheckMs, 'number');
    assert.equal(json.stale, null);
    const text = await cli(r, ['daemon', 'status']);
    for (const field of ['uptime', 'files indexed', 'cache hits', 'memory', 'MB RSS', 'last check']) assert.match(text.stdout, new RegExp(field));

    const stopped = await cli(r, ['daemon', 'stop']);
    assert.match(stopped.stdout, /stopped/);
    assert.equal(pidAlive(json.pid), false);
    await assert.rejects(stat(r.paths.socket), { code: 'ENOENT' });
    await assert.rejects(stat(r.paths.state), { code: 'ENOENT' });
    await assert.rejects(stat(r.paths.verdict), { code: 'ENOENT' }, 'a stopped daemon withdraws its published verdict');
    const after = await cli(r, ['daemon', 'status']);
    assert.equal(after.code, 1);
    assert.match(after.stdout, /not running/);
  });

  it('creates the socket owner-only (0600) in an owner-only directory (0700)', async () => {
    const r = await daemonRepo();
    await cli(r, ['daemon', 'start']);
    assert.equal((await stat(r.paths.socket)).mode & 0o777, 0o600);
    assert.equal((await stat(r.paths.dir)).mode & 0o777, 0o700);
    assert.equal((await stat(r.paths.state)).mode & 0o777, 0o600);
  });

  it('follows the index: add, reset and commit are reflected at once, no waiting for the watcher', async () => {
    const r = await daemonRepo();
    await cli(r, ['daemon', 'start']);
    const steps: Array<[string, () => Promise<unknown>, number]> = [
      ['stage the mix', async () => { await r.write('app/factory.py', MIXED); await r.add('app/factory.py'); }, 1],
      ['unstage it', () => r.git('reset', '-q', '--', 'app/factory.py'), 0],
      ['stage it again', () => r.add('app/factory.py'), 1],
      ['commit it (now HEAD has it: not new)', () => r.commit('mix'), 0],
      ['stage the fix', async () => { await r.write('app/factory.py', CLEAN); await r.add('app/factory.py'); }, 0],
      ['reset --hard to HEAD~ then stage the mix on a branch', async () => {
        await r.git('reset', '-q', '--hard', 'HEAD~');
        await r.git('checkout', '-q', '-b', 'topic');
        await r.write('app/other.py', MIXED);
        await r.add('app/other.py');
      }, 1],
    ];
    for (const [name, step, expected] of steps) {
      await step();
      const res = await check(r);
      assert.equal(res.json.stats.daemon, true, name);
      assert.equal(res.json.violations.length, expected, `${name}: ${JSON.stringify(res.json.violations)}`);
      assert.deepEqual(verdictOf(res.json), verdictOf((await inProcess(r)).json), name);
    }
  });

  it('precomputes the staged verdict after git add, so the hook is answered from memory', async () => {
    const r = await daemonRepo();
    await cli(r, ['daemon', 'start']);
    const before = await until('the warm-up verdict', async () => {
      const s = await status(r);
      return s && s.precomputes >= 1 ? s : null;
    });
    await r.write('app/factory.py', MIXED);
    await r.add('app/factory.py');
    await until('the watcher to precompute after git add', async () => {
      const s = await status(r);
      return s && s.precomputes > before.precomputes ? s : null;
    });
    // Answered from the verdict the daemon published: no connection, so the daemon counted no check.
    const res = await check(r);
    assert.equal(res.json.stats.daemon, true);
    assert.equal(res.json.violations.length, 1);
    const answeredFromFile = (await status(r))!;
    assert.equal(answeredFromFile.checks, before.checks);
    // Without it, from the daemon's memory.
    await rm(r.paths.verdict);
    const asked = await check(r);
    assert.equal(asked.json.stats.daemon, true);
    assert.equal(asked.json.violations.length, 1);
    const after = (await status(r))!;
    assert.equal(after.checks, before.checks + 1);
    assert.equal(after.verdictHits, before.verdictHits + 1, 'the first check after git add was a hit');
  });

  it('writes HEAD\'s judgments with HEAD\'s tree when a commit moves HEAD, not on every staged verdict', async () => {
    const r = await daemonRepo();
    await cli(r, ['daemon', 'start']);
    await daemonUp(r);
    await r.write('app/factory.py', `${CLEAN}# one\n`);
    await r.add('app/factory.py');
    await r.commit('move HEAD');
    const tree = (await r.git('rev-parse', 'HEAD^{tree}')).trim();
    assert.equal((await check(r)).json.stats.daemon, true);
    // Written with the tree they are of: a hook that judges in-process starts from them and lists nothing.
    await until('HEAD\'s judgments with its tree on disk', async () => (await keptHeadTree(r)) === tree);
    const file = join(r.root, '.git', 'ssot-guard', 'judgments.bin');
    const written = await stat(file, { bigint: true });
    for (const n of ['two', 'three', 'four']) {
      await r.write('app/factory.py', `${CLEAN}# ${n}\n`);
      await r.add('app/factory.py');
      const res = await check(r);
      assert.equal(res.json.stats.daemon, true);
      assert.equal(res.code, 0);
    }
    const after = await stat(file, { bigint: true });
    assert.deepEqual([after.ino, after.mtimeNs], [written.ino, written.mtimeNs], 'HEAD did not move: its judgments were not written again');
  });

  it('two clients at once both get the right answer', async () => {
    const r = await daemonRepo();
    await r.write('app/factory.py', MIXED);
    await r.add('app/factory.py');
    await cli(r, ['daemon', 'start']);
    const answers = await Promise.all([check(r), check(r), check(r)]);
    for (const a of answers) {
      assert.equal(a.json.stats.daemon, true);
      assert.equal(a.code, 1);
      assert.equal(a.json.violations[0].file, 'app/factory.py');
    }
  });

  it('three hooks at once with no daemon: all judged right in-process, and exactly one daemon starts', async () => {
    const r = await daemonRepo();
    await r.write('app/factory.py', MIXED);
    await r.add('app/factory.py');
    const answers = await Promise.all([check(r), check(r), check(r)]);
    for (const a of answers) assert.equal(a.json.violations.length, 1);
    const up = await daemonUp(r);
    // Every launch was spawned before its CLI exited; those that lost the race exit on their own.
    // /proc is read as a snapshot per poll, and a loser may still be between spawn and exit: wait for the
    // settled set (a second daemon that stays keeps it from settling and times out).
    await until('the launches that lost the race to exit', () => {
      const pids = daemonPidsUnder([r.root]);
      return pids.length === 1 && pids[0] === up.pid;
    });
    const log = await readFile(r.paths.log, 'utf8');
    assert.equal((log.match(/listening on/g) ?? []).length, 1);
    assert.equal((await status(r))!.pid, up.pid);
  });

  it('a daemon started from a subdirectory serves the whole worktree', async () => {
    const r = await daemonRepo();
    await r.write('app/factory.py', MIXED);
    await r.add('app/factory.py');
    await cli({ root: `${r.root}/app` }, ['daemon', 'start']);
    const res = await check({ root: `${r.root}/app` });
    assert.equal(res.json.stats.daemon, true);
    assert.equal(res.json.violations.length, 1);
  });

  it('--no-daemon and SSOT_GUARD_NO_DAEMON=1 judge in-process and start nothing', async () => {
    const r = await daemonRepo();
    const a = await check(r, { SSOT_GUARD_NO_DAEMON: '1' });
    const b = await cli(r, ['check', '--staged', '--no-daemon', '--format', 'json']);
    assert.equal(a.json.stats.daemon, false);
    assert.equal(JSON.parse(b.stdout).stats.daemon, false);
    assert.equal(await status(r), null);
    await assert.rejects(stat(r.paths.state), { code: 'ENOENT' });
  });

  it('a fallback check starts a daemon for next time', async () => {
    const r = await daemonRepo();
    const first = await check(r);
    assert.equal(first.json.stats.daemon, false);
    await daemonUp(r);
    assert.equal((await check(r)).json.stats.daemon, true);
  });
});
