import { deserialize, serialize } from 'node:v8';

/**
 * A record whose typed arrays are written as raw columns and read back as
 * views on the very bytes they came in, not copies: v8.deserialize copies
 * every typed array (9 MB of a 10,000-module repo's judgments, 5 ms and as
 * much garbage on each one-shot check). Everything else goes through v8.
 *
 * Columns are looked for in the record's own fields and one level down (a
 * field that is a plain object of columns), not deeper: reading back walks
 * only those, never the evaluation's thousands of objects.
 *
 * Layout: `u32le restLength · rest · zeros to a multiple of 8 · columns`,
 * each column starting at a multiple of 8. The rest is v8's serialisation
 * of the record with each column replaced by its number, and of the column
 * table. Integers are in the writer's byte order, which the rest records: a
 * reader of the other order gets null (then the file is made again).
 */

type Column = Int32Array | Uint8Array;
type Kind = 'i32' | 'u8';
/** Where a column sits: its kind, byte offset from the first column, element count. */
type Placed = [Kind, number, number];

interface Rest {
  readonly littleEndian: boolean;
  readonly record: Record<string, unknown>;
  readonly columns: readonly Placed[];
  /** Paths (`field` or `field.sub`) of the values that are columns, with their numbers. */
  readonly at: ReadonlyArray<[string, number]>;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const ALIGN = 8;
const align = (n: number): number => Math.ceil(n / ALIGN) * ALIGN;

function kindOf(value: unknown): Kind | null {
  if (value instanceof Int32Array) return 'i32';
  if (value instanceof Uint8Array) return 'u8';
  return null;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;

export function packColumns(record: Record<string, unknown>): Buffer {
  const columns: Column[] = [];
  const at: Array<[string, number]> = [];
  const take = (path: string, value: Column): number => {
    at.push([path, columns.length]);
    columns.push(value);
    return columns.length - 1;
  };
  const outer: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (kindOf(value)) {
      outer[key] = take(key, value as Column);
    } else if (isPlainObject(value)) {
      const inner: Record<string, unknown> = {};
      for (const [sub, v] of Object.entries(value)) inner[sub] = kindOf(v) ? take(`${key}.${sub}`, v as Column) : v;
      outer[key] = inner;
    } else {
      outer[key] = value;
    }
  }
  let offset = 0;
  const placed: Placed[] = columns.map((c) => {
    const p: Placed = [kindOf(c)!, offset, c.length];
    offset = align(offset + c.byteLength);
    return p;
  });
  const rest = serialize({ littleEndian: LITTLE_ENDIAN, record: outer, columns: placed, at } satisfies Rest);
  const start = align(4 + rest.length);
  const out = Buffer.alloc(start + offset);
  out.writeUInt32LE(rest.length, 0);
  rest.copy(out, 4);
  columns.forEach((c, i) => Buffer.from(c.buffer, c.byteOffset, c.byteLength).copy(out, start + placed[i]![1]));
  return out;
}

/**
 * The record packColumns wrote, its columns viewing `bytes` (which must not
 * be reused while they live); null when the bytes are not such a record.
 * A column the bytes do not align for (their buffer placed at an odd
 * offset) is copied instead.
 */
export function unpackColumns(bytes: Buffer): Record<string, unknown> | null {
  if (bytes.length < 4) return null;
  const restLength = bytes.readUInt32LE(0);
  if (4 + restLength > bytes.length) return null;
  const rest = deserialize(bytes.subarray(4, 4 + restLength)) as Partial<Rest> | null;
  if (!isPlainObject(rest) || rest.littleEndian !== LITTLE_ENDIAN || !isPlainObject(rest.record) || !Array.isArray(rest.columns) || !Array.isArray(rest.at)) return null;
  const start = align(4 + restLength);
  const columns: Column[] = [];
  for (const [kind, offset, length] of rest.columns) {
    const from = start + offset;
    const size = kind === 'i32' ? length * 4 : length;
    if (!Number.isInteger(from) || !Number.isInteger(size) || size < 0 || from + size > bytes.length) return null;
    if (kind === 'u8') columns.push(new Uint8Array(bytes.buffer, bytes.byteOffset + from, size));
    else if (kind === 'i32') columns.push((bytes.byteOffset + from) % 4 === 0 ? new Int32Array(bytes.buffer, bytes.byteOffset + from, length) : new Int32Array(bytes.buffer.slice(bytes.byteOffset + from, bytes.byteOffset + from + size)));
    else return null;
  }
  const record = rest.record;
  for (const [path, n] of rest.at) {
    const column = columns[n];
    if (column === undefined) return null;
    const dot = path.indexOf('.');
    if (dot < 0) record[path] = column;
    else {
      const inner = record[path.slice(0, dot)];
      if (!isPlainObject(inner)) return null;
      inner[path.slice(dot + 1)] = column;
    }
  }
  return record;
}
