import { MODULE_UNIT, asModuleName, type ModuleName, type Position, type RepoPath, type SymbolName, type UnitName } from '../model/index.js';
import type { Use } from '../resolve/resolver.js';
import type { RuleContext } from './rule-context.js';
import { isHomeOf, matchTarget, objectModules, type RuleTargets, type Side } from './rule-targets.js';

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

/** A file's uses of the rule's symbols, grouped by unit and sorted by position. */
export function classifiedUnits(ctx: RuleContext, path: RepoPath): ReadonlyMap<UnitName, readonly SideUse[]> {
  const direct = ctx.direct(path);
  if (!ctx.rule.transitive) return direct;
  // Reach through the graph can change with any file: never remembered.
  const units = new Map<UnitName, SideUse[]>([...direct].map(([unit, list]) => [unit, [...list]]));
  for (const [unit, u] of transitiveUses(ctx, path)) {
    const list = units.get(unit);
    if (list) list.push(u);
    else units.set(unit, [u]);
  }
  for (const list of units.values()) list.sort(byPosition);
  return units;
}

const byPosition = (a: Position, b: Position): number => a.line - b.line || a.column - b.column;

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

/**
 * Transitive reach: each in-repo module a unit imports that leads to a legacy
 * module through the graph, without passing through a canonical module.
 */
function transitiveUses(ctx: RuleContext, path: RepoPath): Array<[UnitName, SideUse]> {
  const { rule, graph, index } = ctx;
  const { legacyFiles, canonicalFiles, chainFrom } = reachOf(ctx);
  const out: Array<[UnitName, SideUse]> = [];
  const seen = new Set<string>();
  for (const edge of graph.edgesOf(path)) {
    if (!ctx.includeTypeOnly && edge.typeOnly) continue;
    if (legacyFiles.has(edge.target) || canonicalFiles.has(edge.target) || edge.target === path) continue;
    const chain = chainFrom(edge.target);
    if (!chain) continue;
    const unit = rule.unit === 'file' ? FILE_UNIT : edge.unit;
    const symbol = legacyFiles.get(chain[chain.length - 1]!)!;
    const key = `${unit}\0${edge.target}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const modules = [path, ...chain].map((p) => index.moduleOf(p) ?? asModuleName(p));
    out.push([unit, { side: 'legacy', symbol, line: edge.line, column: edge.column, via: [], origin: symbol, chain: modules }]);
  }
  return out;
}

interface Reach {
  /** The files of the rule's legacy and canonical symbols, with the symbol each stands for. */
  readonly legacyFiles: ReadonlyMap<RepoPath, SymbolName>;
  readonly canonicalFiles: ReadonlyMap<RepoPath, SymbolName>;
  readonly chainFrom: (start: RepoPath) => RepoPath[] | null;
}

/** One search per rule (per context), shared by every file and import the rule judges. */
const reachMemo = new WeakMap<RuleContext, Reach>();

function reachOf(ctx: RuleContext): Reach {
  const known = reachMemo.get(ctx);
  if (known) return known;
  const { index } = ctx;
  // A declared name stands for the module that declares it and the one its object is defined in.
  const filesOf = (side: Side): Map<RepoPath, SymbolName> => {
    const out = new Map<RepoPath, SymbolName>();
    for (const t of ctx.targets.targets) {
      if (t.side !== side) continue;
      for (const module of objectModules(t)) {
        const file = index.pathOf(asModuleName(module));
        if (file && !out.has(file)) out.set(file, t.symbol);
      }
    }
    return out;
  };
  const legacyFiles = filesOf('legacy');
  const canonicalFiles = filesOf('canonical');
  const reach = { legacyFiles, canonicalFiles, chainFrom: ctx.graph.chainsTo(legacyFiles.keys(), (p) => canonicalFiles.has(p), ctx.includeTypeOnly) };
  reachMemo.set(ctx, reach);
  return reach;
}
