import { readFile, readlink, realpath } from 'node:fs/promises';

/**
 * Linux only (elsewhere we do not guess): is this pid running `ssot-guard
 * daemon run` for this worktree? The launcher starts it in the worktree root;
 * a daemon of another worktree that got the reused pid has the same argv.
 */
export async function isOurDaemon(pid: number, root: string): Promise<boolean> {
  try {
    const argv = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
    return argv.includes('daemon') && argv.includes('run') && (await readlink(`/proc/${pid}/cwd`)) === (await realpath(root));
  } catch {
    return false;
  }
}
