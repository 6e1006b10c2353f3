import type { CheckArgs } from '../cli/check-args.js';
import { printResult } from '../cli/print-result.js';
import { packageVersion } from '../config/package-version.js';
import { sourceLineOf } from '../daemon/protocol.js';
import { askDaemon } from './ask-daemon.js';
import type { ClientRepo } from './find-repo.js';

/** Printed and decided by the daemon's verdict, or not: then judge in-process, and launch a daemon for `launchFor`. */
export type DaemonOutcome = { readonly code: number } | { readonly code: null; readonly launchFor: ClientRepo | null; readonly reason: string };

/**
 * The hook's fast path: ask the warm daemon before loading the parser, the
 * session or the schema. Only `--staged` with the repo's own config goes to
 * the daemon; any doubt (no daemon, stale, hung, odd answer) is no verdict.
 */
export async function checkViaDaemon(args: CheckArgs, env: NodeJS.ProcessEnv = process.env): Promise<DaemonOutcome> {
  if (args.mode !== 'staged' || !args.daemon || args.config) return { code: null, launchFor: null, reason: 'daemon not asked' };
  const asked = await askDaemon({ cwd: process.cwd(), mode: args.mode, toolVersion: packageVersion(), env }).catch((err: Error) => ({
    answer: null,
    repo: null,
    reason: err.message,
    warnings: [],
  }));
  for (const warning of asked.warnings) process.stderr.write(`ssot-guard: ${warning}\n`);
  if (asked.answer) return { code: await printResult(args, asked.answer.result, sourceLineOf(asked.answer.sources), asked.repo.root) };
  if (env['SSOT_GUARD_DEBUG']) process.stderr.write(`ssot-guard: no daemon verdict (${asked.reason}); judging in-process\n`);
  return { code: null, launchFor: asked.repo, reason: asked.reason };
}
