import { EXIT, UsageError } from './exit-codes.js';
import { openRepo } from '../git/repo.js';
import type { ClientRepo } from '../client/find-repo.js';
import { parseCheckArgs, type CheckArgs } from './check-args.js';
import { printResult } from './print-result.js';
import { progressLine } from './progress-line.js';

export async function runCheck(argv: string[]): Promise<number> {
  const args = parseCheckArgs(argv);
  if (!args) return EXIT.ok;
  const { checkViaDaemon } = await import('../client/check-via-daemon.js');
  const viaDaemon = await checkViaDaemon(args);
  return viaDaemon.code ?? checkInProcess(args, viaDaemon.launchFor);
}

/**
 * The same verdict computed here, from git and the fact cache. When the daemon
 * could not answer, one is started for next time (it exits at once if one runs).
 */
export async function checkInProcess(args: CheckArgs, launchFor: ClientRepo | null): Promise<number> {
  // git finds the repository while the rest of the engine loads; git and the disk are asked what the check needs while the config is read.
  const opening = openRepo(process.cwd());
  opening.catch(() => {});
  const [{ loadRepoConfig }, { openSession, readEarly }] = await Promise.all([import('./load-repo-config.js'), import('../session/open-session.js')]);
  const repo = await opening.catch((err: Error) => {
    throw new UsageError(err.message);
  });
  const early = readEarly(repo, args.mode === 'staged');
  const config = await loadRepoConfig(repo.root, args.config);
  const { session, close } = openSession(repo, config, early);
  let code: number;
  try {
    const progress = progressLine(process.stderr);
    const { result, sourceLine } = await session.check(args.mode, { onProgress: progress.update });
    progress.done();
    code = await printResult(args, result, sourceLine, repo.root);
  } finally {
    close();
  }
  if (launchFor) {
    const { launchDaemon } = await import('../client/launch-daemon.js');
    try {
      launchDaemon(launchFor);
    } catch (err) {
      if (process.env['SSOT_GUARD_DEBUG']) process.stderr.write(`ssot-guard: could not start the daemon: ${(err as Error).message}\n`);
    }
  }
  return code;
}
