import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeCrypto } from '../launch/node-crypto.js';

/** The config file the daemon loads and judges by: the root's. */
import { CONFIG_FILE_NAME } from '../config/file-names.js';
export const CONFIG_FILE = CONFIG_FILE_NAME;

/**
 * sockaddr_un holds ~104 bytes on macOS and 108 on Linux, terminator included:
 * past this a listen() fails with EINVAL or silently truncates the path.
 */
export const MAX_SOCKET_PATH_BYTES = 100;

export interface DaemonPaths {
  /** `<gitDir>/ssot-guard`: per worktree, because the index, HEAD and working tree are. */
  readonly dir: string;
  readonly socket: string;
  readonly state: string;
  readonly log: string;
  /** Held only while a daemon starts, so two starters cannot both replace a stale socket. */
  readonly lock: string;
  /** The staged verdict the daemon last computed, for the hook to read without a connection (published-verdict.ts). */
  readonly verdict: string;
  readonly config: string;
}

/** Pure: where one worktree's daemon lives. gitDir differs per linked worktree, so each gets its own daemon. */
export function daemonPaths(root: string, gitDir: string, tmp: string = tmpdir()): DaemonPaths {
  const dir = join(gitDir, 'ssot-guard');
  return {
    dir,
    socket: socketPath(root, dir, tmp),
    state: join(dir, 'daemon.json'),
    log: join(dir, 'daemon.log'),
    lock: join(dir, 'daemon.lock'),
    verdict: join(dir, 'staged-verdict.json'),
    config: join(root, CONFIG_FILE),
  };
}

export function socketPath(root: string, dir: string, tmp: string = tmpdir()): string {
  const preferred = join(dir, 'daemon.sock');
  if (Buffer.byteLength(preferred) <= MAX_SOCKET_PATH_BYTES) return preferred;
  // Deep checkouts overflow sockaddr_un; the worktree root names the daemon uniquely instead.
  const id = nodeCrypto().createHash('sha1').update(root).digest('hex').slice(0, 16);
  return join(tmp, `ssot-guard-${id}.sock`);
}
