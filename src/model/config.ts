import type { ModuleName, RepoPath, SymbolName } from './brands.js';
import type { Language } from './file-kind.js';
import type { UseKind } from './facts.js';

/** A rule after validation and normalisation: evaluation never sees raw config. */
export interface Rule {
  readonly id: string;
  /** Of its symbols: the rule judges files of this language only. */
  readonly language: Language;
  readonly message: string;
  readonly severity: 'error' | 'warning';
  readonly scope: RuleScope;
  readonly canonical: readonly SymbolName[];
  readonly legacy: readonly SymbolName[];
  /**
   * Legacy symbols deleted on purpose: their absence is not an error (every
   * other declared symbol must name something), a use of one is a legacy
   * use, and a module or name that comes back is a violation.
   */
  readonly removed: readonly SymbolName[];
  /**
   * mix: a unit uses both sides; legacy: any legacy use; spelling: an import
   * path or name written in a forbidden spelling, whatever object it names;
   * alias: a declared object imported under an `as` name no glob of `aliases` allows.
   */
  readonly forbid: 'mix' | 'legacy' | 'spelling' | 'alias' | 'definition';
  /** forbid "mix" and "legacy": the kinds of use that count (every kind unless the config narrows them). */
  readonly uses: readonly UseKind[];
  /**
   * forbid "mix" and "legacy": methods whose calls count on any receiver (`x.create(...)`, whatever x
   * is), each named by its definition (`module.Class.method`, which must exist), by side.
   */
  readonly methodCalls: { readonly legacy: readonly SymbolName[]; readonly canonical: readonly SymbolName[] };
  /**
   * forbid "definition": picomatch globs over class names; a class statement whose name matches one
   * is allowed only in the `canonical` modules. Empty for the other kinds.
   */
  readonly definitions: readonly string[];
  /**
   * forbid "spelling": each forbidden spelling (also in `legacy`, so that it
   * must name something) and the spelling to write instead (also in
   * `canonical`). Empty for the other kinds.
   */
  readonly spellings: Readonly<Record<string, SymbolName>>;
  /** forbid "alias": picomatch globs an `as` name of a declared object must match. Empty for the other kinds. */
  readonly aliases: readonly string[];
  readonly unit: 'file' | 'function';
  readonly transitive: boolean;
}

export interface RuleScope {
  /** picomatch globs; null means every included file (unless dependentsOf narrows it). */
  readonly files: readonly string[] | null;
  readonly exclude: readonly string[];
  readonly dependentsOf: readonly ModuleName[];
  /** Importer depth for dependentsOf; Infinity for "all". */
  readonly dependentsDepth: number;
}

export interface Config {
  /** The config file's directory, relative to the repository root ('' at the root): every path below is already relative to the root. */
  readonly base: string;
  /** The config file, relative to the repository root (messages point into it). */
  readonly file: string;
  /** Where the baseline of this config's rules is, relative to the repository root. */
  readonly baselineFile: RepoPath;
  readonly pythonRoots: readonly string[];
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  readonly typeOnlyImports: 'ignore' | 'include';
  readonly rules: readonly Rule[];
  /** sha1 of the canonical JSON of the normalised config: part of every result cache key. */
  readonly hash: string;
}

/** One field error, named by its JSON path (`/rules/0/forbid`). */
export interface ConfigError {
  readonly path: string;
  readonly message: string;
  /** For JSON syntax errors: where in the file. */
  readonly line?: number;
  readonly column?: number;
}
