import type { CheckResult } from '../model/index.js';
import { PROTOCOL_VERSION } from '../daemon/protocol.js';
import type { ClientRepo } from './find-repo.js';
import { locateDaemon } from './locate-daemon.js';
import { DaemonUnavailable, subscribe } from './send-request.js';

export type DaemonFeed =
  | {
      readonly subscribed: true;
      readonly pid: number;
      /** Resolves with why the stream ended: the daemon's `closing` reason, or a lost connection. */
      readonly ended: Promise<string>;
      close(): void;
    }
  | { readonly subscribed: false; readonly reason: string };

export interface SubscribeOptions {
  readonly toolVersion: string;
  /** For the `subscribe` answer only; the stream itself has no deadline. */
  readonly timeoutMs: number;
  /** A verdict the daemon pushed; latencyMs is null when it did not say (a first verdict, an older daemon). */
  readonly onVerdict: (result: CheckResult, latencyMs: number | null) => void;
}

/**
 * Watch mode's way to the daemon of this worktree: its verdicts as they
 * change. A daemon that is absent, not ours, stale or silent yields a reason,
 * and the caller indexes in-process instead.
 */
export async function subscribeDaemon(repo: ClientRepo, options: SubscribeOptions): Promise<DaemonFeed> {
  const located = locateDaemon(repo);
  if ('reason' in located) return { subscribed: false, reason: located.reason };
  const { state } = located;
  let closing: string | null = null;
  try {
    const sub = await subscribe(
      state.socket,
      { id: `watch-${process.pid}`, v: PROTOCOL_VERSION, toolVersion: options.toolVersion, method: 'subscribe', params: { root: repo.root } },
      (event) => {
        if (event.event === 'closing') closing = event.reason;
        else if (event.event === 'verdict' && Array.isArray(event.result?.violations)) options.onVerdict(event.result, event.latencyMs ?? null);
      },
      options.timeoutMs,
      state.secret || undefined,
    );
    if (!state.secret) {
      sub.close();
      return { subscribed: false, reason: 'the daemon state file has no secret (an older ssot-guard wrote it)' };
    }
    return { subscribed: true, pid: state.pid, ended: sub.ended.then(() => closing ?? 'the connection was lost'), close: () => sub.close() };
  } catch (err) {
    if (err instanceof DaemonUnavailable) return { subscribed: false, reason: err.message };
    throw err;
  }
}
