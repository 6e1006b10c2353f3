import { lstatSync } from 'node:fs';
import { daemonPaths, type DaemonPaths } from '../daemon/paths.js';
import { readState, type DaemonState } from '../daemon/state-file.js';
import type { ClientRepo } from './find-repo.js';

export type Located = { readonly paths: DaemonPaths; readonly state: DaemonState } | { readonly reason: string };

/**
 * The daemon of this worktree as its state file names it, provided its socket
 * is a socket this user owns: in a shared tmpdir anyone could otherwise answer
 * "no violations". A few reads, no connection.
 */
export function locateDaemon(repo: ClientRepo): Located {
  const paths = daemonPaths(repo.root, repo.gitDir);
  const state = readState(paths.state);
  if (!state) return { reason: 'no daemon state file' };
  try {
    const st = lstatSync(state.socket);
    if (!st.isSocket() || (typeof process.getuid === 'function' && st.uid !== process.getuid())) return { reason: `${state.socket} is not a socket of this user` };
  } catch {
    return { reason: 'daemon socket missing' };
  }
  return { paths, state };
}
