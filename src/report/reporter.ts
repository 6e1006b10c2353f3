import { isUnjudged, type CheckResult, type RepoPath } from '../model/index.js';

export interface ReportOptions {
  readonly color: boolean;
  /** Source text for code frames; reporters never read files themselves. */
  readonly sourceLine: (file: RepoPath, line: number) => string | undefined;
  readonly cwd?: string;
}

/** Pure: the same result always gives the same output and exit code. */
export type Reporter = (result: CheckResult, options: ReportOptions) => { output: string; exitCode: number };

export { isUnjudged };

/** Errors and unjudged files block; warnings are shown only. */
export function blocks(result: CheckResult): boolean {
  return result.violations.some((v) => v.severity === 'error') || result.diagnostics.some(isUnjudged);
}

/** Rules that cannot be judged: exit 2, as a config error (DESIGN.md exit codes), whatever else was found. */
export const EXIT_RULE_ERRORS = 2;

/** Every reporter's exit code: rule errors, else blocking findings, else clean. */
export function exitCodeOf(result: CheckResult): number {
  return result.ruleErrors.length ? EXIT_RULE_ERRORS : blocks(result) ? 1 : 0;
}
