import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { git } from '../git-commit-all.js';
import type { Figure } from '../figures.js';
import { interleave } from '../measure.js';
import { nodeBaseline, oneShotEnv, ssotGuard } from '../ssot-guard-cli.js';
import { oneShotFigure } from './one-shot-figure.js';
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
    return oneShotFigure({ id: 'b2', title: 'one-shot check --staged after a commit', limit: 4, samples: 'sample(s), each after one more commit' }, paired, budgetMs);
  } finally {
    git(root, ['reset', '-q', '--hard', start]);
  }
}
