import type { Fingerprint, RepoPath, Violation } from '../model/index.js';


/** One known violation shape and how many instances of it are tolerated. */
export interface BaselineEntry {
  readonly fingerprint: Fingerprint;
  readonly rule: string;
  readonly file: RepoPath;
  readonly unit: string;
  /** Matched symbols, for humans reading the diff; not part of identity. */
  readonly symbols: readonly string[];
  readonly count: number;
}

export interface Baseline {
  readonly version: 1;
  readonly entries: readonly BaselineEntry[];
}

export const EMPTY_BASELINE: Baseline = { version: 1, entries: [] };

export interface BaselineVerdict {
  /** Not covered by the baseline: these block. */
  readonly fresh: Violation[];
  /** Covered by the baseline: tolerated. */
  readonly known: Violation[];
  /** Baseline entries (with the unused count) no violation matched any more: fixed, so prunable. */
  readonly stale: BaselineEntry[];
}
