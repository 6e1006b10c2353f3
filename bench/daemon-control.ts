import { join } from 'node:path';
import { daemonPaths, type DaemonPaths } from '../src/daemon/paths.js';
import { pidAlive, readState } from '../src/daemon/state-file.js';
import type { DaemonStatus } from '../src/daemon/protocol.js';
import { daemonEnv, failureOf, ssotGuard } from './ssot-guard-cli.js';

export function benchDaemonPaths(root: string): DaemonPaths {
  return daemonPaths(root, join(root, '.git'));
}

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** `daemon status --format json` as the CLI prints it; null when no daemon answers. */
export function daemonStatus(root: string): DaemonStatus | null {
  const t = ssotGuard(root, ['daemon', 'status', '--format', 'json'], daemonEnv(), 30_000);
  if (t.status !== 0) return null;
  try {
    const s = JSON.parse(t.stdout) as DaemonStatus & { running: boolean };
    return s.running ? s : null;
  } catch {
    return null;
  }
}

export function startDaemon(root: string): void {
  const t = ssotGuard(root, ['daemon', 'start'], daemonEnv(), 60_000);
  if (t.status !== 0) throw new Error(`daemon start failed: ${failureOf(t)}`);
}

/**
 * Until the first staged verdict is computed (filesIndexed is set by it,
 * precomputes counts it). A daemon busy with a long synchronous evaluation
 * cannot answer status at all, so "no answer" means "keep waiting" here.
 */
export async function waitWarm(root: string, timeoutMs: number): Promise<DaemonStatus | null> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const s = daemonStatus(root);
    if (s && s.filesIndexed > 0 && s.precomputes >= 1) return s;
    await pause(250);
  }
  return null;
}

/** Status, retried while the daemon is too busy to answer. */
export async function statusWithin(root: string, timeoutMs: number): Promise<DaemonStatus | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = daemonStatus(root);
    if (s || Date.now() > deadline) return s;
    await pause(250);
  }
}

/**
 * `daemon stop`; a daemon stuck in a long evaluation hears neither the request
 * nor SIGTERM until it finishes, so wait for it, then SIGKILL that one pid
 * (the daemon this bench started, read from its own state file).
 */
export async function stopDaemon(root: string, log: (line: string) => void): Promise<void> {
  const pid = readState(benchDaemonPaths(root).state)?.pid;
  const t = ssotGuard(root, ['daemon', 'stop'], daemonEnv(), 60_000);
  if (t.status === 0 && (pid === undefined || !pidAlive(pid))) return;
  if (pid === undefined) return;
  log(`daemon stop: ${failureOf(t)}; waiting for pid ${pid}`);
  const deadline = Date.now() + 120_000;
  while (pidAlive(pid) && Date.now() < deadline) await pause(500);
  if (pidAlive(pid)) {
    log(`daemon pid ${pid} still running: SIGKILL`);
    process.kill(pid, 'SIGKILL');
  }
}
