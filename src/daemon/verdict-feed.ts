import type { CheckResult, SnapshotKind } from '../model/index.js';
import type { Peer } from './server.js';
import { verdictKey } from './warm-index.js';

/**
 * The `subscribe` connections (watch mode) and the last verdict pushed per
 * snapshot: a verdict is pushed only when it differs from the last one.
 */
export class VerdictFeed {
  private readonly peers = new Set<Peer>();
  /** The last verdict's key (verdictKey), not the verdict: a large one is compared on every save, and made into a key once. */
  private readonly last = new Map<SnapshotKind, string>();

  get size(): number {
    return this.peers.size;
  }

  add(peer: Peer): void {
    this.peers.add(peer);
    void peer.closed.then(() => this.peers.delete(peer));
  }

  /** Sends the current verdict to one new subscriber, whatever the others saw. */
  greet(peer: Peer, result: CheckResult): void {
    this.last.set(result.snapshot, verdictKey(result));
    peer.send({ event: 'verdict', result });
  }

  /** `latencyMs`: from the file or git event to this verdict, when one caused it. */
  offer(result: CheckResult, latencyMs: number | null = null): void {
    const key = verdictKey(result);
    const changed = this.last.get(result.snapshot) !== key;
    this.last.set(result.snapshot, key);
    if (!changed) return;
    for (const peer of this.peers) peer.send({ event: 'verdict', result, latencyMs });
  }

  closing(reason: string): void {
    for (const peer of this.peers) peer.send({ event: 'closing', reason });
  }
}
