import type { BlobReader, BlobSha, CheckResult, Config, Diagnostic, RepoPath, RuleError } from '../model/index.js';
import type { FactStore } from '../facts/fact-store.js';
import type { Evaluation } from '../rules/evaluate.js';
import { ruleErrorsOf } from '../rules/rule-errors.js';
import type { JudgedSnapshot } from '../judgment/judged-snapshot.js';
import type { FlaggedFiles } from '../judgment/judgments.js';
import type { JudgmentStore } from './kept-judgment-store.js';
import type { SnapshotSource } from './snapshot-source.js';
import type { SourceLines } from './source-lines.js';

/** staged: what the commit will contain, new vs HEAD; all: every violation in the index; worktree: files on disk. */
export type CheckMode = 'staged' | 'all' | 'worktree';

export interface SessionCheck {
  readonly result: CheckResult;
  /** Source text of reported lines, for code frames. */
  readonly sourceLine: (file: RepoPath, line: number) => string | undefined;
}

export interface CheckOptions {
  readonly onProgress?: (done: number, total: number) => void;
  readonly daemon?: boolean;
  /** Read and check every cached fact record the snapshot needs before judging (after one was found damaged). */
  readonly verifyFacts?: boolean;
}

/** What a session is made of: every route from a snapshot to a verdict reads these. */
export interface SessionParts {
  readonly config: Config;
  readonly source: SnapshotSource;
  readonly facts: FactStore;
  readonly judgments: JudgmentStore;
  /** Paths the config's include patterns name. */
  readonly included: (path: string) => boolean;
  /** Lines of the files the last verdict named, for the next one's code frames. */
  readonly sourceLines: SourceLines;
}

/** What a verdict is made of, however the snapshot was read. */
export interface Judging {
  readonly judged: Judged;
  /** What a staged check reports against (null with no reference: --all, the working tree). */
  readonly head: {
    /** Judgeable files whose blob is not HEAD's. */
    readonly changed: ReadonlyMap<RepoPath, unknown>;
    evaluation(): Evaluation;
  } | null;
  /** Blobs of the judgeable files, for code frames. */
  readonly shaOf: (path: RepoPath) => BlobSha | undefined;
  readonly files: number;
  /** The baseline file's blob in the judged snapshot. */
  readonly baseline: BlobSha | null;
  /** Links in scope that lead to no file of the snapshot: each blocks. */
  readonly links: readonly Diagnostic[];
  readonly unmerged: readonly RepoPath[];
  readonly reader: BlobReader;
  readonly parsed: number;
  keep(): Promise<void>;
}

/** What a check reads of a judged snapshot. */
export interface Judged {
  evaluation(): Evaluation;
  /** Rules that cannot be judged in this snapshot (rule-errors.ts): worked out afresh for every snapshot, never kept. */
  ruleErrors(): RuleError[];
  problemsOf(path: RepoPath): readonly Diagnostic[];
  flagged(): FlaggedFiles;
}

/** What a check reads of a judged snapshot. */
export function judgedOf(config: Config, snapshot: JudgedSnapshot): Judged {
  return {
    evaluation: () => snapshot.evaluation(),
    ruleErrors: () => ruleErrorsOf(config, snapshot.program()),
    problemsOf: (path) => snapshot.program().problemsOf(path),
    flagged: () => snapshot.program().flagged(),
  };
}
