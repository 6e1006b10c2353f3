import { startDaemon, waitWarm } from '../daemon-control.js';
import { fmt, versusNode, type Figure } from '../figures.js';
import { interleave, percentile, type Timed } from '../measure.js';
import { daemonEnv, failureOf, nodeBaseline, parseReport, ssotGuard } from '../ssot-guard-cli.js';

const WARM_TIMEOUT_MS = 10 * 60 * 1000;

/**
 * (c) The hook with a warm daemon: start it, wait until the staged verdict
 * is precomputed, then `check --staged` (the daemon path) against node -e 0.
 */
export async function warmDaemon(root: string, runs: number, budgetMs: number, log: (line: string) => void, limit = 1.3): Promise<Figure> {
  log('(c) daemon start; waiting for the warm-up (first staged verdict)');
  const started = performance.now();
  startDaemon(root);
  const warm = await waitWarm(root, WARM_TIMEOUT_MS);
  const warmMs = performance.now() - started;
  if (!warm) return failed('c', `daemon not warm within ${WARM_TIMEOUT_MS / 1000} s`);
  log(`(c) warm after ${(warmMs / 1000).toFixed(1)} s (${warm.filesIndexed} files); one check to be sure`);
  const probe = parseReport(ssotGuard(root, ['check', '--staged', '--format', 'json'], daemonEnv()));
  const check = (): Timed => ssotGuard(root, ['check', '--staged', '--format', 'json'], daemonEnv());
  const paired = interleave(runs, check, () => nodeBaseline(root), budgetMs);
  const reports = paired.subject.map(parseReport);
  const byDaemon = reports.filter((r) => r?.stats.daemon).length;
  const ok = paired.subject.filter((_, i) => reports[i]).map((t) => t.ms);
  const ref = paired.reference.map((t) => t.ms);
  const details = [
    `warm-up ${fmt(warmMs)} from daemon start (${warm.filesIndexed} files indexed); first check answered by the daemon: ${probe?.stats.daemon ? 'yes' : 'NO'}`,
    `p90 ${fmt(percentile(ok, 90))} vs ${fmt(percentile(ref, 90))}; ${byDaemon} of ${paired.subject.length} answered by the daemon${paired.skipped ? `; ${paired.skipped} skipped (time budget)` : ''}`,
  ];
  const failures = paired.subject.filter((_, i) => !reports[i]);
  if (failures.length) details.push(`${failures.length} failed run(s): ${failureOf(failures[0]!)}`);
  return versusNode('c', 'warm daemon: check --staged (hook path)', ok, ref, limit, details, { warmUpMs: warmMs, answeredByDaemon: byDaemon });
}

export function failed(id: string, why: string): Figure {
  return { id, title: 'not measured', value: null, unit: 'ms', reference: { label: '', value: null }, goal: { on: 'ratio', op: '<=', limit: 0 }, details: [why] };
}
