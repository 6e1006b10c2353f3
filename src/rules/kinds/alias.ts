import type { Violation } from '../../model/index.js';
import type { RuleContext } from '../rule-context.js';
import { unitViolations } from '../unit-violations.js';
import { firstPerWriting } from './spelling.js';

export const meta = {
  id: 'alias',
  description: 'A unit imports a declared (legacy or canonical) object under an `as` name that matches none of the rule\'s `aliases` globs.',
} as const;

// The uses are the unit's `as` imports of declared objects under a name no glob allows (alias-match.ts, through unit-uses.ts).
export function check(ctx: RuleContext): Violation[] {
  return unitViolations(ctx, (uses) => {
    const hidden = firstPerWriting(uses.filter((u) => u.written !== undefined));
    if (!hidden.length) return null;
    const what = [...new Set(hidden.map((u) => `${u.symbol} imported as ${u.written}`))].join('; ');
    return { evidence: hidden, message: `${ctx.rule.message} (${what}: use ${hidden[0]!.fix})` };
  });
}
