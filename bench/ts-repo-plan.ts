import type { Rng } from './prng.js';

/**
 * The shape of the synthetic TS repo, as data: which modules exist, what
 * each exports and imports, and how each import is written. Pure: the
 * emitter turns it into text, the generator into files.
 */

export interface TsRepoParams {
  readonly modules: number;
  readonly seed: number;
}

export type Area = 'feature' | 'lib' | 'package';
/** ts: a class module; tsx: a React-style component; cjs: a CommonJS .js file with require. */
export type ModuleKind = 'ts' | 'tsx' | 'cjs';

export interface TsModule {
  readonly index: number;
  /** Repo-relative, with extension. */
  readonly path: string;
  readonly area: Area;
  /** Feature, lib area or package name. */
  readonly group: string;
  readonly kind: ModuleKind;
  /** The value export: a class (ts, cjs) or a component function (tsx). Unique repo-wide, so barrels never clash. */
  readonly value: string;
  /** The exported props/options interface (none in CommonJS). */
  readonly type: string;
  readonly imports: readonly TsImport[];
}

/** How a specifier is written: what a real codebase mixes. */
/** relative-js: a relative path ending in .js that names a .ts/.tsx file, as ESM TypeScript writes it. */
export type ImportStyle = 'relative' | 'relative-js' | 'alias' | 'feature-barrel' | 'package';

export interface TsImport {
  readonly target: number;
  readonly style: ImportStyle;
  /** `import type { T }` of the target's interface rather than its value. */
  readonly typeOnly: boolean;
  /** `import('...')` inside a function (lazy loading) rather than a static import. */
  readonly dynamic: boolean;
}

export interface TsRepoPlan {
  readonly modules: readonly TsModule[];
  readonly features: readonly string[];
  readonly libs: readonly string[];
  readonly packages: readonly string[];
}

const WORDS = [
  'account', 'audit', 'billing', 'cart', 'catalog', 'checkout', 'comment', 'config', 'coupon', 'dashboard', 'delivery', 'device',
  'export', 'feed', 'file', 'geo', 'import', 'inbox', 'invoice', 'ledger', 'login', 'media', 'member', 'message', 'metric', 'order',
  'payment', 'plan', 'policy', 'price', 'profile', 'quota', 'report', 'review', 'search', 'session', 'share', 'shipment', 'stock',
  'store', 'tag', 'team', 'ticket', 'token', 'upload', 'user', 'vendor', 'wallet', 'webhook', 'widget',
];
const NOUNS = ['service', 'store', 'mapper', 'builder', 'client', 'cache', 'queue', 'parser', 'guard', 'adapter', 'registry', 'view', 'form', 'list', 'panel'];
const FEATURE_DIRS = ['services', 'model', 'hooks', 'utils', 'components'] as const;

const pascal = (s: string): string => s.split('-').map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');

export function planTsRepo(params: TsRepoParams, rng: Rng): TsRepoPlan {
  const n = params.modules;
  const features = WORDS.slice(0, Math.max(4, Math.min(WORDS.length, Math.round(n / 125))));
  const libs = ['http', 'format', 'state', 'events', 'storage', 'validation', 'i18n', 'telemetry'].slice(0, Math.max(2, Math.min(8, Math.round(n / 600))));
  const packages = ['ui', 'design-tokens', 'analytics', 'auth-kit', 'data-grid', 'charts'].slice(0, Math.max(2, Math.min(6, Math.round(n / 1000))));
  const modules: TsModule[] = [];
  const paths = new Set<string>();
  // Packages first (they never import src/), then libs, then features: an import points to a lower index, as a layered codebase does.
  const counts: Array<[Area, number]> = [['package', Math.round(n * 0.2)], ['lib', Math.round(n * 0.15)]];
  counts.push(['feature', n - counts[0]![1] - counts[1]![1]]);
  for (const [area, count] of counts) {
    const groups = area === 'package' ? packages : area === 'lib' ? libs : features;
    for (let k = 0; k < count; k++) {
      const index = modules.length;
      const group = groups[k % groups.length]!;
      const kind: ModuleKind = rng.chance(0.005) ? 'cjs' : area !== 'lib' && rng.chance(0.25) ? 'tsx' : 'ts';
      const stem = `${rng.pick(WORDS)}-${rng.pick(NOUNS)}`;
      const dir = area === 'package' ? `packages/${group}/src/${rng.pick(['core', 'components', 'utils'])}`
        : area === 'lib' ? `src/lib/${group}`
        : `src/features/${group}/${kind === 'tsx' ? 'components' : rng.pick(FEATURE_DIRS.slice(0, 4))}`;
      const ext = kind === 'tsx' ? 'tsx' : kind === 'cjs' ? 'js' : 'ts';
      let path = `${dir}/${stem}.${ext}`;
      for (let i = 2; paths.has(path.replace(/\.\w+$/, '')); i++) path = `${dir}/${stem}-${i}.${ext}`;
      paths.add(path.replace(/\.\w+$/, ''));
      const value = `${pascal(stem)}${kind === 'tsx' ? 'View' : ''}${index}`;
      modules.push({ index, path, area, group, kind, value, type: `${value}Props`, imports: planImports(modules, area, group, kind, rng) });
    }
  }
  return { modules, features, libs, packages };
}

/** 2-6 imports of earlier modules, each written the way a module in `area` would reach it. */
function planImports(earlier: readonly TsModule[], area: Area, group: string, kind: ModuleKind, rng: Rng): TsImport[] {
  if (earlier.length === 0) return [];
  const want = rng.int(2, 6);
  const picked = new Map<number, TsImport>();
  for (let tries = 0; picked.size < want && tries < want * 4; tries++) {
    // Mostly near neighbours (the same group), sometimes anywhere below.
    const target = rng.chance(0.6) ? Math.max(0, earlier.length - rng.int(1, 60)) : rng.int(0, earlier.length - 1);
    const t = earlier[target]!;
    if (picked.has(target)) continue;
    if (area === 'package' && t.area === 'package' && t.group !== group && t.group > group) continue;
    if (t.kind === 'cjs' && kind !== 'cjs') continue;
    const style: ImportStyle = t.group === group && t.area === area ? (kind !== 'cjs' && t.kind !== 'cjs' && rng.chance(0.15) ? 'relative-js' : 'relative')
      : t.area === 'package' ? 'package'
      : t.area === 'feature' && rng.chance(0.7) ? 'feature-barrel'
      : 'alias';
    // CommonJS only requires relative paths; a type-only import needs an interface to name.
    if (kind === 'cjs' && style !== 'relative') continue;
    const typeOnly = kind !== 'cjs' && t.kind !== 'cjs' && rng.chance(0.2);
    const dynamic = !typeOnly && kind !== 'cjs' && rng.chance(0.05);
    picked.set(target, { target, style, typeOnly, dynamic });
  }
  return [...picked.values()];
}
