import { MODULE_UNIT, asSymbolName, type ModuleName, type Position, type SymbolName, type UnitName } from '../model/index.js';
import type { Use } from '../resolve/resolver.js';
import { isHomeOf, matchTarget, type RuleTargets } from './rule-targets.js';
import { spellingOf } from './spelling-match.js';
import { aliasOf } from './alias-match.js';

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
  // forbid "alias" judges the import statement itself: a module-level import stays where it is in function mode.
  const unitOf = rule.unit === 'file' ? () => FILE_UNIT
    : rule.forbid === 'alias' ? (use: Use) => use.unit
    : functionUnitOf(new Set(references().map((dotted) => dotted.split('.')[0]!)));
  const classify = classifierOf(targets, module);
  for (const use of uses) {
    const unit = unitOf(use);
    if (unit === null) continue;
    const found = classify(use);
    if (!found) continue;
    const u: SideUse = { ...found, line: use.line, column: use.column, via: use.via, origin: use.symbol, chain: [] };
    const list = units.get(unit);
    if (list) list.push(u);
    else units.set(unit, [u]);
  }
  for (const list of units.values()) list.sort(byPosition);
  byTypeOnly.set(includeTypeOnly, units);
  return units;
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
        if (!match || isHomeOf(match.target, module)) return null;
        return { side: match.target.side, symbol: match.target.symbol };
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
