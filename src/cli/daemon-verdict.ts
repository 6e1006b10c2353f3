import { checkViaDaemon } from '../client/check-via-daemon.js';
import type { ClientRepo } from '../client/find-repo.js';
import type { CheckArgs } from './check-args.js';
import type { Output } from './output.js';
import { printResult } from './print-result.js';

/** Printed and decided by the daemon's verdict, or not: then judge in-process, and launch a daemon for `launchFor`. */
export type DaemonOutcome = { readonly code: number } | { readonly code: null; readonly launchFor: ClientRepo | null; readonly reason: string };

/**
 * The hook's fast path: ask the warm daemon before loading the parser, the
 * session or the schema, and print its verdict as an in-process one would
 * be. Only `--staged` with the repo's own config goes to the daemon.
 */
export async function printDaemonVerdict(args: CheckArgs, out: Output, env: NodeJS.ProcessEnv = process.env): Promise<DaemonOutcome> {
  if (args.mode !== 'staged' || !args.daemon || args.config) return { code: null, launchFor: null, reason: 'daemon not asked' };
  const verdict = await checkViaDaemon(env);
  for (const warning of verdict.warnings) out.stderr(`ssot-guard: ${warning}\n`);
  if (verdict.result) return { code: await printResult(args, verdict.result, verdict.sourceLine, verdict.root, out) };
  if (env['SSOT_GUARD_DEBUG']) out.stderr(`ssot-guard: no daemon verdict (${verdict.reason}); judging in-process\n`);
  return { code: null, launchFor: verdict.launchFor, reason: verdict.reason };
}
