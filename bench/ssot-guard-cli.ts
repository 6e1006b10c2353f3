import { fileURLToPath } from 'node:url';
import { timeProcess, type Timed } from './measure.js';

/** The CLI as package.json's bin ships it, bundled beside this file (<outDir>/bench/run.js -> <outDir>/bundle/cli.cjs): never npx, never a global install. */
export const CLI = fileURLToPath(new URL('../bundle/cli.cjs', import.meta.url));

/** One-shot runs judge in-process and never start a daemon behind the bench's back. */
export function oneShotEnv(): NodeJS.ProcessEnv {
  return { ...process.env, SSOT_GUARD_NO_DAEMON: '1', NO_COLOR: '1' };
}

/**
 * Daemon allowed. The idle exit is a safety net: a bench killed before its
 * `daemon stop` leaves no daemon running for hours.
 */
export function daemonEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', SSOT_GUARD_IDLE_MS: String(15 * 60 * 1000) };
  delete env['SSOT_GUARD_NO_DAEMON'];
  return env;
}

export function ssotGuard(root: string, args: readonly string[], env: NodeJS.ProcessEnv, timeoutMs?: number): Timed {
  return timeProcess(process.execPath, [CLI, ...args], { cwd: root, env, ...(timeoutMs === undefined ? {} : { timeoutMs }) });
}

export function nodeBaseline(root: string): Timed {
  return timeProcess(process.execPath, ['-e', '0'], { cwd: root });
}

/** A check's JSON report, or null when the run failed (exit 2/3, timeout, no JSON). */
export function parseReport(t: Timed): { violations: Array<{ rule: string; file: string }>; stats: { files: number; parsed: number; daemon: boolean; ms: number } } | null {
  if (t.timedOut || (t.status !== 0 && t.status !== 1)) return null;
  try {
    return JSON.parse(t.stdout) as ReturnType<typeof parseReport>;
  } catch {
    return null;
  }
}

/** The first lines of what a failed run said, for the report. */
export function failureOf(t: Timed): string {
  if (t.timedOut) return `timed out after ${Math.round(t.ms / 1000)} s`;
  const said = (t.stderr || t.stdout).trim().split('\n').slice(0, 3).join(' | ');
  return `exit ${t.status}${said ? `: ${said}` : ''}`;
}
