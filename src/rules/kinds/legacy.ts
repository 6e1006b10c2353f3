import type { Violation } from '../../model/index.js';
import type { RuleContext } from '../rule-context.js';
import { unitViolations } from '../unit-violations.js';
import { firstPerSymbol } from './mix.js';

export const meta = {
  id: 'legacy',
  description: 'A unit uses a legacy symbol at all.',
} as const;

export function check(ctx: RuleContext): Violation[] {
  return unitViolations(ctx, (uses) => {
    const legacy = firstPerSymbol(uses.filter((u) => u.side === 'legacy'));
    return legacy.length ? { evidence: legacy } : null;
  });
}
