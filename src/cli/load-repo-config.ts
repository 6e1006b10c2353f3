import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import type { Config } from '../model/index.js';
import { loadConfig } from '../config/load-config.js';
import { configsFor, locateConfig } from '../config/config-files.js';
import { CONFIG_FILE_NAME } from '../config/file-names.js';
import { formatConfigErrors } from '../report/text-reporter.js';
import { UsageError } from './exit-codes.js';

export const CONFIG_FILE = CONFIG_FILE_NAME;

/**
 * A config file of the repository whose top is `root`, its paths made
 * relative to the root, or a UsageError (exit 2) that names the file and
 * every bad field.
 */
export async function loadRepoConfig(root: string, file: string): Promise<Config> {
  if (!existsSync(file)) throw new UsageError(`config file not found: ${file}`);
  const where = locateConfig(root, file);
  if ('outside' in where) throw new UsageError(where.outside);
  const loaded = await loadConfig(file, where.base);
  if ('errors' in loaded) throw new UsageError(`invalid config:\n${formatConfigErrors(file, loaded.errors)}`);
  return loaded.config;
}

/**
 * The config files a command run in `cwd` judges (config-files.ts), or a
 * UsageError when there is none: with no config nothing can be judged, and
 * that is never a pass.
 */
export async function repoConfigFiles(root: string, cwd: string, explicit: string | undefined, below?: Promise<string[]>): Promise<string[]> {
  const files = await configsFor(root, cwd, explicit, below);
  if (files.length) return files;
  const where = relative(root, cwd) || '.';
  throw new UsageError(`no ${CONFIG_FILE_NAME} in ${where}, above it in the repository, or below it: run "ssot-guard init" or pass --config FILE`);
}

/** The one config a command that judges one config at a time (explain, graph, baseline, watch) uses here: the nearest, or the only one below. */
export async function oneRepoConfig(root: string, cwd: string, explicit: string | undefined): Promise<Config> {
  const files = await repoConfigFiles(root, cwd, explicit);
  if (files.length > 1) {
    throw new UsageError(`${files.length} configs govern ${relative(root, cwd) || '.'} (${files.map((f) => relative(root, f)).join(', ')}): run this command in a package's directory, or pass --config FILE`);
  }
  return loadRepoConfig(root, files[0]!);
}
