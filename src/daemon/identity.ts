import { readFileSync } from 'node:fs';
import { sha1Hex } from '../facts/blob-sha.js';
import { statKey } from '../fs/stat-identity.js';
import type { DiskDrift } from './staleness.js';

/** sha1 of a file's bytes, or null when it cannot be read. */
export function fileHash(file: string): string | null {
  try {
    return sha1Hex(readFileSync(file));
  } catch {
    return null;
  }
}

interface Watched {
  readonly file: string;
  stat: string;
  readonly hash: string | null;
}

/**
 * Watches the config file and lockfiles for drift. Lockfiles can be megabytes,
 * so they are re-hashed only when their stat changed (a touch alone is not drift).
 */
export function diskDriftProbe(configFile: string, lockfiles: readonly string[]): () => DiskDrift {
  const watched: Watched[] = [...new Set(lockfiles)].map((file) => ({ file, stat: statKey(file), hash: fileHash(file) }));
  return () => {
    let changedLockfile: string | null = null;
    for (const w of watched) {
      const now = statKey(w.file);
      if (now === w.stat) continue;
      if (fileHash(w.file) !== w.hash) {
        changedLockfile = w.file;
        break;
      }
      w.stat = now;
    }
    const lockfileStats = changedLockfile ? null : watched.map(({ file, stat }) => ({ file, stat }));
    return { configHashOnDisk: fileHash(configFile), changedLockfile, lockfileStats };
  };
}
