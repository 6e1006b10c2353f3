import type { CheckResult, Violation } from '../model/index.js';
import { applyBaseline } from '../baseline/apply-baseline.js';
import { byPlace } from '../rules/evaluate.js';

/**
 * The static verdict of `check --all` with the runtime violations added: a
 * runtime finding the static check already reports (same fingerprint) is not
 * said twice, and the baseline tolerates runtime findings as it does static
 * ones: what the static verdict left of it (its stale entries) is what the
 * runtime findings may use, and what they use is no longer stale.
 */
export function mergeVerdicts(result: CheckResult, runtime: readonly Violation[]): CheckResult {
  const reported = new Set(result.violations.map((v) => v.fingerprint));
  const unseen = runtime.filter((v) => !reported.has(v.fingerprint));
  const left = { version: 1 as const, entries: result.baseline.stale.map((e) => ({ ...e, symbols: [] })) };
  const { fresh, known, stale } = applyBaseline(unseen, left);
  return {
    ...result,
    violations: [...result.violations, ...fresh].sort(byPlace),
    baseline: { known: result.baseline.known + known.length, stale: stale.map(({ symbols: _, ...e }) => e) },
  };
}
