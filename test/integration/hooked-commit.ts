import assert from 'node:assert/strict';
import { gitResult } from '../helpers/repo-fixture.js';
import { checkJson } from '../helpers/run-cli.js';
import { cli, daemonUp, type DaemonRepo } from './daemon-fixture.js';

/** The subject of HEAD's commit: it must not move when a commit is refused. */
export const subject = async (r: { git(...args: string[]): Promise<string> }) => (await r.git('log', '-1', '--format=%s')).trim();

/**
 * `git commit` of what `r` has staged, through the installed hook, in-process
 * (no daemon) and then with a warm daemon that is shown to answer: both must
 * refuse with words matching `pattern`, and HEAD must not move.
 */
export async function refusedBothWays(r: DaemonRepo, pattern: RegExp): Promise<void> {
  const before = await subject(r);
  const local = await gitResult(r.root, ['commit', '-q', '-m', 'refused'], { env: { SSOT_GUARD_NO_DAEMON: '1' } });
  assert.equal(local.code, 1, `in-process: ${local.stdout}${local.stderr}`);
  assert.match(local.stdout + local.stderr, pattern);
  assert.equal(await subject(r), before, 'nothing committed');
  assert.equal((await cli(r, ['daemon', 'start'])).code, 0);
  await daemonUp(r);
  const viaDaemon = await checkJson(r.root, '--staged', { SSOT_GUARD_NO_DAEMON: '' });
  assert.equal(viaDaemon.json.stats.daemon, true, 'the daemon answered');
  const daemon = await gitResult(r.root, ['commit', '-q', '-m', 'refused'], { env: { SSOT_GUARD_NO_DAEMON: '' } });
  assert.equal(daemon.code, 1, `with a daemon: ${daemon.stdout}${daemon.stderr}`);
  assert.match(daemon.stdout + daemon.stderr, pattern);
  assert.equal(await subject(r), before, 'nothing committed');
  await cli(r, ['daemon', 'stop']);
}
