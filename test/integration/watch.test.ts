import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CLEAN, CONFIG, MIXED } from '../helpers/python-repo.js';
import { runCli } from '../helpers/run-cli.js';
import { spawnWatch, type WatchProcess } from '../helpers/spawn-watch.js';
import { DAEMON_ENV, cli, daemonRepo, onCleanup, status, stopAllDaemons, type DaemonRepo } from './daemon-fixture.js';

after(stopAllDaemons);

/** A watch stopped at teardown whatever happened to the test. */
function watchIn(root: string, args: string[] = [], env: Record<string, string> = {}): WatchProcess {
  const w = spawnWatch(root, args, env);
  onCleanup(async () => void (await w.stop('SIGKILL')));
  return w;
}

/** Other rules: the committed factory now violates in the working tree (and in HEAD, so nothing new is staged). */
const BRIDGE_IS_LEGACY = { ...CONFIG.rules[0]!, canonical: [], legacy: ['app.bridge.Bridge'], forbid: 'legacy' };
const VIOLATION = /^app\/factory\.py:2:\d+ ws app\.legacy\.Manager$/;
const verdictLine = (snapshot: string, n: number) => (l: string) => new RegExp(`^${snapshot}: ${n} violation\\(s\\) in 4 files`).test(l);
/** --format json: every event so far, and a line predicate over the parsed event. */
const eventsOf = (w: WatchProcess): any[] => w.lines.map((l) => JSON.parse(l));
const event = (pred: (e: any) => boolean) => (l: string) => pred(JSON.parse(l));
const verdict = (snapshot: string, n: number) => event((e) => e.event === 'verdict' && e.snapshot === snapshot && e.violations.length === n);

/** A repo with a running daemon, and a watch that allows daemons; resolves once the watch follows that daemon. */
async function watchViaDaemon(args: string[], isWatching: (line: string, r: DaemonRepo, pid: number) => boolean) {
  const r = await daemonRepo();
  await cli(r, ['daemon', 'start']);
  const pid = (await status(r))!.pid;
  const w = watchIn(r.root, args, DAEMON_ENV);
  await w.waitFor('watching via the daemon', (l) => isWatching(l, r, pid));
  return { r, pid, w };
}

describe('ssot-guard watch', () => {
  it('in-process: a save updates the working-tree verdict, git add the staged one; SIGINT exits 0', async () => {
    const r = await daemonRepo();
    const w = watchIn(r.root);
    await w.waitFor('the watching line', (l) => l === `watching ${r.root} (in-process)`);
    await w.waitFor('the first staged verdict', (l) => l === 'staged: 0 violation(s) in 4 files');
    const first = await w.waitFor('the first worktree verdict', (l) => l === 'worktree: 0 violation(s) in 4 files');

    await r.write('app/factory.py', MIXED);
    const saved = await w.waitFor('the worktree verdict with the mix', verdictLine('worktree', 1), first);
    assert.match(w.lines[saved]!, /\(updated in \d+ ms\)$/);
    assert.match(w.lines[saved + 1]!, VIOLATION);

    await r.add('app/factory.py');
    const staged = await w.waitFor('the staged verdict with the mix', verdictLine('staged', 1), saved);
    assert.match(w.lines[staged + 1]!, VIOLATION);

    assert.equal(await w.stop('SIGINT'), 0);
    assert.doesNotMatch(w.stdout(), /\x1b/, 'no escape codes when stdout is not a terminal');
    assert.equal(w.lines.filter(verdictLine('worktree', 1)).length, 1, 'one line per change');
  });

  it('in-process: reloads the rules when the config file changes, and says so when it cannot', async () => {
    const r = await daemonRepo();
    const w = watchIn(r.root, ['--format', 'json']);
    const events = () => eventsOf(w);
    const ready = await w.waitFor('the first worktree verdict', event((e) => e.event === 'verdict' && e.snapshot === 'worktree'));

    await r.write('ssot-guard.config.json', '{ "rules": [ }');
    const bad = await w.waitFor('the config error', event((e) => e.event === 'error' && /config not reloaded/.test(e.message)), ready);
    assert.match(events()[bad].message, /invalid config/);

    await r.write('ssot-guard.config.json', JSON.stringify({ ...CONFIG, rules: [BRIDGE_IS_LEGACY] }));
    const reloaded = await w.waitFor('a worktree verdict under the new rules', event((e) => e.event === 'verdict' && e.snapshot === 'worktree' && e.violations.length === 1), bad);
    assert.equal(events()[reloaded].violations[0].file, 'app/factory.py');
    assert.equal(events()[reloaded].stats.daemon, false);
    assert.equal(await w.stop('SIGTERM'), 0);
  });

  it('via the daemon: renders its pushed verdicts, then carries on in-process when it stops', async () => {
    const { r, pid, w } = await watchViaDaemon(['--format', 'json'], (line, _, daemonPid) => JSON.parse(line).source === `daemon pid ${daemonPid}`);
    const events = () => eventsOf(w);
    await w.waitFor('the first staged verdict', verdict('staged', 0));
    const first = await w.waitFor('the first worktree verdict', verdict('worktree', 0));

    await r.write('app/factory.py', MIXED);
    const saved = await w.waitFor('the pushed worktree verdict with the mix', verdict('worktree', 1), first);
    assert.equal(events()[saved].stats.daemon, true);
    assert.equal(typeof events()[saved].latencyMs, 'number', 'the daemon sends the latency it measured');

    await r.add('app/factory.py');
    const staged = await w.waitFor('the pushed staged verdict with the mix', verdict('staged', 1), saved);

    assert.equal((await cli(r, ['daemon', 'stop'])).code, 0);
    const lost = await w.waitFor('the daemon-stopped notice', event((e) => e.event === 'error'), staged);
    assert.match(events()[lost].message, new RegExp(`daemon pid ${pid} stopped \\(stop requested\\): watching in-process`));
    const inProcess = await w.waitFor('watching in-process', event((e) => e.event === 'watching' && e.source === 'in-process'), lost);

    await r.write('app/factory.py', CLEAN);
    const fixed = await w.waitFor('the in-process worktree verdict after the fix', verdict('worktree', 0), inProcess);
    assert.equal(events()[fixed].stats.daemon, false);
    assert.equal(await w.stop('SIGINT'), 0);
  });

  it('via the daemon: when a config change makes it stale, carries on in-process under the new rules', async () => {
    const { r, pid, w } = await watchViaDaemon([], (line, repo, daemonPid) => line === `watching ${repo.root} (daemon pid ${daemonPid})`);
    const first = await w.waitFor('the first worktree verdict', verdictLine('worktree', 0));

    await r.write('ssot-guard.config.json', JSON.stringify({ ...CONFIG, rules: [BRIDGE_IS_LEGACY] }));
    const lost = await w.waitFor('the daemon-stopped notice', (l) => l.startsWith('error: '), first);
    assert.equal(w.lines[lost], `error: daemon pid ${pid} stopped (stale: the config file changed): watching in-process`);
    const judged = await w.waitFor('the worktree verdict under the new rules', verdictLine('worktree', 1), lost);
    assert.match(w.lines[judged + 1]!, /^app\/factory\.py:1:\d+ ws app\.bridge\.Bridge$/);
    assert.ok(w.lines.slice(lost, judged).includes(`watching ${r.root} (in-process)`));
    assert.equal(await w.stop(), 0);
  });

  it('SSOT_GUARD_NO_DAEMON=1 and --no-daemon skip a running daemon', async () => {
    const r = await daemonRepo();
    await cli(r, ['daemon', 'start']);
    for (const [args, env] of [[[], { ...DAEMON_ENV, SSOT_GUARD_NO_DAEMON: '1' }], [['--no-daemon'], DAEMON_ENV]] as const) {
      const w = watchIn(r.root, [...args], env);
      await w.waitFor('watching', (l) => l.startsWith('watching '));
      assert.equal(w.lines[0], `watching ${r.root} (in-process)`, JSON.stringify(args));
      assert.equal(await w.stop(), 0);
    }
  });

  it('a bad config or bad arguments: exit 2 with the message, before watching anything', async () => {
    const r = await daemonRepo();
    await r.write('ssot-guard.config.json', JSON.stringify({ rules: [{ id: 'x' }] }));
    const bad = await runCli(r.root, ['watch']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /invalid config[\s\S]*rules/);
    assert.equal(bad.stdout, '');
    const usage = await runCli(r.root, ['watch', '--format', 'sarif']);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /unknown --format "sarif"/);
  });
});
