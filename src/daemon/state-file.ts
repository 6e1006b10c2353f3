import { lstatSync, unlinkSync } from 'node:fs';
import { dirname } from 'node:path';
import { currentUid, ownerOnlyProblem } from '../fs/owner-only.js';
import { readOwnFile, replaceOwnFile } from '../fs/owned-file-sync.js';

/** `daemon.json`: how a client finds the daemon and judges, without parsing the config, whether it is stale. */
export interface DaemonState {
  readonly pid: number;
  readonly socket: string;
  /** ssot-guard's package version. */
  readonly version: string;
  /** sha1 of the config file's bytes. */
  readonly configHash: string;
  readonly startedAt: string;
  /**
   * Random per daemon, 64 hex digits ('' in an older version's state: then nothing it answers is believed). The file is 0600 in a 0700 directory of ours, so
   * only this user can read it; the daemon proves per connection that it
   * knows it (protocol.ts `proofOf`), which nothing else at the socket path can.
   */
  readonly secret: string;
}

/** Far more than a state file holds: a larger "state" is not one of ours (or /dev/zero behind a name). */
export const MAX_STATE_BYTES = 64 * 1024;

type StateRead = { readonly state: DaemonState } | { readonly reason: string };

/** The state, or null when missing or not ours (half-written, hand-edited, not a file): no state means no daemon. */
export function readState(file: string): DaemonState | null {
  const read = readStateFile(file, false);
  return 'state' in read ? read.state : null;
}

/**
 * The state, only when it and its directory can be this user's alone: the
 * directory ours and writable by no one else (or another user could have
 * written the file, secret included), the file ours, regular and readable by
 * no one else. Otherwise why not, for the caller to say; a client then judges in-process.
 */
export function readTrustedState(file: string): StateRead {
  const uid = currentUid();
  if (uid !== null) {
    const dir = dirname(file);
    let problem: string | null;
    try {
      problem = ownerOnlyProblem(lstatSync(dir), 'dir', uid);
    } catch {
      return { reason: 'no daemon state file' };
    }
    if (problem) return { reason: `${dir} ${problem}: another user could have written ${file}; remove the directory, or make it yours with mode 0700` };
  }
  return readStateFile(file, true);
}

function readStateFile(file: string, trusted: boolean): StateRead {
  const read = readOwnFile(file, { maxBytes: MAX_STATE_BYTES, what: 'a state file' }, trusted ? 'private' : 'any');
  if ('reason' in read) return { reason: read.missing ? 'no daemon state file' : read.reason };
  const state = parseState(read.bytes.toString('utf8'));
  return state ? { state } : { reason: `${file} is not a daemon state file of this version` };
}

function parseState(text: string): DaemonState | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  const s = raw as Partial<DaemonState> | null;
  if (!s || typeof s.pid !== 'number' || typeof s.socket !== 'string' || typeof s.version !== 'string' || typeof s.configHash !== 'string') return null;
  // No secret (an older version's state): read, so its daemon can be told it is stale, but no answer of it is believed.
  const secret = typeof s.secret === 'string' && /^[0-9a-f]{64}$/.test(s.secret) ? s.secret : '';
  return { pid: s.pid, socket: s.socket, version: s.version, configHash: s.configHash, startedAt: String(s.startedAt ?? ''), secret };
}

/** Replaced whole (fs/own-file.ts): a client never reads half a state file. */
export function writeState(file: string, state: DaemonState): void {
  replaceOwnFile(file, `${JSON.stringify(state, null, 2)}\n`);
}

/** Removes the state only when it names this pid: a successor's state is not ours to delete. */
export function removeStateIfOwned(file: string, pid: number): void {
  if (readState(file)?.pid !== pid) return;
  try {
    unlinkSync(file);
  } catch {
    // Already gone.
  }
}

/** `kill(pid, 0)`: ESRCH means gone; EPERM means alive but someone else's (so not our daemon, but not dead either). */
export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
