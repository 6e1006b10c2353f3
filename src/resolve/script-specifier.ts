import { posix } from 'node:path';
import { exports as packageExports, imports as packageImports } from 'resolve.exports';
import { asModuleName, isScriptPath, type ModuleName, type PackageManifest, type RepoPath, type TsConfigManifest } from '../model/index.js';
import { scriptModuleOf } from './module-index.js';

/**
 * Where a TypeScript/JavaScript import specifier leads, the way the
 * TypeScript compiler resolves it (moduleResolution "bundler"/"node16"):
 * relative paths with extension and `index` probing, tsconfig `paths` and
 * `baseUrl` (following `extends`), package.json `imports` (`#x`) and, for
 * workspace packages of the repository, `exports`/`main`. Everything is read
 * from the snapshot being judged through `SpecifierView` (so a staged
 * deletion counts, and the caller records each read for incremental
 * re-resolution); nothing touches the file system. A bare specifier that is
 * not a workspace package is a third-party module named by the specifier
 * (`lodash`, `@scope/pkg/sub`, `node:fs`).
 */
export type SpecifierTarget =
  | { readonly kind: 'module'; readonly module: ModuleName }
  | { readonly kind: 'external'; readonly module: ModuleName }
  /** A stylesheet, JSON, image...: not a module rules are about. */
  | { readonly kind: 'asset' }
  | { readonly kind: 'unresolved'; readonly message: string };

export interface SpecifierView {
  /** The file of a script module id (path without extension), if it exists. */
  scriptFile(id: string): RepoPath | undefined;
  /** Whether the snapshot has this tsconfig.json/jsconfig.json (the candidates for a directory's nearest). */
  hasTsconfig(path: RepoPath): boolean;
  /** The compiler options of a directory: `effectiveTsconfig`, remembered by the caller per directory. */
  optionsOf(dir: string): EffectiveOptions | null;
  tsconfig(path: RepoPath): TsConfigManifest | undefined;
  packageJson(path: RepoPath): PackageManifest | undefined;
  /** Every package.json of the repository. */
  packageManifests(): readonly RepoPath[];
}

/** Conditions TypeScript matches in `exports`/`imports`, in its order of preference. */
const CONDITIONS = ['types', 'import', 'require', 'node', 'default'];
const ANY_EXT = /\.[A-Za-z0-9]+$/;

/** Resolution depends on the importing file's directory only, so callers can share it between the files of one directory. */
export function resolveSpecifier(view: SpecifierView, dir: string, specifier: string): SpecifierTarget {
  if (specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.' || specifier === '..') {
    return probeOrFail(view, join(dir, specifier), specifier);
  }
  if (specifier.startsWith('/')) return { kind: 'unresolved', message: `import "${specifier}" is an absolute file system path; use a relative path or a path alias` };
  if (specifier.startsWith('#')) return viaPackageImports(view, dir, specifier);
  const aliased = viaTsconfig(view, dir, specifier);
  if (aliased) return aliased;
  return viaWorkspace(view, specifier) ?? { kind: 'external', module: asModuleName(specifier) };
}

/** The module a repo path names, probing extensions and `/index` as TypeScript does. */
export function probe(view: SpecifierView, path: string): ModuleName | null {
  const clean = path.replace(/\/+$/, '');
  // `./a.js` names `a.ts` too (TypeScript maps output extensions back to sources): the module id has no extension.
  const id = scriptModuleOf(clean);
  if (view.scriptFile(id)) return asModuleName(id);
  const index = id ? `${id}/index` : 'index';
  if (view.scriptFile(index)) return asModuleName(index);
  return null;
}

function probeOrFail(view: SpecifierView, path: string | null, specifier: string): SpecifierTarget {
  if (path === null) return { kind: 'unresolved', message: `import "${specifier}" climbs above the repository root` };
  const module = probe(view, path);
  if (module) return { kind: 'module', module };
  // `import './styles.css'`, `import data from './x.json'`: not source the rules speak of.
  if (ANY_EXT.test(path) && !isScriptPath(path)) return { kind: 'asset' };
  return { kind: 'unresolved', message: `cannot resolve "${specifier}": no ${path}.ts/.tsx/.js (or other script extension) nor ${path}/index.* in the snapshot` };
}

/** `paths` (longest matching prefix wins), then `baseUrl`, of the nearest tsconfig.json/jsconfig.json. */
function viaTsconfig(view: SpecifierView, dir: string, specifier: string): SpecifierTarget | null {
  const options = view.optionsOf(dir);
  if (!options) return null;
  if (options.paths) {
    const match = bestPathPattern(Object.keys(options.paths.map), specifier);
    if (match) {
      const tried: string[] = [];
      for (const substitution of options.paths.map[match.pattern] ?? []) {
        const target = join(options.paths.base, substitution.replace('*', match.star));
        if (target === null) continue;
        tried.push(target);
        const module = probe(view, target);
        if (module) return { kind: 'module', module };
      }
      // `"*": [...]` catches every bare import, third-party ones included: only a named alias that misses is an error.
      if (match.pattern !== '*') {
        return { kind: 'unresolved', message: `cannot resolve "${specifier}": tsconfig paths "${match.pattern}" maps it to ${tried.join(', ') || 'nothing'}, and no such module is in the snapshot` };
      }
    }
  }
  if (options.baseUrl !== null) {
    const target = join(options.baseUrl, specifier);
    const module = target === null ? null : probe(view, target);
    if (module) return { kind: 'module', module };
  }
  return null;
}

export interface EffectiveOptions {
  /** Directory `baseUrl` names, repo-relative ('' for the root). */
  readonly baseUrl: string | null;
  /** `paths` and the directory its substitutions are relative to. */
  readonly paths: { readonly map: Readonly<Record<string, readonly string[]>>; readonly base: string } | null;
}

/** The compiler options of the nearest tsconfig.json (or jsconfig.json) above `dir`, with `extends` applied. */
export function effectiveTsconfig(view: SpecifierView, dir: string): EffectiveOptions | null {
  for (let d: string | null = dir; d !== null; d = parentDir(d)) {
    for (const name of ['tsconfig.json', 'jsconfig.json']) {
      const path = (d === '.' || d === '' ? name : `${d}/${name}`) as RepoPath;
      if (view.hasTsconfig(path) && view.tsconfig(path)) return loadChain(view, path, new Set());
    }
  }
  return null;
}

function loadChain(view: SpecifierView, path: RepoPath, seen: Set<string>): EffectiveOptions | null {
  const config = view.tsconfig(path);
  if (!config || seen.has(path)) return null;
  seen.add(path);
  const dir = posix.dirname(path);
  let baseUrl: string | null = null;
  let paths: EffectiveOptions['paths'] = null;
  // Later bases override earlier ones; the file itself overrides all of them.
  for (const ext of config.extends) {
    const base = ext.startsWith('.') ? join(dir, ext.endsWith('.json') ? ext : `${ext}.json`) : null;
    const inherited = base === null ? null : loadChain(view, base as RepoPath, seen);
    if (!inherited) continue;
    baseUrl = inherited.baseUrl ?? baseUrl;
    paths = inherited.paths ?? paths;
  }
  if (config.baseUrl !== null) baseUrl = join(dir, config.baseUrl);
  // Substitutions are relative to baseUrl when there is one (TypeScript < 4.1 required it), else to the file that set `paths`.
  if (config.paths) paths = { map: config.paths, base: baseUrl ?? dir };
  else if (paths && config.baseUrl !== null && baseUrl !== null) paths = { map: paths.map, base: baseUrl };
  return { baseUrl, paths };
}

function bestPathPattern(patterns: readonly string[], specifier: string): { pattern: string; star: string } | null {
  let best: { pattern: string; star: string; prefix: number } | null = null;
  for (const pattern of patterns) {
    const star = pattern.indexOf('*');
    if (star < 0) {
      if (pattern === specifier) return { pattern, star: '' };
      continue;
    }
    const prefix = pattern.slice(0, star);
    const suffix = pattern.slice(star + 1);
    if (specifier.length < prefix.length + suffix.length || !specifier.startsWith(prefix) || !specifier.endsWith(suffix)) continue;
    if (!best || prefix.length > best.prefix) best = { pattern, star: specifier.slice(prefix.length, specifier.length - suffix.length), prefix: prefix.length };
  }
  return best && { pattern: best.pattern, star: best.star };
}

/** `#internal/x`: the `imports` map of the nearest package.json. */
function viaPackageImports(view: SpecifierView, dir: string, specifier: string): SpecifierTarget {
  for (let d: string | null = dir; d !== null; d = parentDir(d)) {
    const path = (d === '.' || d === '' ? 'package.json' : `${d}/package.json`) as RepoPath;
    const manifest = view.packageJson(path);
    if (!manifest) continue;
    const targets = mapped(() => packageImports({ name: manifest.name ?? '', imports: manifest.imports as never }, specifier, { conditions: CONDITIONS, unsafe: true }));
    for (const t of targets) {
      if (!t.startsWith('./')) return viaWorkspace(view, t) ?? { kind: 'external', module: asModuleName(t) };
      const target = join(posix.dirname(path), t);
      const module = target === null ? null : probe(view, target);
      if (module) return { kind: 'module', module };
    }
    return { kind: 'unresolved', message: `cannot resolve "${specifier}": the "imports" of ${path} do not map it to a module in the snapshot` };
  }
  return { kind: 'unresolved', message: `cannot resolve "${specifier}": no package.json with "imports" above it` };
}

/** A bare specifier naming a package of this repository (a monorepo workspace): its `exports`, else `types`/`module`/`main`, else `index`. */
function viaWorkspace(view: SpecifierView, specifier: string): SpecifierTarget | null {
  const parts = specifier.split('/');
  const nameLength = specifier.startsWith('@') ? 2 : 1;
  const name = parts.slice(0, nameLength).join('/');
  const subpath = parts.slice(nameLength).join('/');
  for (const path of view.packageManifests()) {
    const manifest = view.packageJson(path);
    if (manifest?.name !== name) continue;
    const dir = posix.dirname(path);
    const inPackage = (t: string): ModuleName | null => {
      const target = join(dir, t);
      return target === null ? null : probe(view, target);
    };
    if (manifest.exports !== null && manifest.exports !== undefined) {
      const targets = mapped(() => packageExports({ name, exports: manifest.exports as never }, subpath ? `./${subpath}` : '.', { conditions: CONDITIONS, unsafe: true }));
      for (const t of targets) {
        const module = inPackage(t);
        if (module) return { kind: 'module', module };
      }
      return { kind: 'unresolved', message: `cannot resolve "${specifier}": workspace package ${name} (${path}) "exports" ${targets.length ? `map it to ${targets.join(', ')}, not a module in the snapshot` : 'do not export it'}` };
    }
    const entries = subpath ? [subpath] : [manifest.types, manifest.module, manifest.main, 'index'].filter((e): e is string => !!e);
    for (const e of entries) {
      const module = inPackage(e);
      if (module) return { kind: 'module', module };
    }
    return { kind: 'unresolved', message: `cannot resolve "${specifier}": workspace package ${name} (${path}) has no module ${subpath || 'entry point'} in the snapshot` };
  }
  return null;
}

/** resolve.exports throws when a map has no entry: that is "nothing", not an error of ours. */
function mapped(map: () => readonly string[] | string[] | void): string[] {
  try {
    return [...(map() ?? [])];
  } catch {
    return [];
  }
}

/** Repo-relative join; null when it climbs above the root. */
function join(dir: string, rel: string): string | null {
  const joined = posix.normalize(posix.join(dir === '.' ? '' : dir, rel));
  if (joined === '..' || joined.startsWith('../')) return null;
  return joined === '.' ? '' : joined.replace(/^\.\//, '');
}

function parentDir(dir: string): string | null {
  if (dir === '.' || dir === '') return null;
  const up = posix.dirname(dir);
  return up === dir ? null : up;
}
