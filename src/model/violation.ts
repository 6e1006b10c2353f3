import type { Fingerprint, RepoPath, SymbolName } from './brands.js';
import type { Position, UnitName, UseKind } from './facts.js';
import type { SnapshotKind } from './snapshot.js';

export interface Evidence extends Position {
  readonly side: 'canonical' | 'legacy';
  /** What the code does with the symbol there: an import, a call, ... (rules' `uses`), or a class statement (forbid "definition"). */
  readonly use: UseKind | 'definition';
  readonly symbol: SymbolName;
  /** Re-export / alias hops from the imported name to its origin, e.g. `app.ws.WebSocketManager`. */
  readonly via: readonly string[];
  /** Where the chain ends: the object used (`app.ws.impl._Impl` when `symbol` is an alias of it). */
  readonly origin: string;
  /** forbid "spelling": the forbidden spelling as the code writes it; forbid "alias": the `as` name. */
  readonly written?: string;
  /** What to write instead (forbid "spelling": the canonical spelling; forbid "alias": what the `as` name must match). */
  readonly fix?: string;
}

export interface Violation extends Position {
  readonly rule: string;
  readonly severity: 'error' | 'warning';
  readonly file: RepoPath;
  /** `<file>` in file mode; `<module>` or a qualified def in function mode. */
  readonly unit: UnitName;
  readonly message: string;
  readonly fingerprint: Fingerprint;
  /** new: not in the reference snapshot (HEAD) nor baseline; existing: present there too. */
  readonly status: 'new' | 'existing';
  readonly evidence: readonly Evidence[];
  /** For transitive findings: module chain from this file to the legacy module. */
  readonly chain: readonly string[];
}

/** A problem that is not a rule violation but that the user must see (bad file, unresolved import). */
export interface Diagnostic extends Position {
  readonly file: RepoPath;
  readonly code:
    | 'syntax' | 'encoding' | 'too-large' | 'unreadable' | 'lfs-pointer' | 'too-broken' | 'symlink'
    | 'unresolved-import' | 'skipped' | 'unmerged' | 'suppression' | 'unused-suppression';
  readonly message: string;
}

export interface CheckStats {
  readonly files: number;
  readonly parsed: number;
  readonly cacheHits: number;
  readonly ms: number;
  readonly daemon: boolean;
}

/** A baseline entry no current violation matches: the violation was fixed and the entry can be pruned. */
export interface StaleBaselineEntry {
  readonly fingerprint: Fingerprint;
  readonly rule: string;
  readonly file: RepoPath;
  readonly unit: UnitName;
  readonly count: number;
}

export interface BaselineSummary {
  /** Violations tolerated because the baseline records them. */
  readonly known: number;
  readonly stale: readonly StaleBaselineEntry[];
}

/**
 * A rule that cannot be judged in the snapshot: a declared symbol, glob or
 * `dependentsOf` module that matches nothing, or a canonical and a legacy
 * symbol that are one object. Any of these makes the check exit 2.
 */
export interface RuleError {
  /** The config file the rule is in, relative to the repository root. */
  readonly config: string;
  readonly rule: string;
  /** JSON path of the field in the config (`/rules/0/legacy/1`). */
  readonly path: string;
  readonly message: string;
}

/**
 * Which lines a session's verdicts carry, by what reads them: none (JSON,
 * SARIF and GitHub print no source), each violation's line and its evidence
 * lines (the code frames of text and HTML), or those and each diagnostic's
 * line too (an editor widens every finding's range to the word it names).
 * On a real 10,000-file repository a check --all names 850 diagnostics in 560
 * files: reading and hashing those files was a fifth of the warm check.
 */
export type Frames = 'none' | 'violations' | 'findings';

export interface CheckResult {
  readonly snapshot: SnapshotKind;
  /** Rules that cannot be judged here; the verdict of the others is still given. */
  readonly ruleErrors: readonly RuleError[];
  readonly violations: readonly Violation[];
  readonly diagnostics: readonly Diagnostic[];
  readonly baseline: BaselineSummary;
  readonly stats: CheckStats;
}

/** Diagnostics of files that were not judged at all: a violation in one would pass unseen, so they block like errors. */
const UNJUDGED: ReadonlySet<string> = new Set<Diagnostic['code']>(['too-large', 'unreadable', 'lfs-pointer', 'too-broken', 'symlink']);

export function isUnjudged(d: { readonly code: string }): boolean {
  return UNJUDGED.has(d.code);
}
