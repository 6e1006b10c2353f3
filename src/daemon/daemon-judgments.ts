import type { Config } from '../model/index.js';
import type { GitRepo } from '../git/repo.js';
import { judgmentsFile } from '../session/open-session.js';
import { keptJudgmentStore } from '../session/kept-judgment-store.js';
import { loadJudgments, writeJudgments } from '../judgment/judgment-file.js';
import type { Log } from './log.js';

/**
 * A daemon's judgments: kept in memory (kept-judgment-store.ts), started
 * from the file the one-shot CLI writes, and HEAD's written back to it when
 * a commit moves HEAD, so a hook that has to judge in-process starts from them.
 */
export function daemonJudgments(
  repo: GitRepo,
  config: Config,
  log: Log,
  /** Writes the file when there is none (judge-in-worker.ts); without it, or when it fails, the first check judges every file here. */
  prime?: () => Promise<void>,
): ReturnType<typeof keptJudgmentStore> {
  const { file, key } = judgmentsFile(repo, config);
  return keptJudgmentStore(config, {
    load: async () => {
      const loaded = await loadJudgments(file, key, config);
      if (loaded || !prime) return loaded;
      try {
        await prime();
      } catch (err) {
        log(`judging in a worker failed (${(err as Error).message}): judging here`);
        return null;
      }
      return loadJudgments(file, key, config);
    },
    write: async (body) => {
      const saved = await writeJudgments(file, key, body);
      if (!saved.ok) log(`judgments not written: ${saved.error}`);
    },
  }, 'process');
}
