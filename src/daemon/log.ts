import { appendFileSync, renameSync, statSync } from 'node:fs';

export type Log = (message: string) => void;

/** Past this the log is rotated to `.1` at launch: a daemon restarted for months must not fill the disk. */
const MAX_LOG_BYTES = 1024 * 1024;

/** Called by the launcher before it opens the log for the daemon's stdio, so the fd and the name agree. */
export function rotateLog(file: string): void {
  try {
    if (statSync(file).size > MAX_LOG_BYTES) renameSync(file, `${file}.1`);
  } catch {
    // No log yet.
  }
}

/**
 * Timestamped lines appended to the daemon's log. Synchronous on purpose: the
 * lines that matter most are the last ones before an exit.
 */
export function openLog(file: string): Log {
  return (message) => {
    try {
      appendFileSync(file, `${new Date().toISOString()} [${process.pid}] ${message}\n`, { mode: 0o600 });
    } catch {
      // A log we cannot write must not take the daemon down.
    }
  };
}
