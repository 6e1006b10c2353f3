import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * A generated bench repo lives in tmpdir under a name hashed from the
 * generator's version and its parameters: a run reuses it, a generator change
 * (with its version bumped) gets a fresh one.
 */
export function cachedRepoDir(prefix: string, version: number, params: object): string {
  const key = createHash('sha256').update(JSON.stringify({ v: version, ...params })).digest('hex').slice(0, 16);
  return join(tmpdir(), `${prefix}-${key}`);
}

/**
 * The marker of a complete generation, or a new generation. The marker lives
 * inside .git (neither tracked nor untracked noise) and is written last: a
 * directory without it is a generation that was cut off, and is redone.
 */
export function ensureCachedRepo<M extends object>(root: string, markerName: string, generate: () => M): { marker: M; generated: boolean } {
  const file = join(root, '.git', markerName);
  if (existsSync(file)) return { marker: JSON.parse(readFileSync(file, 'utf8')) as M, generated: false };
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  const marker = generate();
  writeFileSync(file, `${JSON.stringify(marker, null, 2)}\n`);
  return { marker, generated: true };
}

/** Writes files under `root` (text as UTF-8, bytes as they are), making each directory once; returns the bytes written. */
export function fileWriter(root: string): (path: string, content: string | Uint8Array) => number {
  const made = new Set<string>();
  return (path, content) => {
    const dir = dirname(join(root, path));
    if (!made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    writeFileSync(join(root, path), bytes);
    return bytes.length;
  };
}
