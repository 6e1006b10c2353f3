import type { Violation } from '../../model/index.js';
import type { RuleContext } from '../rule-context.js';
import { classifiedUnits } from '../classified-units.js';
import { buildViolation } from '../build-violation.js';
import { firstPerSymbol } from './mix.js';

export const meta = {
  id: 'legacy',
  description: 'A unit uses a legacy symbol at all.',
} as const;

export function check(ctx: RuleContext): Violation[] {
  const out: Violation[] = [];
  for (const path of ctx.files.keys()) {
    for (const [unit, uses] of classifiedUnits(ctx, path)) {
      const legacy = firstPerSymbol(uses.filter((u) => u.side === 'legacy'));
      if (legacy.length) out.push(buildViolation(ctx.rule, path, unit, legacy));
    }
  }
  return out;
}
