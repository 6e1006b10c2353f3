import { statSync } from 'node:fs';
import type { Log } from './log.js';
import type { DaemonPaths } from './paths.js';
import type { SocketServer } from './server.js';
import { readState, removeStateIfOwned } from './state-file.js';
import { withdrawVerdict } from './published-verdict.js';

const DEFAULT_IDLE_MS = 4 * 60 * 60 * 1000;
/** How often a daemon checks that its socket and state are still its own (another may have replaced it). */
const ORPHAN_CHECK_MS = 30_000;

export function idleMs(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env['SSOT_GUARD_IDLE_MS']);
  return Number.isFinite(n) && n > 0 ? n : DEFAULT_IDLE_MS;
}

export interface LifecycleOptions {
  readonly paths: DaemonPaths;
  readonly server: SocketServer;
  readonly log: Log;
  /** While true (a watch-mode subscriber is connected) the daemon is not idle. */
  readonly busy: () => boolean;
  /** Last words before the paths are gone: tell subscribers. */
  readonly onStopping: (reason: string) => void;
  /** Release what the daemon holds (watchers, git processes, fact cache); bounded by the caller. */
  readonly onStop: () => Promise<void>;
}

export interface Lifecycle {
  readonly stopping: boolean;
  /** A request came in: the idle clock restarts. */
  touch(): void;
  /** Give up the socket path and state now (a stale daemon does this before answering). */
  releasePaths(): void;
  shutdown(reason: string, code?: number): Promise<void>;
}

/**
 * How a daemon ends: stop request, stale, idle, signal, or its paths taken
 * over. Whatever the cause, the socket and state go first (only while still
 * ours), then connections drain, then resources are released, then exit.
 */
export function startLifecycle(options: LifecycleOptions): Lifecycle {
  const { paths, server, log } = options;
  let stopping = false;
  let idleTimer: NodeJS.Timeout | null = null;

  const ownsSocket = (): boolean => {
    try {
      return statSync(paths.socket).ino === server.inode;
    } catch {
      return false;
    }
  };

  const releasePaths = (): void => {
    // Closing the listener unlinks the path (libuv, by name): only while the path is still ours.
    if (ownsSocket()) server.stopAccepting();
    // The published verdict before the state that vouches for it, and only while the state is ours.
    if (readState(paths.state)?.pid === process.pid) withdrawVerdict(paths.verdict);
    removeStateIfOwned(paths.state, process.pid);
  };

  const bounded = (p: Promise<unknown>, ms: number): Promise<unknown> =>
    Promise.race([p.catch((err: Error) => log(`while stopping: ${err.message}`)), new Promise((r) => setTimeout(r, ms).unref())]);

  const shutdown = async (reason: string, code = 0): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log(`stopping: ${reason}`);
    // The paths first: a client told "stale" finds no socket, and a fresh daemon can bind at once.
    releasePaths();
    if (idleTimer) clearTimeout(idleTimer);
    options.onStopping(reason);
    await bounded(server.drain(1000), 1500);
    await bounded(options.onStop(), 3000);
    log('stopped');
    process.exit(code);
  };

  const touch = (): void => {
    if (idleTimer) clearTimeout(idleTimer);
    const ms = idleMs();
    idleTimer = setTimeout(() => {
      // A watch-mode subscriber is a user looking at the verdict: that is not idle.
      if (options.busy()) touch();
      else void shutdown(`idle for ${ms} ms`);
    }, ms);
  };

  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => void shutdown(signal));
  process.on('uncaughtException', (err) => {
    log(`uncaught: ${err.stack ?? err.message}`);
    void shutdown('internal error', 1);
  });
  process.on('unhandledRejection', (err) => {
    log(`unhandled rejection: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    void shutdown('internal error', 1);
  });
  // Two starters racing past a stale lock can leave one daemon without its path; it must not linger unseen.
  setInterval(() => {
    if (!ownsSocket() || readState(paths.state)?.pid !== process.pid) void shutdown('socket or state file replaced or removed');
  }, ORPHAN_CHECK_MS).unref();
  touch();

  return {
    get stopping() {
      return stopping;
    },
    touch,
    releasePaths,
    shutdown,
  };
}
