import { spawnSync } from 'node:child_process';
import { availableParallelism, cpus } from 'node:os';
import type { DaemonStatus } from '../src/daemon/protocol.js';
import { statusWithin } from './daemon-control.js';
import type { Figure } from './figures.js';
import { memoryFigure } from './scenarios/daemon-memory.js';
import { hookScript } from './scenarios/hook-script.js';
import { saveToVerdict, type Toggle } from './scenarios/save-to-verdict.js';
import { failed, warmDaemon } from './scenarios/warm-daemon.js';

/** What the synthetic and the real-code bench share around their figures: the log, the figure list, the daemon figures, the run's metadata. */

export type Log = (line: string) => void;

/** Lines on stderr stamped with the seconds since the run began. */
export function benchLog(): { log: Log; seconds: () => number } {
  const began = performance.now();
  const seconds = (): number => (performance.now() - began) / 1000;
  return { log: (line) => process.stderr.write(`[${seconds().toFixed(1).padStart(6)} s] ${line}\n`), seconds };
}

export type Guard = (id: string, job: () => Promise<Figure | Figure[]> | Figure | Figure[]) => Promise<void>;

/** A figure that throws becomes a "not measured" row; the run goes on. */
export function figureGuard(figures: Figure[], log: Log): Guard {
  return async (id, job) => {
    try {
      const f = await job();
      figures.push(...(Array.isArray(f) ? f : [f]));
    } catch (err) {
      log(`(${id}) failed: ${(err as Error).stack ?? String(err)}`);
      figures.push(failed(id, `failed: ${(err as Error).message.split('\n')[0]}`));
    }
  };
}

export interface DaemonGoals {
  /** (c) `check --staged` through the daemon, ratio to node -e 0. */
  readonly check: number;
  /** (c2) hooks/pre-commit, ratio to node -e 0. */
  readonly hook: number;
  /** (d) the file toggled, the line, the p50 budget; the synthetic one when omitted. */
  readonly toggle?: Toggle;
}

/**
 * (c) warm daemon, (d) save -> verdict, (c2) the hook, (e) daemon RSS, in
 * the order that keeps them independent (the hook's build last).
 */
export async function daemonFigures(root: string, runs: number, samples: number, budgetMs: number, guard: Guard, figures: Figure[], log: Log, goals: DaemonGoals): Promise<void> {
  let afterC: DaemonStatus | null = null;
  let afterD: DaemonStatus | null = null;
  await guard('c', async () => {
    const c = await warmDaemon(root, runs, budgetMs, log, goals.check);
    afterC = await statusWithin(root, 120_000);
    return c;
  });
  if (afterC) {
    await guard('d', () => saveToVerdict(root, samples, log, goals.toggle));
    afterD = await statusWithin(root, 120_000);
    await guard('c2', () => hookScript(root, runs, budgetMs, log, goals.hook) ?? []);
  } else figures.push(failed('d', 'no warm daemon: skipped'));
  figures.push(memoryFigure(afterC, afterD));
}

export function pythonVersion(python = 'python3'): string {
  const r = spawnSync(python, ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? `${r.stdout.trim()} (${python})` : `no ${python}`;
}

export function machineMeta(python = 'python3'): Record<string, unknown> & { python: string; cpus: number; cpu: string } {
  return { node: process.version, python: pythonVersion(python), cpus: availableParallelism(), cpu: cpus()[0]?.model ?? 'unknown', platform: process.platform };
}

/** Runs a bench's main: its return is the exit code, a throw is exit 1 with the stack. */
export function runMain(main: () => Promise<number>): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`bench: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
