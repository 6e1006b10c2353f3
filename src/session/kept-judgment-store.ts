import type { Config, SnapshotKind } from '../model/index.js';
import type { EarlierJudgments, HeadOrigin } from '../judgment/judgments.js';
import type { JudgedSnapshot } from '../judgment/judged-snapshot.js';
import { encodeSnapshot } from '../judgment/judgment-file.js';
import { keepJudgments, keptFromEncoded, type KeptJudgments } from '../judgment/kept-judgments.js';

/**
 * Where a session keeps file judgments between checks: the one-shot CLI in
 * a file (judgment-file.ts), HEAD's, whatever it judges; a daemon in memory,
 * the latest of each kind of snapshot (keptJudgmentStore below), over that file.
 */
export interface JudgmentStore {
  /** How long judgments are kept: only where they outlive a check (`process`) is a check judged from the last one's (judged-from-saves.ts). */
  readonly keptFor: KeptFor;
  /** What to judge a snapshot of this kind from. */
  load(kind: SnapshotKind): Promise<EarlierJudgments | null>;
  /** A snapshot of this kind was judged from `earlier` and its verdict given: a long-lived store keeps it to judge the next from. */
  judged(kind: SnapshotKind, snapshot: JudgedSnapshot, earlier: EarlierJudgments | null): void;
  /** HEAD's judgments, when they are not the ones loaded (a commit moved HEAD), and the tree they are of: for the next process. */
  save(snapshot: EarlierJudgments, head: HeadOrigin | null): Promise<void>;
}

/** The judgments file as a kept store starts from it and writes HEAD's back. */
export interface JudgmentsOnDisk {
  load(): Promise<EarlierJudgments | null>;
  write(body: Buffer): Promise<void>;
}

/**
 * How long a store keeps judgments in memory: a long-lived process (a daemon,
 * watch) the latest of each kind, for as long as it runs; a one-shot process
 * checks once, so keeping them would be work for no next check.
 */
export type KeptFor = 'process' | 'check';

/**
 * The one judgment store. With `keptFor: 'process'`, judgments are kept in
 * memory between checks: the latest judged snapshot of each kind
 * (kept-judgments.ts; the next save or `git add` is judged from it), started
 * from `disk` if there is one. When a commit moves HEAD, HEAD's become the
 * one base every kind is judged from next, and are written to `disk` with
 * the tree they are of, so a process that has to judge on its own starts
 * from them too (the one-shot CLI: `keptFor: 'check'`, disk only).
 */
export function keptJudgmentStore(config: Config, disk: JudgmentsOnDisk | null, keptFor: KeptFor): JudgmentStore & { prepare(): Promise<void> } {
  const latest = new Map<SnapshotKind, KeptJudgments>();
  let fromDisk: Promise<EarlierJudgments | null> | null = null;
  const load = async (kind: SnapshotKind): Promise<EarlierJudgments | null> =>
    latest.get(kind) ?? latest.get('head') ?? latest.get('staged') ?? (disk ? await (fromDisk ??= disk.load()) : null);
  return {
    keptFor,
    /** Before the first check: whatever `disk.load` writes (a worker's facts) is then on disk before the check looks for it. */
    prepare: async () => void (await load('head')),
    load,
    judged: (kind, snapshot, earlier) => {
      if (keptFor === 'process') latest.set(kind, keepJudgments(config, snapshot, earlier));
    },
    save: async (snapshot, head) => {
      // With the tree they are of: a hook judging in-process then starts from them, listing nothing.
      const body = encodeSnapshot(config, snapshot, head);
      if (keptFor === 'process') {
        latest.clear();
        latest.set('head', keptFromEncoded(config, body));
        fromDisk = null;
      }
      await disk?.write(body);
    },
  };
}
