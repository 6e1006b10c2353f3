import { mkdir, open, rename, unlink, writeFile as fsWriteFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { FactKey } from '../model/index.js';
import { currentUid, ownerOnlyProblem } from '../fs/owner-only.js';
import { sha1Hex as sha1 } from './blob-sha.js';

/**
 * On disk: `u32be headerLength · v8(header) · v8(Map<FactKey, T>)`. The header
 * is read alone, so another version's cache is rejected without
 * deserialising its body; the body's sha1 is checked before deserialising,
 * so a torn or bit-flipped file is never turned into facts (and garbage never
 * reaches the v8 deserialiser at all).
 *
 * Invalidation: `version` is the whole key (the fact extractor's version);
 * entries themselves are keyed by blob sha (fact-key.ts), which changes with the bytes.
 */
const MAGIC = 'ssot-guard-facts';
const MAX_HEADER = 64 * 1024;

interface Header {
  readonly magic: string;
  readonly version: string;
  readonly bodyLength: number;
  readonly bodySha1: string;
}

export type FactCacheWriteResult = { ok: true } | { ok: false; error: string };

/** What saving writes with; a test injects one that fails like a full disk. */
export type WriteFile = (file: string, data: Buffer, options: { mode: number }) => Promise<void>;

/**
 * A missing, truncated, corrupt, other-version or not owner-only cache yields an empty map:
 * the cache is never trusted, only reused when it is provably ours. Never throws.
 */
export async function loadFactCache<T>(file: string, version: string): Promise<Map<FactKey, T>> {
  try {
    const handle = await open(file, 'r');
    try {
      // Facts decide verdicts: a cache someone else owns or can write could be forged to pass a violation.
      const uid = currentUid();
      if (uid !== null && ownerOnlyProblem(await handle.stat(), 'file', uid)) return new Map();
      return decode<T>(await handle.readFile(), version) ?? new Map();
    } finally {
      await handle.close();
    }
  } catch {
    return new Map();
  }
}

function decode<T>(data: Buffer, version: string): Map<FactKey, T> | null {
  if (data.length < 4) return null;
  const headerLength = data.readUInt32BE(0);
  if (headerLength > MAX_HEADER || 4 + headerLength > data.length) return null;
  const header = deserialize(data.subarray(4, 4 + headerLength)) as Partial<Header> | null;
  if (typeof header !== 'object' || header === null) return null;
  if (header.magic !== MAGIC || header.version !== version) return null;
  const body = data.subarray(4 + headerLength);
  if (header.bodyLength !== body.length || header.bodySha1 !== sha1(body)) return null;
  const map: unknown = deserialize(body);
  return map instanceof Map ? (map as Map<FactKey, T>) : null;
}

/** Saves in flight per file: same-process saves share one tmp name, so they take turns. */
const inFlight = new Map<string, Promise<unknown>>();

/**
 * Atomic (write `<file>.<pid>.tmp`, then rename), owner-only (dir 0700, file
 * 0600). A failed write (disk full) removes the tmp file, leaves the old
 * cache in place and returns `ok: false` with the reason: losing the cache
 * costs time, never a verdict, so it must not fail the check. No fsync: a
 * file torn by a power cut fails the checksum and is simply rebuilt.
 */
export function saveFactCache<T>(
  file: string,
  version: string,
  map: ReadonlyMap<FactKey, T>,
  write: WriteFile = (f, d, o) => fsWriteFile(f, d, o),
): Promise<FactCacheWriteResult> {
  const previous = inFlight.get(file) ?? Promise.resolve();
  const run = previous.then(() => writeCache(file, version, map, write));
  inFlight.set(file, run);
  void run.finally(() => {
    if (inFlight.get(file) === run) inFlight.delete(file);
  });
  return run;
}

async function writeCache<T>(file: string, version: string, map: ReadonlyMap<FactKey, T>, write: WriteFile): Promise<FactCacheWriteResult> {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    const body = serialize(map instanceof Map ? map : new Map(map));
    const header: Header = { magic: MAGIC, version, bodyLength: body.length, bodySha1: sha1(body) };
    const head = serialize(header);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(head.length);
    // A tmp left by a dead process with our pid keeps its old mode when rewritten: start fresh.
    await unlink(tmp).catch(() => {});
    await write(tmp, Buffer.concat([length, head, body]), { mode: 0o600 });
    await rename(tmp, file);
    return { ok: true };
  } catch (err) {
    await unlink(tmp).catch(() => {});
    return { ok: false, error: `could not write the fact cache ${file}: ${(err as Error).message}` };
  }
}
