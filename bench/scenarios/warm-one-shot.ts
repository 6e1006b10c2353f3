import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { git } from '../git-commit-all.js';
import type { Figure } from '../figures.js';
import { interleave } from '../measure.js';
import { nodeBaseline, oneShotEnv, ssotGuard } from '../ssot-guard-cli.js';
import { oneShotFigure } from './one-shot-figure.js';

/** A hub factory: in scope of the founding rule and imported by hundreds of files. */
export const EDITED_FACTORY = 'app/agents/triage/triage_agent_factory.py';

/**
 * (b) The hook without a daemon, cache warm from (a): every sample first
 * stages a fresh harmless edit of one factory (untimed), as each real commit
 * brings a blob the cache has not seen, then times `check --staged --no-daemon`.
 * `edited` is that file, a hub in the scope of a rule.
 */
export function warmOneShot(root: string, runs: number, budgetMs: number, log: (line: string) => void, edited: string = EDITED_FACTORY): Figure {
  const file = join(root, edited);
  const original = readFileSync(file, 'utf8');
  log(`(b) warm one-shot check --staged --no-daemon, up to ${runs} runs interleaved with node -e 0`);
  const stage = (i: number): void => {
    writeFileSync(file, `${original}\n\ndef bench_probe_${i}() -> int:\n    return ${i}\n`);
    git(root, ['add', edited]);
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
  return oneShotFigure({ id: 'b', title: 'warm one-shot check --staged --no-daemon', limit: 3, samples: 'sample(s)' }, paired, budgetMs);
}
