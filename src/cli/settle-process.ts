import { EXIT, UsageError } from './exit-codes.js';

/**
 * Turns a command's outcome into the process exit code: usage and input
 * errors print their message and exit 2; anything else is exit 3 with the
 * stack, never 0, so a guard that crashed cannot let a commit through.
 */
export function settleProcess(run: Promise<number>, usage: string): void {
  // A reader that stopped reading (`ssot-guard check | head`) is not a failure of the check: the verdict's exit code stands.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED') throw err;
  });
  run.then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      if (err instanceof UsageError) {
        const shown = typeof err.showUsage === 'string' ? err.showUsage : err.showUsage ? usage : null;
        process.stderr.write(`ssot-guard: ${err.message}\n${shown ? `\n${shown}\n` : ''}`);
        process.exitCode = err.exitCode;
        return;
      }
      // node:util parseArgs rejects an unknown or malformed flag with a coded TypeError: the user's mistake, not ours.
      if (err instanceof Error && String((err as NodeJS.ErrnoException).code).startsWith('ERR_PARSE_ARGS_')) {
        process.stderr.write(`ssot-guard: ${err.message}\n\n${usage}\n`);
        process.exitCode = EXIT.usage;
        return;
      }
      // Errors about the user's input files (a malformed baseline) carry exit 2 themselves.
      if (err instanceof Error && (err as Error & { exitCode?: number }).exitCode === EXIT.usage) {
        process.stderr.write(`ssot-guard: ${err.message}\n`);
        process.exitCode = EXIT.usage;
        return;
      }
      process.stderr.write(`ssot-guard: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = EXIT.internal;
    },
  );
}

/**
 * Ends the process with `code` once what it wrote to stdout and stderr is
 * out, rather than when node has closed every handle: for a process with
 * nothing else left to do (the hook the daemon answered: its socket is
 * destroyed already), that teardown was a millisecond of every commit.
 */
export function exitWhenWritten(code: number): Promise<never> {
  process.exitCode = code;
  const written = (stream: NodeJS.WriteStream) => new Promise<void>((done) => stream.write('', () => done()));
  return Promise.all([written(process.stdout), written(process.stderr)]).then(() => process.exit(code));
}
