import { fmt, withinBudget, type Figure } from '../figures.js';
import { interleave, median, percentile } from '../measure.js';
import { failureOf, nodeBaseline, oneShotEnv, parseReport, ssotGuard } from '../ssot-guard-cli.js';

/**
 * (a3) `check --all --no-daemon` with the fact cache (a) left: what CI pays
 * on a warm runner, against a budget; node -e 0 is timed beside it for scale.
 */
export function warmCheckAll(root: string, runs: number, budgetMs: number, log: (line: string) => void, limitMs: number): Figure {
  log(`(a3) warm check --all --no-daemon, up to ${runs} runs interleaved with node -e 0`);
  const paired = interleave(
    runs,
    () => {
      const t = ssotGuard(root, ['check', '--all', '--no-daemon', '--format', 'json'], oneShotEnv(), 10 * 60 * 1000);
      log(`(a3)   sample ${(t.ms / 1000).toFixed(2)} s`);
      return t;
    },
    () => nodeBaseline(root),
    budgetMs,
  );
  const reports = paired.subject.map(parseReport);
  const ok = paired.subject.filter((_, i) => reports[i]).map((t) => t.ms);
  const ref = paired.reference.map((t) => t.ms);
  const parsed = reports.map((r) => (r ? r.stats.parsed : '-')).join(', ');
  const details = [
    `${ok.length} sample(s); p90 ${fmt(percentile(ok, 90))}; node -e 0 median ${fmt(median(ref))}; engine time (stats.ms) median ${fmt(median(reports.flatMap((r) => (r ? [r.stats.ms] : []))))}`,
    `parsed per run: ${parsed} (0 expected: every blob is in the fact cache); violations ${reports.map((r) => (r ? r.violations.length : '-')).join(', ')}`,
  ];
  const bad = paired.subject.filter((_, i) => !reports[i]);
  if (bad.length) details.push(`${bad.length} failed run(s): ${failureOf(bad[0]!)}`);
  return withinBudget('a3', 'warm check --all --no-daemon (fact cache)', median(ok), 'ms', limitMs, details, { samplesMs: ok, nodeMs: ref });
}
