import type { Violation } from '../../model/index.js';
import type { RuleContext } from '../rule-context.js';
import type { SideUse } from '../unit-uses.js';
import { unitViolations } from '../unit-violations.js';

export const meta = {
  id: 'mix',
  description: 'A unit uses both a canonical and a legacy symbol.',
} as const;

export function check(ctx: RuleContext): Violation[] {
  return unitViolations(ctx, (uses) => {
    const canonical = firstPerSymbol(uses.filter((u) => u.side === 'canonical'));
    const legacy = firstPerSymbol(uses.filter((u) => u.side === 'legacy'));
    return canonical.length && legacy.length ? { evidence: [...canonical, ...legacy] } : null;
  });
}

/** One piece of evidence per configured symbol: the earliest. */
export function firstPerSymbol(uses: readonly SideUse[]): SideUse[] {
  const seen = new Set<string>();
  return uses.filter((u) => !seen.has(u.symbol) && (seen.add(u.symbol), true));
}
