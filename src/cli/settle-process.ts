import { EXIT, UsageError } from './exit-codes.js';
import { streamOutput, type Output } from './output.js';

/**
 * Turns a command's outcome into the process exit code: usage and input
 * errors print their message and exit 2; anything else is exit 3 with the
 * stack, never 0, so a guard that crashed cannot let a commit through.
 */
export function settleProcess(run: Promise<number>, usage: string, out: Output = streamOutput): void {
  out.ignoreBrokenPipe();
  run.then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      if (err instanceof UsageError) {
        const shown = typeof err.showUsage === 'string' ? err.showUsage : err.showUsage ? usage : null;
        out.stderr(`ssot-guard: ${err.message}\n${shown ? `\n${shown}\n` : ''}`);
        process.exitCode = err.exitCode;
        return;
      }
      // node:util parseArgs rejects an unknown or malformed flag with a coded TypeError: the user's mistake, not ours.
      if (err instanceof Error && String((err as NodeJS.ErrnoException).code).startsWith('ERR_PARSE_ARGS_')) {
        out.stderr(`ssot-guard: ${err.message}\n\n${usage}\n`);
        process.exitCode = EXIT.usage;
        return;
      }
      // Errors about the user's input files (a malformed baseline) carry exit 2 themselves.
      if (err instanceof Error && (err as Error & { exitCode?: number }).exitCode === EXIT.usage) {
        out.stderr(`ssot-guard: ${err.message}\n`);
        process.exitCode = EXIT.usage;
        return;
      }
      out.stderr(`ssot-guard: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = EXIT.internal;
    },
  );
}
