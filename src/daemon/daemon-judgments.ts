import type { Config, SnapshotKind } from '../model/index.js';
import type { GitRepo } from '../git/repo.js';
import type { JudgmentStore } from '../session/session.js';
import { judgmentsFile } from '../session/open-session.js';
import type { EarlierJudgments } from '../judgment/judged-snapshot.js';
import { encodeSnapshot, loadJudgments, writeJudgments } from '../judgment/judgment-file.js';
import { keepJudgments, keptFromEncoded, type KeptJudgments } from '../judgment/kept-judgments.js';
import type { Log } from './log.js';

/**
 * A daemon's judgments: the latest judged snapshot of each kind, in memory
 * (the next save or `git add` is judged from it), started from the file the
 * one-shot CLI writes. When a commit moves HEAD, HEAD's are written back to
 * that file, so a hook that has to judge in-process starts from them too,
 * and become the one base every kind is judged from next.
 */
export function daemonJudgments(
  repo: GitRepo,
  config: Config,
  log: Log,
  /** Writes the file when there is none (judge-in-worker.ts); without it, or when it fails, the first check judges every file here. */
  prime?: () => Promise<void>,
): JudgmentStore & { prepare(): Promise<void> } {
  const { file, key } = judgmentsFile(repo, config);
  const latest = new Map<SnapshotKind, KeptJudgments>();
  const fromFile = async (): Promise<EarlierJudgments | null> => {
    const loaded = await loadJudgments(file, key, config);
    if (loaded || !prime) return loaded;
    try {
      await prime();
    } catch (err) {
      log(`judging in a worker failed (${(err as Error).message}): judging here`);
      return null;
    }
    return loadJudgments(file, key, config);
  };
  let fromDisk: Promise<EarlierJudgments | null> | null = null;
  const load = async (kind: SnapshotKind): Promise<EarlierJudgments | null> =>
    latest.get(kind) ?? latest.get('head') ?? latest.get('staged') ?? (await (fromDisk ??= fromFile()));
  return {
    /** Before the first check: the facts a worker parses are then on disk before this process looks for them. */
    prepare: async () => void (await load('head')),
    load,
    judged: (kind, snapshot, earlier) => void latest.set(kind, keepJudgments(config, snapshot, earlier)),
    save: async (snapshot) => {
      const body = encodeSnapshot(config, snapshot);
      latest.clear();
      latest.set('head', keptFromEncoded(config, body));
      fromDisk = null;
      const saved = await writeJudgments(file, key, body);
      if (!saved.ok) log(`judgments not written: ${saved.error}`);
    },
  };
}
