import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../src/config/package-root.js';
import { interleave, percentile, timeProcess } from '../measure.js';
import { daemonStatus } from '../daemon-control.js';
import { daemonEnv, failureOf, nodeBaseline } from '../ssot-guard-cli.js';
import { fmt, versusNode, type Figure } from '../figures.js';

/**
 * (c2) The package's own hooks/pre-commit against the warm daemon, as git
 * would run it (cwd = the repo). Null when the package has no hook. Runs last
 * among the daemon figures: the hook runs the build next to it (dist/), and a
 * build that disagrees with the daemon's would make it retire that daemon.
 */
export function hookScript(root: string, runs: number, budgetMs: number, log: (line: string) => void, limit = 1.3): Figure | null {
  const hook = join(packageRoot(), 'hooks', 'pre-commit');
  if (!existsSync(hook)) return null;
  log('(c2) the package hook: sh hooks/pre-commit');
  const pidBefore = daemonStatus(root)?.pid;
  const h = interleave(runs, () => timeProcess('sh', [hook], { cwd: root, env: daemonEnv() }), () => nodeBaseline(root), budgetMs);
  const pidAfter = daemonStatus(root)?.pid;
  const ok = h.subject.filter((t) => t.status === 0).map((t) => t.ms);
  const ref = h.reference.map((t) => t.ms);
  const bad = h.subject.filter((t) => t.status !== 0);
  const details = [`p90 ${fmt(percentile(ok, 90))} vs ${fmt(percentile(ref, 90))}; ${ok.length} of ${h.subject.length} exited 0`];
  if (bad.length) details.push(`${bad.length} run(s) failed: ${failureOf(bad[0]!)}`);
  if (pidBefore !== pidAfter) details.push(`the daemon changed during the runs (pid ${pidBefore ?? 'none'} -> ${pidAfter ?? 'none'}): the hook's build found it stale`);
  return versusNode('c2', 'warm daemon: sh hooks/pre-commit', ok, ref, limit, details, { hook });
}
