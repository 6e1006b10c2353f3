import type { Violation } from '../model/index.js';

/**
 * Marks each violation new or existing against a reference set, counting per
 * fingerprint: a second copy of a known violation is new.
 */
export function markAgainst(violations: readonly Violation[], reference: readonly Violation[]): Violation[] {
  const known = new Map<string, number>();
  for (const v of reference) known.set(v.fingerprint, (known.get(v.fingerprint) ?? 0) + 1);
  return violations.map((v) => {
    const left = known.get(v.fingerprint) ?? 0;
    if (left > 0) {
      known.set(v.fingerprint, left - 1);
      return { ...v, status: 'existing' };
    }
    return { ...v, status: 'new' };
  });
}
