import type { Violation } from '../../model/index.js';
import type { RuleContext } from '../rule-context.js';
import { classifiedUnits } from '../classified-units.js';
import type { SideUse } from '../unit-uses.js';
import { buildViolation } from '../build-violation.js';

export const meta = {
  id: 'mix',
  description: 'A unit uses both a canonical and a legacy symbol.',
} as const;

export function check(ctx: RuleContext): Violation[] {
  const out: Violation[] = [];
  for (const path of ctx.files.keys()) {
    for (const [unit, uses] of classifiedUnits(ctx, path)) {
      const canonical = firstPerSymbol(uses.filter((u) => u.side === 'canonical'));
      const legacy = firstPerSymbol(uses.filter((u) => u.side === 'legacy'));
      if (canonical.length && legacy.length) out.push(buildViolation(ctx.rule, path, unit, [...canonical, ...legacy]));
    }
  }
  return out;
}

/** One piece of evidence per configured symbol: the earliest. */
export function firstPerSymbol(uses: readonly SideUse[]): SideUse[] {
  const seen = new Set<string>();
  return uses.filter((u) => !seen.has(u.symbol) && (seen.add(u.symbol), true));
}
