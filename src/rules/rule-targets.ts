import type { ModuleName, Rule, SymbolName } from '../model/index.js';
import type { DeclaredSymbol } from '../resolve/declared-symbol.js';
import type { Reads } from '../resolve/read-log.js';
import type { Origin } from '../resolve/origin.js';

export type Side = 'canonical' | 'legacy';

/** One declared symbol of a rule, resolved in the snapshot being judged. */
export interface Target {
  readonly side: Side;
  /** As the config spells it: what evidence and fingerprints name. */
  readonly symbol: SymbolName;
  readonly declared: DeclaredSymbol;
}

/**
 * A rule's declared symbols resolved in one snapshot (DESIGN.md, "Identity"),
 * with what resolving them read: a file's classified uses hold in another
 * snapshot only when these reads hold there too.
 */
export interface RuleTargets {
  readonly rule: Rule;
  /** Legacy first (including `removed`), then canonical, each in config order. */
  readonly targets: readonly Target[];
  readonly reads: Reads;
}

/** Resolves every declared symbol of a rule with `resolve` (a Resolver's `declared`), recording the reads. */
export function ruleTargets(rule: Rule, resolve: (symbol: string) => DeclaredSymbol, recorded: <T>(compute: () => T) => { value: T; reads: Reads }): RuleTargets {
  const { value, reads } = recorded(() => [
    ...[...rule.legacy, ...rule.removed].map((symbol): Target => ({ side: 'legacy', symbol, declared: resolve(symbol) })),
    ...rule.canonical.map((symbol): Target => ({ side: 'canonical', symbol, declared: resolve(symbol) })),
  ]);
  return { rule, targets: value, reads };
}

/** `used` is `s` or lies inside it (a module's names, a class's attributes). */
export function covers(s: string, used: string): boolean {
  return used === s || (used.length > s.length && used.startsWith(s) && (used[s.length] === '.' || used[s.length] === '#'));
}

/** Which declared symbol a use is a use of, and how strongly. */
export interface TargetMatch {
  readonly target: Target;
  /** 2: the very object (or a hop spelled as declared); 1: inside what a declared symbol covers. */
  readonly strength: 1 | 2;
}

/**
 * The declared symbol a name with this origin chain is a use of, or null.
 * A use matches a declared symbol when its chain (hops, then origin) passes
 * through it or through something inside it, or ends where the symbol's own
 * chain ends (the same object, or inside it). The exact object beats a
 * covering module; then the longer symbol wins (`pkg.legacy` listed as legacy
 * beats `pkg` listed as canonical); a tie goes to legacy.
 */
export function matchTarget(targets: readonly Target[], use: Origin): TargetMatch | null {
  let best: TargetMatch | null = null;
  for (const target of targets) {
    const strength = strengthOf(target, use);
    if (strength === 0) continue;
    if (!best || strength > best.strength || (strength === best.strength && target.symbol.length > best.target.symbol.length)) best = { target, strength };
  }
  // Importing a module that declares a name of the other side (`from app.core.bridge import Bridge`, with
  // `app.core` legacy and its Bridge canonical) is no use of either: the names imported decide.
  if (best && targets.some((t) => t.side !== best!.target.side && t.declared.kind === 'name' && t.declared.homes[0] === use.symbol)) return null;
  return best;
}

function strengthOf(target: Target, use: Origin): 0 | 1 | 2 {
  const { symbol, declared } = target;
  const found = declared.kind === 'name' || declared.kind === 'module';
  if (found && use.symbol === declared.origin) return 2;
  if (use.symbol === symbol || use.via.includes(symbol)) return 2;
  if (covers(symbol, use.symbol) || use.via.some((hop) => covers(symbol, hop))) return 1;
  if (found && covers(declared.origin, use.symbol)) return 1;
  return 0;
}

/**
 * A module never uses itself: the module a declared symbol lives in, the
 * modules its chain passes through, and (for a declared legacy package) the
 * modules inside it are where the object is made and passed on, not users of it.
 */
export function isHomeOf(target: Target, module: ModuleName | null): boolean {
  if (module === null) return false;
  const { declared, symbol } = target;
  // A legacy package's own modules are its insides; a canonical package's may still mix in the legacy object.
  if (target.side === 'legacy' && declared.kind === 'module' && covers(symbol, module)) return true;
  return declared.homes.includes(module);
}

/** The modules a declared object lives in: the one that declares it and the one its chain ends in (once each). */
export function objectModules(target: Target): string[] {
  const { homes } = target.declared;
  return homes.length ? [...new Set([homes[0]!, homes[homes.length - 1]!])] : [];
}
