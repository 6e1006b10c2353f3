import { lstatSync, readFileSync } from 'node:fs';
import { openRepo } from '../git/repo.js';
import { parseConfig } from '../config/load-config.js';
import { packageVersion } from '../config/package-version.js';
import { formatConfigErrors } from '../report/text-reporter.js';
import { probeDaemon } from '../client/probe-daemon.js';
import { isOurDaemon } from './own-daemon.js';
import { sha1Hex } from '../facts/blob-sha.js';
import { currentUid, ensurePrivateDir, ownerOnlyProblem } from '../fs/owner-only.js';
import { openLog, type Log } from './log.js';
import { CONFIG_FILE, daemonPaths } from './paths.js';
import { PROTOCOL_VERSION } from './protocol.js';
import { serve } from './serve.js';
import { acquireStartLock } from './start-lock.js';
import type { DaemonIdentity } from './staleness.js';
import { pidAlive, readState } from './state-file.js';
import { removeFile } from '../fs/owned-file-sync.js';

/** How long a starting daemon gives an existing one to answer before taking its socket path over. */
const PROBE_MS = 1000;

/** How long a starter waits on a daemon that is alive but not answering before it takes the socket over. */
const busyProbeMs = (): number => Number(process.env['SSOT_GUARD_BUSY_PROBE_MS']) || 60_000;

/** Exit codes of `daemon run`: 0 also when another daemon already serves this worktree. */
export type RunOutcome = { readonly code: 0 | 1 | 2; readonly message: string };

/**
 * `ssot-guard daemon run`: the server for the worktree containing `cwd`.
 * Resolves only when it did not start; a started daemon ends the process
 * itself (stop, stale, idle, signal).
 */
export async function runDaemon(cwd: string): Promise<RunOutcome> {
  const repo = await openRepo(cwd);
  const paths = daemonPaths(repo.root, repo.gitDir);
  // Checked before the log is opened: a link planted there would take our writes elsewhere.
  const untrusted = ensurePrivateDir(paths.dir);
  if (untrusted) return { code: 1, message: `refusing to run: ${untrusted}` };
  const log = openLog(paths.log);

  const release = acquireStartLock(paths.lock);
  if (!release) return quiet(log, 'another daemon is starting for this worktree');
  let started: { warmUp(): void };
  try {
    let existing = await probeDaemon(paths.socket, PROBE_MS);
    const previous = readState(paths.state);
    // A daemon deep in a large re-evaluation does not answer either: a busy one is waited for, not replaced.
    if (existing.state === 'unresponsive' && previous && pidAlive(previous.pid) && (await isOurDaemon(previous.pid, repo.root))) {
      log(`daemon pid ${previous.pid} is busy (${existing.reason}): waiting up to ${busyProbeMs()} ms for it to answer`);
      existing = await probeDaemon(paths.socket, busyProbeMs());
    }
    if (existing.state === 'alive') return quiet(log, `a daemon already runs (pid ${existing.status.pid})`);
    if (existing.state === 'unresponsive') log(`socket ${paths.socket} does not answer (${existing.reason}): taking it over`);
    if (previous && !pidAlive(previous.pid)) log(`clearing what crashed daemon pid ${previous.pid} left`);
    // Only our own socket is ours to replace; anything else there may be someone else's (a shared tmpdir).
    const occupied = foreignAt(paths.socket, 'socket');
    if (occupied) return fail(log, 1, `refusing to replace ${paths.socket}: it ${occupied}; remove it yourself if nothing uses it`);
    removeFile(paths.socket);
    removeFile(paths.state);

    // Hash and parse the very same bytes: the hash clients compare must describe the rules in use.
    let configBytes: Buffer;
    try {
      configBytes = readFileSync(paths.config);
    } catch {
      return fail(log, 2, `no ${CONFIG_FILE} at ${repo.root}`);
    }
    const loaded = parseConfig(configBytes.toString('utf8'));
    if ('errors' in loaded) return fail(log, 2, `invalid config:\n${formatConfigErrors(paths.config, loaded.errors)}`);
    const identity: DaemonIdentity = { protocol: PROTOCOL_VERSION, toolVersion: packageVersion(), configHash: sha1Hex(configBytes) };
    started = await serve(repo, paths, loaded.config, configBytes, identity, log);
  } finally {
    release();
  }
  started.warmUp();
  return new Promise<RunOutcome>(() => {
    // Never resolves: the lifecycle exits the process.
  });
}

function quiet(log: Log, message: string): RunOutcome {
  log(`not starting: ${message}`);
  return { code: 0, message };
}

function fail(log: Log, code: 1 | 2, message: string): RunOutcome {
  log(`cannot start: ${message}`);
  return { code, message };
}

/** Why the thing at `path` is not ours to replace, or null (nothing there, or ours). */
function foreignAt(path: string, kind: 'socket'): string | null {
  const st = lstatSync(path, { throwIfNoEntry: false });
  const uid = currentUid();
  return st && uid !== null ? ownerOnlyProblem(st, kind, uid) : null;
}
