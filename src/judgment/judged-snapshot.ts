import type { BlobSha, Config, FactLookup, RepoPath } from '../model/index.js';
import { factKeyOfPath } from '../facts/fact-key.js';
import { buildModuleIndex, type ModuleIndex } from '../resolve/module-index.js';
import type { ResolutionMemo } from '../resolve/resolver.js';
import { evaluateRules, type Evaluation } from '../rules/evaluate.js';
import type { FileJudgment } from './file-judgment.js';
import { JudgedProgram } from './judged-program.js';
import { isNoChange, snapshotChange, stillHolds, type ComparedSnapshot } from './snapshot-change.js';

/**
 * A snapshot's verdict, worked out from an earlier snapshot's file
 * judgments: only files whose judgment does not hold any more are resolved
 * again. Program and evaluation are made on first use: a snapshot with the
 * earlier one's very content takes its evaluation as it is.
 */
export interface JudgedSnapshot {
  readonly files: readonly RepoPath[];
  shaOf(path: RepoPath): BlobSha | undefined;
  index(): ModuleIndex;
  program(): JudgedProgram;
  evaluation(): Evaluation;
  /** Every file's judgment (the earlier ones that held, and the new ones). */
  judgments(): ReadonlyMap<RepoPath, FileJudgment>;
}

/** What a snapshot is judged from: another judged snapshot, or one read back from disk (judgment-file.ts). */
export interface EarlierJudgments {
  readonly files: readonly RepoPath[];
  shaOf(path: RepoPath): BlobSha | undefined;
  index(): ModuleIndex;
  judgments(): ReadonlyMap<RepoPath, FileJudgment>;
  /** Null when the earlier snapshot was never evaluated as a whole. */
  evaluation(): Evaluation | null;
}

export interface JudgeInput {
  readonly config: Config;
  readonly files: readonly RepoPath[];
  readonly shaOf: (path: RepoPath) => BlobSha | undefined;
  readonly facts: FactLookup;
  readonly memo: ResolutionMemo;
}

export function judgeSnapshot(input: JudgeInput, earlier: EarlierJudgments | null): JudgedSnapshot {
  const { config, files, shaOf, facts, memo } = input;
  const factsIn = (snapshotShaOf: (p: RepoPath) => BlobSha | undefined) => (p: RepoPath) => {
    const sha = snapshotShaOf(p);
    return sha === undefined ? undefined : facts.get(factKeyOfPath(p, sha));
  };
  let index: ModuleIndex | null = null;
  const indexOf = (): ModuleIndex => (index ??= buildModuleIndex(files, config.pythonRoots));
  const now: ComparedSnapshot = { files, shaOf, factsOf: factsIn(shaOf), index: indexOf };
  const change = earlier ? snapshotChange({ files: earlier.files, shaOf: (p) => earlier.shaOf(p), factsOf: factsIn((p) => earlier.shaOf(p)), index: () => earlier.index() }, now) : null;
  const same = change !== null && isNoChange(change);
  // The same files as before: the same module index (building one costs tens of ms on a large repository).
  if (earlier && change?.sameFiles) index = earlier.index();
  const held: ReadonlyMap<RepoPath, FileJudgment> = earlier ? earlier.judgments() : new Map();
  let program: JudgedProgram | null = null;
  const programOf = (): JudgedProgram =>
    (program ??= new JudgedProgram(config, files, indexOf(), shaOf, facts, memo, held, (_, j) => same || stillHolds(j.reads, change!)));
  let evaluation: Evaluation | null = same ? earlier!.evaluation() : null;
  return {
    files,
    shaOf,
    index: indexOf,
    program: programOf,
    evaluation: () => (evaluation ??= evaluateRules(config, programOf())),
    judgments: () => (same && !program ? held : programOf().allJudgments()),
  };
}
