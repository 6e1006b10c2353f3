import type { Rng } from './prng.js';
import type { BoundName } from './python-writer.js';
import type { ExportsPlan } from './package-exports.js';
import type { ModulePlan, RepoPlan } from './repo-plan.js';

/** Names bound at module scope, so no import silently shadows a definition or another import. */
export class Binder {
  private readonly taken = new Set<string>();

  constructor(own: readonly string[]) {
    for (const n of own) this.taken.add(n);
  }

  /** `name`, or an alias when `name` is already bound: returns the bound name. */
  bind(name: string): string {
    let bound = name;
    for (let i = 2; this.taken.has(bound); i++) bound = `${name}${/^[A-Z]/.test(name) ? '' : '_'}${i}`;
    this.taken.add(bound);
    return bound;
  }
}

/** `from <spec> import` text for a target, relative to the importing file's package when within three levels. */
export function relativeSpec(fromPackage: string, target: string): string | null {
  const parts = fromPackage.split('.');
  for (let level = 1; level <= 3 && level <= parts.length; level++) {
    const anchor = parts.slice(0, parts.length - level + 1).join('.');
    if (target === anchor) return '.'.repeat(level);
    if (target.startsWith(`${anchor}.`)) return `${'.'.repeat(level)}${target.slice(anchor.length + 1)}`;
  }
  return null;
}

type Kinded = { name: string; kind: BoundName['kind'] };

function namesOf(m: ModulePlan): Kinded[] {
  return [
    ...m.classes.map((name) => ({ name, kind: 'class' as const })),
    ...m.functions.map((name) => ({ name, kind: 'function' as const })),
    ...m.constants.map((name) => ({ name, kind: 'constant' as const })),
  ];
}

export interface RenderedImport {
  readonly line: string;
  readonly refs: BoundName[];
}

/**
 * One import of `names` from module `target`, in one of the forms real code
 * uses: absolute or relative from-import, `import a.b as m` then `m.Name`,
 * `from pkg import mod` then `mod.Name`, bare `import a.b.c` then `a.b.c.Name`.
 */
export function renderImport(from: ModulePlan | { pkg: { dotted: string } }, target: { dotted: string }, names: readonly Kinded[], binder: Binder, rng: Rng, allowModuleForms = true): RenderedImport {
  const form = rng.next();
  const stem = target.dotted.slice(target.dotted.lastIndexOf('.') + 1);
  const parent = target.dotted.slice(0, target.dotted.lastIndexOf('.'));
  if (allowModuleForms && form < 0.1) {
    const alias = binder.bind(`${stem}_mod`);
    return { line: `import ${target.dotted} as ${alias}`, refs: names.map((n) => ({ expr: `${alias}.${n.name}`, kind: n.kind })) };
  }
  if (allowModuleForms && form < 0.18) {
    const bound = binder.bind(stem);
    const spec = relativeSpec(from.pkg.dotted, parent) ?? parent;
    return { line: `from ${rng.chance(0.5) ? spec : parent} import ${bound === stem ? stem : `${stem} as ${bound}`}`, refs: names.map((n) => ({ expr: `${bound}.${n.name}`, kind: n.kind })) };
  }
  if (allowModuleForms && form < 0.22) {
    binder.bind(target.dotted.split('.')[0]!);
    return { line: `import ${target.dotted}`, refs: names.map((n) => ({ expr: `${target.dotted}.${n.name}`, kind: n.kind })) };
  }
  const relative = form < 0.5 ? relativeSpec(from.pkg.dotted, target.dotted) : null;
  const bound = names.map((n) => ({ ...n, as: binder.bind(n.name) }));
  const list = bound.map((n) => (n.as === n.name ? n.name : `${n.name} as ${n.as}`)).join(', ');
  return { line: `from ${relative ?? target.dotted} import ${list}`, refs: bound.map((n) => ({ expr: n.as, kind: n.kind })) };
}

export interface ImportContext {
  readonly plan: RepoPlan;
  readonly exports: ExportsPlan;
  /** Random-import targets in creation order (regular modules and factories). */
  readonly targets: readonly ModulePlan[];
  /** Position of each target in `targets`. */
  readonly position: ReadonlyMap<ModulePlan, number>;
  readonly byTop: ReadonlyMap<string, readonly ModulePlan[]>;
  /** Number of targets whose layer is below the given one. */
  readonly belowLayer: (layer: number) => number;
  /** Packages with re-exports, by layer, for `from app.pkg import Name`. */
  readonly exporting: readonly { dotted: string; layer: number; top: string }[];
}

export function importContext(plan: RepoPlan, exports: ExportsPlan): ImportContext {
  const targets = plan.modules.filter((m) => m.role === 'regular' || m.role === 'factory' || m.role === 'violation');
  const position = new Map(targets.map((m, i) => [m, i] as const));
  const byTop = new Map<string, ModulePlan[]>();
  for (const m of targets) byTop.set(m.pkg.top, [...(byTop.get(m.pkg.top) ?? []), m]);
  const firstOfLayer = new Map<number, number>();
  targets.forEach((m, i) => {
    if (!firstOfLayer.has(m.layer)) firstOfLayer.set(m.layer, i);
  });
  // Targets are in layer order, so everything before the first of `layer` is below it.
  const belowLayer = (layer: number): number => {
    const higher = [...firstOfLayer].filter(([l]) => l >= layer).map(([, f]) => f);
    return higher.length ? Math.min(...higher) : targets.length;
  };
  const exporting = plan.packages
    .filter((p) => !p.special && (exports.byPackage.get(p.dotted)?.names.length ?? 0) > 0)
    .map((p) => ({ dotted: p.dotted, layer: p.layer, top: p.top }));
  return { plan, exports, targets, position, byTop, belowLayer, exporting };
}

export type Placement = 'top' | 'function' | 'try' | 'type-checking';

export interface ChosenImport extends RenderedImport {
  readonly placement: Placement;
}

export interface ChosenImports {
  readonly imports: ChosenImport[];
  /** Modules loaded by name with importlib.import_module("..."). */
  readonly dynamic: string[];
}

/**
 * The random part of a module's imports: siblings, its own top-level package,
 * lower layers, package re-exports, and the fan-in hubs. Targets always have
 * a lower creation order, so the graph is connected and mostly layered; a few
 * hub imports inside functions point back up, as lazy imports do in real code.
 */
export function chooseImports(m: ModulePlan, ctx: ImportContext, binder: Binder, rng: Rng): ChosenImports {
  const imports: ChosenImport[] = [];
  const dynamic: string[] = [];
  const used = new Set<ModulePlan>([m]);
  const here = ctx.position.get(m) ?? ctx.belowLayer(m.layer);
  const placement = (): Placement => {
    const r = rng.next();
    return r < 0.7 ? 'top' : r < 0.82 ? 'function' : r < 0.9 ? 'try' : 'type-checking';
  };
  const addFrom = (target: ModulePlan, where: Placement = placement()): void => {
    if (used.has(target)) return;
    used.add(target);
    const pool = namesOf(target).filter((n) => where !== 'type-checking' || n.kind === 'class');
    if (!pool.length) return;
    const picked = [...new Set([rng.pick(pool), rng.pick(pool)])].slice(0, rng.int(1, 2));
    // `try` and TYPE_CHECKING imports are from-imports: the fallback assigns the bound names.
    imports.push({ ...renderImport(m, target, picked, binder, rng, where === 'top' || where === 'function'), placement: where });
  };

  const siblings = m.pkg.modules.filter((s) => (ctx.position.get(s) ?? Infinity) < here);
  for (let i = rng.int(0, 3); i > 0 && siblings.length; i--) addFrom(rng.pick(siblings));
  const sameTop = (ctx.byTop.get(m.pkg.top) ?? []).filter((s) => (ctx.position.get(s) ?? Infinity) < here);
  for (let i = rng.int(1, 3); i > 0 && sameTop.length; i--) addFrom(sameTop[Math.floor(sameTop.length * Math.sqrt(rng.next()))]!);
  const lower = ctx.belowLayer(m.layer);
  for (let i = rng.int(1, 5); i > 0 && lower > 0; i--) addFrom(ctx.targets[rng.int(0, lower - 1)]!);
  // The first module of a layer still needs an edge: the graph stays connected.
  if (imports.length === 0 && here > 0) addFrom(ctx.targets[rng.int(0, here - 1)]!, 'top');

  if (rng.chance(0.5)) {
    const pkgs = ctx.exporting.filter((p) => p.layer < m.layer || (p.top === m.pkg.top && p.dotted !== m.pkg.dotted && !m.pkg.dotted.startsWith(`${p.dotted}.`)));
    if (pkgs.length) {
      const p = rng.pick(pkgs);
      const n = rng.pick(ctx.exports.byPackage.get(p.dotted)!.names);
      const as = binder.bind(n.name);
      imports.push({ line: `from ${p.dotted} import ${as === n.name ? n.name : `${n.name} as ${as}`}`, refs: [{ expr: as, kind: n.kind }], placement: 'top' });
    }
  }

  // Fan-in: a few agent factories everyone builds agents with.
  const top = m.pkg.top;
  const eager = top === 'agents' || top === 'routes' || top === 'workers' || top === 'scripts';
  const lazy = top === 'services';
  if (m.role !== 'hub' && (eager || lazy)) {
    ctx.plan.hubs.forEach((hub, i) => {
      const p = lazy ? 0.04 : i === 0 ? 0.12 : 0.07;
      if (rng.chance(p)) addFrom(hub, lazy ? 'function' : rng.chance(0.85) ? 'top' : 'function');
    });
  }

  if (rng.chance(0.15) && lower > 0) dynamic.push(ctx.targets[rng.int(0, lower - 1)]!.dotted);
  return { imports, dynamic };
}
