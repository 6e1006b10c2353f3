import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { blobSha } from '../../../src/facts/blob-sha.js';
import { factKeyOf } from '../../../src/facts/fact-key.js';
import { FactStore } from '../../../src/facts/fact-store.js';
import { extractPythonFacts } from '../../../src/parse/python/extract-facts.js';
import type { BlobReader, BlobSha, FactKey } from '../../../src/model/index.js';
import { storeOn, tempCache } from '../../helpers/fact-cache-fixture.js';

/**
 * Blobs in memory, each named with a file on disk that may or may not hold
 * it (BlobReader.candidateFile): the reader records which blobs it was
 * asked to read, i.e. which the parse did not take from disk.
 */
async function blobsOnDisk(dir: string, n: number, disk: (i: number, blob: string) => string | null) {
  const bytes = new Map<BlobSha, Buffer>();
  const file = new Map<BlobSha, string>();
  const keys: FactKey[] = [];
  const expected = new Map<FactKey, ReturnType<typeof extractPythonFacts>>();
  const asked: number[] = [];
  const index = new Map<BlobSha, number>();
  await mkdir(dir, { recursive: true });
  for (let i = 0; i < n; i++) {
    // Padded so that a few hundred files are enough work for the worker threads.
    const blob = `import legacy.m${i}\n${'# padding\n'.repeat(i % 7 === 0 ? 2000 : 20)}`;
    const b = Buffer.from(blob);
    const sha = blobSha(b);
    bytes.set(sha, b);
    index.set(sha, i);
    const path = join(dir, `m${i}.py`);
    file.set(sha, path);
    const onDisk = disk(i, blob);
    if (onDisk !== null) await writeFile(path, onDisk);
    const key = factKeyOf(sha, 'python');
    keys.push(key);
    expected.set(key, extractPythonFacts(b));
  }
  const reader: BlobReader = {
    read: async (sha) => (asked.push(index.get(sha)!), bytes.get(sha)!),
    candidateFile: (sha) => file.get(sha) ?? null,
    close: () => {},
  };
  return { reader, keys, expected, asked };
}

/** File i holds its blob, an edited copy (i % 5 === 1), or is missing (i % 5 === 2). */
const mixed = (i: number, blob: string): string | null => (i % 5 === 1 ? `${blob}import canonical.edited\n` : i % 5 === 2 ? null : blob);

describe('FactStore: blobs the working tree holds are read from disk by whoever parses them', () => {
  for (const [label, n] of [['in process (a few files)', 6], ['on the parse workers (a cold index)', 400]] as const) {
    it(`${label}: a file that holds its blob is parsed from disk; an edited or missing one from the reader, never its disk bytes`, async (t) => {
      const { dir } = await tempCache();
      const work = join(dir, 'work');
      t.after(() => rm(work, { recursive: true, force: true }));
      const { reader, keys, expected, asked } = await blobsOnDisk(work, n, mixed);
      const store = new FactStore(null);
      assert.equal(await store.ensure(keys, [reader]), n);
      for (const key of keys) assert.deepEqual(store.get(key), expected.get(key), `the facts of ${key} are its blob's`);
      const notOnDisk = keys.map((_, i) => i).filter((i) => i % 5 === 1 || i % 5 === 2);
      assert.deepEqual(asked.sort((a, b) => a - b), notOnDisk);
    });
  }

  it('a FIFO where the working tree should hold the blob is not waited on: the blob is read from the reader', async (t) => {
    const { dir } = await tempCache();
    const work = join(dir, 'work');
    t.after(() => rm(work, { recursive: true, force: true }));
    const { reader, keys, expected, asked } = await blobsOnDisk(work, 3, (i, blob) => (i === 1 ? null : blob));
    execFileSync('mkfifo', [join(work, 'm1.py')]);
    const store = new FactStore(null);
    assert.equal(await store.ensure(keys, [reader]), 3);
    assert.deepEqual(store.get(keys[1]!), expected.get(keys[1]!));
    assert.deepEqual(asked, [1]);
  });

  it('the records parsed from disk are the cache a later store reads back', async (t) => {
    const { dir, file } = await tempCache();
    const work = join(dir, 'work');
    t.after(() => rm(work, { recursive: true, force: true }));
    const { reader, keys, expected } = await blobsOnDisk(work, 400, mixed);
    const { store, saves } = storeOn(file);
    await store.ensure(keys, [reader]);
    await store.persist();
    assert.deepEqual(saves, [{ ok: true }]);
    const { store: again } = storeOn(file);
    assert.equal(await again.ensure(keys, [reader]), 0, 'every blob read back from the cache');
    for (const key of keys) assert.deepEqual(again.get(key), expected.get(key));
  });
});
