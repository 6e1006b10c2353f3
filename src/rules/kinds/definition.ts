import type { Violation } from '../../model/index.js';
import type { RuleContext } from '../rule-context.js';
import { classifiedUnits } from '../classified-units.js';
import { buildViolation } from '../build-violation.js';
import { firstPerWriting } from './spelling.js';

export const meta = {
  id: 'definition',
  description: 'A class statement whose name matches one of the rule\'s `definitions` globs stands outside the modules the rule allows it in (`canonical`).',
} as const;

// The uses are the unit's class statements of a matching name (unit-uses.ts, definitionUses).
export function check(ctx: RuleContext): Violation[] {
  const out: Violation[] = [];
  for (const path of ctx.files.keys()) {
    for (const [unit, uses] of classifiedUnits(ctx, path)) {
      const defined = firstPerWriting(uses.filter((u) => u.use === 'definition'));
      if (!defined.length) continue;
      const what = defined.map((u) => u.written).join(', ');
      out.push(buildViolation(ctx.rule, path, unit, defined, `${ctx.rule.message} (${what}: ${defined[0]!.fix})`));
    }
  }
  return out;
}
