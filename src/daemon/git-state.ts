import type { BigIntStats } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
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
 * the index file's identity, HEAD, and the ref HEAD names (loose, packed or reftable).
 */
export async function readGitStateKey(gitDir: string, commonDir: string): Promise<GitStateKey> {
  const [index, head, packed, reftable] = await Promise.all([
    statKey(join(gitDir, 'index')),
    readText(join(gitDir, 'HEAD')),
    statKey(join(commonDir, 'packed-refs')),
    statKey(join(commonDir, 'reftable', 'tables.list')),
  ]);
  const symref = /^ref:\s*(\S+)$/.exec(head)?.[1];
  const loose = symref ? await readText(refFile(symref, gitDir, commonDir)) : '';
  return { index, head, ref: `${loose}|${packed}|${reftable}` };
}
