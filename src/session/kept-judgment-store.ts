import type { Config, SnapshotKind } from '../model/index.js';
import type { EarlierJudgments } from '../judgment/judged-snapshot.js';
import { encodeSnapshot } from '../judgment/judgment-file.js';
import { keepJudgments, keptFromEncoded, type KeptJudgments } from '../judgment/kept-judgments.js';
import type { JudgmentStore } from './session.js';

/** The judgments file as a kept store starts from it and writes HEAD's back. */
export interface JudgmentsOnDisk {
  load(): Promise<EarlierJudgments | null>;
  write(body: Buffer): Promise<void>;
}

/**
 * Judgments kept in memory between checks: the latest judged snapshot of
 * each kind (kept-judgments.ts; the next save or `git add` is judged from
 * it), started from `disk` if there is one. When a commit moves HEAD,
 * HEAD's become the one base every kind is judged from next, and are written
 * to `disk`, so a process that has to judge on its own starts from them too.
 */
export function keptJudgmentStore(config: Config, disk: JudgmentsOnDisk | null = null): JudgmentStore & { prepare(): Promise<void> } {
  const latest = new Map<SnapshotKind, KeptJudgments>();
  let fromDisk: Promise<EarlierJudgments | null> | null = null;
  const load = async (kind: SnapshotKind): Promise<EarlierJudgments | null> =>
    latest.get(kind) ?? latest.get('head') ?? latest.get('staged') ?? (disk ? await (fromDisk ??= disk.load()) : null);
  return {
    /** Before the first check: whatever `disk.load` writes (a worker's facts) is then on disk before the check looks for it. */
    prepare: async () => void (await load('head')),
    load,
    judged: (kind, snapshot, earlier) => void latest.set(kind, keepJudgments(config, snapshot, earlier)),
    save: async (snapshot) => {
      const body = encodeSnapshot(config, snapshot);
      latest.clear();
      latest.set('head', keptFromEncoded(config, body));
      fromDisk = null;
      await disk?.write(body);
    },
  };
}
