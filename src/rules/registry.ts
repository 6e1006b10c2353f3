import type { Rule, Violation } from '../model/index.js';
import type { RuleContext } from './rule-context.js';
import * as mix from './kinds/mix.js';
import * as legacy from './kinds/legacy.js';
import * as spelling from './kinds/spelling.js';
import * as alias from './kinds/alias.js';
import * as definition from './kinds/definition.js';

export interface RuleKind {
  readonly meta: { readonly id: string; readonly description: string };
  check(ctx: RuleContext): Violation[];
}

const KINDS: Record<Rule['forbid'], RuleKind> = { mix, legacy, spelling, alias, definition };

export function ruleKindFor(rule: Rule): RuleKind {
  return KINDS[rule.forbid];
}

