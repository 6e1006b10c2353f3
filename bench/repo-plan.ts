import type { Rng } from './prng.js';
import { DOMAINS, KINDS, NOUNS, SUBPACKAGES, pascal, unique, verbNoun } from './names.js';

export interface GeneratorParams {
  /** .py files under app/ (packages' __init__.py included); the huge test files come on top. */
  readonly modules: number;
  /** All .py bytes, tests included. */
  readonly targetBytes: number;
  readonly seed: number;
}

/**
 * What a module is for. `regular` modules get random content and imports; the
 * others are the founding case and the rules' canonical and legacy symbols,
 * whose imports are planted on purpose so the expected verdict is known.
 */
export type Role =
  | 'regular'
  | 'factory'
  | 'hub'
  | 'violation'
  | 'bridge'
  | 'ws-manager'
  | 'ws-support'
  | 'slack-ws-manager'
  | 'db-session'
  | 'db-legacy'
  | 'cache-client'
  | 'legacy-http'
  | 'legacy-cache';

export interface PackagePlan {
  readonly dotted: string;
  readonly dir: string;
  readonly top: string;
  readonly layer: number;
  /** Regular modules directly inside, in creation order. */
  readonly modules: ModulePlan[];
  /** Legacy and founding-case packages: written by hand, never a random import target. */
  readonly special: boolean;
}

export interface ModulePlan {
  readonly path: string;
  readonly dotted: string;
  readonly pkg: PackagePlan;
  readonly layer: number;
  /** Global creation order: random imports point at lower ordinals, so the graph is mostly layered. */
  readonly ordinal: number;
  readonly role: Role;
  readonly classes: string[];
  readonly functions: string[];
  readonly constants: string[];
  targetBytes: number;
  /** For role 'violation': which of the five ways of reaching the legacy class it uses. */
  readonly variant?: number;
}

export interface TestFilePlan {
  readonly path: string;
  readonly targetBytes: number;
}

export interface RepoPlan {
  readonly packages: PackagePlan[];
  readonly modules: ModulePlan[];
  readonly tests: TestFilePlan[];
  /** The five factory modules everyone imports: the fan-in. */
  readonly hubs: ModulePlan[];
}

interface TopSpec {
  readonly name: string;
  readonly layer: number;
  readonly weight: number;
  /** Domain packages that must exist (the founding case lives in them). */
  readonly forced?: readonly string[];
}

const TOPS: readonly TopSpec[] = [
  { name: 'core', layer: 0, weight: 4 },
  { name: 'utils', layer: 0, weight: 6 },
  { name: 'models', layer: 1, weight: 10 },
  { name: 'schemas', layer: 1, weight: 6 },
  { name: 'db', layer: 1, weight: 4 },
  { name: 'cache', layer: 1, weight: 2 },
  { name: 'integrations', layer: 2, weight: 6, forced: ['slack'] },
  { name: 'services', layer: 3, weight: 24 },
  { name: 'adapters', layer: 3, weight: 4 },
  { name: 'agents', layer: 4, weight: 15, forced: ['supervisor', 'triage', 'data', 'tools', 'execution'] },
  { name: 'routes', layer: 5, weight: 12 },
  { name: 'workers', layer: 5, weight: 5 },
  { name: 'scripts', layer: 6, weight: 2 },
];

/** Where the fixed modules live; `dir` is their package, which may also hold regular modules. */
const SPECIALS: ReadonlyArray<{ path: string; role: Role; layer: number; classes?: string[]; functions?: string[]; constants?: string[] }> = [
  { path: 'app/websocket_core/websocket_manager.py', role: 'ws-manager', layer: 2, classes: ['WebSocketManager'], constants: ['WebSocketConnectionManager'] },
  { path: 'app/websocket_core/connection_registry.py', role: 'ws-support', layer: 2, classes: ['ConnectionRegistry'] },
  { path: 'app/websocket_core/events.py', role: 'ws-support', layer: 2, classes: ['SocketEvent'] },
  { path: 'app/services/agent_websocket_bridge.py', role: 'bridge', layer: 3, classes: ['AgentWebSocketBridge'], functions: ['create_agent_websocket_bridge'] },
  { path: 'app/integrations/slack/websocket_manager.py', role: 'slack-ws-manager', layer: 2, classes: ['WebSocketManager'] },
  { path: 'app/db/session.py', role: 'db-session', layer: 1, functions: ['session_scope'], classes: ['Session'] },
  { path: 'app/db/legacy.py', role: 'db-legacy', layer: 1, classes: ['LegacySession'], constants: ['LegacyDbSession'] },
  { path: 'app/cache/cache_client.py', role: 'cache-client', layer: 1, classes: ['CacheClient'], functions: ['get_cache'] },
  { path: 'app/legacy_http/client.py', role: 'legacy-http', layer: 2, classes: ['LegacyHttpClient'] },
  { path: 'app/legacy_http/retry.py', role: 'legacy-http', layer: 2, functions: ['with_retries'] },
  { path: 'app/legacy_cache/store.py', role: 'legacy-cache', layer: 1, classes: ['LegacyCacheStore'] },
];

const HUBS = [
  'app/agents/supervisor/agent_instance_factory.py',
  'app/agents/triage/triage_agent_factory.py',
  'app/agents/data/data_agent_factory.py',
  'app/agents/tools/tool_dispatcher_factory.py',
  'app/agents/execution/execution_engine_factory.py',
];

export const MAIN_FACTORY = HUBS[0]!;
export const VIOLATIONS = 5;

/** Share of all bytes in the few huge test files (~80 MB of 180 at the default size). */
const TEST_SHARE = 0.45;
const TEST_FILE_MEAN = 4 * 1024 * 1024;
/** Modules per package, on average: real trees are bushy, not one file per folder. */
const MODULES_PER_PACKAGE = 14;
/** Measured: how far past its target a module ends up, on average. */
const OVERSHOOT = 1400;

/** Pure: the whole repository's shape, before any text is written. */
export function planRepo(params: GeneratorParams, rng: Rng): RepoPlan {
  const packages = new Map<string, PackagePlan>();
  const addPackage = (dir: string, top: string, layer: number, special = false): PackagePlan => {
    const existing = packages.get(dir);
    if (existing) return existing;
    const parent = dir.includes('/') ? dir.slice(0, dir.lastIndexOf('/')) : null;
    if (parent) addPackage(parent, parent === 'app' ? 'app' : top, parent === 'app' ? 0 : layer, false);
    const pkg: PackagePlan = { dotted: dir.replaceAll('/', '.'), dir, top, layer, modules: [], special };
    packages.set(dir, pkg);
    return pkg;
  };
  addPackage('app', 'app', 0);
  addPackage('app/websocket_core', 'websocket_core', 2, true);
  addPackage('app/legacy_http', 'legacy_http', 2, true);
  addPackage('app/legacy_cache', 'legacy_cache', 1, true);

  // The package tree of each top-level package, sized by its share of the modules.
  const budget = Math.max(TOPS.length * 4, params.modules - SPECIALS.length - 8);
  const packageCount = Math.max(TOPS.length, Math.round(budget / (MODULES_PER_PACKAGE + 1)));
  const totalWeight = TOPS.reduce((n, t) => n + t.weight, 0);
  const topPackages = new Map<string, PackagePlan[]>();
  for (const top of TOPS) {
    const own = addPackage(`app/${top.name}`, top.name, top.layer);
    const want = Math.max(1 + (top.forced?.length ?? 0), Math.round((packageCount * top.weight) / totalWeight));
    const list: PackagePlan[] = [own];
    const taken = new Set<string>();
    for (const f of top.forced ?? []) list.push(addPackage(`${own.dir}/${unique(f, taken)}`, top.name, top.layer));
    const domains = Math.max(list.length, Math.min(want, Math.round(Math.sqrt(want) * 1.6)));
    while (list.length < domains) list.push(addPackage(`${own.dir}/${unique(rng.pick(DOMAINS), taken)}`, top.name, top.layer));
    const childNames = new Map<string, Set<string>>();
    while (list.length < want) {
      // Nest under a domain or deeper, at most app/<top>/<a>/<b>/<c>: deep enough for `from ...x import y`.
      const parent = rng.pick(list.slice(1).filter((p) => p.dir.split('/').length < 5));
      const names = childNames.get(parent.dir) ?? new Set<string>();
      childNames.set(parent.dir, names);
      list.push(addPackage(`${parent.dir}/${unique(rng.pick([...SUBPACKAGES, ...DOMAINS]), names)}`, top.name, top.layer));
    }
    topPackages.set(top.name, list);
  }

  // Fixed modules (names known in advance), then hubs, then the regular mass.
  const modules: ModulePlan[] = [];
  const fileNames = new Map<string, Set<string>>();
  const takenIn = (pkg: PackagePlan): Set<string> => {
    let s = fileNames.get(pkg.dir);
    if (!s) fileNames.set(pkg.dir, (s = new Set(['__init__'])));
    return s;
  };
  const place = (path: string, role: Role, layer: number, names: { classes?: string[]; functions?: string[]; constants?: string[] }): ModulePlan => {
    const dir = path.slice(0, path.lastIndexOf('/'));
    const pkg = packages.get(dir) ?? addPackage(dir, dir.split('/')[1]!, layer);
    takenIn(pkg).add(path.slice(dir.length + 1, -3));
    const m: ModulePlan = {
      path,
      dotted: path.slice(0, -3).replaceAll('/', '.'),
      pkg,
      layer,
      ordinal: modules.length,
      role,
      classes: names.classes ?? [],
      functions: names.functions ?? [],
      constants: names.constants ?? [],
      targetBytes: 0,
    };
    modules.push(m);
    return m;
  };
  for (const s of SPECIALS) place(s.path, s.role, s.layer, s);
  for (const path of HUBS) {
    const stem = path.slice(path.lastIndexOf('/') + 1, -3);
    place(path, 'hub', 4, { classes: [pascal(stem), `${pascal(stem)}Config`], functions: [`get_${stem}`, `build_${stem.replace(/_factory$/, '')}`] });
  }

  const fixedFiles = modules.length + packages.size;
  const regular = Math.max(TOPS.length, params.modules - fixedFiles);
  const perTop = largestRemainder(TOPS.map((t) => t.weight), regular);
  // Layered creation order: a module's random imports point at lower ordinals, mostly lower layers.
  const order = TOPS.map((t, i) => ({ top: t, count: perTop[i]! })).sort((a, b) => a.top.layer - b.top.layer);
  for (const { top, count } of order) {
    const list = topPackages.get(top.name)!;
    for (let i = 0; i < count; i++) {
      // The top package itself holds a few modules; most live in the subpackages.
      const pkg = list.length > 1 && !rng.chance(0.04) ? rng.pick(list.slice(1)) : list[0]!;
      const factory = top.name === 'agents' && rng.chance(0.18);
      const stem = unique(factory ? `${rng.pick(DOMAINS)}_${rng.pick(KINDS)}_factory` : `${rng.pick(DOMAINS)}_${rng.pick(KINDS)}`, takenIn(pkg));
      const m = place(`${pkg.dir}/${stem}.py`, factory ? 'factory' : 'regular', top.layer, namesFor(stem, rng));
      pkg.modules.push(m);
    }
  }

  // The committed violations: factories (never a hub) that mix the bridge and the legacy class.
  const factories = modules.filter((m) => m.role === 'factory');
  for (let v = 0; v < VIOLATIONS && factories.length; v++) {
    const i = rng.int(0, factories.length - 1);
    const f = factories.splice(i, 1)[0]!;
    modules[f.ordinal] = { ...f, role: 'violation', variant: v };
    const list = f.pkg.modules;
    list[list.indexOf(f)] = modules[f.ordinal]!;
  }

  sizeModules(params, modules, packages.size, rng);
  const tests = planTests(params, rng);
  return { packages: [...packages.values()], modules, tests, hubs: modules.filter((m) => m.role === 'hub') };
}

function namesFor(stem: string, rng: Rng): { classes: string[]; functions: string[]; constants: string[] } {
  const base = pascal(stem);
  const classes = [base];
  if (rng.chance(0.6)) classes.push(`${base}${pascal(rng.pick(NOUNS))}`);
  if (rng.chance(0.3)) classes.push(`${base}Error`);
  const fn = new Set<string>();
  const nFn = rng.int(1, 4);
  while (fn.size < nFn) fn.add(`${verbNoun(rng)}_${stem.split('_')[0]}`);
  const constants = [`${stem.toUpperCase()}_TIMEOUT`, `DEFAULT_${rng.pick(NOUNS).toUpperCase()}_LIMIT`];
  return { classes, functions: [...fn], constants };
}

/** Lognormal sizes around the mean left once tests, packages and fixed modules are counted. */
function sizeModules(params: GeneratorParams, modules: ModulePlan[], packageCount: number, rng: Rng): void {
  const moduleBytes = params.targetBytes * (1 - TEST_SHARE) - packageCount * 700;
  const mean = Math.max(1200, moduleBytes / modules.length);
  const sigma = 0.7;
  for (const m of modules) {
    const draw = mean * Math.exp(sigma * rng.normal() - (sigma * sigma) / 2);
    // Growing stops past the target and every module has a fixed head: aim that much lower.
    m.targetBytes = Math.round(Math.min(mean * 12, Math.max(600, draw - OVERSHOOT)));
  }
}

function planTests(params: GeneratorParams, rng: Rng): TestFilePlan[] {
  const bytes = params.targetBytes * TEST_SHARE;
  const count = Math.max(1, Math.round(bytes / TEST_FILE_MEAN));
  const taken = new Set<string>();
  const out: TestFilePlan[] = [];
  // 2-6 MB at the default size: the mean share, spread by half either way, scaled so the shares add up.
  const spread = Array.from({ length: count }, () => 0.5 + rng.next());
  const sum = spread.reduce((a, b) => a + b, 0);
  for (let i = 0; i < count; i++) {
    const area = rng.pick(['integration', 'e2e', 'regression', 'contract']);
    const name = unique(`test_${rng.pick(DOMAINS)}_${rng.pick(['flows', 'scenarios', 'matrix', 'cases', 'suite'])}`, taken);
    out.push({ path: `tests/${area}/${name}.py`, targetBytes: Math.round((bytes * spread[i]!) / sum) });
  }
  return out;
}

/** Integer shares of `total` proportional to `weights`, summing exactly to `total`. */
function largestRemainder(weights: readonly number[], total: number): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (w * total) / sum);
  const out = exact.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left-- <= 0) break;
    out[i]!++;
  }
  return out;
}
