import { type BlobReader, type BlobSha, type FactKey, type FactLookup, type FileFacts } from '../model/index.js';
import { parseAll, type ParseJob } from './parse-pool.js';
import { compactFacts, StringPool } from './compact-facts.js';
import { splitFactKey } from './fact-key.js';
import type { FactChange } from './fact-cache-save.js';
import type { EncodedRecord } from './fact-cache-format.js';

/**
 * A record the index promised turned out damaged when it was decoded: the
 * key is forgotten, and the check that asked runs again (its `ensure` then
 * parses that blob). Thrown, not answered with undefined: the resolver would
 * read "no facts" as a file with no imports and judge it wrongly.
 */
export class FactsUnavailable extends Error {
  constructor(readonly key: FactKey) {
    super(`the cached facts of ${key} are damaged`);
  }
}

/**
 * Facts every key has: a check that made sure of the changed files' facts
 * alone reads every other from the cache, and one missing there must not be
 * taken for a file with no imports (it is judged again, every key ensured).
 */
export function requiredFacts(facts: FactLookup): FactLookup {
  return {
    get: (key) => {
      const found = facts.get(key);
      if (found === undefined) throw new FactsUnavailable(key);
      return found;
    },
  };
}

/** How `ensure` trusts the disk: `now` reads and checks every record asked for; `on-read` trusts the index and checks each record when it is decoded. */
export type Verification = 'now' | 'on-read';

/** Facts kept on disk, as one store sees them: an index it read, records read on demand (fact-cache.ts). */
export interface StoredFacts {
  readonly size: number;
  has(key: FactKey): boolean;
  keys(): Iterable<FactKey>;
  /** From the index alone: no record decoded. */
  unjudged(): Iterable<FactKey>;
  /** The keys among these with an intact record, read and checked now; a damaged one is no longer `has`. */
  verify(keys: Iterable<FactKey>): Promise<Set<FactKey>>;
  /** A record decoded now; undefined when damaged. */
  take(key: FactKey): FileFacts | undefined;
  /** Keys `verify` read and checked that nobody has taken yet. */
  checkedKeys(): Iterable<FactKey>;
  forget(key: FactKey): void;
  /** Another process compacted the cache into a new file: worth opening again. */
  unlinked(): boolean;
  close(): void;
}

/** Where the store's facts persist: the disk cache, or (daemon) a deferred writer of it. */
export interface FactPersistence {
  /** The cache as it is now; opening it reads its index only. */
  open(): Promise<StoredFacts>;
  /** Records the change since the last save: new facts to append, keys no longer worth keeping. */
  save(change: FactChange): Promise<void>;
}

export interface FactStoreOptions {
  /**
   * Share strings and copy packed references out of the read buffer
   * (compact-facts.ts). Worth it for a process that keeps the facts for
   * hours (the daemon); a one-shot check exits first, and it cost 0.5 s of
   * a 4 s check on a 10,000-module repo.
   */
  readonly compact: boolean;
}

/** Decoded facts a check asked for are kept for the next one up to this many: a save's importers, not a full index. */
const KEEP_ASKED = 2000;

/**
 * Facts by blob sha (and file kind: fact-key.ts), shared by every snapshot
 * (index, HEAD, worktree): a blob is parsed once, ever, for a given extractor
 * version. A fact on disk is decoded when it is first asked for, so a check
 * that reads a few files' facts pays for those few.
 */
export class FactStore implements FactLookup {
  /** Keys whose file could not be read at all (too large, extractor error): few or none, so a check need not look at every file for them. */
  private readonly unjudgedKeys = new Set<FactKey>();
  /** Facts parsed here or decoded from disk. */
  private readonly memory = new Map<FactKey, FileFacts>();
  /** Facts in memory that the cache this store opened lacks: `size` is those and the cache's. */
  private readonly memoryOnly = new Set<FactKey>();
  /** Parsed since the last persist: what the next save appends. */
  private readonly fresh = new Map<FactKey, EncodedRecord>();
  /** On disk, dropped by retainOnly since the last persist. */
  private readonly dropped = new Set<FactKey>();
  private stored: StoredFacts | null = null;
  /** Keys asked for since the last releaseDecoded (only with a disk cache: what it decodes). */
  private asked = new Set<FactKey>();
  /** Shared by the facts one batch brings in (one ensure and the decoding that follows it); not kept longer. */
  private strings = new StringPool();
  hits = 0;
  /** Records decoded from disk: what reading on demand saves is visible here. */
  decoded = 0;

  constructor(
    private readonly persistence: FactPersistence | null,
    private readonly options: FactStoreOptions = { compact: true },
  ) {}

  get unjudged(): ReadonlySet<FactKey> {
    return this.unjudgedKeys;
  }

  get(key: FactKey): FileFacts | undefined {
    const known = this.memory.get(key);
    if (this.stored) this.asked.add(key);
    if (known !== undefined || !this.stored) return known;
    const promised = this.stored.has(key);
    const facts = this.stored.take(key);
    if (facts === undefined) {
      if (promised) throw new FactsUnavailable(key);
      return undefined;
    }
    this.decoded++;
    const kept = this.options.compact ? compactFacts(facts, this.strings) : facts;
    this.memory.set(key, kept);
    return kept;
  }

  /** Keys known, in memory or on disk. */
  get size(): number {
    return (this.stored?.size ?? 0) + this.memoryOnly.size;
  }

  /**
   * Makes sure facts exist for every key: in memory, or on disk with an
   * intact record (read and checked now, decoded on `get`; or, `on-read`,
   * listed in the index and checked when decoded: a check that reads a few
   * files' facts then does not read the whole cache). Returns how many
   * blobs were parsed.
   */
  async ensure(
    keys: Iterable<FactKey>,
    readers: readonly BlobReader[],
    onProgress?: (done: number, total: number) => void,
    verification: Verification = 'now',
  ): Promise<number> {
    const stored = await this.open();
    this.strings = new StringPool();
    const notInMemory: FactKey[] = [];
    for (const key of keys) {
      if (this.memory.has(key)) this.hits++;
      else notInMemory.push(key);
    }
    // Checked now: the records read and found intact. On read: the index is asked (no set of every key is made, a daemon asks on every save).
    const intact = stored && notInMemory.length && verification === 'now' ? await stored.verify(notInMemory) : null;
    const absent = notInMemory.filter((key) => !(intact ? intact.has(key) : stored?.has(key)));
    this.hits += notInMemory.length - absent.length;
    const missing = [...new Set(absent)];
    if (!missing.length) return 0;
    // A file the first reader names is read by whoever parses it; the rest, and any such file that turns out not to hold the blob, from the readers.
    const fromReaders = (key: FactKey): Promise<ParseJob> => readFromAny(readers, splitFactKey(key).sha).then((bytes) => ({ key, bytes }));
    const jobs = await Promise.all(
      missing.map((key): ParseJob | Promise<ParseJob> => {
        const file = readers[0]?.candidateFile(splitFactKey(key).sha) ?? null;
        return file === null ? fromReaders(key) : { key, file };
      }),
    );
    const first = await parseAll(jobs, onProgress);
    const parsed = first.unread.length ? new Map([...first.blobs, ...(await parseAll(await Promise.all(first.unread.map(fromReaders)))).blobs]) : first.blobs;
    for (const [key, { facts, record }] of parsed) {
      this.memory.set(key, this.options.compact ? compactFacts(facts, this.strings) : facts);
      this.memoryOnly.add(key);
      if (record.unjudged) this.unjudgedKeys.add(key);
      this.fresh.set(key, record);
      this.dropped.delete(key);
    }
    return missing.length;
  }

  /**
   * Forgets the decoded facts the disk cache holds (each is decoded again if
   * asked for): a process that keeps file judgments between checks needs the
   * facts of the few files a change makes it judge again, not of every file.
   * Those the last check asked for are kept when they are few: a daemon's
   * saves of one file judge the same importers again and again, and decoding
   * them each time was a tenth of save -> verdict on real code.
   */
  releaseDecoded(): void {
    if (!this.stored) return;
    const keep = this.asked.size <= KEEP_ASKED ? this.asked : new Set<FactKey>();
    for (const key of this.memory.keys()) if (!this.memoryOnly.has(key) && !keep.has(key) && this.stored.has(key)) this.memory.delete(key);
    this.asked = new Set();
    this.strings = new StringPool();
  }

  /** Forget facts no snapshot refers to any more, in memory and in the cache, so neither grows without bound. */
  retainOnly(live: ReadonlySet<FactKey>): void {
    for (const key of [...this.memory.keys(), ...(this.stored?.keys() ?? [])]) {
      if (live.has(key)) continue;
      this.memory.delete(key);
      this.memoryOnly.delete(key);
      this.unjudgedKeys.delete(key);
      if (this.stored?.has(key)) {
        this.stored.forget(key);
        this.dropped.add(key);
      }
      // Parsed and not saved yet: there is nothing on disk to drop.
      this.fresh.delete(key);
    }
  }

  /** Hands the new facts and the dropped keys to the persistence: a save costs what changed, not the whole cache. */
  async persist(): Promise<void> {
    if (!this.persistence || (!this.fresh.size && !this.dropped.size)) return;
    const change: FactChange = { add: new Map(this.fresh), drop: new Set(this.dropped) };
    this.fresh.clear();
    this.dropped.clear();
    await this.persistence.save(change);
  }

  /** Closes the data file the store reads from; the facts in memory stay. */
  close(): void {
    this.stored?.close();
    this.stored = null;
  }

  /** The disk cache, opened on first use, and again once another process compacted it (the old file's space is freed when we let go). */
  private async open(): Promise<StoredFacts | null> {
    if (!this.persistence) return null;
    if (this.stored && !this.stored.unlinked()) return this.stored;
    if (this.stored) {
      // An ensure before this one promised these keys' facts: decode them before their file is let go.
      for (const key of [...this.stored.checkedKeys()]) this.get(key);
      this.stored.close();
    }
    this.stored = await this.persistence.open();
    for (const key of this.stored.unjudged()) this.unjudgedKeys.add(key);
    for (const key of this.dropped) this.stored.forget(key);
    this.memoryOnly.clear();
    for (const key of this.memory.keys()) if (!this.stored.has(key)) this.memoryOnly.add(key);
    return this.stored;
  }
}

async function readFromAny(readers: readonly BlobReader[], sha: BlobSha): Promise<Buffer> {
  let last: unknown;
  for (const r of readers) {
    try {
      return await r.read(sha);
    } catch (err) {
      last = err;
    }
  }
  throw last instanceof Error ? last : new Error(`blob ${sha} could not be read`);
}
