import { asModuleName, type RepoPath, type SymbolName, type UnitName } from '../model/index.js';
import type { RuleContext } from './rule-context.js';
import { objectModules, type Side } from './rule-targets.js';
import { FILE_UNIT, byPosition, type SideUse } from './unit-uses.js';

// What a rule kind sees of a file: its direct uses (unit-uses.ts, which the
// context hands out) plus reach through the graph. Apart from unit-uses.ts
// because only this part reads the whole RuleContext, and the context's
// `direct` is typed by unit-uses' SideUse: one way, no circle.

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
    out.push([unit, { side: 'legacy', use: 'import', symbol, line: edge.line, column: edge.column, via: [], origin: symbol, chain: modules }]);
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
