import type { FileFacts } from '../model/index.js';
import type { GitRepo } from '../git/repo.js';
import { openFactCache } from '../facts/fact-cache.js';
import { mergeChanges, saveFactCache, type FactChange } from '../facts/fact-cache-save.js';
import { FactStore } from '../facts/fact-store.js';
import { FACTS_VERSION } from '../facts/facts-version.js';
import { factCacheFile } from '../session/open-session.js';
import type { Log } from './log.js';

/** A daemon's facts live in memory; the disk copy only has to survive it, so it is written at most this often. */
const SAVE_EVERY_MS = 30_000;

/**
 * The same cache and key as the one-shot CLI (persistedFactStore), but
 * saved in the background: a session persists after every check that parsed
 * something, and a cold warm-up's thousands of new records must not be
 * serialised between `git commit` and its verdict. Changes pile up until the
 * timer fires; `flush` writes what is pending when the daemon stops. A
 * failed write (disk full) keeps its change for the next one.
 */
export function daemonFactStore(repo: GitRepo, log: Log): { facts: FactStore; flush(): Promise<void> } {
  const file = factCacheFile(repo);
  let pending: FactChange | null = null;
  let timer: NodeJS.Timeout | null = null;
  const write = async (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = null;
    const change = pending;
    pending = null;
    if (!change) return;
    const saved = await saveFactCache(file, FACTS_VERSION, change);
    if (saved.ok) return;
    log(saved.error);
    pending = pending ? mergeChanges(change, pending) : change;
  };
  const facts = new FactStore({
    open: () => openFactCache<FileFacts>(file, FACTS_VERSION),
    save: async (change) => {
      pending = pending ? mergeChanges(pending, change) : change;
      timer ??= setTimeout(() => void write(), SAVE_EVERY_MS).unref();
    },
  });
  return { facts, flush: write };
}
