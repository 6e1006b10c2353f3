#!/usr/bin/env node
/**
 * What `git commit` runs (through hooks/pre-commit): `check --staged`, asked
 * of the warm daemon. The build bundles this file and what it imports into
 * one CommonJS file (scripts/bundle.mjs), so a commit pays for one file
 * load, not forty; the in-process engine is imported only when the daemon
 * gives no verdict, by a URL the bundler leaves alone: the CLI's own bundle
 * of it, one file too.
 */
import { parseCheckArgs } from './cli/check-args.js';
import { settleProcess } from './cli/settle-process.js';
import { checkViaDaemon } from './client/check-via-daemon.js';

const USAGE = `usage: ssot-guard-hook [--format text|json] [--no-color] [--no-daemon]
  the pre-commit check: ssot-guard check --staged, answered by the daemon when one runs`;

async function hook(argv: string[]): Promise<number> {
  const args = parseCheckArgs(['--staged', ...argv]);
  const viaDaemon = await checkViaDaemon(args);
  if (viaDaemon.code !== null) return viaDaemon.code;
  const inProcess = new URL('../bundle/check-command.js', import.meta.url).href;
  const { checkInProcess } = (await import(inProcess)) as typeof import('./cli/check-command.js');
  return checkInProcess(args, viaDaemon.launchFor);
}

settleProcess(hook(process.argv.slice(2)), USAGE);
