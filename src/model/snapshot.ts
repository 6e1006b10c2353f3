import type { BlobSha, RepoPath, TreeId } from './brands.js';

/** Which version of the tree is judged. */
export type SnapshotKind = 'staged' | 'head' | 'worktree';

/** git file mode as ls-files/ls-tree print it: regular, executable, symlink, gitlink (submodule). */
export type GitMode = '100644' | '100755' | '120000' | '160000' | string;

export const SYMLINK: GitMode = '120000';
/** Mode of a submodule entry (type `commit`): the one entry kind with no blob behind it. */
export const GITLINK: GitMode = '160000';

/** Symlinks and submodules are not source we can judge. */
export function judgeableMode(mode: GitMode): boolean {
  return mode !== SYMLINK && mode !== GITLINK;
}

export interface SnapshotEntry {
  readonly path: RepoPath;
  readonly sha: BlobSha;
  readonly mode: GitMode;
}

/** path -> blob; the same facts cache serves every kind because facts are keyed by sha. */
export interface Snapshot {
  readonly kind: SnapshotKind;
  readonly entries: ReadonlyMap<RepoPath, SnapshotEntry>;
  /** Paths git reports as unmerged (stage 1-3) in the index; judged at stage 2 ("ours"). */
  readonly unmerged: readonly RepoPath[];
  /** HEAD's tree, for a snapshot of it (null: no commit yet); absent for the index and the working tree. */
  readonly tree?: TreeId | null;
}

/** Reads blob contents for shas of one snapshot (git cat-file for staged/head, disk for worktree). */
export interface BlobReader {
  read(sha: BlobSha): Promise<Buffer>;
  /**
   * A file on disk (absolute path) that likely holds the blob's bytes, or
   * null when the reader holds them in memory or knows no such file. Whoever
   * reads it must check the bytes' blob sha and fall back to `read`: a parse
   * worker reads a cold index's files itself this way, and none of their
   * bytes pass through git or the main thread.
   */
  candidateFile(sha: BlobSha): string | null;
  close(): void;
}
