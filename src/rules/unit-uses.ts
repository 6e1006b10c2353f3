import { MODULE_UNIT, asSymbolName, eachReference, type FileFacts, type ModuleName, type Position, type SymbolName, type UnitName, type UseKind } from '../model/index.js';
import type { Use } from '../resolve/resolver.js';
import { covers, isHomeOf, matchTarget, type RuleTargets } from './rule-targets.js';
import { spellingOf } from './spelling-match.js';
import { aliasOf } from './alias-match.js';

export const FILE_UNIT: UnitName = '<file>';

/** A use that matched one of the rule's symbols. */
export interface SideUse extends Position {
  readonly side: 'canonical' | 'legacy';
  /** What the code does with it: a kind of use (rules' `uses`), or a class statement (forbid "definition"). */
  readonly use: UseKind | 'definition';
  /** The configured symbol it matched. */
  readonly symbol: SymbolName;
  /** Re-export and alias hops from the name used to its origin. */
  readonly via: readonly string[];
  /** Where the chain ends: the object the name is (for a declared alias, the object it names). */
  readonly origin: string;
  /** Module chain for transitive reach, empty for direct uses. */
  readonly chain: readonly ModuleName[];
  /** forbid "spelling" and "alias": what the code writes (the forbidden spelling, the `as` name). */
  readonly written?: string;
  /** forbid "spelling" and "alias": what to write instead. */
  readonly fix?: string;
}

export const byPosition = (a: Position, b: Position): number => a.line - b.line || a.column - b.column;

/**
 * Direct uses by unit, remembered per uses list and per snapshot's resolved
 * rule (RuleTargets): asked again within a check (HEAD beside the index, a
 * report after the verdict), a file is classified once.
 */
const directMemo = new WeakMap<readonly Use[], Map<RuleTargets, Map<boolean, ReadonlyMap<UnitName, readonly SideUse[]>>>>();

/**
 * A file's uses of a rule's symbols, by unit: what a file contributes to a
 * rule on its own (the rest is transitive reach, which the graph decides).
 * `targets` are the rule's symbols resolved in the file's snapshot;
 * `facts` the file's (its references, method calls and classes);
 * `module` the module the file is, which never uses what it defines or passes on.
 */
export function directUnitsOf(
  targets: RuleTargets,
  includeTypeOnly: boolean,
  all: readonly Use[],
  facts: () => FileFacts | undefined,
  module: ModuleName | null,
): ReadonlyMap<UnitName, readonly SideUse[]> {
  const { rule } = targets;
  let byRule = directMemo.get(all);
  if (!byRule) directMemo.set(all, (byRule = new Map()));
  let byTypeOnly = byRule.get(targets);
  if (!byTypeOnly) byRule.set(targets, (byTypeOnly = new Map()));
  const known = byTypeOnly.get(includeTypeOnly);
  if (known) return known;
  const units = new Map<UnitName, SideUse[]>();
  const add = (unit: UnitName, u: SideUse): void => {
    const list = units.get(unit);
    if (list) list.push(u);
    else units.set(unit, [u]);
  };
  const counted = new Set(rule.uses);
  // Every kind counts for spelling and alias, which judge how imports and references are written.
  const kindCounts = rule.forbid === 'mix' || rule.forbid === 'legacy' ? (u: Use) => counted.has(u.kind) : () => true;
  const uses = rule.forbid === 'definition' ? [] : all.filter((u) => (includeTypeOnly || !u.typeOnly) && kindCounts(u));
  // forbid "alias" judges the import statement itself: a module-level import stays where it is in function mode.
  const unitOf = rule.unit === 'file' ? () => FILE_UNIT
    : rule.forbid === 'alias' ? (use: Use) => use.unit
    : functionUnitOf(new Set((facts()?.references.names ?? []).map((dotted) => dotted.split('.')[0]!)));
  const classify = classifierOf(targets, module);
  for (const use of uses) {
    const unit = unitOf(use);
    if (unit === null) continue;
    const found = classify(use);
    if (!found) continue;
    add(unit, { ...found, use: use.kind, line: use.line, column: use.column, via: use.via, origin: use.symbol, chain: [] });
  }
  const own = rule.unit === 'file' ? () => FILE_UNIT : (unit: UnitName) => unit;
  if (targets.methods.length) for (const [unit, u] of methodCallUses(targets, facts(), module)) add(own(unit), u);
  if (rule.forbid === 'definition') for (const [unit, u] of definitionUses(targets, facts(), module)) add(own(unit), u);
  for (const list of units.values()) list.sort(byPosition);
  byTypeOnly.set(includeTypeOnly, units);
  return units;
}

/** `x.method(...)` on any receiver, for each method of `methodCalls` (not in the module that defines it). */
function methodCallUses(targets: RuleTargets, facts: FileFacts | undefined, module: ModuleName | null): Array<[UnitName, SideUse]> {
  const out: Array<[UnitName, SideUse]> = [];
  if (!facts) return out;
  eachReference(facts.methodCalls, (call) => {
    const m = targets.methods.find((t) => t.method === call.dotted && t.home !== module);
    if (!m) return;
    const written = `.${call.dotted}(...)`;
    out.push([call.unit, { side: m.side, use: 'call', symbol: m.symbol, line: call.line, column: call.column, via: [], origin: m.symbol, chain: [], written, fix: 'a call on any receiver, by name: no type is known' }]);
  });
  return out;
}

/** forbid "definition": class statements whose name matches a glob, outside the modules the rule allows them in. */
function definitionUses(targets: RuleTargets, facts: FileFacts | undefined, module: ModuleName | null): Array<[UnitName, SideUse]> {
  const out: Array<[UnitName, SideUse]> = [];
  if (!facts || !facts.classes.length) return out;
  const allowed = targets.targets.filter((t) => t.side === 'canonical');
  if (module !== null && allowed.some((t) => covers(t.declared.origin, module))) return out;
  const where = allowed.map((t) => t.symbol).join(', ');
  for (const c of facts.classes) {
    const name = c.name.split('.').pop()!;
    if (!targets.definedName(name)) continue;
    const symbol = asSymbolName(module ? `${module}.${c.name}` : c.name);
    out.push([c.unit, { side: 'legacy', use: 'definition', symbol, line: c.line, column: c.column, via: [], origin: symbol, chain: [], written: `class ${name}`, fix: `define it in ${where} only` }]);
  }
  return out;
}

type Classified = Pick<SideUse, 'side' | 'symbol' | 'written' | 'fix'>;

/** What a use is to the rule's kind: which side and declared symbol (and for spelling and alias, what is written and what to write), or null. */
function classifierOf(targets: RuleTargets, module: ModuleName | null): (use: Use) => Classified | null {
  switch (targets.rule.forbid) {
    case 'spelling': {
      const spelling = spellingOf(targets, module);
      return (use) => {
        const m = spelling(use);
        return m && { side: 'legacy', symbol: asSymbolName(m.symbol), written: m.written, fix: m.fix };
      };
    }
    case 'alias': {
      const alias = aliasOf(targets, module);
      return (use) => {
        const m = alias(use);
        return m && { side: m.target.side, symbol: m.target.symbol, written: m.written, fix: m.fix };
      };
    }
    default:
      return (use) => {
        const match = matchTarget(targets.targets, use);
        if (match) return isHomeOf(match.target, module) ? null : { side: match.target.side, symbol: match.target.symbol };
        // A glob also stands for names outside the repository, as imported (an in-repo one is a target above).
        const glob = targets.patterns.find((p) => p.matches(use.symbol) && !isInside(use.symbol, module));
        return glob ? { side: glob.side, symbol: use.symbol as SymbolName } : null;
      };
  }
}

/**
 * Function mode: a use counts where the bound name is referenced or imported.
 * A module-level import whose names are all referenced somewhere is represented
 * by those references (each in its own function), not by the import line.
 */
function functionUnitOf(referenced: ReadonlySet<string>): (use: Use) => UnitName | null {
  return (use) => {
    if (use.unit !== MODULE_UNIT || use.bindings.length === 0) return use.unit;
    return use.bindings.every((b) => referenced.has(b)) ? null : use.unit;
  };
}

/** A name of the module itself (`module.X`), or the module: never a use of what the module defines. */
function isInside(symbol: string, module: ModuleName | null): boolean {
  return module !== null && covers(module, symbol);
}
