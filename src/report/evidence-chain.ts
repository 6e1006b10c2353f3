import type { Evidence } from '../model/index.js';

/**
 * The hops to show for a piece of evidence: the re-exports and aliases from
 * the name used to the object it is, ending at the object. Empty when the
 * name used is the declared symbol itself.
 */
export function evidenceChain(e: Pick<Evidence, 'symbol' | 'via' | 'origin'>): string[] {
  const hops = e.via[e.via.length - 1] === e.origin ? [...e.via] : [...e.via, e.origin];
  return hops.length === 1 && hops[0] === e.symbol ? [] : hops;
}
