import { samePath } from '../fs/same-path.js';
import { join, relative, resolve } from 'node:path';
import { nearestConfig } from '../config/nearest-config.js';
import { CONFIG_FILE } from '../daemon/paths.js';
import type { CheckResult } from '../model/index.js';
import { PROTOCOL_VERSION, type CheckAnswer, type CheckModeParam } from '../daemon/protocol.js';
import { findRepo, type ClientRepo } from './find-repo.js';
import { locateDaemon } from './locate-daemon.js';
import { publishedAnswer } from './published-answer.js';

export const DEFAULT_CLIENT_TIMEOUT_MS = 2000;

export type Asked =
  | { readonly answer: CheckAnswer; readonly repo: ClientRepo; readonly warnings: readonly string[] }
  /**
   * No verdict: judge in-process. `repo` is where to launch a daemon for next
   * time (null outside a repo). `warnings`: what the user should hear even so
   * (a state directory another user could write, a socket that did not prove itself, a bad setting).
   */
  | { readonly answer: null; readonly repo: ClientRepo | null; readonly reason: string; readonly warnings: readonly string[] };

export interface AskOptions {
  readonly cwd: string;
  readonly mode: CheckModeParam;
  readonly toolVersion: string;
  readonly env?: NodeJS.ProcessEnv;
}

/** The longest delay a Node timer takes (2^31 - 1 ms, about 24.8 days); beyond it Node warns and fires at once. */
export const MAX_CLIENT_TIMEOUT_MS = 2 ** 31 - 1;

const TIMEOUT_VAR = 'SSOT_GUARD_CLIENT_TIMEOUT_MS';

/** `SSOT_GUARD_CLIENT_TIMEOUT_MS` as used, and what was wrong with it (null: nothing, or unset). */
export function clientTimeout(env: NodeJS.ProcessEnv = process.env): { readonly ms: number; readonly problem: string | null } {
  const raw = env[TIMEOUT_VAR];
  if (raw === undefined || raw === '') return { ms: DEFAULT_CLIENT_TIMEOUT_MS, problem: null };
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) return { ms: DEFAULT_CLIENT_TIMEOUT_MS, problem: `${TIMEOUT_VAR}=${raw} is not a positive number of milliseconds: using ${DEFAULT_CLIENT_TIMEOUT_MS}` };
  if (n > MAX_CLIENT_TIMEOUT_MS) return { ms: MAX_CLIENT_TIMEOUT_MS, problem: `${TIMEOUT_VAR}=${raw} is above the longest timeout (${MAX_CLIENT_TIMEOUT_MS} ms, about 24.8 days): using that` };
  return { ms: Math.ceil(n), problem: null };
}

export function clientTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  return clientTimeout(env).ms;
}

/**
 * The hook's fast path: a walk up to `.git`, a few small reads, and the
 * verdict the daemon published for this index (published-answer.ts), else
 * one socket round trip. Loads no parser, session, watcher or schema. Any
 * doubt (no daemon, refused, hung, stale, odd answer) yields no verdict, never
 * a pass: the caller then judges in-process.
 */
export function askDaemon(options: AskOptions): Promise<Asked> {
  return ask(options, true);
}

/** The daemon over its socket alone, never its published verdict: what a test or a benchmark of the socket asks. */
export function askDaemonSocket(options: AskOptions): Promise<Asked> {
  return ask(options, false);
}

async function ask(options: AskOptions, fromPublished: boolean): Promise<Asked> {
  const env = options.env ?? process.env;
  const timeout = clientTimeout(env);
  const timeoutMs = timeout.ms;
  const warnings: string[] = timeout.problem ? [timeout.problem] : [];
  const started = performance.now();
  const deadline = Date.now() + timeoutMs;
  const repo = await findRepo(options.cwd, timeoutMs, env);
  if (!repo) return { answer: null, repo: null, reason: 'not in a git work tree', warnings };
  const none = (reason: string, warn = false): Asked => ({ answer: null, repo, reason, warnings: warn ? [...warnings, `not asking the daemon: ${reason}; judging in-process`] : warnings });

  // `git commit -a` and `git commit <paths>` run the hook on a temporary index
  // (index.lock, or a file beside it): the daemon judges that file instead of its own.
  const indexFile = env['GIT_INDEX_FILE'] ? resolve(options.cwd, env['GIT_INDEX_FILE']) : null;
  const otherIndex = indexFile && !samePath(indexFile, join(repo.gitDir, 'index')) ? indexFile : null;

  // The daemon judges the root's config: asked only where that is the config that governs (a package's own is judged in-process).
  const nearest = nearestConfig(repo.root, options.cwd);
  if (nearest !== join(repo.root, CONFIG_FILE)) return none(nearest ? `the config here is ${nearest}, not the root's` : 'no config at or above here');
  const located = locateDaemon(repo);
  if ('reason' in located) return none(located.reason, located.suspicious);
  const { paths, state } = located;
  const accepted = (result: unknown): Asked => {
    const answer = result as Partial<CheckAnswer> | null;
    if (!isCheckAnswer(answer, options.mode)) return none('daemon answer is not a check result');
    // A monorepo's package configs under here are judged too, and the daemon judged the root's alone.
    const under = relative(repo.root, resolve(options.cwd)).split('\\').join('/');
    const others = answer.configs.filter((c) => c !== CONFIG_FILE && (!under || c.startsWith(`${under}/`)));
    if (others.length) return none(`the index holds other configs (${others.join(', ')}): judged in-process`);
    return { answer, repo, warnings };
  };

  // What the daemon would answer, if it already published it: no connection at all.
  if (fromPublished && options.mode === 'staged' && !otherIndex) {
    const published = publishedAnswer(repo, paths, state, options.toolVersion);
    if ('answer' in published) {
      const asked = accepted(published.answer);
      return asked.answer ? { ...asked, answer: withCallersTime(asked.answer, started) } : asked;
    }
    if (env['SSOT_GUARD_DEBUG']) process.stderr.write(`ssot-guard: published verdict not used (${published.reason}); asking the daemon\n`);
  }

  // Loaded only now: a commit answered by the published verdict never loads node:net.
  const { DaemonUnavailable, sendRequest } = await import('./send-request.js');
  try {
    const response = await sendRequest(
      state.socket,
      { id: process.pid, v: PROTOCOL_VERSION, toolVersion: options.toolVersion, method: 'check', params: { mode: options.mode, root: repo.root, ...(otherIndex ? { indexFile: otherIndex } : {}) } },
      Math.max(1, deadline - Date.now()),
      // An older daemon's state has no secret: it is still asked (it answers "stale" and exits), never believed.
      state.secret || undefined,
    );
    if (!state.secret) return none('the daemon state file has no secret (an older ssot-guard wrote it)');
    if (!response.ok) return none(`daemon answered ${response.error.code}: ${response.error.message}`);
    return accepted(response.result);
  } catch (err) {
    if (err instanceof DaemonUnavailable) return none(err.message, err.reason === 'unproven');
    throw err;
  }
}

/** A published answer's stats as a daemon's answer has them: the time this check cost the caller (the daemon computed it: `daemon` is set). */
function withCallersTime(answer: CheckAnswer, started: number): CheckAnswer {
  return { ...answer, result: { ...answer.result, stats: { ...answer.result.stats, ms: Math.round(performance.now() - started) } } };
}

/** Enough shape to report from; a daemon of another build that slipped past the version check fails here. */
function isCheckAnswer(a: Partial<CheckAnswer> | null, mode: CheckModeParam): a is CheckAnswer {
  const r = a?.result as Partial<CheckResult> | undefined;
  return (
    !!r &&
    typeof a?.sources === 'object' &&
    a.sources !== null &&
    Array.isArray(a?.configs) &&
    Array.isArray(r.violations) &&
    Array.isArray(r.ruleErrors) &&
    Array.isArray(r.diagnostics) &&
    typeof r.stats === 'object' &&
    typeof r.baseline === 'object' &&
    r.snapshot === (mode === 'worktree' ? 'worktree' : 'staged')
  );
}
