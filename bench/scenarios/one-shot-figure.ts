import { fmt, versusNode, type Figure } from '../figures.js';
import { median, percentile, type Paired } from '../measure.js';
import { failureOf, parseReport } from '../ssot-guard-cli.js';

/** A figure of one-shot `check --staged` runs against `node -e 0`, each expected to parse one blob and find no violation. */
export function oneShotFigure(figure: { id: string; title: string; limit: number; samples: string }, paired: Paired, budgetMs: number): Figure {
  const reports = paired.subject.map(parseReport);
  const failed = paired.subject.filter((_, i) => !reports[i]);
  const ok = paired.subject.filter((_, i) => reports[i]).map((t) => t.ms);
  const ref = paired.reference.map((t) => t.ms);
  const inside = reports.flatMap((r) => (r ? [r.stats.ms] : []));
  const details = [
    `${ok.length} ${figure.samples}${paired.skipped ? `, ${paired.skipped} skipped (time budget ${budgetMs / 1000} s)` : ''}; p90 ${fmt(percentile(ok, 90))} vs ${fmt(percentile(ref, 90))}; engine time (stats.ms) median ${fmt(median(inside))}`,
    `parsed per run: ${reports.map((r) => (r ? r.stats.parsed : '-')).join(', ')}; violations: ${reports.map((r) => (r ? r.violations.length : '-')).join(', ')} (0 expected)`,
  ];
  if (failed.length) details.push(`${failed.length} failed run(s): ${failureOf(failed[0]!)}`);
  return versusNode(figure.id, figure.title, ok, ref, figure.limit, details, { engineMs: inside });
}
