import { SYMLINK, type BlobSha, type FactKey, type RepoPath, type SnapshotEntry } from '../model/index.js';
import { isJudged } from './judged-files.js';
import type { Snapshot } from '../model/index.js';
import { requiredFacts } from '../facts/fact-store.js';
import { factKeyOfPath } from '../facts/fact-key.js';
import { judgeSnapshot } from '../judgment/judged-snapshot.js';
import type { EarlierJudgments } from '../judgment/judgments.js';
import { ResolutionMemo } from '../resolve/resolver.js';
import { judgedOf, type CheckOptions, type Judging, type SessionParts } from './judging.js';
import type { WorktreeRead } from './snapshot-source.js';

/** The last working-tree verdict: the snapshot it judged as the source read it, and the judgments it left in the store. */
export interface LastWorktree {
  readonly read: Snapshot;
  /** Null where the store keeps no judgments past a check (keptFor `check`): then there is none to judge from. */
  readonly judgments: EarlierJudgments | null;
  /** It had links in scope: a change to a link's target is not a change at the link's path. */
  readonly linked: boolean;
}

/**
 * A check of the working tree from the last one's judgments, when the source
 * says which paths saves changed since the snapshot those judgments are of
 * (live-worktree.ts): only those are read and judged again, and no file is
 * compared or listed to find the change, as judged-from-head.ts does for
 * the index. Null when that cannot be done (no such judgments, links in
 * scope, a file added to or removed from what is judged): the working
 * tree is then listed.
 */
export async function judgedFromSaves(parts: SessionParts, read: WorktreeRead, last: LastWorktree | null, options: CheckOptions): Promise<Judging | null> {
  if (!last?.judgments || last.linked || !read.changedSince) return null;
  const { config, included, judgments } = parts;
  const earlier = await judgments.load('worktree');
  // The store's latest are the very judgments of that snapshot: nothing else judged the working tree since.
  if (earlier !== last.judgments) return null;
  const shaOf = judgedShaIn(read.snapshot.entries, included);
  for (const path of read.changedSince) {
    if (read.snapshot.entries.get(path)?.mode === SYMLINK) return null;
    // The same files are judged: a file added or removed changes the module index and every scope by glob.
    if ((shaOf(path) === undefined) !== (earlier.shaOf(path) === undefined)) return null;
  }
  // Saved again as it was (a touch, a save undone): not a change to judge across.
  const changed = [...read.changedSince].filter((path) => shaOf(path) !== earlier.shaOf(path));
  // Each changed file's blobs on both sides of the change it is judged across.
  const needed = new Set<FactKey>();
  for (const path of changed) for (const sha of [shaOf(path), earlier.shaOf(path)]) if (sha) needed.add(factKeyOfPath(path, sha));
  const parsed = await parts.facts.ensure(needed, [read.reader, parts.source.blobs()], options.onProgress, 'on-read');
  // Only the changed files' facts were made sure of: any other is read from the cache, and one missing there is not "no imports".
  const facts = requiredFacts(parts.facts);
  const now = judgeSnapshot({ config, files: earlier.files, shaOf, facts, memo: new ResolutionMemo() }, earlier, changed);
  return {
    judged: judgedOf(config, now),
    head: null,
    shaOf,
    files: earlier.files.length,
    baseline: read.snapshot.entries.get(config.baselineFile)?.sha ?? null,
    links: [],
    unmerged: read.snapshot.unmerged,
    reader: read.reader,
    parsed,
    keep: async () => judgments.judged('worktree', now, earlier),
  };
}

/**
 * The blobs of the files a working-tree snapshot has judged, as a listing
 * judges them (isJudged). Outside judgedFromSaves on purpose: a closure made
 * there would share its scope, which holds the earlier judgments; kept
 * judgments hold this lookup, so each would hold the one before it.
 */
function judgedShaIn(entries: ReadonlyMap<RepoPath, SnapshotEntry>, included: (path: string) => boolean): (path: RepoPath) => BlobSha | undefined {
  return (path) => {
    const e = entries.get(path);
    return e && isJudged(e, included) ? e.sha : undefined;
  };
}
