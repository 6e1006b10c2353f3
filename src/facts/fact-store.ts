import type { BlobReader, BlobSha, FileFacts } from '../model/index.js';
import { parseAll } from './parse-pool.js';
import { compactFacts, StringPool } from './compact-facts.js';

/** Load/save of the persisted map; the disk format lives in fact-cache.ts. */
export interface FactPersistence {
  load(): Promise<Map<BlobSha, FileFacts>>;
  save(map: ReadonlyMap<BlobSha, FileFacts>): Promise<void>;
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
 * Facts by blob sha, shared by every snapshot (index, HEAD, worktree): a blob
 * is parsed once, ever, for a given extractor version.
 */
export class FactStore {
  readonly map = new Map<BlobSha, FileFacts>();
  hits = 0;

  private loaded = false;

  /** Blobs added or dropped since the cache was last written. */
  private unsaved = 0;
  /** Whether the persisted cache had anything: a missing one is always written. */
  private cacheFound = false;

  constructor(
    private readonly persistence: FactPersistence | null,
    private readonly options: FactStoreOptions = { compact: true, persistAtLeast: 1 },
  ) {}

  /** Makes sure facts exist for every sha; returns how many blobs were parsed. */
  async ensure(
    shas: Iterable<BlobSha>,
    readers: readonly BlobReader[],
    onProgress?: (done: number, total: number) => void,
  ): Promise<number> {
    await this.load();
    const missing: BlobSha[] = [];
    for (const sha of shas) {
      if (this.map.has(sha)) this.hits++;
      else missing.push(sha);
    }
    if (!missing.length) return 0;
    const jobs = await Promise.all(missing.map(async (sha) => ({ sha, bytes: await readFromAny(readers, sha) })));
    const parsed = await parseAll(jobs, onProgress);
    // One pool per batch: identifiers repeat across a batch (a cold index is one); the pool itself is not kept.
    const strings = new StringPool();
    for (const [sha, facts] of parsed) this.map.set(sha, this.options.compact ? compactFacts(facts, strings) : facts);
    this.unsaved += parsed.size;
    return missing.length;
  }

  /** Forget facts no snapshot refers to any more, so the cache does not grow without bound. */
  retainOnly(live: ReadonlySet<BlobSha>): void {
    for (const sha of this.map.keys()) {
      if (!live.has(sha)) {
        this.map.delete(sha);
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
    for (const [sha, facts] of stored) if (!this.map.has(sha)) this.map.set(sha, this.options.compact ? compactFacts(facts, strings) : facts);
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
