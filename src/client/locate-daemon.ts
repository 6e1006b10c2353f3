import { lstatSync } from 'node:fs';
import { daemonPaths, type DaemonPaths } from '../daemon/paths.js';
import { readTrustedState, type DaemonState } from '../daemon/state-file.js';
import type { ClientRepo } from './find-repo.js';

export type Located =
  | { readonly paths: DaemonPaths; readonly state: DaemonState }
  /** `suspicious`: not just "no daemon", but something there that this user did not put there alone: worth saying. */
  | { readonly reason: string; readonly suspicious: boolean };

/**
 * The daemon of this worktree as its state file names it: a state file of
 * this user's alone, in a directory of this user's alone, naming a socket
 * this user owns. In a shared repository or tmpdir anyone could otherwise
 * answer "no violations". A few reads, no connection; the connection itself
 * is then proven (send-request.ts), since a name can change after it is looked at.
 */
export function locateDaemon(repo: ClientRepo): Located {
  const paths = daemonPaths(repo.root, repo.gitDir);
  const read = readTrustedState(paths.state);
  if ('reason' in read) return { reason: read.reason, suspicious: read.reason !== 'no daemon state file' };
  const { state } = read;
  try {
    const st = lstatSync(state.socket);
    if (!st.isSocket() || (typeof process.getuid === 'function' && st.uid !== process.getuid())) return { reason: `${state.socket} is not a socket of this user`, suspicious: true };
  } catch {
    return { reason: 'daemon socket missing', suspicious: false };
  }
  return { paths, state };
}
