import picomatch from 'picomatch';
import type { Config, RepoPath, Rule } from '../model/index.js';
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

/** The files a rule with dependentsOf takes in, as check judges them (its globs' and the importers of those modules, to its depth). */
export function dependentsIn(program: Program, rule: Rule): ReadonlySet<RepoPath> {
  return rule.scope.dependentsOf.length ? new Set(filesInScope(rule, program.files, program.graph, program.index).keys()) : new Set();
}
