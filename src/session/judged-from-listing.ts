import type { BlobReader, BlobSha, Diagnostic, RepoPath, Snapshot, SnapshotEntry, SnapshotKind } from '../model/index.js';
import type { FactKey } from '../model/index.js';
import { isJudged } from './judged-files.js';
import { factKeyOfPath } from '../facts/fact-key.js';
import { judgeSnapshot, type JudgedSnapshot } from '../judgment/judged-snapshot.js';
import type { EarlierJudgments } from '../judgment/judgments.js';
import { ResolutionMemo } from '../resolve/resolver.js';
import { followLinks } from './follow-links.js';
import { judgedOf, type CheckMode, type CheckOptions, type Judged, type Judging, type SessionParts } from './judging.js';
import type { WorktreeRead } from './snapshot-source.js';

/** A snapshot as git or the disk lists it, its facts made sure of, and HEAD's when a staged check reports against it. */
export interface Listed {
  readonly snapshot: Snapshot;
  readonly reader: BlobReader;
  readonly head: Snapshot | null;
  /** The judgeable files of the snapshot and of HEAD. */
  readonly current: ReadonlyMap<RepoPath, SnapshotEntry>;
  readonly reference: ReadonlyMap<RepoPath, SnapshotEntry> | null;
  readonly parsed: number;
  /** Links in scope that lead to no file of the snapshot. */
  readonly links: readonly Diagnostic[];
  /** HEAD has links in scope: its judgments are not kept under its tree. */
  readonly headLinked: boolean;
  /** The snapshot has links in scope: its judgments are not judged from a list of changed paths alone. */
  readonly linked: boolean;
}

/** The working tree as a check reads it. `since`: the snapshot of the last verdict, for the source to say what changed from it. */
export function readWorktree(parts: SessionParts, since: Snapshot | null): Promise<WorktreeRead> {
  const { config, included } = parts;
  // The baseline is read from the snapshot it judges, though no include pattern names it.
  return parts.source.worktree((p) => included(p) || p === config.baselineFile, since);
}

/** `worktree`: the working tree as read (readWorktree), for mode worktree; null for the index. */
export async function loadListed(parts: SessionParts, mode: CheckMode, options: CheckOptions, worktree: WorktreeRead | null): Promise<Listed> {
  const { source, facts, included } = parts;
  if ((mode === 'worktree') !== (worktree !== null)) throw new Error(`a ${mode} check is listed ${worktree ? 'with' : 'without'} a working-tree read`);
  // The index and HEAD are two git processes: asked at once, not one after the other.
  const [judged, head] = await Promise.all([
    worktree ??
      // Index blobs the working tree holds unchanged are read from it: on a cold index, by the parse workers themselves.
      source.staged().then((snapshot) => ({ snapshot, reader: source.onDiskFirst(snapshot.entries.values()) })),
    mode === 'staged' ? source.head() : null,
  ]);
  // Links in scope are read as the files they lead to, in the snapshot they are in.
  const [followed, followedHead] = await Promise.all([
    followLinks(judged.snapshot, included, judged.reader),
    head && followLinks(head, included, source.blobs()),
  ]);
  const { reader } = judged;
  const snapshot = followed.snapshot;
  const headSnapshot = followedHead?.snapshot ?? null;
  const current = judgeable(snapshot, included);
  const reference = headSnapshot ? judgeable(headSnapshot, included) : null;
  const needed = new Set<FactKey>();
  // values(), not entries: a pair made per file per check is megabytes of garbage on a large repository.
  for (const e of current.values()) needed.add(factKeyOfPath(e.path, e.sha));
  for (const e of reference?.values() ?? []) needed.add(factKeyOfPath(e.path, e.sha));
  // A check from judgments reads the facts of a few files: their records are checked as they are read.
  const verification = options.verifyFacts ? 'now' : 'on-read';
  const parsed = await facts.ensure(needed, mode === 'worktree' ? [reader, source.blobs()] : [reader], options.onProgress, verification);
  // HEAD's judgments with links in them are kept with no tree: a change to a target alone is not a change git lists for the link.
  return { snapshot, reader, head: headSnapshot, current, reference, parsed, links: followed.broken, headLinked: followedHead?.linked ?? false, linked: followed.linked };
}

/** What a verdict on a listed snapshot is made of: the snapshot judged from the store's judgments, and HEAD's when asked. */
export async function judgedListing(parts: SessionParts, mode: CheckMode, listed: Listed): Promise<Judging> {
  const { snapshot, reader, head, current, reference, parsed, links, headLinked } = listed;
  const judged = await judgedSnapshots(parts, mode, current, reference, head, headLinked);
  // In staged mode only files the commit changes are worth a warning; with no reference (CI's --all, the working tree), every file's.
  const changed = reference && changedFrom(reference, current);
  // The same files and blobs as HEAD: the index's evaluation is HEAD's.
  const asHead = changed?.size === 0 && reference!.size === current.size;
  return {
    judged: judged.current,
    head: changed && { changed, evaluation: () => (asHead ? judged.current : judged.reference!()).evaluation() },
    shaOf: shaIn(current),
    files: current.size,
    baseline: snapshot.entries.get(parts.config.baselineFile)?.sha ?? null,
    links,
    unmerged: snapshot.unmerged,
    reader,
    parsed,
    keep: judged.keep,
  };
}

/**
 * The snapshot being judged and, when asked, its reference (HEAD), from
 * the store's judgments; `keep` hands them on to the next check.
 */
async function judgedSnapshots(
  parts: SessionParts,
  mode: CheckMode,
  current: ReadonlyMap<RepoPath, SnapshotEntry>,
  reference: ReadonlyMap<RepoPath, SnapshotEntry> | null,
  headSnapshot: Snapshot | null,
  /** HEAD has links in scope: its judgments are not kept under its tree (judgedFromHead could not see a target change). */
  headLinked = false,
): Promise<{ current: Judged; reference: (() => Judged) | null; keep(): Promise<void> }> {
  const { config, facts, judgments: store } = parts;
  const kind: SnapshotKind = mode === 'worktree' ? 'worktree' : 'staged';
  const [earlier, earlierHead] = await Promise.all([store.load(kind), reference ? store.load('head') : null]);
  // The judgments are what is kept: what resolving the few stale files found is this check's scratch work.
  const memo = new ResolutionMemo();
  // The earlier list when the paths are the same: what is derived from a list alone (scopes by glob) is remembered by it.
  const filesOf = (entries: ReadonlyMap<RepoPath, SnapshotEntry>): readonly RepoPath[] => (earlier && samePaths(earlier.files, entries) ? earlier.files : [...entries.keys()]);
  const input = (entries: ReadonlyMap<RepoPath, SnapshotEntry>) => ({ config: config, files: filesOf(entries), shaOf: shaIn(entries), facts: facts, memo });
  const now = judgeSnapshot(input(current), earlier);
  let head: JudgedSnapshot | null = null;
  // HEAD is judged from what was kept when that was HEAD already, else from the index (a few files away).
  const headFrom = earlierHead && sameListing(earlierHead, reference!) ? earlierHead : null;
  const headOf = (): JudgedSnapshot => (head ??= judgeSnapshot(input(reference!), headFrom ?? now));
  return {
    current: judgedOf(config, now),
    reference: reference ? () => judgedOf(config, headOf()) : null,
    keep: async () => {
      // HEAD's are written for the next commit's check: they change less often than the index.
      if (mode === 'staged') {
        const kept = reference ? headOf() : now;
        // With the tree they are of: the next check of the index starts from them, listing neither HEAD nor the index.
        const tree = reference && !headLinked ? headSnapshot?.tree : null;
        const origin = tree ? { tree, baseline: headSnapshot!.entries.get(config.baselineFile)?.sha ?? null } : null;
        const had = reference ? headFrom && (!origin || headFrom.head?.tree === origin.tree) : earlier && sameListing(earlier, current);
        if (!had) return store.save(kept, origin);
      }
      // --all (CI) writes the index's where no staged check left HEAD's: a runner that keeps the state
      // directory judges from them next time (0.55 s, not 6.8 s, on 10,381 real files), and an --all run
      // locally never replaces the HEAD judgments the hook starts from.
      if (mode === 'all' && (!earlier || (!earlier.head && !sameListing(earlier, current)))) return store.save(now, null);
      store.judged(kind, now, earlier);
      if (head && headFrom) store.judged('head', head, headFrom);
    },
  };
}

/**
 * Regular files the config includes that an extractor reads, and the
 * manifests script resolution reads; symlinks and submodules are not
 * source we can judge.
 */
function judgeable(snapshot: Snapshot, included: (path: string) => boolean): ReadonlyMap<RepoPath, SnapshotEntry> {
  const judged = (e: SnapshotEntry): boolean => isJudged(e, included);
  for (const e of snapshot.entries.values()) {
    if (judged(e)) continue;
    const out = new Map<RepoPath, SnapshotEntry>();
    for (const f of snapshot.entries.values()) if (judged(f)) out.set(f.path, f);
    return out;
  }
  // A snapshot read with the config's filter (the working tree) is all judgeable: taken as it is, not copied.
  return snapshot.entries;
}

/** Whether a list names exactly these paths, in this order. */
function samePaths(files: readonly RepoPath[], entries: ReadonlyMap<RepoPath, SnapshotEntry>): boolean {
  if (files.length !== entries.size) return false;
  let i = 0;
  for (const path of entries.keys()) if (files[i++] !== path) return false;
  return true;
}

/** Whether earlier judgments are of exactly these files and blobs. */
function sameListing(earlier: EarlierJudgments, entries: ReadonlyMap<RepoPath, SnapshotEntry>): boolean {
  if (earlier.files.length !== entries.size) return false;
  for (const e of entries.values()) if (earlier.shaOf(e.path) !== e.sha) return false;
  return true;
}

/** Entries of `current` that `reference` lacks or holds another blob of. */
function changedFrom(reference: ReadonlyMap<RepoPath, SnapshotEntry>, current: ReadonlyMap<RepoPath, SnapshotEntry>): Map<RepoPath, SnapshotEntry> {
  const out = new Map<RepoPath, SnapshotEntry>();
  for (const e of current.values()) if (reference.get(e.path)?.sha !== e.sha) out.set(e.path, e);
  return out;
}

/**
 * Outside Session.judged on purpose: a closure made there would share its
 * scope, which holds the earlier judgments and this check's snapshot; kept
 * judgments hold this lookup, so each would hold the one before it.
 */
function shaIn(entries: ReadonlyMap<RepoPath, SnapshotEntry>): (path: RepoPath) => BlobSha | undefined {
  return (path) => entries.get(path)?.sha;
}
