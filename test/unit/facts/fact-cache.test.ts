import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, lstat, readFile, readdir, rm, stat, symlink, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadFactCache, openFactCache } from '../../../src/facts/fact-cache.js';
import { saveFactCache, writeAll, type FactChange } from '../../../src/facts/fact-cache-save.js';
import { encodeRecord, type IndexEntry } from '../../../src/facts/fact-cache-format.js';
import type { FactKey } from '../../../src/model/index.js';
import { VERSION, dataFiles, diskFullOn, readIndex as indexOf, tempCache, writeIndex } from '../../helpers/fact-cache-fixture.js';

/** Values whose key says what they must be: a value read under the wrong key shows. */
type Value = { readonly n: number; readonly pad: string };
const key = (n: number): FactKey => n.toString(16).padStart(40, '0') as FactKey;
const value = (n: number): Value => ({ n, pad: `value ${n} `.repeat(20) });
const adding = (from: number, to: number, drop: number[] = []): FactChange => ({
  add: new Map(Array.from({ length: to - from }, (_, i) => [key(from + i), encodeRecord(key(from + i), value(from + i), false)])),
  drop: new Set(drop.map(key)),
});

/** Every value in the cache is the one its key names; returns which numbers are there. */
async function present(file: string): Promise<number[]> {
  const all = await loadFactCache<Value>(file, VERSION);
  for (const [k, v] of all) assert.deepEqual(v, value(Number.parseInt(k, 16)), `the value under ${k}`);
  return [...all.values()].map((v) => v.n).sort((a, b) => a - b);
}
const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);

async function saved(file: string, change: FactChange): Promise<void> {
  assert.deepEqual(await saveFactCache(file, VERSION, change), { ok: true });
}

describe('fact cache: saving appends, the index names where each record is', () => {
  it('a round trip: every value back under its key, the index and one data file owner-only even under umask 000', async () => {
    const { dir, file } = await tempCache();
    const previous = process.umask(0);
    try {
      await saved(file, adding(0, 50));
    } finally {
      process.umask(previous);
    }
    assert.deepEqual(await present(file), range(0, 50));
    const [data] = await dataFiles(dir);
    assert.ok(data);
    for (const f of [file, join(dir, data)]) assert.equal((await lstat(f)).mode & 0o777, 0o600, f);
    assert.equal((await stat(dir)).mode & 0o777, 0o700);
  });

  it('a second save appends its records: the bytes already written stay as they were, no other file is written', async () => {
    const { dir, file } = await tempCache();
    await saved(file, adding(0, 10));
    const [data] = await dataFiles(dir);
    const before = await readFile(join(dir, data!));
    await saved(file, adding(10, 12));
    assert.deepEqual(await dataFiles(dir), [data]);
    const after = await readFile(join(dir, data!));
    assert.ok(after.length > before.length);
    assert.deepEqual(after.subarray(0, before.length), before);
    assert.deepEqual(await present(file), range(0, 12));
  });

  it('opening reads the index alone: a record is read and decoded when its key is taken', async () => {
    const { dir, file } = await tempCache();
    await saved(file, adding(0, 20));
    const view = await openFactCache<Value>(file, VERSION);
    // The data file can no longer be read by name: only the fd the view opened reaches it.
    await rm(join(dir, (await dataFiles(dir))[0]!));
    assert.equal(view.size, 20);
    assert.deepEqual(view.take(key(7)), value(7));
    assert.equal(view.take(key(99)), undefined);
    view.close();
  });

  it('the previous format (one facts.bin) is never read, and is removed by the first save', async () => {
    const { dir, file } = await tempCache();
    await writeFile(join(dir, 'facts.bin'), 'a whole map, as before', { mode: 0o600 });
    assert.deepEqual(await present(file), []);
    await saved(file, adding(0, 1));
    assert.deepEqual((await readdir(dir)).filter((n) => n === 'facts.bin'), []);
  });
});

describe('fact cache: damage is a miss, never someone else\'s facts', () => {
  const rewriteIndex = async (file: string, change: (entries: Map<FactKey, IndexEntry>) => void) => {
    const index = await indexOf(file);
    const entries = new Map(index.entries);
    change(entries);
    await writeIndex(file, { ...index, entries });
  };
  const dataOf = async (dir: string) => join(dir, (await dataFiles(dir))[0]!);

  const damages: Array<[string, (c: { dir: string; file: string }) => Promise<void>, number[]]> = [
    ['the index with random bytes in the middle', async ({ file }) => {
      const b = await readFile(file);
      for (let i = b.length >> 1; i < (b.length >> 1) + 16; i++) b[i] = (b[i]! + 101) & 0xff;
      await writeFile(file, b);
    }, []],
    ['the index truncated', async ({ file }) => truncate(file, (await stat(file)).size - 3), []],
    ['the index written by another version', async ({ file }) => {
      const index = await indexOf(file);
      await writeIndex(file, { ...index, version: `${VERSION}-other` });
    }, []],
    ['the index writable by others', async ({ file }) => chmod(file, 0o666), []],
    ['the index a symlink to a good index', async ({ dir, file }) => {
      await writeFile(join(dir, 'elsewhere.idx'), await readFile(file), { mode: 0o600 });
      await rm(file);
      await symlink(join(dir, 'elsewhere.idx'), file);
    }, []],
    ['the data file writable by others', async ({ dir }) => chmod(await dataOf(dir), 0o666), []],
    ['the data file gone', async ({ dir }) => rm(await dataOf(dir)), []],
    ['one record with a flipped byte', async ({ dir, file }) => {
      const e = (await indexOf(file)).entries.get(key(3))!;
      const data = await dataOf(dir);
      const b = await readFile(data);
      const at = e.offset + e.length - 2;
      b.writeUInt8(b.readUInt8(at) ^ 0x40, at);
      await writeFile(data, b);
    }, range(0, 10).filter((n) => n !== 3)],
    ['the data file truncated after record 5', async ({ dir, file }) => {
      const e = (await indexOf(file)).entries.get(key(5))!;
      await truncate(await dataOf(dir), e.offset + e.length);
    }, range(0, 6)],
    ['two index entries swapped (each names an intact record, of the other key)', async ({ file }) =>
      rewriteIndex(file, (entries) => {
        const [a, b] = [entries.get(key(1))!, entries.get(key(2))!];
        entries.set(key(1), b);
        entries.set(key(2), a);
      }), range(0, 10).filter((n) => n !== 1 && n !== 2)],
    ['an entry pointing past the end of the data file', async ({ file }) =>
      rewriteIndex(file, (entries) => entries.set(key(4), { ...entries.get(key(4))!, offset: 1 << 30 })), range(0, 10).filter((n) => n !== 4)],
  ];

  for (const [what, damage, left] of damages) {
    it(`${what}: ${left.length ? 'the rest is read' : 'an empty cache'}, and the next save leaves a whole cache`, async () => {
      const c = await tempCache();
      await saved(c.file, adding(0, 10));
      await damage(c);
      assert.deepEqual(await present(c.file), left);
      // What a store does next: the missing keys parsed again and saved.
      await saved(c.file, adding(0, 12));
      assert.deepEqual(await present(c.file), range(0, 12));
      assert.equal((await lstat(c.file)).mode & 0o777, 0o600);
    });
  }
});

describe('fact cache: a failing write (disk full) keeps the old cache usable', () => {
  for (const [what, failOn] of [['the append to the data file', 0], ['the new index', 1]] as const) {
    it(`${what} fails half-way: ok false with the reason, no tmp file, the previous index as it was, and a later save works`, async () => {
      const { dir, file } = await tempCache();
      await saved(file, adding(0, 5));
      const index = await readFile(file);
      const names = await readdir(dir);

      const result = await saveFactCache(file, VERSION, adding(5, 8), diskFullOn(failOn, writeAll));
      assert.equal(result.ok, false);
      assert.match(result.ok ? '' : result.error, new RegExp(`could not write the fact cache ${file}: ENOSPC`));
      assert.deepEqual((await readdir(dir)).sort(), names.sort());
      assert.deepEqual(await readFile(file), index);
      assert.deepEqual(await present(file), range(0, 5));

      await saved(file, adding(5, 8));
      assert.deepEqual(await present(file), range(0, 8));
    });
  }

  it('the first save, with no cache yet, fails: nothing is left behind', async () => {
    const { dir, file } = await tempCache();
    const result = await saveFactCache(file, VERSION, adding(0, 5), diskFullOn(0, writeAll));
    assert.equal(result.ok, false);
    assert.deepEqual(await readdir(dir), []);
  });
});

describe('fact cache: compaction', () => {
  it('past half garbage, the live records move to a new data file; every live key reads right, the old file is gone', async () => {
    const { dir, file } = await tempCache();
    await saved(file, adding(0, 40));
    const [before] = await dataFiles(dir);
    const reader = await openFactCache<Value>(file, VERSION);
    await saved(file, adding(40, 41, range(0, 10)));
    assert.deepEqual(await dataFiles(dir), [before], 'a quarter garbage: appended, not compacted');

    await saved(file, adding(41, 42, range(10, 30)));
    const [after] = await dataFiles(dir);
    assert.notEqual(after, before);
    assert.equal((await indexOf(file)).data, after);
    assert.deepEqual(await present(file), [...range(30, 42)]);
    const live = (await readIndexTotal(file)).live;
    assert.equal((await stat(join(dir, after!))).size, live, 'nothing but live records');
    // A reader of the old index keeps reading the old file through its fd.
    assert.deepEqual(reader.take(key(3)), value(3));
    assert.ok(reader.unlinked());
    reader.close();
  });

  it('after the data file was truncated, the next save copies what is intact and drops what is not', async () => {
    const { dir, file } = await tempCache();
    await saved(file, adding(0, 10));
    const e = (await indexOf(file)).entries.get(key(5))!;
    await truncate(join(dir, (await dataFiles(dir))[0]!), e.offset + e.length);
    await saved(file, adding(10, 11));
    assert.deepEqual([...(await indexOf(file)).entries.keys()].map((k) => Number.parseInt(k, 16)).sort((a, b) => a - b), [...range(0, 6), 10]);
    assert.deepEqual(await present(file), [...range(0, 6), 10]);
  });
});

describe('fact cache: two writers at once', () => {
  it('interleaved appends and compactions from two writers leave an intact index whose every key reads its own value', async () => {
    const { dir, file } = await tempCache();
    // Two spellings of one path (not normalised: the saves of one process queue per path string), so these really overlap, as two processes' would.
    const other = `${dir}/./facts.idx`;
    const saves: Array<Promise<unknown>> = [];
    for (let round = 0; round < 12; round++) {
      const base = round * 10;
      // Every fourth round drops most of what is there, so compactions race with appends.
      const drop = round % 4 === 3 ? range(0, base - 5) : [];
      saves.push(saveFactCache(file, VERSION, adding(base, base + 5, drop)));
      saves.push(saveFactCache(other, VERSION, adding(base + 3, base + 10)));
    }
    const results = await Promise.all(saves);
    for (const r of results) assert.deepEqual(r, { ok: true });
    await indexOf(file);
    const left = await present(file);
    assert.ok(left.length > 0);
    // Once the race is over, a save is whole again.
    await saved(file, adding(500, 505));
    assert.deepEqual((await present(file)).slice(-5), range(500, 505));
  });
});

async function readIndexTotal(file: string): Promise<{ live: number }> {
  let live = 0;
  for (const e of (await indexOf(file)).entries.values()) live += e.length;
  return { live };
}
