import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FactStore, type FactPersistence } from '../../../src/facts/fact-store.js';
import { blobSha } from '../../../src/facts/blob-sha.js';
import { extractPythonFacts } from '../../../src/parse/python/extract-facts.js';
import type { BlobReader, BlobSha, FactKey, FileFacts } from '../../../src/model/index.js';
import { factKeyOf } from '../../../src/facts/fact-key.js';

/** Blobs in memory, and a persistence that records what was saved. */
function world(stored: number, newBlobs: number) {
  const bytes = new Map<BlobSha, Buffer>();
  const blob = (text: string) => {
    const b = Buffer.from(text);
    const sha = blobSha(b);
    bytes.set(sha, b);
    return factKeyOf(sha, 'python');
  };
  const old = new Map<FactKey, FileFacts>();
  for (let i = 0; i < stored; i++) old.set(blob(`old_${i} = 1\n`), extractPythonFacts(Buffer.from(`old_${i} = 1\n`)));
  const fresh = Array.from({ length: newBlobs }, (_, i) => blob(`new_${i} = 1\n`));
  const saves: number[] = [];
  const persistence: FactPersistence = { load: async () => new Map(old), save: async (map) => void saves.push(map.size) };
  const reader: BlobReader = { read: async (sha) => bytes.get(sha)!, close: () => {} };
  return { persistence, reader, fresh, saves, old: [...old.keys()] };
}

describe('FactStore: when a one-shot check rewrites the cache', () => {
  const table: Array<[string, number, number, number[]]> = [
    ['no cache yet: written, however little was parsed', 0, 1, [1]],
    ['a cache and a few new blobs: left as it was', 5, 3, []],
    ['a cache and enough new blobs: rewritten', 5, 4, [9]],
  ];
  for (const [name, stored, parsed, saves] of table) {
    it(name, async () => {
      const w = world(stored, parsed);
      const store = new FactStore(w.persistence, { compact: false, persistAtLeast: 4 });
      assert.equal(await store.ensure([...w.old, ...w.fresh], [w.reader]), parsed);
      await store.persist();
      assert.deepEqual(w.saves, saves);
    });
  }

  it('compacting keeps the facts equal, strings and all', async () => {
    const w = world(0, 2);
    const plain = new FactStore(null, { compact: false, persistAtLeast: 1 });
    const compact = new FactStore(null, { compact: true, persistAtLeast: 1 });
    await plain.ensure(w.fresh, [w.reader]);
    await compact.ensure(w.fresh, [w.reader]);
    assert.deepEqual([...compact.map], [...plain.map]);
  });
});
