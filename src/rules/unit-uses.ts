import { MODULE_UNIT, type ModuleName, type Position, type SymbolName, type UnitName } from '../model/index.js';
import type { Use } from '../resolve/resolver.js';
import { isHomeOf, matchTarget, type RuleTargets } from './rule-targets.js';

export const FILE_UNIT: UnitName = '<file>';

/** A use that matched one of the rule's symbols. */
export interface SideUse extends Position {
  readonly side: 'canonical' | 'legacy';
  /** The configured symbol it matched. */
  readonly symbol: SymbolName;
  /** Re-export and alias hops from the name used to its origin. */
  readonly via: readonly string[];
  /** Where the chain ends: the object the name is (for a declared alias, the object it names). */
  readonly origin: string;
  /** Module chain for transitive reach, empty for direct uses. */
  readonly chain: readonly ModuleName[];
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
 * `references` the file's referenced names (function units need them);
 * `module` the module the file is, which never uses what it defines or passes on.
 */
export function directUnitsOf(
  targets: RuleTargets,
  includeTypeOnly: boolean,
  all: readonly Use[],
  references: () => readonly string[],
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
  const uses = all.filter((u) => includeTypeOnly || !u.typeOnly);
  const unitOf = rule.unit === 'file' ? () => FILE_UNIT : functionUnitOf(new Set(references().map((dotted) => dotted.split('.')[0]!)));
  for (const use of uses) {
    const unit = unitOf(use);
    if (unit === null) continue;
    const match = matchTarget(targets.targets, use);
    if (!match || isHomeOf(match.target, module)) continue;
    const { side, symbol } = match.target;
    const u: SideUse = { side, symbol, line: use.line, column: use.column, via: use.via, origin: use.symbol, chain: [] };
    const list = units.get(unit);
    if (list) list.push(u);
    else units.set(unit, [u]);
  }
  for (const list of units.values()) list.sort(byPosition);
  byTypeOnly.set(includeTypeOnly, units);
  return units;
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
