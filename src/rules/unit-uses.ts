import { MODULE_UNIT, asModuleName, type ModuleName, type Position, type RepoPath, type Rule, type SymbolName, type UnitName } from '../model/index.js';
import type { Use } from '../resolve/resolver.js';
import type { RuleContext } from './rule-context.js';
import { matchSymbol, moduleOfSymbol } from './symbol-match.js';

export const FILE_UNIT: UnitName = '<file>';

/** A use that matched one of the rule's symbols. */
export interface SideUse extends Position {
  readonly side: 'canonical' | 'legacy';
  /** The configured symbol it matched. */
  readonly symbol: SymbolName;
  readonly via: readonly string[];
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
 * Direct uses by unit, remembered per uses list: the resolver hands back the
 * same list for as long as the file and everything it resolves through are
 * unchanged, so a check after a save classifies only what the save touched.
 */
const directMemo = new WeakMap<readonly Use[], Map<Rule, Map<boolean, ReadonlyMap<UnitName, readonly SideUse[]>>>>();

/**
 * A file's uses of a rule's symbols, by unit: what a file contributes to a
 * rule on its own (the rest is transitive reach, which the graph decides).
 * `references` are the file's referenced names (function units need them).
 */
export function directUnitsOf(rule: Rule, includeTypeOnly: boolean, all: readonly Use[], references: () => readonly string[]): ReadonlyMap<UnitName, readonly SideUse[]> {
  let byRule = directMemo.get(all);
  if (!byRule) directMemo.set(all, (byRule = new Map()));
  let byTypeOnly = byRule.get(rule);
  if (!byTypeOnly) byRule.set(rule, (byTypeOnly = new Map()));
  const known = byTypeOnly.get(includeTypeOnly);
  if (known) return known;
  const units = new Map<UnitName, SideUse[]>();
  const uses = all.filter((u) => includeTypeOnly || !u.typeOnly);
  const unitOf = rule.unit === 'file' ? () => FILE_UNIT : functionUnitOf(new Set(references().map((dotted) => dotted.split('.')[0]!)));
  for (const use of uses) {
    const unit = unitOf(use);
    if (unit === null) continue;
    const side = classify(rule, use.symbol);
    if (!side) continue;
    const u: SideUse = { ...side, line: use.line, column: use.column, via: use.via, chain: [] };
    const list = units.get(unit);
    if (list) list.push(u);
    else units.set(unit, [u]);
  }
  for (const list of units.values()) list.sort(byPosition);
  byTypeOnly.set(includeTypeOnly, units);
  return units;
}

function classify(rule: Rule, symbol: string): { side: 'canonical' | 'legacy'; symbol: SymbolName } | null {
  const legacy = matchSymbol(rule.legacy, symbol);
  const canonical = matchSymbol(rule.canonical, symbol);
  if (legacy && (!canonical || legacy.length >= canonical.length)) return { side: 'legacy', symbol: legacy };
  return canonical ? { side: 'canonical', symbol: canonical } : null;
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
    out.push([unit, { side: 'legacy', symbol, line: edge.line, column: edge.column, via: [], chain: modules }]);
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
  const filesOf = (symbols: readonly SymbolName[]): Map<RepoPath, SymbolName> => {
    const out = new Map<RepoPath, SymbolName>();
    for (const s of symbols) {
      const module = moduleOfSymbol(s, (m) => index.isModule(m));
      const file = module ? index.pathOf(asModuleName(module)) : null;
      if (file) out.set(file, s);
    }
    return out;
  };
  const legacyFiles = filesOf(ctx.rule.legacy);
  const canonicalFiles = filesOf(ctx.rule.canonical);
  const reach = { legacyFiles, canonicalFiles, chainFrom: ctx.graph.chainsTo(legacyFiles.keys(), (p) => canonicalFiles.has(p), ctx.includeTypeOnly) };
  reachMemo.set(ctx, reach);
  return reach;
}
