import { lstat, readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { asRepoPath, type BlobReader, type BlobSha, type RepoPath, type Snapshot, type SnapshotEntry } from '../model/index.js';
import { blobSha } from '../facts/blob-sha.js';
import type { GitRepo } from './repo.js';
import { runGit } from './run-git.js';

const READ_CONCURRENCY = 64;

/**
 * Files on disk: tracked and untracked-but-not-ignored, hashed as git would
 * hash them, so facts already cached for the same bytes are reused.
 */
export async function readWorktreeSnapshot(repo: GitRepo): Promise<{ snapshot: Snapshot; reader: BlobReader }> {
  const out = await runGit(repo.root, ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--full-name']);
  const paths = [...new Set(out.toString('utf8').split('\0').filter(Boolean))].map(asRepoPath);
  const entries = new Map<RepoPath, SnapshotEntry>();
  const bytes = new Map<BlobSha, Buffer>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < paths.length) {
      const path = paths[next++]!;
      const file = join(repo.root, path);
      try {
        const st = await lstat(file);
        if (st.isSymbolicLink()) {
          // git stores a symlink as a blob of its target path.
          const target = Buffer.from(await readlink(file), 'utf8');
          const sha = blobSha(target);
          entries.set(path, { path, sha, mode: '120000' });
          bytes.set(sha, target);
        } else if (st.isFile()) {
          const content = await readFile(file);
          const sha = blobSha(content);
          entries.set(path, { path, sha, mode: st.mode & 0o111 ? '100755' : '100644' });
          bytes.set(sha, content);
        }
      } catch (err) {
        // Deleted since ls-files listed it: not in the working tree any more.
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: READ_CONCURRENCY }, worker));
  const sorted = new Map([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return {
    snapshot: { kind: 'worktree', entries: sorted, unmerged: [] },
    reader: {
      read: async (sha) => {
        const b = bytes.get(sha);
        if (!b) throw new Error(`blob ${sha} is not in the working tree snapshot`);
        return b;
      },
      close: () => bytes.clear(),
    },
  };
}
