import { spawn } from 'node:child_process';
import { CLI } from './run-cli.js';

export interface WatchProcess {
  /** Every stdout line so far, in order. */
  readonly lines: readonly string[];
  stdout(): string;
  stderr(): string;
  /**
   * Resolves with the index of the first line after `after` that matches, as
   * soon as it is printed; rejects when the process exits first or after
   * `timeoutMs` (the message shows what was printed). No polling, no sleeps.
   */
  waitFor(what: string, match: (line: string) => boolean, after?: number, timeoutMs?: number): Promise<number>;
  /** Sends the signal and resolves with the exit code (null: killed by a signal). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** `ssot-guard watch` with stdout piped (not a terminal), in-process unless the env allows a daemon. */
export function spawnWatch(cwd: string, args: string[] = [], env: Record<string, string> = {}): WatchProcess {
  const child = spawn(process.execPath, [CLI, 'watch', ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', SSOT_GUARD_NO_DAEMON: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let out = '';
  let err = '';
  let pending = '';
  const waiters = new Set<() => void>();
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((done) =>
    child.on('exit', (code) => {
      exitCode = code;
      done(code);
      for (const w of waiters) w();
    }),
  );
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    out += chunk;
    pending += chunk;
    const parts = pending.split('\n');
    pending = parts.pop()!;
    lines.push(...parts);
    for (const w of waiters) w();
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (err += chunk));

  const waitFor: WatchProcess['waitFor'] = (what, match, after = -1, timeoutMs = 20_000) =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const i = lines.findIndex((l, n) => n > after && match(l));
        if (i >= 0) return finish(() => resolve(i));
        if (exitCode !== undefined) finish(() => reject(new Error(`watch exited (${exitCode}) before ${what}\n--- stdout\n${out}--- stderr\n${err}`)));
      };
      const timer = setTimeout(() => finish(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n--- stdout\n${out}--- stderr\n${err}`))), timeoutMs);
      const finish = (settle: () => void): void => {
        clearTimeout(timer);
        waiters.delete(check);
        settle();
      };
      waiters.add(check);
      check();
    });

  return {
    lines,
    stdout: () => out,
    stderr: () => err,
    waitFor,
    stop: (signal = 'SIGINT') => {
      if (exitCode === undefined) child.kill(signal);
      return exited;
    },
  };
}
