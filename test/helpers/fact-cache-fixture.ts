import { after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { blobSha } from '../../src/facts/blob-sha.js';
import { factKeyOf } from '../../src/facts/fact-key.js';
import { diskFactPersistence } from '../../src/facts/cache-persistence.js';
import { FactStore } from '../../src/facts/fact-store.js';
import type { FactCacheWriteResult, WriteBytes } from '../../src/facts/fact-cache-save.js';
import { extractPythonFacts } from '../../src/parse/python/extract-facts.js';
import type { BlobReader, BlobSha, FactKey, FileFacts } from '../../src/model/index.js';
import { FactIndex } from '../../src/facts/fact-index.js';
import type { DataFileName, IndexEntry } from '../../src/facts/fact-cache-format.js';

export const VERSION = 'test-facts-1';

/** A fresh directory for one cache, removed after the file's tests; `file` is its index. */
export async function tempCache(): Promise<{ dir: string; file: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'ssot-guard-facts-'));
  after(() => rm(dir, { recursive: true, force: true }));
  return { dir, file: join(dir, 'facts.idx') };
}

/** The data files in a cache's directory (one per generation). */
export async function dataFiles(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((n) => n.endsWith('.dat'));
}

/** Python blobs in memory, each of a different import, so a record read for the wrong key shows. */
export class Blobs implements BlobReader {
  private readonly bytes = new Map<BlobSha, Buffer>();

  /** The key of blob number `i`: `import m<i>`. */
  key(i: number): FactKey {
    return this.add(`import m${i}\n`);
  }

  add(text: string | Buffer): FactKey {
    const b = Buffer.from(text);
    const sha = blobSha(b);
    this.bytes.set(sha, b);
    return factKeyOf(sha, 'python');
  }

  /** The facts blob `i` must have, extracted afresh. */
  facts(i: number): FileFacts {
    return extractPythonFacts(Buffer.from(`import m${i}\n`));
  }

  keys(from: number, to: number): FactKey[] {
    return Array.from({ length: to - from }, (_, i) => this.key(from + i));
  }

  async read(sha: BlobSha): Promise<Buffer> {
    const b = this.bytes.get(sha);
    if (!b) throw new Error(`no blob ${sha}`);
    return b;
  }

  candidateFile(): null {
    return null;
  }

  close(): void {}
}

/** A store on the cache at `file`, with every save's result recorded. */
export function storeOn(file: string, options: { compact?: boolean; write?: WriteBytes } = {}): { store: FactStore; saves: FactCacheWriteResult[] } {
  const saves: FactCacheWriteResult[] = [];
  const store = new FactStore(diskFactPersistence(file, VERSION, (r) => saves.push(r), options.write), { compact: options.compact ?? false });
  after(() => store.close());
  return { store, saves };
}

/** A write that stores half the bytes, then fails like a full disk; `failOn` picks which call (0-based) fails. */
export function diskFullOn(failOn: number, write: WriteBytes): WriteBytes {
  let calls = 0;
  return async (fd, data) => {
    if (calls++ !== failOn) return write(fd, data);
    await write(fd, data.subarray(0, data.length >> 1));
    throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
  };
}

/** An index as plain data, to look at or to tamper with. */
export interface IndexData {
  readonly version: string;
  readonly data: DataFileName;
  readonly entries: Map<FactKey, IndexEntry>;
}

export async function readIndex(file: string, version = VERSION): Promise<IndexData> {
  const index = FactIndex.decode(await readFile(file), version);
  assert.ok(index, 'the index is intact');
  return { version: index.version, data: index.data, entries: new Map(index.entries()) };
}

export async function writeIndex(file: string, index: IndexData): Promise<void> {
  await writeFile(file, FactIndex.encode(index.version, index.data, index.entries));
}
