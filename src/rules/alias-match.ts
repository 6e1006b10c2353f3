import picomatch from 'picomatch';
import type { ModuleName } from '../model/index.js';
import type { Use } from '../resolve/resolver.js';
import { isHomeOf, matchTarget, type RuleTargets, type Target } from './rule-targets.js';

/** An import of a declared object under an `as` name no glob allows. */
export interface AliasMatch {
  readonly target: Target;
  /** The `as` name. */
  readonly written: string;
  readonly fix: string;
}

const matchers = new WeakMap<readonly string[], (name: string) => boolean>();

function allowed(globs: readonly string[]): (name: string) => boolean {
  let m = matchers.get(globs);
  if (!m) matchers.set(globs, (m = picomatch(globs as string[], { dot: true })));
  return m;
}

/**
 * forbid "alias": an import that binds a declared object (identity, as for
 * mix and legacy: aliases and re-exports lead to it) under an `as` name that
 * matches none of the rule's `aliases` globs. An import without `as` (or
 * `as` the same name) names the object as its module does, and is fine.
 */
export function aliasOf(targets: RuleTargets, module: ModuleName | null): (use: Use) => AliasMatch | null {
  const ok = allowed(targets.rule.aliases);
  const fix = `an "as" name matching ${targets.rule.aliases.map((g) => `"${g}"`).join(' or ')}`;
  return (use) => {
    if (use.imported === undefined) return null;
    const bound = use.bindings[0];
    if (bound === undefined || ok(bound)) return null;
    const match = matchTarget(targets.targets, use);
    if (!match || isHomeOf(match.target, module)) return null;
    return { target: match.target, written: bound, fix };
  };
}
