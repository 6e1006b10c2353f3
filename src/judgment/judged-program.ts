import type { BlobSha, Config, Diagnostic, FactLookup, RepoPath, Rule, Suppression } from '../model/index.js';
import { ImportGraph } from '../graph/import-graph.js';
import type { ModuleIndex } from '../resolve/module-index.js';
import type { ResolutionMemo } from '../resolve/resolver.js';
import type { ProgramFacts } from '../rules/evaluate.js';
import { fileResolver, type FileResolver } from '../session/build-program.js';
import { judgeFile, widenedNeeds, type DirectUnits, type FileJudgment, type JudgmentNeeds } from './file-judgment.js';

/**
 * A snapshot's program made of file judgments: those of an earlier snapshot
 * that still hold here are taken as they are, the others are judged again
 * (resolving only what they need). Rules then run over it as over any
 * program; a judgment that lacks something a rule asks (a rule it was not
 * judged under) is completed on demand.
 */
export class JudgedProgram implements ProgramFacts {
  readonly graph = new ImportGraph();
  private readonly judgments = new Map<RepoPath, FileJudgment>();
  private resolving: FileResolver | null = null;
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
    /** The earlier snapshot's judgments, and which of them still hold here. */
    private readonly earlier: ReadonlyMap<RepoPath, FileJudgment>,
    holds: (path: RepoPath, judgment: FileJudgment) => boolean,
  ) {
    for (const path of files) {
      const known = earlier.get(path);
      if (known && known.sha === shaOf(path) && holds(path, known)) this.judgments.set(path, known);
      else {
        this.stale.add(path);
        this.judge(path, {});
      }
    }
    this.graph.sync(files, (p) => this.judgments.get(p)!.edges);
  }

  directUnits(rule: Rule, _includeTypeOnly: boolean, path: RepoPath): DirectUnits {
    // includeTypeOnly is the config's, and the config is part of what a judgment is valid for.
    return this.judgmentOf(path).direct.get(rule.id) ?? this.judge(path, { rules: [rule] }).direct.get(rule.id)!;
  }

  suppressionsOf(path: RepoPath): readonly Suppression[] {
    return this.judgmentOf(path).suppressions;
  }

  problemsOf(path: RepoPath): readonly Diagnostic[] {
    return this.judgmentOf(path).problems ?? this.judge(path, { problems: true }).problems!;
  }

  /** Files nobody could read: they block every check, changed or not. */
  unjudgedFiles(): RepoPath[] {
    return this.files.filter((p) => this.judgmentOf(p).unjudged);
  }

  /** A file's judgment here (its earlier one if that held). */
  judgmentOf(path: RepoPath): FileJudgment {
    const known = this.judgments.get(path);
    if (known) return known;
    throw new Error(`internal: ${path} is not a file of this program`);
  }

  /** Every file's judgment, as they stand now (for the next check to start from). */
  allJudgments(): ReadonlyMap<RepoPath, FileJudgment> {
    return this.judgments;
  }

  /** Judges a file here, covering what it covered before and `more`. */
  private judge(path: RepoPath, more: Partial<JudgmentNeeds>): FileJudgment {
    this.resolving ??= fileResolver(this.files, this.index, this.shaOf, this.facts, this.memo);
    const before = this.judgments.get(path) ?? this.earlier.get(path);
    const judged = judgeFile(this.config, this.resolving, path, widenedNeeds(this.config, before, more));
    this.judgments.set(path, judged);
    this.judgedHere++;
    return judged;
  }
}
