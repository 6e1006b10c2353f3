import type { BlobSha, Config, Diagnostic, FactLookup, RepoPath, Rule, Suppression } from '../model/index.js';
import { ImportGraph, type GraphView } from '../graph/import-graph.js';
import { inFileOrder } from '../graph/file-order.js';
import type { ModuleIndex } from '../resolve/module-index.js';
import type { ResolutionMemo } from '../resolve/resolver.js';
import type { ProgramFacts } from '../rules/evaluate.js';
import type { RuleTargets } from '../rules/rule-targets.js';
import type { RuleErrorView } from '../rules/rule-errors.js';
import { fileResolver, type FileResolver } from './file-resolver.js';
import { judgeFile, widenedNeeds, type DirectUnits, type FileJudgment, type JudgmentLookup, type JudgmentNeeds } from './file-judgment.js';
import type { EarlierJudgments, FlaggedFiles } from './judgments.js';
import type { Holding } from './snapshot-change.js';
import { keptTargets, type KeptRuleTargets, type KeptTargets } from './kept-targets.js';

/**
 * Flagged files of judgments laid over earlier ones, in the order of
 * `files`: the earlier flagged files still held (`held`: same blob, not
 * judged again), and the judgments laid over them that are flagged.
 */
export function flaggedOver(earlier: FlaggedFiles, over: ReadonlyMap<RepoPath, FileJudgment>, held: (path: RepoPath) => boolean, files: readonly RepoPath[]): FlaggedFiles {
  const pick = (listed: readonly RepoPath[], flags: (j: FileJudgment) => boolean): RepoPath[] => {
    const out = new Set<RepoPath>();
    for (const p of listed) if (!over.has(p) && held(p)) out.add(p);
    for (const [p, j] of over) if (flags(j)) out.add(p);
    return inFileOrder(out, files);
  };
  return { problems: pick(earlier.problems, hasProblems), unjudged: pick(earlier.unjudged, (j) => j.unjudged) };
}

/** Problems found, or never worked out: either way a report must ask. */
function hasProblems(j: FileJudgment): boolean {
  return j.problems === null || j.problems.length > 0;
}

/**
 * A snapshot's program made of file judgments: those of an earlier snapshot
 * that still hold here are taken as they are (and made into objects only if
 * asked for), the others are judged again, resolving only what they need.
 * Rules then run over it as over any program; a judgment that lacks
 * something a rule asks (a rule it was not judged under) is completed on
 * demand.
 */
export class JudgedProgram implements ProgramFacts, RuleErrorView {
  private readonly own = new Map<RepoPath, FileJudgment>();
  /** The earlier snapshot's judgments: those that hold here are taken as they are. */
  private readonly held: JudgmentLookup;
  private resolving: FileResolver | null = null;
  private builtGraph: GraphView | null = null;
  private kept: KeptTargets | null = null;
  /** Judgments made here (on demand too) rather than taken from the earlier snapshot. */
  judgedHere = 0;
  /** Files whose earlier judgment did not hold (or that had none), in file order. */
  readonly stale = new Set<RepoPath>();

  constructor(
    private readonly config: Config,
    readonly files: readonly RepoPath[],
    readonly index: ModuleIndex,
    readonly shaOf: (path: RepoPath) => BlobSha | undefined,
    private readonly facts: FactLookup,
    private readonly memo: ResolutionMemo,
    private readonly earlier: EarlierJudgments,
    /** Which earlier judgments still hold here; only its suspects are asked. */
    holding: Holding,
    /** A rule's targets kept from the earlier snapshot, where what resolving them read still holds here; else null. */
    private readonly heldTargets: (rule: Rule) => KeptRuleTargets | null,
    /** The graph, when the earlier snapshot's can stand for it (judged-snapshot.ts); else it is built from every file's edges. */
    private readonly graphOf: (program: JudgedProgram) => GraphView | null = () => null,
  ) {
    this.held = earlier.judgments();
    // Declared symbols that resolve otherwise here (a glob's finds, a re-export moved): no earlier judgment holds.
    const sameTargets = earlier.files.length > 0 && earlier.targets().digest === this.targets().digest;
    const asked = sameTargets && holding.suspects ? inFileOrder([...holding.suspects].filter((p) => shaOf(p) !== undefined), files) : files;
    for (const path of asked) {
      const sha = earlier.shaOf(path);
      if (sameTargets && sha !== undefined && sha === shaOf(path) && holding.holds(path)) continue;
      this.stale.add(path);
      // Problems too, though a staged check reports only the changed files': a check with no reference
      // (--all, the working tree) reports every file's, and a file judged now is kept for those.
      this.judge(path, { problems: true });
    }
  }

  get graph(): GraphView {
    if (this.builtGraph) return this.builtGraph;
    const stored = this.graphOf(this);
    if (stored) return (this.builtGraph = stored);
    const graph = new ImportGraph();
    graph.sync(this.files, (p) => this.judgmentOf(p).edges);
    return (this.builtGraph = graph);
  }

  directUnits(rule: Rule, _includeTypeOnly: boolean, path: RepoPath): DirectUnits {
    // includeTypeOnly is the config's, and the config is part of what a judgment is valid for.
    return this.judgmentOf(path).direct.get(rule.id) ?? this.judge(path, { rules: [rule] }).direct.get(rule.id)!;
  }

  suppressionsOf(path: RepoPath): readonly Suppression[] {
    return this.judgmentOf(path).suppressions;
  }

  targetsOf(rule: Rule): RuleTargets {
    return this.resolvingFiles().targetsOf(rule);
  }

  /** Every rule's declared symbols as this snapshot resolves them, to keep with its judgments (kept-targets.ts). */
  targets(): KeptTargets {
    return (this.kept ??= keptTargets(this.config, (rule) => this.targetsOf(rule), this.heldTargets));
  }

  namesIn(module: string): readonly string[] {
    return this.resolvingFiles().namesIn(module);
  }

  problemsOf(path: RepoPath): readonly Diagnostic[] {
    return this.judgmentOf(path).problems ?? this.judge(path, { problems: true }).problems!;
  }

  /** Flagged files of this program, in file order: the earlier snapshot's that still hold, and those judged here. */
  flagged(): FlaggedFiles {
    // Another blob's judgment is not this program's, even when it is not judged here (a file gone since).
    return flaggedOver(this.earlier.flagged(), this.own, (p) => this.earlier.shaOf(p) === this.shaOf(p), this.files);
  }

  /** A file's judgment here (its earlier one if that held). */
  judgmentOf(path: RepoPath): FileJudgment {
    const known = this.own.get(path) ?? this.held.get(path);
    if (known) return known;
    throw new Error(`internal: ${path} is not a file of this program`);
  }

  /** The judgments made here rather than taken from the earlier snapshot. */
  ownJudgments(): ReadonlyMap<RepoPath, FileJudgment> {
    return this.own;
  }

  /** Every file's judgment, as they stand now (for the next check to start from). */
  allJudgments(): JudgmentLookup {
    return { get: (path) => (this.shaOf(path) === undefined ? undefined : this.judgmentOf(path)) };
  }

  /** This snapshot's files resolved on demand: made when a file is judged here or a rule's symbols are resolved. */
  private resolvingFiles(): FileResolver {
    return (this.resolving ??= fileResolver(this.files, this.index, this.shaOf, this.facts, this.memo, this.heldTargets));
  }

  /** Judges a file here, covering what it covered before and `more`. */
  private judge(path: RepoPath, more: Partial<JudgmentNeeds>): FileJudgment {
    const before = this.own.get(path) ?? this.held.get(path);
    const judged = judgeFile(this.config, this.resolvingFiles(), path, widenedNeeds(this.config, before, more));
    this.own.set(path, judged);
    this.judgedHere++;
    return judged;
  }
}
