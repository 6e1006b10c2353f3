import type { CheckResult, Diagnostic } from '../model/index.js';
import { byPlace } from '../rules/evaluate.js';
import type { SessionCheck } from './judging.js';

/**
 * The verdicts of several configs (a monorepo's packages) as one: every
 * rule's violations and errors, each file's problems once (two configs that
 * both include a file both read it), the time and counts of all.
 */
export function combinedCheck(checks: readonly SessionCheck[]): SessionCheck {
  if (checks.length === 1) return checks[0]!;
  const results = checks.map((c) => c.result);
  const seen = new Set<string>();
  const once = (d: Diagnostic): boolean => {
    const key = JSON.stringify([d.file, d.line, d.column, d.code, d.message]);
    return !seen.has(key) && (seen.add(key), true);
  };
  const sum = (pick: (r: CheckResult) => number): number => results.reduce((n, r) => n + pick(r), 0);
  const result: CheckResult = {
    snapshot: results[0]!.snapshot,
    ruleErrors: results.flatMap((r) => r.ruleErrors),
    violations: results.flatMap((r) => r.violations).sort(byPlace),
    diagnostics: results.flatMap((r) => r.diagnostics).filter(once).sort(byPlace),
    baseline: { known: sum((r) => r.baseline.known), stale: results.flatMap((r) => r.baseline.stale) },
    stats: {
      files: sum((r) => r.stats.files),
      parsed: sum((r) => r.stats.parsed),
      cacheHits: sum((r) => r.stats.cacheHits),
      ms: sum((r) => r.stats.ms),
      daemon: results.every((r) => r.stats.daemon),
    },
  };
  return { result, sourceLine: (file, line) => checks.map((c) => c.sourceLine(file, line)).find((text) => text !== undefined) };
}
