import { open } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { GitRepo } from '../git/repo.js';
import { readCheckedFile, writeCheckedFile } from '../fs/checked-file.js';
import { configsBelow } from './config-files.js';

const MAGIC = 'ssot-guard-configs';
/** git's index ends with the hash of everything before it: 20 bytes (sha1) or 32 (sha256). */
const TAIL_BYTES = 32;

/**
 * The config files the index holds below `cwd` (config-files.ts), kept
 * beside the fact cache under the index's own checksum: a one-shot check
 * of an unchanged index reads 32 bytes instead of spawning `git ls-files`
 * (6 ms of a check that takes 150). An index git wrote without its
 * checksum (index.skipHash) is always asked.
 */
export async function cachedConfigsBelow(repo: GitRepo, stateDir: string, cwd: string, indexFile = process.env['GIT_INDEX_FILE']): Promise<string[]> {
  const index = indexFile ? resolve(cwd, indexFile) : join(repo.gitDir, 'index');
  const tail = await indexTail(index);
  if (!tail) return configsBelow(cwd);
  const file = join(stateDir, 'configs.bin');
  const key = `${index}\0${relative(repo.root, resolve(cwd))}\0${tail}`;
  const kept = await readCheckedFile(file, MAGIC, key);
  if (kept) return JSON.parse(kept.toString('utf8')) as string[];
  const listed = await configsBelow(cwd, indexFile ? index : null);
  // Like the fact cache: a write that fails costs the next check time, never its verdict.
  await writeCheckedFile(file, MAGIC, key, Buffer.from(JSON.stringify(listed)));
  return listed;
}

/** The index's last bytes in hex, or null when it has none worth trusting (missing, tiny, or an all-zero hash). */
async function indexTail(index: string): Promise<string | null> {
  try {
    const handle = await open(index, 'r');
    try {
      const { size } = await handle.stat();
      if (size < 12 + TAIL_BYTES) return null;
      const bytes = Buffer.alloc(TAIL_BYTES);
      await handle.read(bytes, 0, TAIL_BYTES, size - TAIL_BYTES);
      // index.skipHash leaves the trailing hash zero: then the tail says nothing about the content.
      return bytes.subarray(TAIL_BYTES - 20).every((b) => b === 0) ? null : bytes.toString('hex');
    } finally {
      await handle.close();
    }
  } catch {
    return null;
  }
}
