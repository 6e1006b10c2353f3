import { SCRIPT_EXTENSIONS, asModuleName, fileKindOf, isScriptPath, languageOf, scriptExtensionOf, type ModuleName, type RepoPath } from '../model/index.js';

/**
 * Which module names exist in a snapshot and which file each one is. Pure over
 * the list of paths, so it is rebuilt only when files are added or removed.
 */
export interface ModuleIndex {
  /** The module a file is, judged from the most specific root that holds it. */
  moduleOf(path: RepoPath): ModuleName | null;
  /** True for `__init__.py` files: relative imports in them start at the package itself. */
  isPackageFile(path: RepoPath): boolean;
  /** File of a module; null for namespace packages (directories without `__init__.py`). */
  pathOf(module: ModuleName): RepoPath | null | undefined;
  isModule(module: string): boolean;
  /** First segments of every in-repo module: an import under one of them that does not resolve is an error, not a third-party import. */
  isInRepoTopLevel(segment: string): boolean;
  /** True for a TypeScript/JavaScript module (named by its path without extension): its names are `module#Name`. */
  isScript(module: string): boolean;
  /** Every package.json, where workspace packages are looked up by name. */
  readonly packageManifests: readonly RepoPath[];
  /** Every tsconfig.json and jsconfig.json, where a script's compiler options are looked up. */
  readonly tsconfigs: ReadonlySet<RepoPath>;
  /**
   * Every module name with its file (null: namespace package), and every
   * top-level package: what two indexes are compared by. The list of
   * package.json files is in here too, under PACKAGE_MANIFESTS, and that
   * of tsconfig files under TSCONFIGS, so that resolution that read one is
   * redone when a file is added to it or removed.
   */
  readonly modules: ReadonlyMap<string, RepoPath | null>;
  readonly topLevels: ReadonlySet<string>;
}

/** The key under which `modules` holds the package.json list (no module is named so: it is not a path nor dotted). */
export const PACKAGE_MANIFESTS = ' package.json';
export const TSCONFIGS = ' tsconfig.json';
/** Not a module: the name under which a read of the whole list of modules is recorded. */
export const MODULE_LIST = ' modules';

/** Whether a key of `modules` is a module's name, not one of the file lists kept beside them. */
export const isModuleKey = (key: string): boolean => key !== PACKAGE_MANIFESTS && key !== TSCONFIGS;

/** Module names and top-level packages whose lookup answers differently in two indexes. */
export function indexChanges(before: ModuleIndex, after: ModuleIndex): { modules: Set<string>; tops: Set<string> } {
  const modules = new Set<string>();
  const tops = new Set<string>();
  if (before === after) return { modules, tops };
  for (const [m, file] of after.modules) if (before.modules.get(m) !== file || !before.modules.has(m)) modules.add(m);
  for (const m of before.modules.keys()) if (!after.modules.has(m)) modules.add(m);
  // A module came or went: what listed the modules (a symbol pattern's expansion) is read under this name.
  if (modules.size && [...modules].some((m) => isModuleKey(m) && before.modules.has(m) !== after.modules.has(m))) modules.add(MODULE_LIST);
  for (const t of after.topLevels) if (!before.topLevels.has(t)) tops.add(t);
  for (const t of before.topLevels) if (!after.topLevels.has(t)) tops.add(t);
  return { modules, tops };
}

const NEAREST_CONFIG = /(?:^|\/)[jt]sconfig\.json$/;

/** `src/a.d.ts` -> `src/a`: a script module is its path without the extension. */
export function scriptModuleOf(path: string): string {
  const ext = scriptExtensionOf(path);
  return ext ? path.slice(0, -ext.length) : path;
}

/** Lower wins when two files are one module (`a.ts` and its compiled `a.js`): the order TypeScript probes in. */
function scriptRank(path: string): number {
  const ext = scriptExtensionOf(path)?.toLowerCase() ?? '';
  const rank = SCRIPT_EXTENSIONS.indexOf(ext as (typeof SCRIPT_EXTENSIONS)[number]);
  return rank < 0 ? SCRIPT_EXTENSIONS.length : rank;
}

const PY_FILE = /\.pyi?$/;

/**
 * Which of several files of one module name CPython imports, lower first.
 * FileFinder looks for a package directory's `__init__` before a module file
 * beside it (`app/compat/__init__.py` wins over `app/compat.py`), and takes a
 * directory without `__init__` (a namespace portion, null here) only when
 * neither exists. A `.pyi` stub is never imported: any `.py` beats it.
 */
function fileRank(path: RepoPath | null): number {
  if (path === null) return 4;
  const stub = path.endsWith('.pyi');
  const init = /(?:^|\/)__init__\.pyi?$/.test(path);
  return (stub ? 2 : 0) + (init ? 0 : 1);
}

export function buildModuleIndex(paths: Iterable<RepoPath>, roots: readonly string[]): ModuleIndex {
  const rootPrefixes = roots.map(normalizeRoot).sort((a, b) => b.length - a.length);
  const fileOfModule = new Map<string, RepoPath | null>();
  const moduleOfPath = new Map<RepoPath, ModuleName>();
  const packageFiles = new Set<RepoPath>();
  const topLevel = new Set<string>();
  const dirsDone = new Set<string>();

  const scripts = new Map<string, RepoPath>();
  const packages: RepoPath[] = [];
  const tsconfigs: RepoPath[] = [];

  for (const path of paths) {
    const kind = fileKindOf(path);
    if (kind === 'package') packages.push(path);
    if (kind === 'tsconfig' && NEAREST_CONFIG.test(path)) tsconfigs.push(path);
    if (languageOf(kind) === 'script') {
      const id = scriptModuleOf(path);
      const existing = scripts.get(id);
      if (existing === undefined || scriptRank(path) < scriptRank(existing)) scripts.set(id, path);
      continue;
    }
    if (!PY_FILE.test(path)) continue;
    let chosen: ModuleName | null = null;
    for (const root of rootPrefixes) {
      if (root && !path.startsWith(root)) continue;
      const segments = path.slice(root.length).replace(PY_FILE, '').split('/');
      const isInit = segments[segments.length - 1] === '__init__';
      if (isInit) segments.pop();
      if (segments.length === 0) continue;
      const name = segments.join('.');
      const existing = fileOfModule.get(name);
      if (existing === undefined || fileRank(path) < fileRank(existing)) fileOfModule.set(name, path);
      // The packages above a module are those of its directory: named once per directory, not once per file.
      const above = `${root}\0${isInit}\0${path.slice(0, path.lastIndexOf('/') + 1)}`;
      if (!dirsDone.has(above)) {
        dirsDone.add(above);
        for (let i = 1; i < segments.length; i++) {
          const pkg = segments.slice(0, i).join('.');
          if (!fileOfModule.has(pkg)) fileOfModule.set(pkg, null);
        }
      }
      topLevel.add(segments[0]!);
      if (isInit) packageFiles.add(path);
      chosen ??= asModuleName(name);
    }
    if (chosen) moduleOfPath.set(path, chosen);
  }

  // One namespace: a Python module name has no `/`, a script's has one unless it sits at the root (then Python's wins).
  for (const [id, path] of scripts) {
    if (fileOfModule.has(id)) continue;
    fileOfModule.set(id, path);
    moduleOfPath.set(path, asModuleName(id));
  }
  packages.sort();
  tsconfigs.sort();
  fileOfModule.set(PACKAGE_MANIFESTS, packages.join('\n') as RepoPath);
  fileOfModule.set(TSCONFIGS, tsconfigs.join('\n') as RepoPath);

  return {
    moduleOf: (path) => moduleOfPath.get(path) ?? null,
    // The manifest lists under PACKAGE_MANIFESTS and TSCONFIGS end in a .json name: never a script.
    isScript: (module) => isScriptPath(fileOfModule.get(module) ?? ''),
    packageManifests: packages,
    tsconfigs: new Set(tsconfigs),
    isPackageFile: (path) => packageFiles.has(path),
    pathOf: (module) => fileOfModule.get(module),
    isModule: (module) => fileOfModule.has(module),
    isInRepoTopLevel: (segment) => topLevel.has(segment),
    modules: fileOfModule,
    topLevels: topLevel,
  };
}

function normalizeRoot(root: string): string {
  const clean = root.replace(/^\.\/?/, '').replace(/\/+$/, '');
  return clean ? `${clean}/` : '';
}
