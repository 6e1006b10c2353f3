import type { BlobReader, BlobSha, RepoPath, Snapshot, SnapshotEntry } from '../model/index.js';
import type { WorktreeRead } from '../session/snapshot-source.js';
import { OverlaidEntries } from './overlaid-entries.js';

type ReadFromGit = (include: (path: RepoPath) => boolean) => Promise<{ snapshot: Snapshot; reader: BlobReader }>;

/** What a snapshot this worktree handed out was made of: which reading of git, and the saves up to which. */
interface Made {
  readonly gitRead: number;
  readonly seq: number;
}

interface Saved {
  /** Null: the file is gone. */
  readonly entry: SnapshotEntry | null;
  readonly bytes: Buffer | null;
  /** Order of arrival, to tell saves git has seen from saves after it looked. */
  readonly seq: number;
}

/**
 * The working tree as the daemon knows it: git's view of it (index blobs,
 * `diff-files`, untracked files), read again only when git moves, with the
 * files saved since laid over it, hashed when they were saved. A save is
 * judged without starting a git process; a branch switch, `git add` or any
 * doubt (`invalidate`) asks git again.
 */
export class LiveWorktree {
  private base: { snapshot: Snapshot; reader: BlobReader } | null = null;
  /** How many times git was read: a snapshot made over another reading is no base to say a change from. */
  private reads = 0;
  private stale = true;
  private readonly saves = new Map<RepoPath, Saved>();
  private seq = 0;
  private readonly made = new WeakMap<Snapshot, Made>();

  constructor(private readonly readFromGit: ReadFromGit) {}

  /** Git moved the index or HEAD, or a file the overlay cannot describe changed: the next read asks git. */
  invalidate(): void {
    this.stale = true;
  }

  /** A file as it was just read from disk (null entry: deleted). */
  saved(path: RepoPath, entry: SnapshotEntry | null, bytes: Buffer | null): void {
    this.saves.set(path, { entry, bytes, seq: ++this.seq });
  }

  /**
   * Git's view with the saves laid over it. With `since` (a snapshot this
   * worktree made over the same reading of git), the paths saved after it
   * are the only ones that can differ from it: a save is judged from the
   * last verdict's judgments without comparing every file (session.ts).
   */
  async snapshot(include: (path: RepoPath) => boolean, since: Snapshot | null): Promise<WorktreeRead> {
    if (this.stale || !this.base) {
      const asked = this.seq;
      this.stale = false;
      let fresh: { snapshot: Snapshot; reader: BlobReader };
      try {
        fresh = await this.readFromGit(include);
      } catch (err) {
        // The old base is what git moved past: asked again next time, never laid saves over and vouched for.
        this.stale = true;
        throw err;
      }
      this.base?.reader.close();
      this.base = fresh;
      this.reads++;
      // What git read is at least as new as every save made before it was asked.
      for (const [path, s] of this.saves) if (s.seq <= asked) this.saves.delete(path);
    }
    const base = this.base;
    const changes = new Map<RepoPath, SnapshotEntry | null>();
    const bytes = new Map<BlobSha, Buffer>();
    for (const [path, s] of this.saves) {
      if (!include(path)) continue;
      changes.set(path, s.entry);
      if (s.entry && s.bytes) bytes.set(s.entry.sha, s.bytes);
    }
    const snapshot: Snapshot = { kind: 'worktree', entries: new OverlaidEntries(base.snapshot.entries, changes), unmerged: base.snapshot.unmerged };
    this.made.set(snapshot, { gitRead: this.reads, seq: this.seq });
    return {
      snapshot,
      changedSince: since && this.changedSince(since, include),
      reader: {
        read: async (sha) => bytes.get(sha) ?? base.reader.read(sha),
        candidateFile: (sha) => (bytes.has(sha) ? null : base.reader.candidateFile(sha)),
        // The base outlives one check: it is closed when git is asked again.
        close: () => {},
      },
    };
  }

  /** The paths saved after `since` was made, or null when it was not made over this reading of git. */
  private changedSince(since: Snapshot, include: (path: RepoPath) => boolean): ReadonlySet<RepoPath> | null {
    const then = this.made.get(since);
    if (!then || then.gitRead !== this.reads) return null;
    const changed = new Set<RepoPath>();
    for (const [path, s] of this.saves) if (s.seq > then.seq && include(path)) changed.add(path);
    return changed;
  }

  close(): void {
    this.base?.reader.close();
    this.base = null;
  }
}
