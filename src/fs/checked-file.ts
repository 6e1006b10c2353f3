import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { crc32 } from 'node:zlib';
import { readOwned, replaceFile, writeAll, type WriteBytes } from './owned-file.js';

/**
 * State a later run trusts (its verdict may come from it): `u32be
 * headerLength · v8(header) · zeros to a multiple of 8 · body` (aligned, so
 * a reader can view the body's numbers in place). The header names what the file is and
 * the version it was written for, and carries the body's length and CRC-32:
 * another version's file is rejected without reading its body, and a torn or
 * bit-flipped body never reaches the v8 deserialiser. CRC-32, not a
 * cryptographic hash: it guards against accidents (sha1 cost 20 ms a check
 * on 10 MB); forgery is kept out by owned-file.ts.
 */
interface Header {
  readonly magic: string;
  readonly version: string;
  readonly bodyLength: number;
  readonly bodyCrc32: number;
}

const MAX_HEADER = 64 * 1024;

const bodyStart = (headerLength: number): number => Math.ceil((4 + headerLength) / 8) * 8;

/**
 * The body, or null when the file is missing, not ours alone (someone else
 * could have forged it), of another kind or version, or damaged. Never throws.
 */
export async function readCheckedFile(file: string, magic: string, version: string): Promise<Buffer | null> {
  return checkedBodyOf(await readOwned(file), magic, version);
}

/** The body of a file's bytes read already (fs/owned-file.ts' readOwned), on the same terms. Never throws. */
export function checkedBodyOf(data: Buffer | null, magic: string, version: string): Buffer | null {
  try {
    return data && checkedBody(data, magic, version);
  } catch {
    return null;
  }
}

function checkedBody(data: Buffer, magic: string, version: string): Buffer | null {
  if (data.length < 4) return null;
  const headerLength = data.readUInt32BE(0);
  if (headerLength > MAX_HEADER || 4 + headerLength > data.length) return null;
  const header = deserialize(data.subarray(4, 4 + headerLength)) as Partial<Header> | null;
  if (typeof header !== 'object' || header === null || header.magic !== magic || header.version !== version) return null;
  const body = data.subarray(bodyStart(headerLength));
  return header.bodyLength === body.length && header.bodyCrc32 === crc32(body) ? body : null;
}

/**
 * Atomic and owner-only (dir 0700, file 0600: owned-file.ts). Returns the
 * error instead of throwing: losing such state costs time, never a verdict,
 * so it must not fail the check that writes it.
 */
export async function writeCheckedFile(
  file: string,
  magic: string,
  version: string,
  body: Buffer,
  write: WriteBytes = writeAll,
): Promise<{ ok: true } | { ok: false; error: string }> {
  try {
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    const head = serialize({ magic, version, bodyLength: body.length, bodyCrc32: crc32(body) } satisfies Header);
    const start = Buffer.alloc(bodyStart(head.length) - head.length);
    start.writeUInt32BE(head.length);
    await replaceFile(file, Buffer.concat([start.subarray(0, 4), head, start.subarray(4), body]), write);
    return { ok: true };
  } catch (err) {
    return { ok: false, error: `could not write ${file}: ${(err as Error).message}` };
  }
}
