import type { BlobReader, BlobSha, RepoPath, Snapshot, SnapshotEntry } from '../model/index.js';

type ReadFromGit = (include?: (path: RepoPath) => boolean) => Promise<{ snapshot: Snapshot; reader: BlobReader }>;

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
  private stale = true;
  private readonly saves = new Map<RepoPath, Saved>();
  private seq = 0;

  constructor(private readonly readFromGit: ReadFromGit) {}

  /** Git moved the index or HEAD, or a file the overlay cannot describe changed: the next read asks git. */
  invalidate(): void {
    this.stale = true;
  }

  /** A file as it was just read from disk (null entry: deleted). */
  saved(path: RepoPath, entry: SnapshotEntry | null, bytes: Buffer | null): void {
    this.saves.set(path, { entry, bytes, seq: ++this.seq });
  }

  async snapshot(include?: (path: RepoPath) => boolean): Promise<{ snapshot: Snapshot; reader: BlobReader }> {
    if (this.stale || !this.base) {
      const asked = this.seq;
      this.stale = false;
      const fresh = await this.readFromGit(include);
      this.base?.reader.close();
      this.base = fresh;
      // What git read is at least as new as every save made before it was asked.
      for (const [path, s] of this.saves) if (s.seq <= asked) this.saves.delete(path);
    }
    const base = this.base;
    const entries = new Map(base.snapshot.entries);
    const bytes = new Map<BlobSha, Buffer>();
    for (const [path, s] of this.saves) {
      if (include && !include(path)) continue;
      if (!s.entry) entries.delete(path);
      else {
        entries.set(path, s.entry);
        if (s.bytes) bytes.set(s.entry.sha, s.bytes);
      }
    }
    return {
      snapshot: { kind: 'worktree', entries, unmerged: base.snapshot.unmerged },
      reader: {
        read: async (sha) => bytes.get(sha) ?? base.reader.read(sha),
        candidateFile: (sha) => (bytes.has(sha) ? null : base.reader.candidateFile(sha)),
        // The base outlives one check: it is closed when git is asked again.
        close: () => {},
      },
    };
  }

  close(): void {
    this.base?.reader.close();
    this.base = null;
  }
}
