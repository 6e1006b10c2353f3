import { closeSync, constants, fstat } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { FactKey } from '../model/index.js';
import { readAt, readIndexFile } from './fact-cache.js';
import { openOwned } from '../fs/owned-file.js';
import { encodeBatch, NONCE_BYTES, type EncodedRecord, type IndexEntry } from './fact-cache-format.js';
import { FactIndex } from './fact-index.js';
import { writeGeneration } from './fact-cache-generation.js';
import { replaceFile, writeAll, type WriteBytes } from '../fs/owned-file.js';

export { writeAll, type WriteBytes };

/**
 * Writing the fact cache: new records are appended to the data file (one
 * write per batch), then the index is replaced (tmp + rename). Nothing is
 * locked. Two processes saving at once both append safely (O_APPEND), and
 * the index renamed last wins: the other's new entries are missing from it,
 * which costs a later parse, never a verdict.
 *
 * Records nobody indexes any more (pruned, replaced, lost to such a race,
 * half-written on a full disk) are garbage; past half the data file, the
 * live records are copied, each checked, into a new data file (a new
 * generation name), the index renamed to name it, and the old file
 * unlinked. A reader that opened the old index keeps its fd and its bytes.
 *
 * No fsync: a record torn by a power cut fails its checksum and is parsed
 * again. Owner-only: directory 0700, files 0600, whatever the umask.
 */

export type FactCacheWriteResult = { ok: true } | { ok: false; error: string };

/**
 * What changed since the last save: records to add, encoded already (a
 * parse worker encodes the facts it made, so a cold index's thousands of
 * records cost the main thread a write, not a serialisation), and keys to
 * drop from the index.
 */
export interface FactChange {
  readonly add: ReadonlyMap<FactKey, EncodedRecord>;
  readonly drop: ReadonlySet<FactKey>;
}

/** Two changes as one, `later` winning: a key dropped after it was added is not added, and the reverse. */
export function mergeChanges(earlier: FactChange, later: FactChange): FactChange {
  const add = new Map([...earlier.add].filter(([key]) => !later.drop.has(key)));
  for (const [key, fact] of later.add) add.set(key, fact);
  const drop = new Set([...earlier.drop].filter((key) => !later.add.has(key)));
  for (const key of later.drop) drop.add(key);
  return { add, drop };
}

const fstatFd = promisify(fstat);
/** A save starts over when the data file it read was compacted away under it: rare, and each retry is cheap. */
const ATTEMPTS = 3;

/** Saves in flight per file: a process's own saves take turns, so they never race each other. */
const inFlight = new Map<string, Promise<unknown>>();

/**
 * Applies `change` to the cache whose index is `file`. A failed write (disk
 * full) leaves the previous index and its data file as they were and returns
 * `ok: false` with the reason: losing new records costs time, never a
 * verdict, so it must not fail the check. Never throws.
 */
export function saveFactCache(file: string, version: string, change: FactChange, write: WriteBytes = writeAll): Promise<FactCacheWriteResult> {
  const previous = inFlight.get(file) ?? Promise.resolve();
  const run = previous.then(() => applyChange(file, version, change, write));
  inFlight.set(file, run);
  void run.finally(() => {
    if (inFlight.get(file) === run) inFlight.delete(file);
  });
  return run;
}

async function applyChange(file: string, version: string, change: FactChange, write: WriteBytes): Promise<FactCacheWriteResult> {
  try {
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    const records = [...change.add.values()];
    for (let attempt = 1; !(await applyOnce(file, version, change.drop, records, write, attempt === ATTEMPTS)); attempt++);
    return { ok: true };
  } catch (err) {
    return { ok: false, error: `could not write the fact cache ${file}: ${(err as Error).message}` };
  }
}

/** False (try again) when another process compacted the data file away between our read of the index and our rename. */
async function applyOnce(file: string, version: string, drop: ReadonlySet<FactKey>, records: readonly EncodedRecord[], write: WriteBytes, lastTry: boolean): Promise<boolean> {
  const read = await readIndexFile(file, version);
  const data = read ? await openOwned(join(dirname(file), read.data), constants.O_RDWR | constants.O_APPEND) : null;
  // Its data file gone by name: most likely compacted a moment ago, and the index read again names the new one.
  if (read && data === null && !lastTry) return false;
  try {
    const index = data === null ? null : read;
    // Ours replaces theirs: a key parsed again is one whose record was found damaged.
    const replaced = new Map<FactKey, IndexEntry>();
    for (const key of [...drop, ...records.map((r) => r.key)]) {
      const entry = index?.find(key);
      if (entry) replaced.set(key, entry);
    }
    if (!records.length && ![...drop].some((key) => replaced.has(key))) return true;

    if (index === null || data === null || wantsCompaction(index, replaced, records, (await fstatFd(data)).size)) {
      const entries = new Map(index?.entries() ?? []);
      for (const key of replaced.keys()) entries.delete(key);
      // Only a data file we opened as ours is ours to unlink.
      await writeGeneration(file, version, { fd: data, name: index?.data ?? null, entries }, records, write);
      return true;
    }
    const added = records.length ? await append(data, records, write) : new Map<FactKey, IndexEntry>();
    if ((await fstatFd(data)).nlink === 0 && !lastTry) return false;
    const merged = index.merge(drop, added, index.data);
    await replaceFile(file, merged, write);
    // Compacted away between our check and our rename: our index names a deleted file. Copy what it
    // names (our fd still reads it) into a generation of our own, rather than leave the cache dangling.
    if ((await fstatFd(data)).nlink === 0) {
      await writeGeneration(file, version, { fd: data, name: null, entries: new Map(FactIndex.decode(merged, version)!.entries()) }, [], write);
    }
    return true;
  } finally {
    if (data !== null) closeSync(data);
  }
}

/** Garbage past half the file, or an index that points past its end (a truncated data file): start a clean generation. */
function wantsCompaction(index: FactIndex, replaced: ReadonlyMap<FactKey, IndexEntry>, records: readonly EncodedRecord[], size: number): boolean {
  const { live, end } = index.extent();
  if (end > size) return true;
  const adding = records.reduce((n, r) => n + r.bytes.length, 0);
  let liveAfter = live + adding;
  for (const e of replaced.values()) liveAfter -= e.length;
  const after = size + NONCE_BYTES + adding;
  return after - liveAfter > after / 2;
}

/**
 * Appends one batch and returns where its records landed. With O_APPEND
 * the kernel picks the offset: when the file grew by more than our batch,
 * another process appended too, and our batch is found by its nonce.
 */
async function append(fd: number, records: readonly EncodedRecord[], write: WriteBytes): Promise<Map<FactKey, IndexEntry>> {
  const batch = encodeBatch(records);
  const before = (await fstatFd(fd)).size;
  await write(fd, batch.bytes);
  const after = (await fstatFd(fd)).size;
  let start = before;
  if (after - before !== batch.bytes.length) {
    const found = (await readAt(fd, after - before, before)).indexOf(batch.nonce);
    if (found < 0) throw new Error('the appended batch is not where it was written');
    start = before + found;
  }
  return new Map(records.map((r, i) => [r.key, { offset: start + batch.offsets[i]!, length: r.bytes.length, crc: r.crc, unjudged: r.unjudged }]));
}

