import { mkdir, readFile, rename, unlink, writeFile as fsWriteFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { BlobSha } from '../model/index.js';

const MAGIC = 'ssot-guard-facts';

interface Header {
  readonly magic: string;
  readonly version: string;
}

/**
 * A missing, truncated, corrupt or other-version cache yields an empty map:
 * the cache is never trusted, only reused when it is provably ours.
 */
export async function loadFactCache<T>(file: string, version: string): Promise<Map<BlobSha, T>> {
  try {
    const data = deserialize(await readFile(file)) as { header?: Header; entries?: Array<[BlobSha, T]> };
    if (data?.header?.magic !== MAGIC || data.header.version !== version || !Array.isArray(data.entries)) return new Map();
    return new Map(data.entries);
  } catch {
    return new Map();
  }
}

export type WriteFile = (file: string, data: Buffer, options: { mode: number }) => Promise<void>;

/**
 * Atomic (tmp + rename), owner-only. A failed write (disk full) leaves the old
 * cache in place and no tmp file behind; the check itself still succeeds.
 */
export async function saveFactCache<T>(
  file: string,
  version: string,
  map: ReadonlyMap<BlobSha, T>,
  write: WriteFile = (f, d, o) => fsWriteFile(f, d, o),
): Promise<{ ok: boolean; error?: string }> {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    const header: Header = { magic: MAGIC, version };
    await write(tmp, serialize({ header, entries: [...map] }), { mode: 0o600 });
    await rename(tmp, file);
    return { ok: true };
  } catch (err) {
    await unlink(tmp).catch(() => {});
    return { ok: false, error: `could not write the fact cache ${file}: ${(err as Error).message}` };
  }
}
