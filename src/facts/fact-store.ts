import { isUnjudged, type BlobReader, type BlobSha, type FactKey, type FactLookup, type FileFacts } from '../model/index.js';
import { parseAll } from './parse-pool.js';
import { compactFacts, StringPool } from './compact-facts.js';
import { splitFactKey } from './fact-key.js';

/** Load/save of the persisted map; the disk format lives in fact-cache.ts. */
export interface FactPersistence {
  load(): Promise<Map<FactKey, FileFacts>>;
  save(map: ReadonlyMap<FactKey, FileFacts>): Promise<void>;
}

export interface FactStoreOptions {
  /**
   * Share strings and copy packed references out of the cache file's buffer
   * (compact-facts.ts). Worth it for a process that keeps the facts for
   * hours (the daemon); a one-shot check exits first, and it cost 0.5 s of
   * a 4 s check on a 10,000-module repo.
   */
  readonly compact: boolean;
  /**
   * Rewriting the whole cache to add a few blobs cost 0.4 s there: below
   * this many new blobs a one-shot check leaves a cache that exists as it
   * was (the daemon it starts, or the next check, parses those few again).
   */
  readonly persistAtLeast: number;
}

/**
 * Facts by blob sha (and file kind: fact-key.ts), shared by every snapshot
 * (index, HEAD, worktree): a blob is parsed once, ever, for a given extractor
 * version.
 */
export class FactStore implements FactLookup {
  readonly map = new Map<FactKey, FileFacts>();
  /** Keys whose file could not be read at all (too large, extractor error): few or none, so a check need not look at every file for them. */
  readonly unjudged = new Set<FactKey>();
  hits = 0;

  private loaded = false;

  get(key: FactKey): FileFacts | undefined {
    return this.map.get(key);
  }

  get size(): number {
    return this.map.size;
  }

  /** Blobs added or dropped since the cache was last written. */
  private unsaved = 0;
  /** Whether the persisted cache had anything: a missing one is always written. */
  private cacheFound = false;

  constructor(
    private readonly persistence: FactPersistence | null,
    private readonly options: FactStoreOptions = { compact: true, persistAtLeast: 1 },
  ) {}

  /** Makes sure facts exist for every key; returns how many blobs were parsed. */
  async ensure(
    keys: Iterable<FactKey>,
    readers: readonly BlobReader[],
    onProgress?: (done: number, total: number) => void,
  ): Promise<number> {
    await this.load();
    const missing: FactKey[] = [];
    for (const key of keys) {
      if (this.map.has(key)) this.hits++;
      else missing.push(key);
    }
    if (!missing.length) return 0;
    const jobs = await Promise.all(missing.map(async (key) => ({ key, bytes: await readFromAny(readers, splitFactKey(key).sha) })));
    const parsed = await parseAll(jobs, onProgress);
    // One pool per batch: identifiers repeat across a batch (a cold index is one); the pool itself is not kept.
    const strings = new StringPool();
    for (const [key, facts] of parsed) this.add(key, facts, strings);
    this.unsaved += parsed.size;
    return missing.length;
  }

  /** Forget facts no snapshot refers to any more, so the cache does not grow without bound. */
  retainOnly(live: ReadonlySet<FactKey>): void {
    for (const key of this.map.keys()) {
      if (!live.has(key)) {
        this.map.delete(key);
        this.unjudged.delete(key);
        this.unsaved++;
      }
    }
  }

  async persist(): Promise<void> {
    if (!this.unsaved || !this.persistence || (this.cacheFound && this.unsaved < this.options.persistAtLeast)) return;
    this.unsaved = 0;
    await this.persistence.save(this.map);
  }

  private async load(): Promise<void> {
    if (this.loaded) return;
    this.loaded = true;
    if (!this.persistence) return;
    const strings = new StringPool();
    const stored = await this.persistence.load();
    this.cacheFound = stored.size > 0;
    for (const [key, facts] of stored) if (!this.map.has(key)) this.add(key, facts, strings);
  }

  private add(key: FactKey, facts: FileFacts, strings: StringPool): void {
    this.map.set(key, this.options.compact ? compactFacts(facts, strings) : facts);
    if (facts.warnings.some(isUnjudged)) this.unjudged.add(key);
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
