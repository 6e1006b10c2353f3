import { asModuleName, type ModuleName, type RepoPath } from '../model/index.js';

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
  /** Every module name with its file (null: namespace package), and every top-level package: what two indexes are compared by. */
  readonly modules: ReadonlyMap<string, RepoPath | null>;
  readonly topLevels: ReadonlySet<string>;
}

const PY_FILE = /\.pyi?$/;

export function buildModuleIndex(paths: Iterable<RepoPath>, roots: readonly string[]): ModuleIndex {
  const rootPrefixes = roots.map(normalizeRoot).sort((a, b) => b.length - a.length);
  const fileOfModule = new Map<string, RepoPath | null>();
  const moduleOfPath = new Map<RepoPath, ModuleName>();
  const packageFiles = new Set<RepoPath>();
  const topLevel = new Set<string>();

  for (const path of paths) {
    if (!PY_FILE.test(path)) continue;
    let chosen: ModuleName | null = null;
    for (const root of rootPrefixes) {
      if (root && !path.startsWith(root)) continue;
      const segments = path.slice(root.length).replace(PY_FILE, '').split('/');
      const isInit = segments[segments.length - 1] === '__init__';
      if (isInit) segments.pop();
      if (segments.length === 0) continue;
      const name = segments.join('.');
      // A .py beats a .pyi stub, and a regular module beats a namespace directory of the same name.
      const existing = fileOfModule.get(name);
      if (existing === undefined || existing === null || existing.endsWith('.pyi')) fileOfModule.set(name, path);
      for (let i = 1; i < segments.length; i++) {
        const pkg = segments.slice(0, i).join('.');
        if (!fileOfModule.has(pkg)) fileOfModule.set(pkg, null);
      }
      topLevel.add(segments[0]!);
      if (isInit) packageFiles.add(path);
      chosen ??= asModuleName(name);
    }
    if (chosen) moduleOfPath.set(path, chosen);
  }

  return {
    moduleOf: (path) => moduleOfPath.get(path) ?? null,
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
