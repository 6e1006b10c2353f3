import type { BlobReader, RepoPath, Snapshot, SnapshotEntry, TreeId } from '../model/index.js';
import type { DeltaEntry } from '../git/index-delta.js';

/** A read of the working tree: its snapshot, the reader of its blobs, and what the source knows of how it differs from an earlier read. */
export interface WorktreeRead {
  readonly snapshot: Snapshot;
  readonly reader: BlobReader;
  /**
   * The only paths whose entries can differ from those of `since` (the earlier
   * snapshot of this source the caller named), when the source can tell: saves
   * laid over the very view of git that one was read over (live-worktree.ts).
   * Null when it cannot (no `since`, a snapshot not its own, git read again).
   */
  readonly changedSince: ReadonlySet<RepoPath> | null;
}

/** The I/O a session needs, injected so the session is tested without processes where that helps. */
export interface SnapshotSource {
  staged(): Promise<Snapshot>;
  head(): Promise<Snapshot>;
  /** Files on disk; only paths `include` accepts need be read. `since`: an earlier read's snapshot to say the change from. */
  worktree(include: (path: RepoPath) => boolean, since: Snapshot | null): Promise<WorktreeRead>;
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
