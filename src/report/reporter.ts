import type { CheckResult, Diagnostic, RepoPath } from '../model/index.js';

export interface ReportOptions {
  readonly color: boolean;
  /** Source text for code frames; reporters never read files themselves. */
  readonly sourceLine: (file: RepoPath, line: number) => string | undefined;
  readonly cwd?: string;
}

/** Pure: the same result always gives the same output and exit code. */
export type Reporter = (result: CheckResult, options: ReportOptions) => { output: string; exitCode: number };

/** Diagnostics of files that were not judged at all: a violation in one would pass unseen, so they block like errors. */
const UNJUDGED: ReadonlySet<Diagnostic['code']> = new Set(['too-large', 'unreadable']);

export function isUnjudged(d: Diagnostic): boolean {
  return UNJUDGED.has(d.code);
}

/** Errors and unjudged files block; warnings are shown only. */
export function blocks(result: CheckResult): boolean {
  return result.violations.some((v) => v.severity === 'error') || result.diagnostics.some(isUnjudged);
}
