import type { BlobSha, FileFacts, RepoPath } from '../model/index.js';
import { indexChanges, type ModuleIndex } from '../resolve/module-index.js';
import type { Reads } from '../resolve/read-log.js';
import { changedNames } from '../resolve/binding-changes.js';
import type { JudgmentLookup } from './file-judgment.js';

/** What a comparison of two snapshots needs of each. */
export interface ComparedSnapshot {
  readonly files: readonly RepoPath[];
  shaOf(path: RepoPath): BlobSha | undefined;
  /** Facts of the snapshot's blob at `path`; undefined when they are not at hand (every name then counts as changed). */
  factsOf(path: RepoPath): FileFacts | undefined;
  /** Built only when the two snapshots do not have the same files. */
  index(): ModuleIndex;
}

/** Everything that reads in one snapshot can see differ in another (read-log.ts names the kinds). */
export interface SnapshotChange {
  /** Both snapshots have the same paths (only contents differ): their module indexes are the same. */
  readonly sameFiles: boolean;
  readonly files: ReadonlySet<RepoPath>;
  /** Per changed file, the names whose meaning changed; null: any name. */
  readonly names: ReadonlyMap<RepoPath, ReadonlySet<string> | null>;
  readonly modules: ReadonlySet<string>;
  readonly tops: ReadonlySet<string>;
}

/** The same comparison the resolution memo makes on each sync (resolver.ts), between any two snapshots. */
export function snapshotChange(before: ComparedSnapshot, after: ComparedSnapshot): SnapshotChange {
  const paths: RepoPath[] = [];
  let sameFiles = before.files.length === after.files.length;
  for (const path of after.files) {
    const old = before.shaOf(path);
    if (old === undefined) sameFiles = false;
    if (old !== after.shaOf(path)) paths.push(path);
  }
  if (!sameFiles) for (const path of before.files) if (after.shaOf(path) === undefined) paths.push(path);
  return changeOf(before, after, paths, sameFiles);
}

/**
 * The change between two snapshots of the same files whose blobs differ at
 * `paths` alone: git named them (session/staged-delta.ts), so no file is
 * compared to find them.
 */
export function changeWithin(before: ComparedSnapshot, after: ComparedSnapshot, paths: Iterable<RepoPath>): SnapshotChange {
  return changeOf(before, after, paths, true);
}

function changeOf(before: ComparedSnapshot, after: ComparedSnapshot, paths: Iterable<RepoPath>, sameFiles: boolean): SnapshotChange {
  const files = new Set<RepoPath>();
  const names = new Map<RepoPath, ReadonlySet<string> | null>();
  for (const path of paths) {
    files.add(path);
    const was = before.shaOf(path) === undefined ? undefined : before.factsOf(path);
    const is = after.shaOf(path) === undefined ? undefined : after.factsOf(path);
    names.set(path, was && is ? changedNames(was, is) : null);
  }
  const { modules, tops } = sameFiles ? { modules: new Set<string>(), tops: new Set<string>() } : indexChanges(before.index(), after.index());
  return { sameFiles, files, names, modules, tops };
}

/** Whether a snapshot's judgments still hold after a change. */
export interface Holding {
  holds(path: RepoPath): boolean;
  /** Every file whose judgment may not hold (and perhaps a few more): any other holds without being asked. Null: any may not. */
  readonly suspects: Iterable<RepoPath> | null;
}

/** Whether a result computed from `reads` still holds after `change`. */
export function stillHolds(reads: Reads, change: SnapshotChange): boolean {
  if (change.files.size) for (const f of reads.files) if (change.files.has(f)) return false;
  if (change.names.size) {
    for (let i = 0; i < reads.names.length; i += 2) {
      const path = reads.names[i] as RepoPath;
      if (!change.names.has(path)) continue;
      const changedOnes = change.names.get(path);
      if (changedOnes === null || changedOnes!.has(reads.names[i + 1]!)) return false;
    }
  }
  if (change.modules.size) for (const m of reads.modules) if (change.modules.has(m)) return false;
  if (change.tops.size) for (const t of reads.tops) if (change.tops.has(t)) return false;
  return true;
}

/** The staleness rule over judgments held as objects: each asked with stillHolds, none known to hold without asking. */
export function heldByReads(judgments: JudgmentLookup, change: SnapshotChange): Holding {
  return { holds: (path) => stillHolds(judgments.get(path)!.reads, change), suspects: null };
}
