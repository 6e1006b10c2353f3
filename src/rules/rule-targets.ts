import picomatch from 'picomatch';
import { asSymbolName, type ClassFact, type ModuleName, type Rule, type SymbolName } from '../model/index.js';
import { dottedMatcher, isSymbolPattern } from '../resolve/symbol-pattern.js';
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
  /** The config's glob that found this symbol (symbol-pattern.ts), or null when the config spells it out. */
  readonly pattern: string | null;
}

/** A dotted glob of a rule's symbol lists: what it found in the repository, and how it matches names outside it. */
export interface PatternTarget {
  readonly side: Side;
  readonly pattern: string;
  /** Listed in `removed`: names that must never appear, so matching nothing is fine. */
  readonly removed: boolean;
  /** In-repo modules and names it matched, each also a Target. */
  readonly found: number;
  readonly matches: (dotted: string) => boolean;
}

/** A method of `methodCalls`: its calls count on any receiver, by name. */
export interface MethodTarget {
  readonly side: Side;
  /** As the config spells it (`module.Class.method`). */
  readonly symbol: SymbolName;
  readonly method: string;
  /** Whether the definition it names exists in the snapshot (a class's def, or a module's function). */
  readonly exists: boolean;
  /** The module that defines it: its own calls (`self.method()`) are where it is made, not uses. */
  readonly home: string | null;
}

/** What resolving a rule's symbols asks of a snapshot (a Resolver), each answer recorded. */
export interface TargetLookups {
  declared(symbol: string): DeclaredSymbol;
  expandPattern(pattern: string): string[];
  classOf(origin: string): ClassFact | null;
  classNamesUnder(module: string): readonly string[];
  recorded<T>(compute: () => T): { value: T; reads: Reads };
}

/**
 * A rule's declared symbols resolved in one snapshot (DESIGN.md, "Identity"),
 * with what resolving them read: a file's classified uses hold in another
 * snapshot only when these reads hold there too.
 */
export interface RuleTargets {
  readonly rule: Rule;
  /** Legacy first (including `removed`), then canonical, each in config order; a glob's finds where it stands. */
  readonly targets: readonly Target[];
  readonly patterns: readonly PatternTarget[];
  readonly methods: readonly MethodTarget[];
  /** forbid "definition": the `definitions` globs no class in or under the canonical modules matches (a typo, as rule-errors.ts says). */
  readonly unmatchedDefinitions: readonly string[];
  /** forbid "definition": whether a class name matches one of `definitions` (compiled once per snapshot, asked per file). */
  readonly definedName: (name: string) => boolean;
  readonly reads: Reads;
}

/**
 * A rule's targets as plain data, as a snapshot's judgments keep them (judgment/kept-targets.ts):
 * what they resolved to and what resolving them read, without the compiled matchers.
 */
export interface StoredRuleTargets {
  readonly targets: readonly Target[];
  readonly patterns: ReadonlyArray<Omit<PatternTarget, 'matches'>>;
  readonly methods: readonly MethodTarget[];
  readonly unmatchedDefinitions: readonly string[];
  readonly reads: Reads;
}

/** Targets kept from another snapshot, where their reads still hold, with the rule's matchers compiled again. */
export function revivedTargets(rule: Rule, stored: StoredRuleTargets): RuleTargets {
  return {
    rule,
    targets: stored.targets,
    patterns: stored.patterns.map((p) => ({ ...p, matches: dottedMatcher(p.pattern) })),
    methods: stored.methods,
    unmatchedDefinitions: stored.unmatchedDefinitions,
    definedName: rule.definitions.length ? picomatch([...rule.definitions]) : () => false,
    reads: stored.reads,
  };
}

/** Resolves every symbol of a rule in the snapshot `q` reads, recording the reads. */
export function ruleTargets(rule: Rule, q: TargetLookups): RuleTargets {
  const { value, reads } = q.recorded(() => {
    const targets: Target[] = [];
    const patterns: Array<Omit<PatternTarget, 'matches'>> = [];
    const add = (side: Side, symbol: SymbolName, removed: boolean): void => {
      if (!isSymbolPattern(symbol)) return void targets.push({ side, symbol, declared: q.declared(symbol), pattern: null });
      const found = q.expandPattern(symbol);
      for (const s of found) targets.push({ side, symbol: asSymbolName(s), declared: q.declared(s), pattern: symbol });
      patterns.push({ side, pattern: symbol, removed, found: found.length });
    };
    for (const s of rule.legacy) add('legacy', s, false);
    for (const s of rule.removed) add('legacy', s, true);
    for (const s of rule.canonical) add('canonical', s, false);
    const methods = [
      ...rule.methodCalls.legacy.map((s) => methodTarget('legacy', s, q)),
      ...rule.methodCalls.canonical.map((s) => methodTarget('canonical', s, q)),
    ];
    return { targets, patterns, methods, unmatchedDefinitions: rule.forbid === 'definition' ? unmatchedDefinitions(rule, targets, q) : [] };
  });
  return revivedTargets(rule, { ...value, reads });
}

/** `module.Class.method` or `module.function`: found when the class has that def, or the module defines the function. */
function methodTarget(side: Side, symbol: SymbolName, q: TargetLookups): MethodTarget {
  const dot = symbol.lastIndexOf('.');
  const method = symbol.slice(dot + 1);
  const whole = q.declared(symbol);
  const owner = dot > 0 ? q.declared(symbol.slice(0, dot)) : null;
  const found = (d: DeclaredSymbol | null): boolean => d !== null && (d.kind === 'name' || d.kind === 'module');
  // A module's own function: the module binds it. A method: the class its owner names has the def.
  if (owner?.kind === 'module' && found(whole)) return { side, symbol, method, exists: true, home: owner.origin };
  const klass = owner && found(owner) ? q.classOf(owner.origin) : null;
  const exists = klass !== null && klass.methods.includes(method);
  const home = owner && found(owner) ? owner.homes[owner.homes.length - 1] ?? null : null;
  return { side, symbol, method, exists, home };
}

function unmatchedDefinitions(rule: Rule, targets: readonly Target[], q: TargetLookups): string[] {
  const names = targets.filter((t) => t.side === 'canonical' && t.declared.kind === 'module').flatMap((t) => q.classNamesUnder(t.declared.origin));
  return rule.definitions.filter((glob) => {
    const match = picomatch(glob);
    return !names.some((n) => match(n));
  });
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
