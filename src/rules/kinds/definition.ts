import type { Violation } from '../../model/index.js';
import type { RuleContext } from '../rule-context.js';
import { unitViolations } from '../unit-violations.js';
import { firstPerWriting } from './spelling.js';

export const meta = {
  id: 'definition',
  description: 'A class statement whose name matches one of the rule\'s `definitions` globs stands outside the modules the rule allows it in (`canonical`).',
} as const;

// The uses are the unit's class statements of a matching name (unit-uses.ts, definitionUses).
export function check(ctx: RuleContext): Violation[] {
  return unitViolations(ctx, (uses) => {
    const defined = firstPerWriting(uses.filter((u) => u.use === 'definition'));
    if (!defined.length) return null;
    return { evidence: defined, message: `${ctx.rule.message} (${defined.map((u) => u.written).join(', ')}: ${defined[0]!.fix})` };
  });
}
