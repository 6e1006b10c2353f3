import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FactStore, FactsUnavailable } from '../../../src/facts/fact-store.js';
import { saveFactCache, writeAll } from '../../../src/facts/fact-cache-save.js';
import { MAX_SOURCE_BYTES } from '../../../src/facts/extract-safely.js';
import { Blobs, VERSION, dataFiles, diskFullOn, readIndex, storeOn, tempCache } from '../../helpers/fact-cache-fixture.js';

/** A store that wrote `n` blobs' facts, and the cache it wrote them to. */
async function savedCache(n: number) {
  const cache = await tempCache();
  const blobs = new Blobs();
  const { store, saves } = storeOn(cache.file);
  assert.equal(await store.ensure(blobs.keys(0, n), [blobs]), n);
  await store.persist();
  assert.deepEqual(saves, [{ ok: true }]);
  return { ...cache, blobs };
}

/** A cache of `n` blobs whose record of blob `damaged` has one bit flipped. */
async function cacheWithDamagedRecord(n: number, damaged: number) {
  const saved = await savedCache(n);
  const entry = (await readIndex(saved.file)).entries.get(saved.blobs.key(damaged))!;
  const data = join(saved.dir, (await dataFiles(saved.dir))[0]!);
  const bytes = await readFile(data);
  bytes.writeUInt8(bytes.readUInt8(entry.offset + entry.length - 1) ^ 1, entry.offset + entry.length - 1);
  await writeFile(data, bytes);
  return saved;
}

describe('FactStore: saving', () => {
  it('no cache yet: written, however little was parsed', async () => {
    const { file, blobs } = await savedCache(1);
    const { store } = storeOn(file);
    assert.equal(await store.ensure([blobs.key(0)], [blobs]), 0);
    assert.deepEqual(store.get(blobs.key(0)), blobs.facts(0));
  });

  it('a cache and one new blob: the new record is appended, the rest of the data file left as it was', async () => {
    const { dir, file, blobs } = await savedCache(20);
    const data = join(dir, (await dataFiles(dir))[0]!);
    const before = await readFile(data);
    const { store, saves } = storeOn(file);
    assert.equal(await store.ensure([...blobs.keys(0, 20), blobs.key(20)], [blobs]), 1);
    await store.persist();
    assert.deepEqual(saves, [{ ok: true }]);
    const after = await readFile(data);
    assert.deepEqual(after.subarray(0, before.length), before);
    assert.ok(after.length - before.length < before.length / 10, `appended ${after.length - before.length} bytes to ${before.length}`);
    assert.equal((await readIndex(file)).entries.size, 21);
  });

  it('nothing parsed, nothing dropped: nothing written', async () => {
    const { file, blobs } = await savedCache(3);
    const index = await stat(file);
    const { store, saves } = storeOn(file);
    await store.ensure(blobs.keys(0, 3), [blobs]);
    await store.persist();
    assert.deepEqual(saves, []);
    assert.equal((await stat(file)).mtimeMs, index.mtimeMs);
  });
});

describe('FactStore: reading on demand', () => {
  it('reopened after a save: opening reads the index, ensure parses nothing, and only the records asked for are decoded', async () => {
    const { file, blobs } = await savedCache(50);
    const { store } = storeOn(file);
    assert.equal(await store.ensure([blobs.key(7), blobs.key(8)], [blobs]), 0);
    assert.equal(store.size, 50);
    assert.equal(store.hits, 2);
    assert.equal(store.decoded, 0);
    assert.deepEqual(store.get(blobs.key(7)), blobs.facts(7));
    assert.deepEqual(store.get(blobs.key(7)), blobs.facts(7));
    assert.equal(store.decoded, 1);
    // Not ensured: read, checked and decoded on the spot.
    assert.deepEqual(store.get(blobs.key(30)), blobs.facts(30));
    assert.equal(store.decoded, 2);
  });

  it('a file nobody could read is known from the index flag, without decoding it', async () => {
    const cache = await tempCache();
    const blobs = new Blobs();
    const tooLarge = blobs.add(Buffer.alloc(MAX_SOURCE_BYTES + 1, 0x20));
    const first = storeOn(cache.file).store;
    await first.ensure([tooLarge, blobs.key(0)], [blobs]);
    assert.deepEqual([...first.unjudged], [tooLarge]);
    await first.persist();

    const { store } = storeOn(cache.file);
    await store.ensure([blobs.key(0)], [blobs]);
    assert.deepEqual([...store.unjudged], [tooLarge]);
    assert.equal(store.decoded, 0);
  });

  it('a damaged record: that blob is parsed again, its facts right, and the next save repairs the cache', async () => {
    const { file, blobs } = await cacheWithDamagedRecord(10, 4);

    const { store } = storeOn(file);
    assert.equal(await store.ensure(blobs.keys(0, 10), [blobs]), 1);
    for (let i = 0; i < 10; i++) assert.deepEqual(store.get(blobs.key(i)), blobs.facts(i));
    await store.persist();
    const again = storeOn(file).store;
    assert.equal(await again.ensure(blobs.keys(0, 10), [blobs]), 0);
    assert.deepEqual(again.get(blobs.key(4)), blobs.facts(4));
  });

  it('checked on read: a damaged record is not silently "no facts" but FactsUnavailable, and the next ensure parses it', async () => {
    const { file, blobs } = await cacheWithDamagedRecord(10, 4);

    const { store } = storeOn(file);
    // Trusting the index: nothing read, nothing parsed.
    assert.equal(await store.ensure(blobs.keys(0, 10), [blobs], undefined, 'on-read'), 0);
    assert.equal(store.decoded, 0);
    assert.deepEqual(store.get(blobs.key(3)), blobs.facts(3));
    assert.throws(() => store.get(blobs.key(4)), (err: unknown) => err instanceof FactsUnavailable && err.key === blobs.key(4));
    assert.equal(await store.ensure(blobs.keys(0, 10), [blobs], undefined, 'on-read'), 1);
    assert.deepEqual(store.get(blobs.key(4)), blobs.facts(4));
  });

  it('a damaged index: every blob parsed again, right, and the cache rewritten whole', async () => {
    const { file, blobs } = await savedCache(5);
    const bytes = await readFile(file);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 3) ^ 0xff, bytes.length - 3);
    await writeFile(file, bytes);
    const { store } = storeOn(file);
    assert.equal(await store.ensure(blobs.keys(0, 5), [blobs]), 5);
    assert.deepEqual(store.get(blobs.key(2)), blobs.facts(2));
    await store.persist();
    assert.equal((await readIndex(file)).entries.size, 5);
  });

  it('another process compacts the cache between two ensures: what the first ensure found is still there, and the store moves to the new file', async () => {
    const { dir, file, blobs } = await savedCache(30);
    const { store } = storeOn(file);
    await store.ensure(blobs.keys(0, 3), [blobs]);
    const [before] = await dataFiles(dir);
    // Another process drops most of the keys, ours among them: the live ones move to a new data file.
    await saveFactCache(file, VERSION, { add: new Map(), drop: new Set(blobs.keys(0, 25)) });
    assert.notDeepEqual(await dataFiles(dir), [before]);

    assert.equal(await store.ensure([blobs.key(27)], [blobs]), 0);
    for (const i of [0, 1, 2, 27]) assert.deepEqual(store.get(blobs.key(i)), blobs.facts(i));
    assert.equal(store.size, 8, 'three decoded before the move, five in the new index');
  });
});

describe('FactStore: two stores on one cache', () => {
  it('parsing and saving at once, round after round: a third store finds their facts, each right', async () => {
    const { dir, file } = await tempCache();
    const blobs = new Blobs();
    // Another spelling of the path: one process's saves queue per path string, so the two really overlap, as two processes' would.
    const writers = [storeOn(file), storeOn(`${dir}/./facts.idx`)];
    for (let round = 0; round < 8; round++) {
      const base = round * 6;
      await Promise.all(writers.map(({ store }, w) => store.ensure(blobs.keys(base + 4 * w, base + 4 * w + 8), [blobs])));
      await Promise.all(writers.map(({ store }) => store.persist()));
    }
    for (const { saves } of writers) for (const s of saves) assert.deepEqual(s, { ok: true });

    const { store } = storeOn(file);
    const all = blobs.keys(0, 54);
    const parsed = await store.ensure(all, [blobs]);
    assert.ok(parsed < all.length / 2, `${parsed} of ${all.length} parsed again`);
    for (let i = 0; i < all.length; i++) assert.deepEqual(store.get(all[i]!), blobs.facts(i));
    assert.equal(store.decoded, all.length - parsed);
  });
});

describe('FactStore: failures and pruning', () => {
  it('the disk is full: persist does not throw, the save says why, and the previous cache still reads right', async () => {
    const { file, blobs } = await savedCache(3);
    const { store, saves } = storeOn(file, { write: diskFullOn(0, writeAll) });
    await store.ensure(blobs.keys(0, 6), [blobs]);
    await store.persist();
    assert.equal(saves.length, 1);
    assert.equal(saves[0]!.ok, false);
    const { store: after } = storeOn(file);
    assert.equal(await after.ensure(blobs.keys(0, 6), [blobs]), 3);
    for (let i = 0; i < 6; i++) assert.deepEqual(after.get(blobs.key(i)), blobs.facts(i));
  });

  it('retainOnly drops keys from memory and from the index; a later store parses them again', async () => {
    const { dir, file, blobs } = await savedCache(8);
    const { store } = storeOn(file, { compact: true });
    await store.ensure([...blobs.keys(0, 2), blobs.key(8)], [blobs]);
    store.get(blobs.key(0));
    assert.equal(store.size, 9);
    store.retainOnly(new Set([blobs.key(1), blobs.key(8)]));
    assert.equal(store.size, 2);
    assert.equal(store.get(blobs.key(0)), undefined);
    assert.deepEqual(store.get(blobs.key(1)), blobs.facts(1));
    await store.persist();
    assert.deepEqual([...(await readIndex(file)).entries.keys()].sort(), [blobs.key(1), blobs.key(8)].sort());
    assert.equal((await readdir(dir)).filter((n) => n.endsWith('.tmp')).length, 0);
    const { store: later } = storeOn(file);
    assert.equal(await later.ensure(blobs.keys(0, 2), [blobs]), 1);
  });

  it('compacting keeps the facts equal, strings and all', async () => {
    const blobs = new Blobs();
    const plain = new FactStore(null, { compact: false });
    const compact = new FactStore(null, { compact: true });
    await plain.ensure(blobs.keys(0, 2), [blobs]);
    await compact.ensure(blobs.keys(0, 2), [blobs]);
    for (const key of blobs.keys(0, 2)) assert.deepEqual(compact.get(key), plain.get(key));
  });
});
