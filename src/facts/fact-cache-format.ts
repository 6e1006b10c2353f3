import { randomBytes } from 'node:crypto';
import { deserialize, serialize } from 'node:v8';
import { crc32 } from 'node:zlib';
import type { FactKey } from '../model/index.js';

/**
 * The bytes of the fact cache's data file (the index: fact-index.ts; files
 * and their lifecycle: fact-cache.ts, fact-cache-save.ts). It is
 * append-only: batches of `nonce(16) · record…`, a record being `u8
 * keyLength · key · v8(facts)`.
 *
 * A record's crc32 (kept in the index) and its own key are checked before
 * its bytes reach the v8 deserialiser, so a torn, overwritten or misplaced
 * record is a miss, never someone else's facts.
 *
 * Invalidation: the index carries the extractors' version, which is the
 * whole key; records are keyed by blob sha and kind (fact-key.ts), which
 * change with the bytes.
 */

/** Where one record lives in the data file, and what its bytes must hash to. */
export interface IndexEntry {
  readonly offset: number;
  readonly length: number;
  readonly crc: number;
  /** The facts carry an isUnjudged warning: a check can know that without decoding them. */
  readonly unjudged: boolean;
}

/** Only batches carry it; it lets a writer find where its append landed when another process appended too. */
export const NONCE_BYTES = 16;
/** Data files are named by the index: only this shape, so an index can never point outside the cache's directory. */
const DATA_FILE = /^facts\.[0-9a-f]{16}\.dat$/;

/** A data file's name (no directory), as the index names it. */
export type DataFileName = string & { readonly __dataFile: true };

/** A fresh generation: a new name each time, so a reader of the old index keeps its file. */
export function newDataFileName(): DataFileName {
  return `facts.${randomBytes(8).toString('hex')}.dat` as DataFileName;
}

export function isDataFileName(name: string): name is DataFileName {
  return DATA_FILE.test(name);
}

/** One record's bytes, and the index entry that will vouch for them once the record's offset is known. */
export interface EncodedRecord {
  readonly key: FactKey;
  readonly bytes: Buffer;
  readonly crc: number;
  readonly unjudged: boolean;
}

export function encodeRecord(key: FactKey, value: unknown, unjudged: boolean): EncodedRecord {
  const k = keyBytes(key);
  const bytes = Buffer.concat([Buffer.from([k.length]), k, serialize(value)]);
  return { key, bytes, crc: crc32(bytes), unjudged };
}

/**
 * Whether these bytes are the record the index entry describes, for this
 * key: length and crc32 catch torn and overwritten bytes, the key an offset
 * that points at another (intact) record.
 */
export function recordIntact(bytes: Buffer, key: FactKey, entry: IndexEntry): boolean {
  if (bytes.length !== entry.length || crc32(bytes) !== entry.crc) return false;
  const keyLength = bytes[0] ?? 0;
  return bytes.toString('latin1', 1, 1 + keyLength) === key;
}

/** A record's value; only for bytes that passed recordIntact. Undefined if even those do not deserialise. */
export function decodeRecord<T>(bytes: Buffer): T | undefined {
  try {
    return deserialize(bytes.subarray(1 + bytes[0]!)) as T;
  } catch {
    return undefined;
  }
}

/** A batch as appended: a nonce, then the records; offsets are relative to the batch's start. */
export function encodeBatch(records: readonly EncodedRecord[]): { bytes: Buffer; nonce: Buffer; offsets: number[] } {
  const nonce = randomBytes(NONCE_BYTES);
  const offsets: number[] = [];
  let at = NONCE_BYTES;
  for (const r of records) {
    offsets.push(at);
    at += r.bytes.length;
  }
  return { bytes: Buffer.concat([nonce, ...records.map((r) => r.bytes)], at), nonce, offsets };
}

export function keyBytes(key: FactKey): Buffer {
  const bytes = Buffer.from(key, 'latin1');
  // A blob sha with a kind suffix is well under this; anything else is a caller's bug, not data.
  if (bytes.length > 255 || bytes.includes(0) || bytes.toString('latin1') !== key) throw new Error(`fact key ${JSON.stringify(key)} cannot be stored`);
  return bytes;
}
