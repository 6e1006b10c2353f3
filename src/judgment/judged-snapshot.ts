import type { BlobSha, Config, FactLookup, RepoPath } from '../model/index.js';
import { factKeyOfPath } from '../facts/fact-key.js';
import { buildModuleIndex, type ModuleIndex } from '../resolve/module-index.js';
import type { ResolutionMemo } from '../resolve/resolver.js';
import { byPlace, evaluateRules, type Evaluation } from '../rules/evaluate.js';
import type { FileJudgment } from './file-judgment.js';
import { JudgedProgram } from './judged-program.js';
import { isNoChange, snapshotChange, stillHolds, type ComparedSnapshot, type SnapshotChange } from './snapshot-change.js';

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
  /** A faster stillHolds for judgments read from disk (judgment-codec.ts). */
  holdsAfter?(change: SnapshotChange): (path: RepoPath) => boolean;
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
  const programOf = (): JudgedProgram => {
    if (program) return program;
    const holds = same ? () => true : (earlier?.holdsAfter?.(change!) ?? ((_: RepoPath, j: FileJudgment) => stillHolds(j.reads, change!)));
    return (program = new JudgedProgram(config, files, indexOf(), shaOf, facts, memo, held, holds));
  };
  let evaluation: Evaluation | null = same ? earlier!.evaluation() : null;
  return {
    files,
    shaOf,
    index: indexOf,
    program: programOf,
    evaluation: () => (evaluation ??= evaluate(config, programOf(), earlier, change)),
    judgments: () => (same && !program ? held : programOf().allJudgments()),
  };
}

/**
 * With the same files and every file that was judged again still importing
 * what it did, the graph is the earlier one: scopes and transitive reach are
 * unchanged, so every other file's part of the earlier evaluation stands,
 * and only the files judged again are evaluated.
 */
function evaluate(config: Config, program: JudgedProgram, earlier: EarlierJudgments | null, change: SnapshotChange | null): Evaluation {
  const before = earlier?.evaluation();
  if (!earlier || !before || !change?.sameFiles || !sameEdges(program, earlier)) return evaluateRules(config, program);
  const { stale } = program;
  if (!stale.size) return before;
  const fresh = evaluateRules(config, program, stale);
  const kept = <T extends { file: RepoPath }>(list: readonly T[]): T[] => list.filter((x) => !stale.has(x.file));
  return {
    violations: [...kept(before.violations), ...fresh.violations].sort(byPlace),
    diagnostics: [...kept(before.diagnostics), ...fresh.diagnostics].sort(byPlace),
  };
}

function sameEdges(program: JudgedProgram, earlier: EarlierJudgments): boolean {
  const judgments = earlier.judgments();
  for (const path of program.stale) {
    const was = judgments.get(path)?.edges;
    const now = program.judgmentOf(path).edges;
    if (!was || was.length !== now.length) return false;
    for (let i = 0; i < now.length; i++) if (was[i]!.target !== now[i]!.target || was[i]!.typeOnly !== now[i]!.typeOnly) return false;
  }
  return true;
}
