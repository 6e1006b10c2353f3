import type { Config, RepoPath, Rule, UnitName, Violation } from '../model/index.js';
import { applySuppressions, ruleContext, violationsOf, type ProgramFacts } from './evaluate.js';
import type { ScopeReason } from './rule-context.js';
import { filesInScope } from './scope.js';
import { classifiedUnits } from './classified-units.js';
import type { SideUse } from './unit-uses.js';

export interface RuleExplanation {
  readonly rule: Rule;
  /** Null when the rule does not judge this file. */
  readonly scope: ScopeReason | null;
  /** Every use of the rule's symbols, by unit, with the hops that led to its origin. */
  readonly units: ReadonlyArray<{ readonly unit: UnitName; readonly uses: readonly SideUse[] }>;
  /** As `check` reports them: suppressions applied. */
  readonly violations: readonly Violation[];
  /** Uses a suppression comment with a reason took out of the verdict. */
  readonly suppressed: readonly Violation[];
}

/** Why each rule holds or fails for one file. Pure: the same machinery the check uses. */
export function explainFile(config: Config, program: ProgramFacts, path: RepoPath): RuleExplanation[] {
  return config.rules.map((rule) => {
    const scope = filesInScope(rule, program.files, program.graph, program.index).get(path) ?? null;
    const ctx = ruleContext(config, rule, program, new Map(scope ? [[path, scope]] : []));
    const units = [...classifiedUnits(ctx, path)].map(([unit, uses]) => ({ unit, uses }));
    // The same verdict as check: a removed symbol that is back counts whatever the scope, suppressions apply.
    const found = violationsOf(ctx, program, new Set([path]));
    const { violations } = applySuppressions(found, (f) => program.suppressionsOf(f));
    return { rule, scope, units, violations, suppressed: found.filter((v) => !violations.includes(v)) };
  });
}
