import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { CONFIG_FILE_NAME } from './file-names.js';

/**
 * The nearest config at or above `cwd`, up to the repository root; null when
 * there is none. Its own module, free of git: the hook's fast path asks it.
 */
export function nearestConfig(root: string, cwd: string): string | null {
  const top = resolve(root);
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const file = join(dir, CONFIG_FILE_NAME);
    if (existsSync(file)) return file;
    const rel = relative(top, dir);
    if (!rel || rel.startsWith('..') || isAbsolute(rel) || dirname(dir) === dir) return null;
  }
}

