import { readFileSync, statSync, type BigIntStats } from 'node:fs';
import { sha1Hex } from '../facts/blob-sha.js';
import type { DiskDrift } from './staleness.js';

/** sha1 of a file's bytes, or null when it cannot be read. */
export function fileHash(file: string): string | null {
  try {
    return sha1Hex(readFileSync(file));
  } catch {
    return null;
  }
}

/**
 * A file's identity as far as stat can tell: good enough to decide whether to
 * look again (identity.ts, lockfiles), never to vouch for content. On a
 * filesystem with 1-second timestamps git's index.lock reuses the inode it
 * freed, so two different indexes written within a second can share all four.
 */
function identityOf(s: BigIntStats): string {
  return `${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
}

interface Watched {
  readonly file: string;
  stat: string;
  readonly hash: string | null;
}

function statKey(file: string): string {
  try {
    return identityOf(statSync(file, { bigint: true }));
  } catch {
    return 'missing';
  }
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
    return { configHashOnDisk: fileHash(configFile), changedLockfile };
  };
}
