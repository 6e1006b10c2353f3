import { randomBytes } from 'node:crypto';
import { deserialize, serialize } from 'node:v8';
import { crc32 } from 'node:zlib';
import type { FactKey } from '../model/index.js';

/**
 * The bytes of the fact cache; files and their lifecycle are fact-cache.ts
 * and fact-cache-save.ts. Two files:
 *
 * - the data file, append-only: batches of `nonce(16) · record…`, where a
 *   record is `u8 keyLength · key · v8(facts)`;
 * - the index, replaced whole: `magic · u32be crc32(rest) · u16be length ·
 *   version · u8 length · data file name · u32be count · entry…`, an entry
 *   being `u8 keyLength · key · u48be offset · u32be length · u32be crc32 ·
 *   u8 flags`.
 *
 * Reading one blob's facts is then an index lookup and one small read. The
 * index's checksum covers all of it, so a damaged index is rejected whole; a
 * record's crc32 (kept in the index) and its own key are checked before its
 * bytes reach the v8 deserialiser, so a torn, overwritten or misplaced record
 * is a miss, never someone else's facts.
 *
 * Invalidation: `version` is the whole key (the extractors' version); records
 * are keyed by blob sha and kind (fact-key.ts), which change with the bytes.
 */
const INDEX_MAGIC = Buffer.from('ssot-guard-fidx1', 'latin1');
/** Only batches carry it; it lets a writer find where its append landed when another process appended too. */
export const NONCE_BYTES = 16;
/** offset, length, crc, flags: what follows an entry's key. */
const ENTRY_TAIL_BYTES = 6 + 4 + 4 + 1;
const FLAG_UNJUDGED = 1;
/** Data files are named by the index: only this shape, so an index can never point outside the cache's directory. */
const DATA_FILE = /^facts\.[0-9a-f]{16}\.dat$/;

/** Where one record lives in the data file, and what its bytes must hash to. */
export interface IndexEntry {
  readonly offset: number;
  readonly length: number;
  readonly crc: number;
  /** The facts carry an isUnjudged warning: a check can know that without decoding them. */
  readonly unjudged: boolean;
}

/** A data file's name (no directory), as the index names it. */
export type DataFileName = string & { readonly __dataFile: true };

export interface FactIndex {
  readonly version: string;
  readonly data: DataFileName;
  readonly entries: ReadonlyMap<FactKey, IndexEntry>;
}

/** A fresh generation: a new name each time, so a reader of the old index keeps its file. */
export function newDataFileName(): DataFileName {
  return `facts.${randomBytes(8).toString('hex')}.dat` as DataFileName;
}

export function isDataFileName(name: string): name is DataFileName {
  return DATA_FILE.test(name);
}

export function encodeIndex(index: FactIndex): Buffer {
  const version = Buffer.from(index.version, 'utf8');
  const data = Buffer.from(index.data, 'latin1');
  const keys = [...index.entries.keys()].map((k) => keyBytes(k));
  const size = INDEX_MAGIC.length + 4 + 2 + version.length + 1 + data.length + 4 + keys.reduce((n, k) => n + 1 + k.length + ENTRY_TAIL_BYTES, 0);
  const out = Buffer.alloc(size);
  let at = INDEX_MAGIC.copy(out, 0) + 4;
  at = out.writeUInt16BE(version.length, at);
  at += version.copy(out, at);
  at = out.writeUInt8(data.length, at);
  at += data.copy(out, at);
  at = out.writeUInt32BE(index.entries.size, at);
  let i = 0;
  for (const e of index.entries.values()) {
    const key = keys[i++]!;
    at = out.writeUInt8(key.length, at);
    at += key.copy(out, at);
    at = out.writeUIntBE(e.offset, at, 6);
    at = out.writeUInt32BE(e.length, at);
    at = out.writeUInt32BE(e.crc, at);
    at = out.writeUInt8(e.unjudged ? FLAG_UNJUDGED : 0, at);
  }
  out.writeUInt32BE(crc32(out.subarray(INDEX_MAGIC.length + 4)), INDEX_MAGIC.length);
  return out;
}

/** The index, or null for anything that is not provably an intact index of this version. Never throws. */
export function decodeIndex(bytes: Buffer, version: string): FactIndex | null {
  const body = INDEX_MAGIC.length + 4;
  if (bytes.length < body || !bytes.subarray(0, INDEX_MAGIC.length).equals(INDEX_MAGIC)) return null;
  if (bytes.readUInt32BE(INDEX_MAGIC.length) !== crc32(bytes.subarray(body))) return null;
  try {
    let at = body;
    const versionLength = bytes.readUInt16BE(at);
    const foundVersion = bytes.toString('utf8', at + 2, (at += 2 + versionLength));
    if (foundVersion !== version) return null;
    const dataLength = bytes.readUInt8(at);
    const data = bytes.toString('latin1', at + 1, (at += 1 + dataLength));
    if (!isDataFileName(data)) return null;
    const count = bytes.readUInt32BE(at);
    at += 4;
    const entries = new Map<FactKey, IndexEntry>();
    for (let i = 0; i < count; i++) {
      const keyLength = bytes.readUInt8(at);
      const key = bytes.toString('latin1', at + 1, (at += 1 + keyLength)) as FactKey;
      const offset = bytes.readUIntBE(at, 6);
      const length = bytes.readUInt32BE(at + 6);
      const crc = bytes.readUInt32BE(at + 10);
      const flags = bytes.readUInt8(at + 14);
      at += ENTRY_TAIL_BYTES;
      entries.set(key, { offset, length, crc, unjudged: (flags & FLAG_UNJUDGED) !== 0 });
    }
    return at === bytes.length ? { version, data, entries } : null;
  } catch {
    // A length field pointing past the end: readUInt* throws RangeError.
    return null;
  }
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

function keyBytes(key: FactKey): Buffer {
  const bytes = Buffer.from(key, 'latin1');
  // A blob sha with a kind suffix is well under this; anything longer is a caller's bug, not data.
  if (bytes.length > 255 || bytes.toString('latin1') !== key) throw new Error(`fact key ${JSON.stringify(key)} cannot be stored`);
  return bytes;
}
