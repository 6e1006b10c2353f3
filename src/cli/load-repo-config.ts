import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Config } from '../model/index.js';
import { loadConfig } from '../config/load-config.js';
import { formatConfigErrors } from '../report/text-reporter.js';
import { UsageError } from './exit-codes.js';

export const CONFIG_FILE = 'ssot-guard.config.json';

/** The config of the repository whose top is `root`, or a UsageError (exit 2) that names the file and every bad field. */
export async function loadRepoConfig(root: string, explicit?: string): Promise<Config> {
  const file = explicit ? resolve(explicit) : join(root, CONFIG_FILE);
  if (!existsSync(file)) {
    throw new UsageError(
      explicit ? `config file not found: ${file}` : `no ${CONFIG_FILE} at ${root}: run "ssot-guard init" or pass --config FILE`,
    );
  }
  const loaded = await loadConfig(file);
  if ('errors' in loaded) throw new UsageError(`invalid config:\n${formatConfigErrors(file, loaded.errors)}`);
  return loaded.config;
}
