import { closeSync, constants, fstatSync, read, readSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { FactKey } from '../model/index.js';
import { openOwned, readOwned } from '../fs/owned-file.js';
import { decodeRecord, recordIntact, type IndexEntry } from './fact-cache-format.js';
import { FactIndex } from './fact-index.js';

/**
 * Reading the fact cache (bytes: fact-cache-format.ts; writing:
 * fact-cache-save.ts). Opening reads the index alone; a record is read,
 * checked and decoded only when its key is asked for.
 *
 * A missing, damaged, other-version or not owner-only file is never
 * trusted: the cache is then empty, or the one record a miss. Facts decide
 * verdicts, and a cache someone else owns or can write could be forged to
 * pass a violation.
 */

const readFd = promisify(read);

/** Reads of nearby records are merged up to this size: a cold start reads the file in a few large reads, not thousands. */
const MAX_READ = 1 << 20;
const MAX_GAP = 16 << 10;

/** The index, if it is ours, intact and of this version; else null. Never throws. */
export async function readIndexFile(file: string, version: string): Promise<FactIndex | null> {
  const bytes = await readOwned(file);
  try {
    return bytes && FactIndex.decode(bytes, version);
  } catch {
    return null;
  }
}

/** Up to `length` bytes at `position`; fewer at the end of the file (a truncated data file). */
export async function readAt(fd: number, length: number, position: number): Promise<Buffer> {
  // Unzeroed: only the bytes read are ever looked at.
  const out = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await readFd(fd, out, done, length - done, position + done);
    if (!bytesRead) break;
    done += bytesRead;
  }
  return out.subarray(0, done);
}

/** Entries in file order, in runs that one read covers. */
export function readRuns<E extends { readonly entry: IndexEntry }>(wanted: readonly E[]): E[][] {
  const sorted = [...wanted].sort((a, b) => a.entry.offset - b.entry.offset);
  const runs: E[][] = [];
  let run: E[] = [];
  let start = 0;
  let end = 0;
  for (const w of sorted) {
    const { offset, length } = w.entry;
    if (run.length && (offset - end > MAX_GAP || offset + length - start > MAX_READ)) {
      runs.push(run);
      run = [];
    }
    if (!run.length) start = offset;
    run.push(w);
    end = Math.max(end, offset + length);
  }
  if (run.length) runs.push(run);
  return runs;
}

/** One read of a run of records: each with its bytes (a slice of the run's buffer, at most MAX_READ), or null when damaged. */
export type ReadRun = Array<{ key: FactKey; entry: IndexEntry; bytes: Buffer | null }>;

/** The records of `wanted`, one read per run, each checked against its entry before anyone may decode it. */
export async function* readChecked(fd: number, wanted: ReadonlyArray<{ key: FactKey; entry: IndexEntry }>): AsyncGenerator<ReadRun> {
  for (const run of readRuns(wanted)) {
    const start = run[0]!.entry.offset;
    const end = run.reduce((e, w) => Math.max(e, w.entry.offset + w.entry.length), 0);
    const bytes = await readAt(fd, end - start, start);
    yield run.map(({ key, entry }) => {
      const record = bytes.subarray(entry.offset - start, entry.offset - start + entry.length);
      return { key, entry, bytes: recordIntact(record, key, entry) ? record : null };
    });
  }
}

/**
 * One process's view of the cache: the index it read, and the data file
 * that index named, held open. Another process may append to that file,
 * replace the index or compact into a new data file; the fd still reads the
 * bytes this index describes, so the view stays right (or misses).
 */
export class FactCacheView<T> {
  /** Records read and checked by `verify`, decoded on first `take`. */
  private readonly checked = new Map<FactKey, Buffer>();
  /** Keys of the index found damaged, or dropped by the store: no longer `has`. */
  private readonly forgotten = new Set<FactKey>();

  constructor(
    private readonly index: FactIndex | null,
    private fd: number | null,
  ) {}

  get size(): number {
    return this.fd === null || !this.index ? 0 : this.index.count - this.forgotten.size;
  }

  has(key: FactKey): boolean {
    return this.fd !== null && !!this.index && !this.forgotten.has(key) && this.index.has(key);
  }

  *keys(): IterableIterator<FactKey> {
    if (this.fd === null || !this.index) return;
    for (const [key] of this.index.entries()) if (!this.forgotten.has(key)) yield key;
  }

  /** Keys whose facts carry an unjudged warning: read from the index flags, nothing decoded. */
  *unjudged(): IterableIterator<FactKey> {
    if (this.fd === null || !this.index) return;
    for (const key of this.index.flagged()) if (!this.forgotten.has(key)) yield key;
  }

  /**
   * The keys among these whose records are here and intact: read and
   * checked now (decoding none). A damaged one is forgotten, so the caller
   * parses its blob again. Checked here, not on `take`: `take` is
   * synchronous and cannot fall back to parsing.
   */
  async verify(keys: Iterable<FactKey>): Promise<Set<FactKey>> {
    const good = new Set<FactKey>();
    const wanted: Array<{ key: FactKey; entry: IndexEntry }> = [];
    for (const key of keys) {
      if (this.checked.has(key)) good.add(key);
      else {
        const entry = this.entry(key);
        if (entry) wanted.push({ key, entry });
      }
    }
    if (!wanted.length || this.fd === null) return good;
    for await (const run of readChecked(this.fd, wanted)) {
      for (const { key, bytes } of run) {
        if (!bytes) this.forget(key);
        else {
          this.checked.set(key, bytes);
          good.add(key);
        }
      }
    }
    return good;
  }

  /** A record's value, decoded now, or undefined when it is not there or not intact (then forgotten). */
  take(key: FactKey): T | undefined {
    let bytes = this.checked.get(key);
    if (bytes) this.checked.delete(key);
    else {
      const entry = this.entry(key);
      bytes = entry && this.readOne(key, entry);
    }
    const value = bytes && decodeRecord<T>(bytes);
    if (value === undefined) this.forget(key);
    return value;
  }

  checkedKeys(): IterableIterator<FactKey> {
    return this.checked.keys();
  }

  forget(key: FactKey): void {
    // Only keys the index has count: `size` subtracts these.
    if (this.has(key)) this.forgotten.add(key);
    this.checked.delete(key);
  }

  /** The data file was compacted away by name: this view still reads right, but holds a deleted file's space. */
  unlinked(): boolean {
    try {
      return this.fd !== null && fstatSync(this.fd).nlink === 0;
    } catch {
      return true;
    }
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    this.checked.clear();
  }

  private entry(key: FactKey): IndexEntry | undefined {
    if (this.fd === null || !this.index || this.forgotten.has(key)) return undefined;
    return this.index.find(key);
  }

  private readOne(key: FactKey, entry: IndexEntry): Buffer | undefined {
    const bytes = Buffer.alloc(entry.length);
    try {
      const n = readSync(this.fd!, bytes, 0, entry.length, entry.offset);
      return n === entry.length && recordIntact(bytes, key, entry) ? bytes : undefined;
    } catch {
      return undefined;
    }
  }
}

/** The cache at `file` (the index; data files beside it), or an empty view. Reads the index only. Never throws. */
export async function openFactCache<T>(file: string, version: string): Promise<FactCacheView<T>> {
  const index = await readIndexFile(file, version);
  const fd = index ? await openOwned(join(dirname(file), index.data), constants.O_RDONLY) : null;
  return new FactCacheView<T>(index, fd);
}

/** Every intact record, decoded: for tests and tools that look at the whole cache. */
export async function loadFactCache<T>(file: string, version: string): Promise<Map<FactKey, T>> {
  const view = await openFactCache<T>(file, version);
  try {
    const out = new Map<FactKey, T>();
    for (const key of await view.verify(view.keys())) {
      const value = view.take(key);
      if (value !== undefined) out.set(key, value);
    }
    return out;
  } finally {
    view.close();
  }
}
