import { openSync, closeSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { pidAlive } from './state-file.js';

/** A starting daemon holds the lock for milliseconds; one older than this was left by a crash (or a reused pid). */
const STALE_LOCK_MS = 10_000;

/**
 * Exclusive lock for the start-up critical section (probe the socket, clear a
 * stale one, listen, write the state), so two daemons launched at once by two
 * hooks cannot both delete and re-create the socket. Returns a release
 * function, or null when a live daemon is starting right now.
 */
export function acquireStartLock(file: string): (() => void) | null {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        try {
          if (readFileSync(file, 'utf8') === String(process.pid)) unlinkSync(file);
        } catch {
          // Gone already.
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    if (!lockIsStale(file)) return null;
    try {
      unlinkSync(file);
    } catch {
      // Another starter cleared it first; the retry decides.
    }
  }
  return null;
}

function lockIsStale(file: string): boolean {
  try {
    const pid = Number(readFileSync(file, 'utf8'));
    const age = Date.now() - statSync(file).mtimeMs;
    return !pidAlive(pid) || age > STALE_LOCK_MS;
  } catch {
    // Vanished between open and read: free now.
    return true;
  }
}
