import type { CheckResult, Violation } from '../model/index.js';
import { jsonReport } from '../report/json-reporter.js';
import { legacySymbol } from './render-verdict.js';

/**
 * Watch mode's appended output when stdout is not a terminal: one line per
 * verdict change, then one `path:line:col rule symbol` line per violation.
 * Pure; no escape codes, so logs and scripts can read it.
 */
export function verdictLines(result: CheckResult, latencyMs: number | null): string[] {
  const latency = latencyMs === null ? '' : ` (updated in ${latencyMs} ms)`;
  if (result.ruleErrors.length) {
    return [`${result.snapshot}: ${result.ruleErrors.length} rule error(s): the rules cannot be judged as written${latency}`, ...result.ruleErrors.map((e) => `rule error ${e.path}: ${e.message}`), ...result.violations.map(violationLine)];
  }
  return [`${result.snapshot}: ${result.violations.length} violation(s) in ${result.stats.files} files${latency}`, ...result.violations.map(violationLine)];
}

export function violationLine(v: Violation): string {
  return `${v.file}:${v.line}:${v.column} ${v.rule} ${legacySymbol(v) ?? '-'}`;
}

export function watchingLine(root: string, source: string): string {
  return `watching ${root} (${source})`;
}

export function errorLine(message: string): string {
  return `error: ${message}`;
}

/** `--format json`: the same events as NDJSON, a verdict in the shape of `check --format json`. */
export type WatchEvent =
  | { readonly event: 'watching'; readonly root: string; readonly source: string }
  | { readonly event: 'verdict'; readonly result: CheckResult; readonly latencyMs: number | null }
  | { readonly event: 'error'; readonly message: string };

export function ndjsonLine(e: WatchEvent): string {
  if (e.event === 'verdict') return JSON.stringify({ event: 'verdict', latencyMs: e.latencyMs, ...jsonReport(e.result) });
  return JSON.stringify(e);
}
