import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

let cached: string | null = null;

/** The installed package's root (where package.json and config/schema.json are), found from this compiled file. */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = import.meta.dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('ssot-guard: cannot find its own package.json');
    dir = up;
  }
  return (cached = dir);
}
