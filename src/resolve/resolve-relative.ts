import { asModuleName, type ModuleName } from '../model/index.js';

/**
 * The absolute module a (possibly relative) import names, as Python computes it:
 * level 1 is the importing file's package, each further level one package up.
 * Null when the dots climb above the top-level package (CPython: "attempted
 * relative import beyond top-level package").
 */
export function absoluteModule(
  importer: ModuleName | null,
  importerIsPackage: boolean,
  module: string,
  level: number,
): ModuleName | null {
  if (level === 0) return asModuleName(module);
  if (importer === null) return null;
  const parts = importer.split('.');
  if (!importerIsPackage) parts.pop();
  const up = level - 1;
  if (up > parts.length || (parts.length - up === 0 && !module)) return null;
  const base = parts.slice(0, parts.length - up);
  if (module) base.push(module);
  return base.length ? asModuleName(base.join('.')) : null;
}
