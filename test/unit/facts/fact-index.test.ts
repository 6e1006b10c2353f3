import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FactIndex } from '../../../src/facts/fact-index.js';
import { newDataFileName, type IndexEntry } from '../../../src/facts/fact-cache-format.js';
import type { FactKey } from '../../../src/model/index.js';
import { mulberry32 } from '../../helpers/fuzz-python.js';

const V = 'v1';
const DATA = newDataFileName();

function randomKey(rand: () => number, kinds: readonly string[]): FactKey {
  const sha = Array.from({ length: 40 }, () => '0123456789abcdef'[Math.floor(rand() * 16)]).join('');
  const kind = kinds[Math.floor(rand() * kinds.length)]!;
  return (kind ? `${sha}:${kind}` : sha) as FactKey;
}
const entry = (n: number): IndexEntry => ({ offset: n * 1000 + 2 ** 33, length: n + 1, crc: (n * 2654435761) >>> 0, unjudged: n % 7 === 0 });

describe('FactIndex: sorted fixed-width entries, searched in place', () => {
  it('extent: the bytes the entries name, and where the furthest ends (offsets past 2^32, lengths past 2^31)', () => {
    const rand = mulberry32(5);
    for (let round = 0; round < 20; round++) {
      const all = new Map<FactKey, IndexEntry>();
      for (let i = 0; i < 1 + Math.floor(rand() * 200); i++) {
        all.set(randomKey(rand, ['', 'ts']), { offset: Math.floor(rand() * 2 ** 47), length: Math.floor(rand() * 2 ** 32), crc: 0, unjudged: false });
      }
      const index = FactIndex.decode(FactIndex.encode(V, DATA, all), V)!;
      const entries = [...all.values()];
      assert.deepEqual(index.extent(), {
        live: entries.reduce((n, e) => n + e.length, 0),
        end: Math.max(...entries.map((e) => e.offset + e.length)),
      });
    }
    assert.deepEqual(FactIndex.decode(FactIndex.encode(V, DATA, []), V)!.extent(), { live: 0, end: 0 });
  });

  it('every key is found with its entry, a key it lacks is not; a sha and the same sha with a kind are two keys', () => {
    const rand = mulberry32(11);
    const keys = Array.from({ length: 300 }, () => randomKey(rand, ['', '', 'ts', 'package']));
    const sha = keys.find((k) => !k.includes(':'))!;
    const all = new Map<FactKey, IndexEntry>([...keys, `${sha}:ts` as FactKey].map((k, i) => [k, entry(i)]));
    const index = FactIndex.decode(FactIndex.encode(V, DATA, all), V)!;
    assert.equal(index.count, all.size);
    for (const [k, e] of all) assert.deepEqual(index.find(k), e, k);
    assert.equal(index.find(randomKey(rand, [''])), undefined);
    assert.equal(index.find(`${sha}:tsx` as FactKey), undefined);
    assert.equal(index.find(sha.slice(0, 20) as FactKey), undefined);
    assert.deepEqual(new Map(index.entries()), all);
    assert.deepEqual(new Set(index.flagged()), new Set([...all].filter(([, e]) => e.unjudged).map(([k]) => k)));
  });

  it('merge gives the bytes a fresh encoding of the same entries gives: runs copied, drops gone, adds replacing', () => {
    const rand = mulberry32(12);
    for (let round = 0; round < 30; round++) {
      const base = new Map(Array.from({ length: Math.floor(rand() * 200) }, (_, i) => [randomKey(rand, ['', 'js']), entry(i)] as const));
      const baseKeys = [...base.keys()];
      const drop = baseKeys.filter(() => rand() < 0.2);
      drop.push(randomKey(rand, ['']));
      const add = new Map<FactKey, IndexEntry>();
      for (const k of baseKeys) if (rand() < 0.1) add.set(k, entry(5000 + add.size));
      // A longer key than any before makes every entry wider.
      for (let i = 0; i < 5; i++) add.set(randomKey(rand, round % 5 === 0 ? ['tsconfig'] : ['', 'js']), entry(9000 + i));
      const expected = new Map(base);
      for (const k of drop) expected.delete(k);
      for (const [k, e] of add) expected.set(k, e);
      const merged = FactIndex.decode(FactIndex.encode(V, DATA, base), V)!.merge(drop, add, DATA);
      assert.deepEqual(merged, FactIndex.encode(V, DATA, expected), `round ${round}`);
    }
  });

  it('anything but an intact index of this version is null: another version, a flipped bit, a cut, a data file name outside the pattern', () => {
    const bytes = FactIndex.encode(V, DATA, new Map([[randomKey(mulberry32(3), ['']), entry(1)]]));
    assert.ok(FactIndex.decode(bytes, V));
    assert.equal(FactIndex.decode(bytes, 'v2'), null);
    for (let i = 0; i < bytes.length; i++) {
      const flipped = Buffer.from(bytes);
      flipped.writeUInt8(flipped.readUInt8(i) ^ 0x10, i);
      assert.equal(FactIndex.decode(flipped, V), null, `bit flipped at ${i}`);
    }
    for (let n = 0; n < bytes.length; n++) assert.equal(FactIndex.decode(bytes.subarray(0, n), V), null, `cut to ${n}`);
    assert.throws(() => FactIndex.encode(V, DATA, new Map([['a\0b' as FactKey, entry(1)]])), /cannot be stored/);
    const outside = FactIndex.encode(V, '../../elsewhere' as never, new Map());
    assert.equal(FactIndex.decode(outside, V), null);
  });
});
