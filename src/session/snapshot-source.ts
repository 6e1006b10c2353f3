import type { BlobReader, RepoPath, Snapshot, SnapshotEntry, TreeId } from '../model/index.js';
import type { DeltaEntry } from '../git/index-delta.js';

/** The I/O a session needs, injected so the session is tested without processes where that helps. */
export interface SnapshotSource {
  staged(): Promise<Snapshot>;
  head(): Promise<Snapshot>;
  /** Files on disk; only paths `include` accepts need be read. */
  worktree(include?: (path: RepoPath) => boolean): Promise<{ snapshot: Snapshot; reader: BlobReader }>;
  /** Reader for index and HEAD blobs (git cat-file --batch). */
  blobs(): BlobReader;
  /**
   * Reader for index blobs that takes these entries' from the working tree
   * when the bytes there are the same (checked by blob sha), and names those
   * files to whoever would read them itself (BlobReader.candidateFile).
   */
  onDiskFirst(entries: Iterable<SnapshotEntry>): BlobReader;
  /** What a check of the index needs to start from HEAD's kept judgments instead of listing (the one-shot CLI's source); null where a process keeps its own (a daemon). */
  readonly deltas: DeltaSource | null;
}

/** git's answers about what changed, so a check reads those paths only. */
export interface DeltaSource {
  /** HEAD's tree id (null: no commit yet). */
  headTree(): Promise<TreeId | null>;
  /** How the index differs from a tree; null when it has unmerged paths. */
  indexDelta(tree: TreeId): Promise<DeltaEntry[] | null>;
  /** How one tree differs from another: what commits since the kept judgments' tree changed. */
  treeDelta(from: TreeId, to: TreeId): Promise<DeltaEntry[] | null>;
}
