import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { git } from '../git-commit-all.js';
import { fmt, versusNode, type Figure } from '../figures.js';
import { interleave, median, percentile } from '../measure.js';
import { failureOf, nodeBaseline, oneShotEnv, parseReport, ssotGuard } from '../ssot-guard-cli.js';
import { EDITED_FACTORY } from './warm-one-shot.js';

/**
 * (b2) The one-shot check of the commit after a commit: the kept judgments
 * are of the HEAD before. Untimed, each sample stages an edit of the
 * factory, checks it (as that commit's hook would, so its facts are
 * cached), commits it and stages the next edit; then times the check.
 * The repository is reset to the commit it started at.
 */
export function afterCommit(root: string, runs: number, budgetMs: number, log: (line: string) => void): Figure {
  const file = join(root, EDITED_FACTORY);
  const original = readFileSync(file, 'utf8');
  const start = git(root, ['rev-parse', 'HEAD']).trim();
  const check = () => ssotGuard(root, ['check', '--staged', '--no-daemon', '--format', 'json'], oneShotEnv());
  const stage = (name: string): void => {
    writeFileSync(file, `${original}\n\ndef ${name}() -> int:\n    return 0\n`);
    git(root, ['add', EDITED_FACTORY]);
  };
  log(`(b2) one-shot check --staged --no-daemon after a commit, up to ${runs} runs interleaved with node -e 0`);
  try {
    const paired = interleave(
      runs,
      () => {
        const t = check();
        log(`(b2)   sample ${(t.ms / 1000).toFixed(2)} s`);
        return t;
      },
      () => nodeBaseline(root),
      budgetMs,
      (i) => {
        stage(`bench_committed_${i}`);
        check();
        git(root, ['-c', 'user.name=bench', '-c', 'user.email=bench@localhost', 'commit', '-q', '--no-verify', '-m', `bench commit ${i}`]);
        stage(`bench_staged_${i}`);
      },
    );
    const reports = paired.subject.map(parseReport);
    const failed = paired.subject.filter((_, i) => !reports[i]);
    const ok = paired.subject.filter((_, i) => reports[i]).map((t) => t.ms);
    const ref = paired.reference.map((t) => t.ms);
    const inside = reports.flatMap((r) => (r ? [r.stats.ms] : []));
    const details = [
      `${ok.length} sample(s), each after one more commit${paired.skipped ? `, ${paired.skipped} skipped (time budget ${budgetMs / 1000} s)` : ''}; p90 ${fmt(percentile(ok, 90))} vs ${fmt(percentile(ref, 90))}; engine time (stats.ms) median ${fmt(median(inside))}`,
      `parsed per run: ${reports.map((r) => (r ? r.stats.parsed : '-')).join(', ')}; violations: ${reports.map((r) => (r ? r.violations.length : '-')).join(', ')} (0 expected)`,
    ];
    if (failed.length) details.push(`${failed.length} failed run(s): ${failureOf(failed[0]!)}`);
    return versusNode('b2', 'one-shot check --staged after a commit', ok, ref, 4, details, { engineMs: inside });
  } finally {
    git(root, ['reset', '-q', '--hard', start]);
  }
}
