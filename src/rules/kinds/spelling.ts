import type { Violation } from '../../model/index.js';
import type { RuleContext } from '../rule-context.js';
import type { SideUse } from '../unit-uses.js';
import { unitViolations } from '../unit-violations.js';

export const meta = {
  id: 'spelling',
  description: 'A unit writes an import path or name in a forbidden spelling (whatever object it names); the fix names the spelling to write.',
} as const;

// The uses are the unit's imports and references written in a forbidden spelling (spelling-match.ts, through unit-uses.ts).
export function check(ctx: RuleContext): Violation[] {
  return unitViolations(ctx, (uses) => {
    const spelt = firstPerWriting(uses.filter((u) => u.side === 'legacy' && u.fix !== undefined));
    return spelt.length ? { evidence: spelt, message: `${ctx.rule.message} (${fixesOf(spelt)})` } : null;
  });
}

/** One piece of evidence per symbol and written form: the earliest. */
export function firstPerWriting(uses: readonly SideUse[]): SideUse[] {
  const seen = new Set<string>();
  return uses.filter((u) => {
    const key = `${u.symbol}\0${u.written ?? ''}`;
    return !seen.has(key) && (seen.add(key), true);
  });
}

function fixesOf(uses: readonly SideUse[]): string {
  return [...new Set(uses.map((u) => `write ${u.fix} instead of ${u.written}`))].join('; ');
}
