import type { Violation } from '../model/index.js';
import type { RuleContext } from './rule-context.js';
import { classifiedUnits } from './classified-units.js';
import { buildViolation } from './build-violation.js';
import type { SideUse } from './unit-uses.js';

/** What a kind makes of one unit's uses: the evidence of its violation (and a message saying more than the rule's), or null. */
export type UnitJudge = (uses: readonly SideUse[]) => { readonly evidence: readonly SideUse[]; readonly message?: string } | null;

/** Every kind's loop: each judged file's units, as classified-units.ts hands them out, judged by `judge`. */
export function unitViolations(ctx: RuleContext, judge: UnitJudge): Violation[] {
  const out: Violation[] = [];
  for (const path of ctx.files.keys()) {
    for (const [unit, uses] of classifiedUnits(ctx, path)) {
      const found = judge(uses);
      if (found) out.push(buildViolation(ctx.rule, path, unit, found.evidence, found.message));
    }
  }
  return out;
}
