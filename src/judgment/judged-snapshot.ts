import type { BlobSha, Config, FactLookup, RepoPath } from '../model/index.js';
import { factKeyOfPath } from '../facts/fact-key.js';
import type { GraphView } from '../graph/import-graph.js';
import { chainsToTargets, importersWithin, type ReverseEdges } from '../graph/reverse-search.js';
import { buildModuleIndex, type ModuleIndex } from '../resolve/module-index.js';
import type { ResolutionMemo } from '../resolve/resolver.js';
import { byPlace, evaluateRules, type Evaluation } from '../rules/evaluate.js';
import type { JudgmentLookup } from './file-judgment.js';
import { JudgedProgram } from './judged-program.js';
import { snapshotChange, stillHolds, type ComparedSnapshot, type SnapshotChange } from './snapshot-change.js';

/**
 * A snapshot's verdict, worked out from an earlier snapshot's file
 * judgments: only files whose judgment does not hold any more are resolved
 * again. Program and evaluation are made on first use: a snapshot with the
 * earlier one's very content takes its evaluation as it is.
 */
export interface JudgedSnapshot extends EarlierJudgments {
  program(): JudgedProgram;
  evaluation(): Evaluation;
  reverseEdges(): ReverseEdges;
}

/** What a snapshot is judged from: another judged snapshot, or one read back from disk (judgment-file.ts). */
export interface EarlierJudgments {
  readonly files: readonly RepoPath[];
  shaOf(path: RepoPath): BlobSha | undefined;
  index(): ModuleIndex;
  /** Every file's judgment. */
  judgments(): JudgmentLookup;
  isUnjudged(path: RepoPath): boolean;
  /** Null when the earlier snapshot was never evaluated as a whole. */
  evaluation(): Evaluation | null;
  /** A faster stillHolds for judgments read from disk (judgment-codec.ts). */
  holdsAfter?(change: SnapshotChange): (path: RepoPath) => boolean;
  /** Its graph reversed, read from disk: stands for this snapshot's when the graph did not change. */
  reverseEdges?(): ReverseEdges;
}

export interface JudgeInput {
  readonly config: Config;
  readonly files: readonly RepoPath[];
  readonly shaOf: (path: RepoPath) => BlobSha | undefined;
  readonly facts: FactLookup;
  readonly memo: ResolutionMemo;
}

const NO_JUDGMENTS: EarlierJudgments = {
  files: [],
  shaOf: () => undefined,
  index: () => buildModuleIndex([], []),
  judgments: () => ({ get: () => undefined }),
  isUnjudged: () => false,
  evaluation: () => null,
};

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
  // The same files as before: the same module index (building one costs tens of ms on a large repository).
  if (earlier && change?.sameFiles) index = earlier.index();
  const from = earlier ?? NO_JUDGMENTS;
  const held = from.judgments();
  let program: JudgedProgram | null = null;
  let graphIsEarlier: boolean | null = null;
  const sameGraphAsEarlier = (): boolean => (graphIsEarlier ??= sameGraph(programOf(), from, change));
  const programOf = (): JudgedProgram => {
    if (program) return program;
    const holds = (change && from.holdsAfter?.(change)) ?? ((p: RepoPath) => stillHolds(held.get(p)!.reads, change!));
    const heldJudgments = { get: (p: RepoPath) => held.get(p), shaOf: (p: RepoPath) => from.shaOf(p), isUnjudged: (p: RepoPath) => from.isUnjudged(p) };
    return (program = new JudgedProgram(config, files, indexOf(), shaOf, facts, memo, heldJudgments, holds, (p) => (sameGraphAsEarlier() ? earlierGraph(p, from) : null)));
  };
  let evaluation: Evaluation | null = null;
  return {
    files,
    shaOf,
    index: indexOf,
    program: programOf,
    evaluation: () => (evaluation ??= evaluate(config, programOf(), from, sameGraphAsEarlier())),
    judgments: () => programOf().allJudgments(),
    isUnjudged: (p) => programOf().judgmentOf(p).unjudged,
    // HEAD judged from the index after a commit: the graph is passed on, not rebuilt (0.25 s on 10,000 modules).
    reverseEdges: () => programOf().graph.reverseOf,
  };
}

/**
 * With the same files and every file that was judged again still importing
 * what it did, the graph is the earlier one: scopes and transitive reach are
 * unchanged, so every other file's part of the earlier evaluation stands,
 * and only the files judged again are evaluated.
 */
function evaluate(config: Config, program: JudgedProgram, earlier: EarlierJudgments, graphIsEarlier: boolean): Evaluation {
  const before = earlier.evaluation();
  if (!before || !graphIsEarlier) return evaluateRules(config, program);
  const { stale } = program;
  if (!stale.size) return before;
  const fresh = evaluateRules(config, program, stale);
  const kept = <T extends { file: RepoPath }>(list: readonly T[]): T[] => list.filter((x) => !stale.has(x.file));
  return {
    violations: [...kept(before.violations), ...fresh.violations].sort(byPlace),
    diagnostics: [...kept(before.diagnostics), ...fresh.diagnostics].sort(byPlace),
  };
}

/** The earlier snapshot's stored graph, standing for this one's when they are the same graph. */
function earlierGraph(program: JudgedProgram, earlier: EarlierJudgments): GraphView | null {
  if (!earlier.reverseEdges) return null;
  const reverse = earlier.reverseEdges();
  return {
    // A file judged again may import the same modules from other lines: its own edges are its own.
    edgesOf: (path) => program.judgmentOf(path).edges,
    importersOf: (targets, depth) => importersWithin(reverse, targets, depth),
    chainsTo: (targets, avoid, includeTypeOnly) => chainsToTargets(reverse, targets, avoid, includeTypeOnly),
    size: program.files.length,
    reverseOf: reverse,
  };
}

/** Same files, and each file judged again imports the same files (type-only or not) as before. */
function sameGraph(program: JudgedProgram, earlier: EarlierJudgments, change: SnapshotChange | null): boolean {
  if (!change?.sameFiles) return false;
  const judgments = earlier.judgments();
  for (const path of program.stale) {
    const was = judgments.get(path)?.edges;
    const now = program.judgmentOf(path).edges;
    if (!was || was.length !== now.length) return false;
    for (let i = 0; i < now.length; i++) if (was[i]!.target !== now[i]!.target || was[i]!.typeOnly !== now[i]!.typeOnly) return false;
  }
  return true;
}
