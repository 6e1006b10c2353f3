import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { serialize } from 'node:v8';
import { packColumns, unpackColumns } from '../../../src/judgment/column-pack.js';

const record = () => ({
  words: 2,
  paths: 'a.py\0b.py',
  files: Int32Array.from([1, -2, 3, 2 ** 31 - 1]),
  text: Buffer.from('héllo'),
  empty: new Int32Array(0),
  odd: Uint8Array.from([1, 2, 3]),
  reverse: { start: Int32Array.from([0, 5]), label: 'kept', end: Int32Array.from([7]) },
  evaluation: { violations: [{ rule: 'ws', lines: Int32Array.from([4]) }] },
  index: null,
});

describe('a record with its typed arrays packed as columns', () => {
  it('reads back equal, columns at any level the packer looks at, the rest through v8 as it was', () => {
    const back = unpackColumns(packColumns(record()));
    assert.deepEqual(back, { ...record(), text: new Uint8Array(Buffer.from('héllo')) });
  });

  it('views the bytes it is read from when they are aligned, and copies when they are not', () => {
    const packed = packColumns(record());
    const aligned = Buffer.alloc(packed.length + 8);
    packed.copy(aligned, 8);
    const view = unpackColumns(aligned.subarray(8))!;
    assert.equal((view['files'] as Int32Array).buffer, aligned.buffer, 'no copy');

    const shifted = Buffer.alloc(packed.length + 3);
    packed.copy(shifted, 3);
    const copied = unpackColumns(shifted.subarray(3))!;
    assert.notEqual((copied['files'] as Int32Array).buffer, shifted.buffer);
    assert.deepEqual(copied['files'], record().files);
    assert.deepEqual((copied['reverse'] as { start: Int32Array }).start, record().reverse.start);
  });

  it('is null for bytes that are not one: empty, truncated, garbage, or written in the other byte order', () => {
    const packed = packColumns(record());
    assert.equal(unpackColumns(Buffer.alloc(0)), null);
    assert.equal(unpackColumns(packed.subarray(0, packed.length >> 1)), null);
    assert.equal(unpackColumns(Buffer.from('\xff\xff\xff\x7fgarbage')), null);
    const little = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
    const rest = serialize({ littleEndian: !little, record: { files: 0 }, columns: [['i32', 0, 1]], at: [['files', 0]] });
    const foreign = Buffer.alloc(Math.ceil((4 + rest.length) / 8) * 8 + 8);
    foreign.writeUInt32LE(rest.length, 0);
    rest.copy(foreign, 4);
    assert.equal(unpackColumns(foreign), null);
    const ours = serialize({ littleEndian: little, record: { files: 0 }, columns: [['i32', 0, 1]], at: [['files', 0]] });
    ours.copy(foreign, 4);
    assert.deepEqual(unpackColumns(foreign), { files: new Int32Array(1) }, 'the same bytes in our order are read');
  });
});
