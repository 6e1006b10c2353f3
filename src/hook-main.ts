/**
 * What `git commit` runs (through hooks/pre-commit and hook.ts): `check
 * --staged`, asked of the warm daemon. The build bundles this file and what
 * it imports into one CommonJS file (scripts/bundle.mjs), which hook.ts runs
 * through a V8 code cache, so a commit pays for one file load and no
 * compile; the in-process engine is loaded only when the daemon gives no
 * verdict, from a file the bundler leaves alone: its own bundle,
 * dist/bundle/check-command.cjs, compiled with a code cache as the bin's is.
 */
import { join } from 'node:path';
import { parseCheckArgs } from './cli/check-args.js';
import { settleProcess } from './cli/settle-process.js';
import { directOutput, streamOutput, type DirectOutput } from './cli/output.js';
import { EXIT, UsageError } from './cli/exit-codes.js';
import { printDaemonVerdict } from './cli/daemon-verdict.js';

const USAGE = `usage: ssot-guard-hook [--format text|json] [--no-color] [--no-daemon]
  the pre-commit check: ssot-guard check --staged, answered by the daemon when one runs`;

async function hook(argv: string[], out: DirectOutput): Promise<number> {
  const args = parseCheckArgs(argv);
  if (!args) return 0;
  if (args.mode !== 'staged') throw new UsageError('the hook judges what the commit will contain: it takes no --all, --worktree or --auto (run ssot-guard check for those)', EXIT.usage, true);
  const viaDaemon = await printDaemonVerdict(args, out);
  // Answered by the daemon: nothing is left to run, and the process ends once what it printed is out.
  if (viaDaemon.code !== null) return out.exit(viaDaemon.code);
  streamOutput.ignoreBrokenPipe();
  // Loaded only now, and compiled through the bin's code cache: a fallback is a one-shot check like the CLI's.
  const { runWithCodeCache } = await import('./launch/run-with-code-cache.js');
  const program = join(import.meta.dirname, '../bundle/check-command.cjs');
  const { checkInProcess } = runWithCodeCache(program, 'hook') as typeof import('./cli/check-command.js');
  return checkInProcess(args, viaDaemon.launchFor);
}

// Written with write(2) until the in-process fallback, which writes through node's streams like the CLI.
const out = directOutput();
settleProcess(hook(process.argv.slice(2), out), USAGE, out);
