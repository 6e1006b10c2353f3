import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { runGit } from '../git/run-git.js';
import { indexPaths } from '../git/index-file.js';
import type { GitRepo } from '../git/repo.js';
import { CONFIG_FILE_NAME } from './file-names.js';
import { nearestConfig } from './nearest-config.js';

export { nearestConfig };

/** A config file found for a check: where it is, and the directory its paths are relative to. */
export interface ConfigLocation {
  /** Absolute path of the file. */
  readonly file: string;
  /** Its directory relative to the repository root ('' at the root). */
  readonly base: string;
}

/** Where a config file sits in the repository, or a reason it cannot govern it. */
export function locateConfig(root: string, file: string): ConfigLocation | { readonly outside: string } {
  const rel = relative(root, dirname(file)).split('\\').join('/');
  if (rel.startsWith('..') || isAbsolute(rel)) return { outside: `${file} is outside the repository at ${root}: a config's roots and globs are relative to its own directory, which must be in the repository` };
  return { file, base: rel };
}

/**
 * The config files the index holds at or below `cwd` (a monorepo's
 * packages), relative to the root: one `git ls-files`. A package's config
 * counts once it is added to git, so the daemon (which answers for one index)
 * and a check in this process always judge the same configs.
 */
export async function configsBelow(cwd: string, indexFile: string | null = null): Promise<string[]> {
  const args = ['ls-files', '-z', '--full-name', '--cached', '--', `:(glob)**/${CONFIG_FILE_NAME}`];
  const out = await runGit(cwd, args, indexFile ? { env: { GIT_INDEX_FILE: indexFile } } : {});
  return [...new Set(out.toString('utf8').split('\0').filter(Boolean))].sort();
}

/**
 * The configs a check run in `cwd` judges: the one named, or the nearest at
 * or above `cwd` and every config below it. So a package's directory judges
 * its own config, and the repository root (where git runs the hook) every
 * config the repository holds.
 */
export async function configsFor(root: string, cwd: string, explicit: string | undefined, below: Promise<string[]> = configsBelow(cwd)): Promise<string[]> {
  if (explicit) return [resolve(cwd, explicit)];
  const nearest = nearestConfig(root, cwd);
  // Below: on disk too (a config staged for deletion is not judged).
  const listed = (await below).map((p) => join(root, p)).filter((f) => existsSync(f));
  return [...new Set([...(nearest ? [nearest] : []), ...listed])].sort();
}

/**
 * configsBelow without a git process: the index file read as it is
 * (git/index-file.ts), git asked only when that reader cannot follow it (a
 * split or sparse index, a sha256 repository, a file it does not know).
 */
export async function configsBelowFromIndex(repo: GitRepo, cwd: string, indexFile = process.env['GIT_INDEX_FILE']): Promise<string[]> {
  const index = indexFile ? resolve(cwd, indexFile) : join(repo.gitDir, 'index');
  const bytes = await readFile(index).catch(() => null);
  const paths = bytes && indexPaths(bytes, Buffer.from(CONFIG_FILE_NAME));
  if (!paths) return configsBelow(cwd, indexFile ? index : null);
  const under = relative(repo.root, resolve(cwd)).split('\\').join('/');
  const prefix = under ? `${under}/` : '';
  return [...new Set(paths.filter((p) => p.startsWith(prefix) && (p === CONFIG_FILE_NAME || p.endsWith(`/${CONFIG_FILE_NAME}`))))].sort();
}
