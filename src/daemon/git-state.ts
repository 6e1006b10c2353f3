import { createHash } from 'node:crypto';
import type { BigIntStats } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { GitStateKey } from './verdict-validity.js';

const UNREADABLE = 'unreadable';

/**
 * A file's identity as far as stat can tell. git replaces the index by
 * renaming index.lock over it: a new inode on every write, so ino is the strongest part.
 */
export function identityOf(s: BigIntStats): string {
  return `${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
}

async function statKey(file: string): Promise<string> {
  try {
    return identityOf(await stat(file, { bigint: true }));
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : UNREADABLE;
  }
}

/**
 * The index's stat identity and what the index says: git ends the file with
 * a checksum of everything before it (20 bytes, 32 in a sha256 repository).
 * Stat alone repeats: index.lock reuses the inode just freed, and on a
 * filesystem with 1-second timestamps a same-size index written in the same
 * second has the same ino, size, mtime and ctime. With `index.skipHash`
 * (which `feature.manyFiles` turns on) git writes zeros there, so the
 * content is hashed here instead. Stat and bytes come from one open file,
 * so they describe the same inode even while git replaces the index.
 */
export async function indexKey(file: string): Promise<string> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : UNREADABLE;
  }
  try {
    const s = await handle.stat({ bigint: true });
    const size = Number(s.size);
    const tailLength = Math.min(size, 32);
    const tail = Buffer.alloc(tailLength);
    await handle.read(tail, 0, tailLength, size - tailLength);
    return `${identityOf(s)}:${await contentId(tail, size, handle)}`;
  } catch {
    return UNREADABLE;
  } finally {
    await handle.close();
  }
}

/** The trailing checksum as git wrote it, or a digest of the whole file when git wrote none (all zeros). */
async function contentId(tail: Buffer, size: number, handle: { read(b: Buffer, o: number, l: number, p: number): Promise<unknown> }): Promise<string> {
  const written = tail.subarray(Math.max(0, tail.length - 20));
  if (written.length === 20 && written.some((b) => b !== 0)) return tail.toString('hex');
  const whole = Buffer.alloc(size);
  await handle.read(whole, 0, size, 0);
  return `sha256-${createHash('sha256').update(whole).digest('hex')}`;
}

async function readText(file: string): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : UNREADABLE;
  }
}

/** Refs private to a worktree live in its git dir; branches and tags are shared under the common dir. */
function refFile(ref: string, gitDir: string, commonDir: string): string {
  const perWorktree = /^refs\/(bisect|worktree|rewritten)\//.test(ref) || !ref.startsWith('refs/');
  return join(perWorktree ? gitDir : commonDir, ref);
}

/**
 * What the staged verdict depends on, read with a few stats and no git process:
 * the index file's identity and checksum, HEAD, and the ref HEAD names (loose, packed or reftable).
 */
export async function readGitStateKey(gitDir: string, commonDir: string): Promise<GitStateKey> {
  const [index, head, packed, reftable] = await Promise.all([
    indexKey(join(gitDir, 'index')),
    readText(join(gitDir, 'HEAD')),
    statKey(join(commonDir, 'packed-refs')),
    statKey(join(commonDir, 'reftable', 'tables.list')),
  ]);
  const symref = /^ref:\s*(\S+)$/.exec(head)?.[1];
  const loose = symref ? await readText(refFile(symref, gitDir, commonDir)) : '';
  return { index, head, ref: `${loose}|${packed}|${reftable}` };
}
