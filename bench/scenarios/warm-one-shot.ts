import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { git } from '../git-commit-all.js';
import { fmt, versusNode, type Figure } from '../figures.js';
import { interleave, median, percentile } from '../measure.js';
import { failureOf, nodeBaseline, oneShotEnv, parseReport, ssotGuard } from '../ssot-guard-cli.js';

/** A hub factory: in scope of the founding rule and imported by hundreds of files. */
export const EDITED_FACTORY = 'app/agents/triage/triage_agent_factory.py';

/**
 * (b) The hook without a daemon, cache warm from (a): every sample first
 * stages a fresh harmless edit of one factory (untimed), as each real commit
 * brings a blob the cache has not seen, then times `check --staged --no-daemon`.
 */
export function warmOneShot(root: string, runs: number, budgetMs: number, log: (line: string) => void): Figure {
  const file = join(root, EDITED_FACTORY);
  const original = readFileSync(file, 'utf8');
  log(`(b) warm one-shot check --staged --no-daemon, up to ${runs} runs interleaved with node -e 0`);
  const stage = (i: number): void => {
    writeFileSync(file, `${original}\n\ndef bench_probe_${i}() -> int:\n    return ${i}\n`);
    git(root, ['add', EDITED_FACTORY]);
  };
  const paired = interleave(
    runs,
    () => {
      const t = ssotGuard(root, ['check', '--staged', '--no-daemon', '--format', 'json'], oneShotEnv());
      log(`(b)   sample ${(t.ms / 1000).toFixed(2)} s`);
      return t;
    },
    () => nodeBaseline(root),
    budgetMs,
    stage,
  );
  const reports = paired.subject.map(parseReport);
  const failed = paired.subject.filter((_, i) => !reports[i]);
  const ok = paired.subject.filter((_, i) => reports[i]).map((t) => t.ms);
  const ref = paired.reference.map((t) => t.ms);
  const inside = reports.flatMap((r) => (r ? [r.stats.ms] : []));
  const details = [
    `${ok.length} sample(s)${paired.skipped ? `, ${paired.skipped} skipped (time budget ${budgetMs / 1000} s)` : ''}; p90 ${fmt(percentile(ok, 90))} vs ${fmt(percentile(ref, 90))}; engine time (stats.ms) median ${fmt(median(inside))}`,
    `parsed per run: ${reports.map((r) => (r ? r.stats.parsed : '-')).join(', ')}; violations: ${reports.map((r) => (r ? r.violations.length : '-')).join(', ')} (0 expected)`,
  ];
  if (failed.length) details.push(`${failed.length} failed run(s): ${failureOf(failed[0]!)}`);
  return versusNode('b', 'warm one-shot check --staged --no-daemon', ok, ref, 3, details, { engineMs: inside });
}
