import { readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';

/** `daemon.json`: how a client finds the daemon and judges, without parsing the config, whether it is stale. */
export interface DaemonState {
  readonly pid: number;
  readonly socket: string;
  /** ssot-guard's package version. */
  readonly version: string;
  /** sha1 of the config file's bytes. */
  readonly configHash: string;
  readonly startedAt: string;
}

/** The state, or null when missing or not ours (half-written, hand-edited): no state means no daemon. */
export function readState(file: string): DaemonState | null {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
  const s = raw as Partial<DaemonState> | null;
  if (!s || typeof s.pid !== 'number' || typeof s.socket !== 'string' || typeof s.version !== 'string' || typeof s.configHash !== 'string') return null;
  return { pid: s.pid, socket: s.socket, version: s.version, configHash: s.configHash, startedAt: String(s.startedAt ?? '') };
}

/** tmp + rename: a client never reads half a state file. */
export function writeState(file: string, state: DaemonState): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
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

export function removeFile(file: string): void {
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
