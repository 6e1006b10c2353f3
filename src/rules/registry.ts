import type { Rule, Violation } from '../model/index.js';
import type { RuleContext } from './rule-context.js';
import * as mix from './kinds/mix.js';
import * as legacy from './kinds/legacy.js';

export interface RuleKind {
  readonly meta: { readonly id: string; readonly description: string };
  check(ctx: RuleContext): Violation[];
}

const KINDS: Record<Rule['forbid'], RuleKind> = { mix, legacy };

export function ruleKindFor(rule: Rule): RuleKind {
  return KINDS[rule.forbid];
}
