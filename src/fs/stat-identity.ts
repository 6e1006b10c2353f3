import { statSync, type BigIntStats } from 'node:fs';

/**
 * A file's identity as far as stat can tell: good enough to decide whether to
 * look again (identity.ts, lockfiles), never to vouch for content. On a
 * filesystem with 1-second timestamps git's index.lock reuses the inode it
 * freed, so two different indexes written within a second can share all four.
 */
function identityOf(s: BigIntStats): string {
  return `${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
}

/** `file`'s stat identity, or `missing`. */
export function statKey(file: string): string {
  try {
    return identityOf(statSync(file, { bigint: true }));
  } catch {
    return 'missing';
  }
}
