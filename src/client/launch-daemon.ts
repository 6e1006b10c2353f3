import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../config/package-root.js';
import { rotateLog } from '../daemon/log.js';
import { ensurePrivateDir } from '../fs/owner-only.js';
import { daemonPaths } from '../daemon/paths.js';
import type { ClientRepo } from './find-repo.js';

/** Found from the package root, so the path holds wherever the calling code was bundled. */
export const CLI_PATH = join(packageRoot(), 'dist', 'src', 'cli.js');

/**
 * The environment a daemon starts with. A hook runs with GIT_INDEX_FILE aimed
 * at this commit's temporary index (`git commit -a` uses index.lock): a daemon
 * inheriting it would judge a file that vanishes with the commit. It gets the
 * worktree's own git dir and root instead, absolute.
 */
export function daemonEnv(repo: ClientRepo, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env, GIT_DIR: repo.gitDir, GIT_WORK_TREE: repo.root };
  for (const key of ['GIT_INDEX_FILE', 'GIT_PREFIX', 'GIT_QUARANTINE_PATH', 'GIT_OBJECT_DIRECTORY', 'GIT_ALTERNATE_OBJECT_DIRECTORIES', 'GIT_COMMON_DIR']) delete out[key];
  return out;
}

/**
 * `daemon run` in the background, detached from the caller's terminal and
 * pipes: git waits for a hook's stdout to close, so the daemon must not hold it.
 * Its stdout and stderr go to the log, where a crash leaves its stack.
 * Throws, starting nothing, when the daemon directory is not this user's alone.
 */
export function launchDaemon(repo: ClientRepo): number | undefined {
  const paths = daemonPaths(repo.root, repo.gitDir);
  // The log is opened here, following symlinks: not in a directory someone else could have planted one in.
  const untrusted = ensurePrivateDir(paths.dir);
  if (untrusted) throw new Error(`not starting a daemon: ${untrusted}`);
  rotateLog(paths.log);
  const log = openSync(paths.log, 'a', 0o600);
  try {
    // --expose-gc: the daemon collects garbage when quiet (daemon/memory-gc.ts).
    const child = spawn(process.execPath, ['--expose-gc', CLI_PATH, 'daemon', 'run'], {
      cwd: repo.root,
      detached: true,
      stdio: ['ignore', log, log],
      env: daemonEnv(repo),
    });
    child.on('error', () => {
      // Could not start: the next hook judges in-process again and retries.
    });
    child.unref();
    return child.pid;
  } finally {
    closeSync(log);
  }
}
