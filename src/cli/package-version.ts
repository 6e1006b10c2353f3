import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../config/package-root.js';

let cached: string | null = null;

/** ssot-guard's own version, from its package.json (read once: the hook path asks for it on every commit). */
export function packageVersion(): string {
  if (cached) return cached;
  // dist/src/cli/ is three levels below the package root in every layout we ship; the search is the fallback.
  let text: string;
  try {
    text = readFileSync(new URL('../../../package.json', import.meta.url), 'utf8');
  } catch {
    text = readFileSync(join(packageRoot(), 'package.json'), 'utf8');
  }
  const parsed = JSON.parse(text) as { name?: string; version: string };
  if (parsed.name !== 'ssot-guard') return (cached = (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version);
  return (cached = parsed.version);
}
