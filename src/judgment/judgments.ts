import type { BlobSha, RepoPath, TreeId } from '../model/index.js';
import type { ReverseEdges } from '../graph/reverse-search.js';
import type { ModuleIndex } from '../resolve/module-index.js';
import type { Evaluation } from '../rules/evaluate.js';
import type { JudgmentLookup } from './file-judgment.js';
import type { Holding, SnapshotChange } from './snapshot-change.js';
import type { KeptTargets } from './kept-targets.js';

/**
 * The engine's one contract: the judgments of a snapshot, as the next
 * snapshot is judged from them. A judged snapshot (judged-snapshot.ts), the
 * judgments read back from disk (judgment-file.ts) and those a long-lived
 * process keeps (kept-judgments.ts) each implement every member; no caller
 * asks whether one is there.
 */
export interface EarlierJudgments {
  readonly files: readonly RepoPath[];
  /** The HEAD tree these are the judgments of, when that is known (written with them); else null. */
  readonly head: HeadOrigin | null;
  shaOf(path: RepoPath): BlobSha | undefined;
  index(): ModuleIndex;
  /** Every file's judgment. */
  judgments(): JudgmentLookup;
  isUnjudged(path: RepoPath): boolean;
  /** The few files a report names whatever changed, listed without making every judgment an object. */
  flagged(): FlaggedFiles;
  /** Null when the snapshot was never evaluated as a whole. */
  evaluation(): Evaluation | null;
  /**
   * What the rules' declared symbols were in that snapshot (kept-targets.ts): its judgments hold in
   * another snapshot only where the targets' digest there is the same.
   */
  targets(): KeptTargets;
  /**
   * Which judgments still hold after `change`. One rule (snapshot-change.ts's
   * stillHolds over each judgment's reads); judgments read from disk answer
   * it over their stored numbers and name the few files it can fail for.
   */
  holdsAfter(change: SnapshotChange): Holding;
  /** The snapshot's graph reversed: stands for the next one's when the graph did not change. */
  reverseEdges(): ReverseEdges;
}

/**
 * The commit tree judgments kept on disk are of, and the blob of its baseline
 * file: with these a check of the index starts from HEAD's judgments and
 * reads only what the index changes (session/staged-delta.ts), never listing HEAD.
 */
export interface HeadOrigin {
  readonly tree: TreeId;
  readonly baseline: BlobSha | null;
}

/**
 * Files a check reports whatever it was asked: those with problems (or
 * whose problems were never worked out), which a check with no reference
 * reports, and those nobody could read, which block every check.
 */
export interface FlaggedFiles {
  readonly problems: readonly RepoPath[];
  readonly unjudged: readonly RepoPath[];
}
