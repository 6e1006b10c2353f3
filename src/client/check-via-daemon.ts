import type { CheckResult, RepoPath } from '../model/index.js';
import { packageVersion } from '../config/package-version.js';
import { sourceLineOf } from '../daemon/protocol.js';
import { askDaemon } from './ask-daemon.js';
import type { ClientRepo } from './find-repo.js';

/**
 * The daemon's verdict on the staged snapshot, for the CLI to print as it
 * would its own (`root` is the work tree its paths are relative to), or
 * none: then judge in-process, and launch a daemon for `launchFor`.
 * `warnings` are for the user either way.
 */
export type DaemonVerdict = { readonly warnings: readonly string[] } & (
  | { readonly result: CheckResult; readonly sourceLine: (file: RepoPath, line: number) => string | undefined; readonly root: string }
  | { readonly result: null; readonly launchFor: ClientRepo | null; readonly reason: string }
);

/**
 * Asks the warm daemon for the staged verdict. Any doubt (no daemon, stale,
 * hung, odd answer) is no verdict, never an error: the caller judges in-process.
 */
export async function checkViaDaemon(env: NodeJS.ProcessEnv = process.env): Promise<DaemonVerdict> {
  const asked = await askDaemon({ cwd: process.cwd(), mode: 'staged', toolVersion: packageVersion(), env }).catch((err: Error) => ({
    answer: null,
    repo: null,
    reason: err.message,
    warnings: [],
  }));
  const { warnings } = asked;
  if (asked.answer) return { result: asked.answer.result, sourceLine: sourceLineOf(asked.answer.sources), root: asked.repo.root, warnings };
  return { result: null, launchFor: asked.repo, reason: asked.reason, warnings };
}
