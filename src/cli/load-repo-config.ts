import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Config } from '../model/index.js';
import type { GitRepo } from '../git/repo.js';
import { loadConfig } from '../config/load-config.js';
import { formatConfigErrors } from '../report/text-reporter.js';
import { UsageError } from './exit-codes.js';

export const CONFIG_FILE = 'ssot-guard.config.json';

/** The repo's config, or a UsageError (exit 2) that names the file and every bad field. */
export async function loadRepoConfig(repo: GitRepo, explicit?: string): Promise<Config> {
  const file = explicit ? resolve(explicit) : join(repo.root, CONFIG_FILE);
  if (!existsSync(file)) {
    throw new UsageError(
      explicit ? `config file not found: ${file}` : `no ${CONFIG_FILE} at ${repo.root}: run "ssot-guard init" or pass --config FILE`,
    );
  }
  const loaded = await loadConfig(file);
  if ('errors' in loaded) throw new UsageError(`invalid config:\n${formatConfigErrors(file, loaded.errors)}`);
  return loaded.config;
}
