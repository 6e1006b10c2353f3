import { lstat, readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { asRepoPath, type BlobReader, type BlobSha, type RepoPath, type Snapshot, type SnapshotEntry } from '../model/index.js';
import { blobSha } from '../facts/blob-sha.js';
import type { GitRepo } from './repo.js';
import { runGit } from './run-git.js';

/** Enough parallel reads to hide disk latency, few enough to stay clear of EMFILE. */
const READ_CONCURRENCY = 64;

export interface WorktreeOptions {
  /** Only these paths are read and hashed (e.g. the config's include globs); default: every file. */
  readonly include?: (path: RepoPath) => boolean;
}

/**
 * Files on disk: tracked and untracked-but-not-ignored, hashed as
 * `git hash-object --no-filters` would, so facts cached for the same bytes in
 * the index or HEAD are reused. No clean filter or eol conversion is applied:
 * the worktree is judged as the user sees it.
 */
export async function readWorktreeSnapshot(
  repo: GitRepo,
  options: WorktreeOptions = {},
): Promise<{ snapshot: Snapshot; reader: BlobReader }> {
  const out = await runGit(repo.root, ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--full-name']);
  // An unmerged path is listed once per stage.
  let paths = [...new Set(out.toString('utf8').split('\0'))].filter(Boolean).map(asRepoPath);
  if (options.include) paths = paths.filter(options.include);

  const entries = new Map<RepoPath, SnapshotEntry>();
  const bytes = new Map<BlobSha, Buffer>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < paths.length) {
      const path = paths[next++]!;
      const file = await readEntry(join(repo.root, path), path);
      if (!file) continue;
      entries.set(path, { path, sha: file.sha, mode: file.mode });
      bytes.set(file.sha, file.content);
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, paths.length) }, worker));

  // Reads complete in any order and ls-files lists untracked files before
  // tracked ones: sort by path, as the index is (UTF-16 order, which equals
  // git's byte order outside astral-plane characters).
  const sorted = new Map([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  let closed = false;
  return {
    snapshot: { kind: 'worktree', entries: sorted, unmerged: [] },
    reader: {
      read: async (sha) => {
        const b = bytes.get(sha);
        if (b) return b;
        throw new Error(closed ? `worktree reader is closed; cannot read ${sha}` : `blob ${sha} is not in the working tree snapshot`);
      },
      close: () => {
        closed = true;
        bytes.clear();
      },
    },
  };
}

async function readEntry(file: string, path: RepoPath): Promise<{ sha: BlobSha; mode: string; content: Buffer } | null> {
  try {
    // lstat first: a symlink is stored as its target, and a FIFO must never be opened.
    const st = await lstat(file);
    if (st.isSymbolicLink()) {
      // git stores a symlink as a blob of its target's bytes (not necessarily UTF-8).
      const content = await readlink(file, { encoding: 'buffer' });
      return { sha: blobSha(content), mode: '120000', content };
    }
    // Directories are submodules or nested repositories; sockets and FIFOs are not content.
    if (!st.isFile()) return null;
    const content = await readFile(file);
    // git looks at the owner's execute bit only.
    return { sha: blobSha(content), mode: st.mode & 0o100 ? '100755' : '100644', content };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // Deleted (or a parent replaced by a file) since ls-files listed it: not in the working tree.
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw new Error(`cannot read ${path} from the working tree: ${(err as Error).message}`);
  }
}
