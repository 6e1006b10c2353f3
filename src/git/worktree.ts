import { lstat, readFile, readlink, realpath } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { SYMLINK, type BlobReader, type BlobSha, type RepoPath, type Snapshot, type SnapshotEntry } from '../model/index.js';
import { blobSha } from '../facts/blob-sha.js';
import { changedWorktreePaths, untrackedPaths } from './diff.js';
import { readStagedSnapshot } from './ls-files.js';
import type { GitRepo } from './repo.js';
import { linkTarget } from './link-target.js';
import { filesBySha } from './worktree-blobs.js';

/** As Linux's MAXSYMLINKS: a longer chain is a loop. */
const MAX_LINKS = 40;

/** Enough parallel reads to hide disk latency, few enough to stay clear of EMFILE. */
const READ_CONCURRENCY = 64;

export interface WorktreeOptions {
  /** Only these paths are read and hashed (e.g. the config's include globs); default: every file. */
  readonly include?: (path: RepoPath) => boolean;
  /** Where blobs named by the index are read from (git cat-file): the files git says are unchanged are never read from disk. */
  readonly indexBlobs?: BlobReader;
}

/**
 * Files on disk: tracked and untracked-but-not-ignored. Nothing is hashed
 * that git's own stat cache vouches for: a tracked file that `git
 * diff-files` does not list has the index's blob, so only listed files and
 * untracked ones are read and hashed, as `git hash-object --no-filters`
 * would, and facts cached for the same bytes in the index or HEAD are
 * reused. (No clean filter or eol conversion is applied to what is read: the
 * worktree is judged as the user sees it.)
 */
export async function readWorktreeSnapshot(repo: GitRepo, options: WorktreeOptions = {}): Promise<{ snapshot: Snapshot; reader: BlobReader }> {
  const include = options.include ?? (() => true);
  const [index, changed, untracked] = await Promise.all([readStagedSnapshot(repo), changedWorktreePaths(repo), untrackedPaths(repo)]);
  const entries = new Map<RepoPath, SnapshotEntry>();
  for (const [path, e] of index.entries) if (include(path)) entries.set(path, e);
  // Unmerged paths are listed by diff-files too: their working copy (markers and all) is what is on disk.
  const toRead = [...new Set([...changed, ...untracked])].filter(include);
  for (const path of toRead) entries.delete(path);
  const bytes = await readFiles(repo.root, toRead, entries);
  await readLinkTargets(repo.root, entries, bytes, include, options.indexBlobs);

  // Reads complete in any order and untracked files come last: sort by path,
  // as the index is (UTF-16 order, which equals git's byte order outside astral-plane characters).
  const sorted = new Map([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  let closed = false;
  const fileOf = filesBySha(repo.root, sorted.values());
  return {
    snapshot: { kind: 'worktree', entries: sorted, unmerged: [] },
    reader: {
      read: async (sha) => {
        const b = bytes.get(sha);
        if (b) return b;
        if (closed) throw new Error(`worktree reader is closed; cannot read ${sha}`);
        if (options.indexBlobs) return options.indexBlobs.read(sha);
        throw new Error(`blob ${sha} is not in the working tree snapshot`);
      },
      // A file git's stat cache vouches for holds the index's blob: a cold check's parse workers read it themselves.
      candidateFile: (sha) => (bytes.has(sha) || closed ? null : (fileOf(sha) ?? null)),
      // The index reader is shared and not ours to close.
      close: () => {
        closed = true;
        bytes.clear();
      },
    },
  };
}

/**
 * The files that symbolic links `include` accepts lead to, read from disk
 * when `include` does not accept them too (a link in scope to an excluded
 * file): the session judges the link as its target (session/follow-links.ts),
 * which it finds in this snapshot. A target that resolves outside the
 * repository on disk is not added: the link is then reported as leading to
 * no file of the working tree.
 */
async function readLinkTargets(
  root: string,
  entries: Map<RepoPath, SnapshotEntry>,
  bytes: Map<BlobSha, Buffer>,
  include: (path: RepoPath) => boolean,
  indexBlobs: BlobReader | undefined,
): Promise<void> {
  const links = [...entries.values()].filter((e) => e.mode === SYMLINK && include(e.path));
  if (!links.length) return;
  const top = await realpath(root);
  for (const link of links) {
    let at: SnapshotEntry = link;
    for (let hops = 0; at.mode === SYMLINK && hops < MAX_LINKS; hops++) {
      const text = bytes.get(at.sha) ?? (await indexBlobs?.read(at.sha).catch(() => null));
      const target = text ? linkTarget(at.path, text.toString('utf8')) : null;
      if (!target) break;
      const known = entries.get(target);
      if (known) {
        at = known;
        continue;
      }
      const inside = await realpath(join(root, target)).then((p) => p.startsWith(top + sep), () => true);
      const file = inside ? await readWorktreeFile(root, target) : null;
      if (!file) break;
      entries.set(target, file.entry);
      bytes.set(file.entry.sha, file.content);
      at = file.entry;
    }
  }
}

/** Reads and hashes `paths`, adding an entry for each that is a file or symlink; returns bytes by sha. */
async function readFiles(root: string, paths: readonly RepoPath[], entries: Map<RepoPath, SnapshotEntry>): Promise<Map<BlobSha, Buffer>> {
  const bytes = new Map<BlobSha, Buffer>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < paths.length) {
      const path = paths[next++]!;
      const file = await readWorktreeFile(root, path);
      if (!file) continue;
      entries.set(path, file.entry);
      bytes.set(file.entry.sha, file.content);
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, paths.length) }, worker));
  return bytes;
}

/**
 * One file of the working tree as git would record it: a symlink as its
 * target's bytes, the owner's execute bit as the mode. Null when it is gone
 * or not a file (a directory is a submodule; sockets and FIFOs are not content).
 */
export async function readWorktreeFile(root: string, path: RepoPath): Promise<{ entry: SnapshotEntry; content: Buffer } | null> {
  const file = join(root, path);
  try {
    // lstat first: a symlink is stored as its target, and a FIFO must never be opened.
    const st = await lstat(file);
    if (st.isSymbolicLink()) {
      // git stores a symlink as a blob of its target's bytes (not necessarily UTF-8).
      const content = await readlink(file, { encoding: 'buffer' });
      return { entry: { path, sha: blobSha(content), mode: SYMLINK }, content };
    }
    if (!st.isFile()) return null;
    const content = await readFile(file);
    // git looks at the owner's execute bit only.
    return { entry: { path, sha: blobSha(content), mode: st.mode & 0o100 ? '100755' : '100644' }, content };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // Deleted (or a parent replaced by a file) since git listed it: not in the working tree.
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw new Error(`cannot read ${path} from the working tree: ${(err as Error).message}`);
  }
}
