import type { FactKey, FileFacts } from '../model/index.js';
import type { GitRepo } from '../git/repo.js';
import { loadFactCache, saveFactCache } from '../facts/fact-cache.js';
import { FactStore } from '../facts/fact-store.js';
import { FACTS_VERSION } from '../facts/facts-version.js';
import { factCacheFile } from '../session/open-session.js';
import type { Log } from './log.js';

/** A daemon's facts live in memory; the disk copy only has to survive it, so it is written at most this often. */
const SAVE_EVERY_MS = 30_000;

/**
 * The same cache file and key as the one-shot CLI (persistedFactStore), but
 * saved in the background: a session persists after every check that parsed
 * something, and serialising a large map must not sit between `git commit`
 * and its verdict. `flush` writes what is pending when the daemon stops.
 */
export function daemonFactStore(repo: GitRepo, log: Log): { facts: FactStore; flush(): Promise<void> } {
  const file = factCacheFile(repo);
  let pending: ReadonlyMap<FactKey, FileFacts> | null = null;
  let timer: NodeJS.Timeout | null = null;
  const write = async (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = null;
    const map = pending;
    pending = null;
    if (!map) return;
    const saved = await saveFactCache(file, FACTS_VERSION, map);
    if (!saved.ok) log(saved.error ?? 'could not write the fact cache');
  };
  const facts = new FactStore({
    load: () => loadFactCache(file, FACTS_VERSION),
    save: async (map) => {
      pending = map;
      timer ??= setTimeout(() => void write(), SAVE_EVERY_MS).unref();
    },
  });
  return { facts, flush: write };
}
