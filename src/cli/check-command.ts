import { EXIT, UsageError } from './exit-codes.js';
import { openRepo } from '../git/repo.js';
import type { ClientRepo } from '../client/find-repo.js';
import { parseCheckArgs, type CheckArgs } from './check-args.js';
import { printResult } from './print-result.js';
import { streamOutput } from './output.js';
import { progressLine } from './progress-line.js';
import { join } from 'node:path';
import { CONFIG_FILE } from '../daemon/paths.js';

export async function runCheck(argv: string[]): Promise<number> {
  const args = parseCheckArgs(argv);
  if (!args) return EXIT.ok;
  // Run by hand (the hook runs checkInProcess): say so where git would not run the hook at all.
  const warning = import('./hook-reach.js').then((m) => m.missingHookWarning(process.cwd())).catch(() => null);
  const { printDaemonVerdict } = await import('./daemon-verdict.js');
  const viaDaemon = await printDaemonVerdict(args, streamOutput);
  const code = viaDaemon.code ?? (await checkInProcess(args, viaDaemon.launchFor));
  const said = await warning;
  if (said) process.stderr.write(`${said}\n`);
  return code;
}

/**
 * The same verdict computed here, from git and the fact cache. When the daemon
 * could not answer, one is started for next time (it exits at once if one runs).
 */
export async function checkInProcess(args: CheckArgs, launchFor: ClientRepo | null): Promise<number> {
  const cwd = process.cwd();
  // git finds the repository while the rest of the engine loads; git and the disk are asked what the check needs while the config is read.
  const opening = openRepo(cwd);
  opening.catch(() => {});
  const [{ loadRepoConfig, repoConfigFiles }, { openSession, readEarly }, { combinedCheck }, { locateConfig, configsBelowFromIndex }, { framesOf }] = await Promise.all([
    import('./load-repo-config.js'),
    import('../session/open-session.js'),
    import('../session/combined-check.js'),
    import('../config/config-files.js'),
    import('../report/registry.js'),
  ]);
  const repo = await opening.catch((err: Error) => {
    throw new UsageError(err.message);
  });
  const below = args.config ? Promise.resolve([]) : configsBelowFromIndex(repo, cwd);
  const files = await repoConfigFiles(repo.root, cwd, args.config, below);
  const progress = progressLine(process.stderr);
  const checks = [];
  // One config at a time: each is its own session, with its own kept judgments.
  for (const file of files) {
    const where = locateConfig(repo.root, file);
    const early = files.length === 1 && !('outside' in where) ? readEarly(repo, args.mode === 'staged', where.base) : null;
    const config = await loadRepoConfig(repo.root, file);
    const { session, close } = openSession(repo, config, early, framesOf(args.format));
    try {
      checks.push(await session.check(args.mode, { onProgress: progress.update }));
    } finally {
      close();
    }
  }
  progress.done();
  const { result, sourceLine } = combinedCheck(checks);
  const code = await printResult(args, result, sourceLine, repo.root, streamOutput);
  // The daemon judges the root's config alone: it is started only where that is the whole verdict.
  if (launchFor && files.length === 1 && files[0] === join(repo.root, CONFIG_FILE)) {
    const { launchDaemon } = await import('../client/launch-daemon.js');
    try {
      launchDaemon(launchFor);
    } catch (err) {
      if (process.env['SSOT_GUARD_DEBUG']) process.stderr.write(`ssot-guard: could not start the daemon: ${(err as Error).message}\n`);
    }
  }
  return code;
}
