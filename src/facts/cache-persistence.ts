import type { FileFacts } from '../model/index.js';
import { openFactCache } from './fact-cache.js';
import { saveFactCache, type FactCacheWriteResult, type WriteBytes } from './fact-cache-save.js';
import type { FactPersistence } from './fact-store.js';

/**
 * A fact store's persistence on the disk cache whose index is `file`,
 * saved at once. Facts depend only on bytes and the extractors: their
 * version is the whole key. A failed save is reported to `onSaved`, never
 * thrown: losing new records costs a later parse, not the check.
 */
export function diskFactPersistence(
  file: string,
  version: string,
  onSaved: (result: FactCacheWriteResult) => void = () => {},
  write?: WriteBytes,
): FactPersistence {
  return {
    open: () => openFactCache<FileFacts>(file, version),
    save: async (change) => onSaved(await saveFactCache(file, version, change, write)),
  };
}
