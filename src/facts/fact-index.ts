import { crc32 } from 'node:zlib';
import type { FactKey } from '../model/index.js';
import { isDataFileName, keyBytes, type DataFileName, type IndexEntry } from './fact-cache-format.js';

/**
 * The fact cache's index, as bytes: `magic · u32be crc32(rest) · u16be
 * length · version · u8 length · data file name · u8 key width · u32be
 * count · entry…`, entries sorted by key, each `key (zero-padded to the key
 * width) · u48be offset · u32be length · u32be crc32 · u8 flags`.
 *
 * Fixed-width sorted entries are searched in place: opening a 10,000-entry
 * index is a read and a checksum, and a lookup a binary search, where
 * building a Map of it cost 20 ms, most of reading one blob's facts. A save
 * copies the runs of entries between the keys it changes.
 */
const MAGIC = Buffer.from('ssot-guard-fidx2', 'latin1');
/** offset, length, crc, flags: what follows an entry's key. */
const TAIL = 6 + 4 + 4 + 1;
const FLAG_UNJUDGED = 1;
/** Lookups answered by binary search before every key's position is read into a map. */
const SEARCHES_BEFORE_MAP = 256;

export class FactIndex {
  private readonly stride: number;

  private constructor(
    readonly version: string,
    readonly data: DataFileName,
    private readonly bytes: Buffer,
    /** Where the first entry starts. */
    private readonly start: number,
    private readonly width: number,
    readonly count: number,
  ) {
    this.stride = width + TAIL;
  }

  /** The index, or null for anything that is not provably an intact index of this version. Never throws. */
  static decode(bytes: Buffer, version: string): FactIndex | null {
    const body = MAGIC.length + 4;
    if (bytes.length < body || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return null;
    if (bytes.readUInt32BE(MAGIC.length) !== crc32(bytes.subarray(body))) return null;
    try {
      let at = body;
      const versionEnd = at + 2 + bytes.readUInt16BE(at);
      if (bytes.toString('utf8', at + 2, versionEnd) !== version) return null;
      at = versionEnd;
      const dataEnd = at + 1 + bytes.readUInt8(at);
      const data = bytes.toString('latin1', at + 1, dataEnd);
      if (!isDataFileName(data)) return null;
      at = dataEnd;
      const width = bytes.readUInt8(at);
      const count = bytes.readUInt32BE(at + 1);
      at += 5;
      return bytes.length === at + count * (width + TAIL) ? new FactIndex(version, data, bytes, at, width, count) : null;
    } catch {
      // A length field pointing past the end: readUInt* throws RangeError.
      return null;
    }
  }

  /** An index of these entries, in any order. */
  static encode(version: string, data: DataFileName, entries: Iterable<readonly [FactKey, IndexEntry]>): Buffer {
    const list = [...entries];
    const width = list.reduce((w, [key]) => Math.max(w, keyBytes(key).length), 1);
    const keyed = list.map(([key, entry]) => ({ key: padded(key, width), entry })).sort((a, b) => Buffer.compare(a.key, b.key));
    const out = header(version, data, width, keyed.length);
    return seal(Buffer.concat([out, ...keyed.map(({ key, entry }) => entryBytes(key, entry))]));
  }

  /** Whether the index lists `key`: asked of every file on every check, so nothing is made to answer it. */
  has(key: FactKey): boolean {
    return this.position(key) >= 0;
  }

  find(key: FactKey): IndexEntry | undefined {
    const at = this.position(key);
    return at < 0 ? undefined : this.entryAt(at);
  }

  *entries(): IterableIterator<[FactKey, IndexEntry]> {
    for (let i = 0; i < this.count; i++) yield [this.keyAt(i), this.entryAt(i)];
  }

  /** Keys whose facts carry an unjudged warning: a scan of the flag bytes. */
  *flagged(): IterableIterator<FactKey> {
    for (let i = 0; i < this.count; i++) {
      if (this.bytes[this.start + i * this.stride + this.width + TAIL - 1]! & FLAG_UNJUDGED) yield this.keyAt(i);
    }
  }

  /** Bytes of the data file the entries name, and where the last of them ends: what compaction is decided on. */
  extent(): { live: number; end: number } {
    let live = 0;
    let end = 0;
    // Bytes read by hand: Buffer's readers are JavaScript calls, and every save of a one-shot check runs this once, cold (3 ms on 13,000 entries).
    const b = this.bytes;
    for (let at = this.start + this.width, last = at + this.count * this.stride; at < last; at += this.stride) {
      const length = b[at + 6]! * 0x1000000 + ((b[at + 7]! << 16) | (b[at + 8]! << 8) | b[at + 9]!);
      const offset = (b[at]! * 0x100 + b[at + 1]!) * 0x100000000 + b[at + 2]! * 0x1000000 + ((b[at + 3]! << 16) | (b[at + 4]! << 8) | b[at + 5]!);
      live += length;
      if (offset + length > end) end = offset + length;
    }
    return { live, end };
  }

  /**
   * This index less `drop`, with `add` (replacing what it had under those
   * keys), naming `data`: the unchanged runs of entries are copied as they are.
   */
  merge(drop: Iterable<FactKey>, add: ReadonlyMap<FactKey, IndexEntry>, data: DataFileName): Buffer {
    let width = this.width;
    for (const key of add.keys()) width = Math.max(width, keyBytes(key).length);
    if (width !== this.width) {
      // A longer key than any before (the first script in a Python repo): every entry widens.
      const dropped = new Set(drop);
      const kept = [...this.entries()].filter(([key]) => !add.has(key) && !dropped.has(key));
      return FactIndex.encode(this.version, data, [...kept, ...add]);
    }
    const changes = [...new Set([...drop, ...add.keys()])]
      .map((key) => ({ key: padded(key, width), entry: add.get(key) ?? null }))
      .sort((a, b) => Buffer.compare(a.key, b.key));
    const pieces: Buffer[] = [];
    let count = 0;
    let from = 0;
    const copy = (to: number): void => {
      if (to > from) pieces.push(this.bytes.subarray(this.start + from * this.stride, this.start + to * this.stride));
      count += to - from;
    };
    for (const change of changes) {
      const at = this.lowerBound(change.key);
      copy(at);
      from = at < this.count && this.compareAt(at, change.key) === 0 ? at + 1 : at;
      if (change.entry) {
        pieces.push(entryBytes(change.key, change.entry));
        count++;
      }
    }
    copy(this.count);
    return seal(Buffer.concat([header(this.version, data, width, count), ...pieces]));
  }

  /**
   * Every key's position, made once a check has asked about many: a full
   * check asks about every file of a snapshot, and 20,000 binary searches
   * over the buffer cost more (36 ms on 10,000 entries) than reading each
   * key once (a few ms); a check of one commit asks about a few, and the
   * map would be most of its cost.
   */
  private positions: Map<string, number> | null = null;
  private searches = 0;

  private position(key: FactKey): number {
    if (!this.positions && ++this.searches > SEARCHES_BEFORE_MAP) {
      this.positions = new Map();
      for (let i = 0; i < this.count; i++) this.positions.set(this.keyAt(i), i);
    }
    if (this.positions) return this.positions.get(key) ?? -1;
    // A key is Latin-1 (keyBytes): one byte a character.
    if (key.length > this.width) return -1;
    const target = padded(key, this.width);
    const at = this.lowerBound(target);
    return at < this.count && this.compareAt(at, target) === 0 ? at : -1;
  }

  /** The first entry whose key is not below `target` (padded to the width). */
  private lowerBound(target: Buffer): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compareAt(mid, target) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private compareAt(i: number, target: Buffer): number {
    const at = this.start + i * this.stride;
    return this.bytes.compare(target, 0, this.width, at, at + this.width);
  }

  private keyAt(i: number): FactKey {
    const at = this.start + i * this.stride;
    const end = this.bytes.indexOf(0, at);
    return this.bytes.toString('latin1', at, end < 0 || end > at + this.width ? at + this.width : end) as FactKey;
  }

  private entryAt(i: number): IndexEntry {
    const at = this.start + i * this.stride + this.width;
    const b = this.bytes;
    return { offset: b.readUIntBE(at, 6), length: b.readUInt32BE(at + 6), crc: b.readUInt32BE(at + 10), unjudged: (b[at + 14]! & FLAG_UNJUDGED) !== 0 };
  }
}

function header(version: string, data: DataFileName, width: number, count: number): Buffer {
  const v = Buffer.from(version, 'utf8');
  const d = Buffer.from(data, 'latin1');
  const out = Buffer.alloc(MAGIC.length + 4 + 2 + v.length + 1 + d.length + 1 + 4);
  let at = MAGIC.copy(out, 0) + 4;
  at = out.writeUInt16BE(v.length, at);
  at += v.copy(out, at);
  at = out.writeUInt8(d.length, at);
  at += d.copy(out, at);
  at = out.writeUInt8(width, at);
  out.writeUInt32BE(count, at);
  return out;
}

/** Writes the checksum of everything after it. */
function seal(index: Buffer): Buffer {
  index.writeUInt32BE(crc32(index.subarray(MAGIC.length + 4)), MAGIC.length);
  return index;
}

function entryBytes(key: Buffer, e: IndexEntry): Buffer {
  const out = Buffer.alloc(key.length + TAIL);
  let at = key.copy(out, 0);
  at = out.writeUIntBE(e.offset, at, 6);
  at = out.writeUInt32BE(e.length, at);
  at = out.writeUInt32BE(e.crc, at);
  out.writeUInt8(e.unjudged ? FLAG_UNJUDGED : 0, at);
  return out;
}

/** A key's bytes, zero-padded: zero sorts below every key character, so `<sha>` comes before `<sha>:ts`. */
function padded(key: FactKey, width: number): Buffer {
  const out = Buffer.alloc(width);
  keyBytes(key).copy(out);
  return out;
}
