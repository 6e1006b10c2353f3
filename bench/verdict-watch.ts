import { PROTOCOL_VERSION, type DaemonEvent } from '../src/daemon/protocol.js';
import { subscribe, type Subscription } from '../src/client/send-request.js';
import { packageVersion } from '../src/config/package-version.js';
import type { DaemonPaths } from '../src/daemon/paths.js';
import { readState } from '../src/daemon/state-file.js';

export interface SeenVerdict {
  /** performance.now() when the event arrived. */
  readonly at: number;
  readonly snapshot: string;
  readonly violations: number;
  /** The daemon's own account (protocol 2's latencyMs): file or git event to verdict; null when it gives none. */
  readonly daemonMs: number | null;
}

/**
 * A watch-mode subscription, as `ssot-guard watch` would hold one: every
 * pushed verdict is stamped on arrival, and callers wait for one that
 * matches, with a deadline (a verdict that never comes is a failed sample,
 * not a hung bench).
 */
export class VerdictWatch {
  private readonly seen: SeenVerdict[] = [];
  private waiters: Array<() => void> = [];

  private constructor(private subscription: Subscription | null) {}

  static async open(paths: DaemonPaths, timeoutMs: number): Promise<VerdictWatch> {
    const socket = readState(paths.state)?.socket ?? paths.socket;
    let watch: VerdictWatch | null = null;
    const pending: DaemonEvent[] = [];
    const onEvent = (e: DaemonEvent): void => {
      if (watch) watch.record(e);
      else pending.push(e);
    };
    const sub = await subscribe(socket, { id: 'bench', v: PROTOCOL_VERSION, toolVersion: packageVersion(), method: 'subscribe' }, onEvent, timeoutMs);
    watch = new VerdictWatch(sub);
    pending.forEach((e) => watch!.record(e));
    return watch;
  }

  private record(e: DaemonEvent): void {
    if (e.event !== 'verdict') return;
    // Read loosely: older daemons do not send latencyMs.
    const daemonMs = (e as { latencyMs?: unknown }).latencyMs;
    this.seen.push({ at: performance.now(), snapshot: e.result.snapshot, violations: e.result.violations.length, daemonMs: typeof daemonMs === 'number' ? daemonMs : null });
    const w = this.waiters;
    this.waiters = [];
    w.forEach((f) => f());
  }

  /** The first verdict arriving after `since` that `match` accepts, or null at the deadline. */
  async next(since: number, match: (v: SeenVerdict) => boolean, timeoutMs: number): Promise<SeenVerdict | null> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const hit = this.seen.find((v) => v.at >= since && match(v));
      if (hit) return hit;
      const left = deadline - performance.now();
      if (left <= 0) return null;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.subscription?.close();
    this.subscription = null;
  }
}
