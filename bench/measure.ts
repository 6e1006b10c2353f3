import { spawnSync } from 'node:child_process';

export interface Timed {
  readonly ms: number;
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Set when the process was killed at its time limit. */
  readonly timedOut: boolean;
}

export interface RunOptions {
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly timeoutMs?: number;
}

/** Wall time of a whole process, start to exit: what a user waiting on a hook feels. */
export function timeProcess(command: string, args: readonly string[], options: RunOptions): Timed {
  const started = process.hrtime.bigint();
  const r = spawnSync(command, [...args], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
    timeout: options.timeoutMs ?? 10 * 60 * 1000,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  return { ms, status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', timedOut: r.error !== undefined && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT' };
}

export interface Paired {
  readonly subject: Timed[];
  readonly reference: Timed[];
  /** Pairs skipped because the time budget ran out (at least one pair always runs). */
  readonly skipped: number;
}

/**
 * Subject and reference alternate (ABBA), so drift in machine load or page
 * cache hits both sides alike. `before` runs untimed ahead of each subject
 * sample (to stage a fresh change). Stops starting pairs once `budgetMs` is spent.
 */
export function interleave(runs: number, subject: () => Timed, reference: () => Timed, budgetMs: number, before: (i: number) => void = () => {}): Paired {
  const s: Timed[] = [];
  const r: Timed[] = [];
  const started = performance.now();
  let i = 0;
  for (; i < runs; i++) {
    if (i > 0 && performance.now() - started > budgetMs) break;
    before(i);
    if (i % 2 === 0) {
      s.push(subject());
      r.push(reference());
    } else {
      r.push(reference());
      s.push(subject());
    }
  }
  return { subject: s, reference: r, skipped: runs - i };
}

export function median(xs: readonly number[]): number | null {
  return percentile(xs, 50);
}

/** Nearest-rank percentile: with few samples, an observed value rather than an interpolation. */
export function percentile(xs: readonly number[], p: number): number | null {
  if (!xs.length) return null;
  const sorted = [...xs].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}
