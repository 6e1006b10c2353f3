import type { RepoPath, SnapshotEntry } from '../model/index.js';

/**
 * A snapshot's entries as `base` with some paths replaced, added or removed
 * (null), read through without copying `base`: a save is judged from a few
 * lookups (judged-from-saves.ts), and copying 10,000 entries for each cost
 * more than the lookups. Iterates in git's order (by path), as every
 * snapshot does, `base` being in it: replaced paths where they were, added
 * ones where they sort. `changes` is the caller's own, not changed later.
 */
export class OverlaidEntries implements ReadonlyMap<RepoPath, SnapshotEntry> {
  readonly size: number;

  constructor(
    private readonly base: ReadonlyMap<RepoPath, SnapshotEntry>,
    private readonly changes: ReadonlyMap<RepoPath, SnapshotEntry | null>,
  ) {
    let size = base.size;
    for (const [path, entry] of changes) size += (entry ? 1 : 0) - (base.has(path) ? 1 : 0);
    this.size = size;
  }

  get(path: RepoPath): SnapshotEntry | undefined {
    const changed = this.changes.get(path);
    return changed === undefined ? this.base.get(path) : (changed ?? undefined);
  }

  has(path: RepoPath): boolean {
    return this.get(path) !== undefined;
  }

  *entries(): MapIterator<[RepoPath, SnapshotEntry]> {
    const added: Array<[RepoPath, SnapshotEntry]> = [];
    for (const [path, entry] of this.changes) if (entry && !this.base.has(path)) added.push([path, entry]);
    added.sort(([a], [b]) => (a < b ? -1 : 1));
    let next = 0;
    for (const [path, entry] of this.base) {
      while (next < added.length && added[next]![0] < path) yield added[next++]!;
      const changed = this.changes.get(path);
      if (changed === undefined) yield [path, entry];
      else if (changed) yield [path, changed];
    }
    while (next < added.length) yield added[next++]!;
  }

  *keys(): MapIterator<RepoPath> {
    for (const [path] of this.entries()) yield path;
  }

  *values(): MapIterator<SnapshotEntry> {
    for (const [, entry] of this.entries()) yield entry;
  }

  [Symbol.iterator](): MapIterator<[RepoPath, SnapshotEntry]> {
    return this.entries();
  }

  forEach(each: (value: SnapshotEntry, key: RepoPath, map: ReadonlyMap<RepoPath, SnapshotEntry>) => void, thisArg?: unknown): void {
    for (const [path, entry] of this.entries()) each.call(thisArg, entry, path, this);
  }
}
