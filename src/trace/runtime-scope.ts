import picomatch from 'picomatch';
import type { Config, Rule } from '../model/index.js';
import { filesInScope, GLOB_OPTIONS, globFilter } from '../rules/scope.js';
import type { Program } from '../session/build-program.js';

/** The rules `trace` judges over runtime uses: Python mix and legacy rules. */
export function runtimeRules(config: Config): Rule[] {
  return config.rules.filter((r) => r.language === 'python' && (r.forbid === 'mix' || r.forbid === 'legacy'));
}

/**
 * Whether a file is in a rule's scope at run time: by its globs, or as one
 * of `dependents`, the files check takes in through dependentsOf. By the
 * globs, not the index alone: a frame may be in a file not added yet.
 */
export function runtimeScope(config: Config, rule: Rule, dependents: ReadonlySet<string>): (file: string) => boolean {
  const included = globFilter(config.include, config.exclude);
  const files = rule.scope.files ? picomatch([...rule.scope.files], GLOB_OPTIONS) : null;
  const excluded = rule.scope.exclude.length ? picomatch([...rule.scope.exclude], GLOB_OPTIONS) : () => false;
  return (file) => included(file) && !excluded(file) && ((files ? files(file) : !rule.scope.dependentsOf.length) || dependents.has(file));
}

/**
 * Each runtime-judged rule's scope over this program: for a rule with
 * dependentsOf, the files check takes in through it (the importers of those
 * modules, to its depth) are its dependents.
 */
export function runtimeScopes(config: Config, program: Program): Map<Rule, (file: string) => boolean> {
  return new Map(
    runtimeRules(config).map((rule) => {
      const dependents = rule.scope.dependentsOf.length ? new Set<string>(filesInScope(rule, program.files, program.graph, program.index).keys()) : new Set<string>();
      return [rule, runtimeScope(config, rule, dependents)];
    }),
  );
}
