import { isScriptPath, type ModuleName, type RepoPath } from '../model/index.js';
import type { ModuleIndex } from '../resolve/module-index.js';

/**
 * A module index as numbers into the judgments file's string table
 * (judgment-codec.ts): read back, it answers lookups by binary search in
 * that table, so a check that resolves a few files does not rebuild the
 * index of every file (tens of ms on 10,000 modules, in a fresh process).
 */
export interface EncodedModuleIndex {
  /** Pairs of string ids: module name, then its file (-1: a namespace package). The manifest lists are in here under their keys too. */
  readonly modules: Int32Array;
  /** Per file (by number), its module's string id, or -1. */
  readonly moduleOfFile: Int32Array;
  /** Numbers of the files that are packages (`__init__.py`). */
  readonly packageFiles: Int32Array;
  readonly topLevels: Int32Array;
  readonly packageManifests: Int32Array;
  readonly tsconfigs: Int32Array;
}

export function encodeModuleIndex(index: ModuleIndex, files: readonly RepoPath[], id: (s: string) => number): EncodedModuleIndex {
  const modules: number[] = [];
  for (const [name, file] of index.modules) modules.push(id(name), file === null ? -1 : id(file));
  const moduleOfFile = new Int32Array(files.length);
  const packageFiles: number[] = [];
  files.forEach((path, i) => {
    const m = index.moduleOf(path);
    moduleOfFile[i] = m === null ? -1 : id(m);
    if (index.isPackageFile(path)) packageFiles.push(i);
  });
  return {
    modules: Int32Array.from(modules),
    moduleOfFile,
    packageFiles: Int32Array.from(packageFiles),
    topLevels: Int32Array.from(index.topLevels, id),
    packageManifests: Int32Array.from(index.packageManifests, id),
    tsconfigs: Int32Array.from(index.tsconfigs, id),
  };
}

/** What reading one back needs of the string table and the file list. */
export interface StringTable {
  readonly size: number;
  at(id: number): string;
  /** The id of a string, or -1 when the table lacks it. */
  idOf(s: string): number;
  /** A file's number in the snapshot, or undefined. */
  fileOf(path: RepoPath): number | undefined;
}

const NOT_A_MODULE = -2;
const NAMESPACE = -1;

/** The index the columns were made from: the same answer to every question. */
export function decodeModuleIndex(e: EncodedModuleIndex, table: StringTable): ModuleIndex {
  // Indexed by the name's string id: every module name is in the table (encode put it there).
  const fileOfName = new Int32Array(table.size).fill(NOT_A_MODULE);
  for (let k = 0; k < e.modules.length; k += 2) fileOfName[e.modules[k]!] = e.modules[k + 1]!;
  const packages = new Set(e.packageFiles);
  const pathOf = (module: string): RepoPath | null | undefined => {
    const id = table.idOf(module);
    const file = id < 0 ? NOT_A_MODULE : fileOfName[id]!;
    return file === NOT_A_MODULE ? undefined : file === NAMESPACE ? null : (table.at(file) as RepoPath);
  };
  let modules: Map<string, RepoPath | null> | null = null;
  let topLevels: Set<string> | null = null;
  const tops = (): Set<string> => (topLevels ??= new Set(Array.from(e.topLevels, (id) => table.at(id))));
  return {
    moduleOf: (path) => {
      const i = table.fileOf(path);
      const id = i === undefined ? -1 : e.moduleOfFile[i]!;
      return id < 0 ? null : (table.at(id) as ModuleName);
    },
    isPackageFile: (path) => {
      const i = table.fileOf(path);
      return i !== undefined && packages.has(i);
    },
    pathOf,
    isModule: (module) => pathOf(module) !== undefined,
    isInRepoTopLevel: (segment) => tops().has(segment),
    isScript: (module) => isScriptPath(pathOf(module) ?? ''),
    packageManifests: Array.from(e.packageManifests, (id) => table.at(id) as RepoPath),
    tsconfigs: new Set(Array.from(e.tsconfigs, (id) => table.at(id) as RepoPath)),
    // Only two indexes of different files are compared whole (snapshot-change.ts): made then.
    get modules() {
      if (!modules) {
        modules = new Map();
        for (let k = 0; k < e.modules.length; k += 2) modules.set(table.at(e.modules[k]!), e.modules[k + 1]! === NAMESPACE ? null : (table.at(e.modules[k + 1]!) as RepoPath));
      }
      return modules;
    },
    get topLevels() {
      return tops();
    },
  };
}
