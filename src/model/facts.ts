/**
 * FileFacts: everything the engine needs from one file, a pure function of its
 * bytes. Cached by blob sha, so nothing here may depend on the file's path.
 */
import type { FactKey } from './brands.js';

/** 1-based line and column (column in UTF-16 code units, as editors count). */
export interface Position { readonly line: number; readonly column: number }

/** `<module>` for module-level code, else the qualified def name (`Class.method`, `outer.inner`). */
export type UnitName = string;
export const MODULE_UNIT: UnitName = '<module>';

export interface ImportedName extends Position {
  /** Name in the source module; `*` for a star import. */
  readonly name: string;
  /** Local binding (`as` alias or the name itself); null for `*`. */
  readonly bound: string | null;
}

interface ImportBase extends Position {
  readonly unit: UnitName;
  /** Under `if TYPE_CHECKING:` (not in its else branch). */
  readonly typeOnly: boolean;
  /**
   * Under an `if`, `try`, loop, `with` or `match` of its unit's body: the
   * statement may not run, so an earlier binding of the name may still stand
   * (resolver.ts, possible bindings). Absent when it stands in the body itself.
   */
  readonly guarded?: boolean;
}

/** `import a.b` (binds `a`) or `import a.b as c` (binds `c` to `a.b`). */
export interface PlainImport extends ImportBase {
  readonly kind: 'import';
  readonly module: string;
  /** Always absolute: `import .x` is not Python. */
  readonly level: 0;
  readonly bound: string;
  /** True when `bound` names `module` itself (`as` form or single segment); false when it names the first segment. */
  readonly boundIsModule: boolean;
}

/** `from ..x.y import A as B, C` / `from . import z` / `from m import *`. */
export interface FromImport extends ImportBase {
  readonly kind: 'from';
  /** Module text after the dots; '' for `from . import x`. */
  readonly module: string;
  /** Leading dots: 0 = absolute. */
  readonly level: number;
  readonly names: readonly ImportedName[];
}

/** `importlib.import_module("m")` / `__import__("m")` with a string literal. */
export interface DynamicImport extends ImportBase {
  readonly kind: 'dynamic';
  readonly module: string;
  /** Relative level for `import_module(".x", __package__)`-style calls; 0 otherwise. */
  readonly level: number;
  /** Name assigned from the call (`m = importlib.import_module("x")`), if any. */
  readonly bound: string | null;
  /**
   * Attributes read off the call's value (`import_module("m").Name`,
   * `__import__("pkg").mod.Name`, `(await import("m")).Name`): a use of what
   * they name. Absent or null when the value is not read so.
   */
  readonly attribute?: string | null;
  /** The call's value is the top-level package, not the module (`__import__("a.b")` without a fromlist is `a`). */
  readonly top?: boolean;
}

export type ImportFact = PlainImport | FromImport | DynamicImport;

/** Module-level `X = Y` / `X = a.b.Y`: X is an alias of whatever the dotted expression names. */
export interface AliasBinding extends Position {
  readonly name: string;
  readonly target: string;
  /** Not directly in the module body (under `if`, `try`, ...): see ImportBase.guarded. */
  readonly guarded?: boolean;
}

/**
 * How code uses a name it references (rules' `uses`): read as a value, called, called with
 * `new` (a script's; Python's class calls are told apart by the resolver, which knows what
 * the name is), a class statement's base, or written in a type annotation (strings too).
 */
export type ReferenceRole = 'reference' | 'call' | 'instantiate' | 'subclass' | 'annotation';
/** What a use of a name does with it (rules' `uses`): an import statement, or how a reference uses it. */
export type UseKind = 'import' | ReferenceRole;
export const USE_KINDS: readonly UseKind[] = ['import', 'reference', 'call', 'instantiate', 'subclass', 'annotation'];

/** Packed references store a role as its index here. */
export const REFERENCE_ROLES: readonly ReferenceRole[] = ['reference', 'call', 'instantiate', 'subclass', 'annotation'];

/** A dotted reference (`m`, `m.Name`, `m.sub.Name`) whose root is a name bound by an import in this file. */
export interface NameReference extends Position {
  readonly unit: UnitName;
  readonly dotted: string;
  readonly role: ReferenceRole;
}

/**
 * NameReferences packed: a large repository has millions of them, and one
 * object each made the fact cache ~100 MB and its loading mostly garbage
 * collection. Strings are stored once; each reference is four integers.
 * Read them with `eachReference`.
 */
export interface PackedReferences {
  readonly names: readonly string[];
  readonly units: readonly UnitName[];
  /** name index, unit index, line, column, role (index in REFERENCE_ROLES); per reference. */
  readonly entries: Int32Array;
}

/** Int32s per packed reference. */
export const REFERENCE_WIDTH = 5;

export function eachReference(refs: PackedReferences, visit: (ref: NameReference) => void): void {
  const { names, units, entries } = refs;
  for (let i = 0; i < entries.length; i += REFERENCE_WIDTH) {
    visit({ dotted: names[entries[i]!]!, unit: units[entries[i + 1]!]!, line: entries[i + 2]!, column: entries[i + 3]!, role: REFERENCE_ROLES[entries[i + 4]!]! });
  }
}

export const NO_REFERENCES: PackedReferences = { names: [], units: [], entries: new Int32Array(0) };

/** A class statement (a script's class declaration), anywhere in the file. */
export interface ClassFact extends Position {
  /** Qualified as units are (`Outer.Inner`, `make.Local` for one in a def). */
  readonly name: string;
  readonly unit: UnitName;
  /** Names of the defs directly in its body (a script's methods). */
  readonly methods: readonly string[];
}

/** `# ssot-guard: allow <rule-id> -- <reason>` comment. */
export interface Suppression extends Position {
  readonly rule: string;
  /** Empty when the comment gave none (which is itself reported). */
  readonly reason: string;
}

export interface FactWarning extends Position {
  /**
   * too-large, unreadable, lfs-pointer and too-broken: the file was not (fully) judged, so they block
   * (report/reporter.ts).
   */
  readonly code: 'syntax' | 'encoding' | 'too-large' | 'unreadable' | 'lfs-pointer' | 'too-broken';
  readonly message: string;
}

export interface FileFacts {
  readonly imports: readonly ImportFact[];
  readonly aliases: readonly AliasBinding[];
  /** Names defined at module level by def/class/assignment (for star-import export lists without `__all__`). */
  readonly definitions: readonly string[];
  /**
   * Names an import or alias binds that a later statement of the module body
   * itself defines again (`from m import X` then `class X:`, both unindented):
   * the module's own definition is what the name is. Not a statement under
   * `if` or `try`, whose branch may not run.
   */
  readonly rebound: readonly string[];
  /** Literal `__all__`, or null when absent or not a literal list/tuple of strings. */
  readonly dunderAll: readonly string[] | null;
  readonly references: PackedReferences;
  /**
   * Calls of an attribute on any receiver (`x.send_json(...)`, `self.a.b.create()`), by the
   * attribute's name (`send_json`): what rules' `methodCalls` match, where no type is known.
   * First per unit and name; every role is `call`.
   */
  readonly methodCalls: PackedReferences;
  /** Every class statement, in source order. */
  readonly classes: readonly ClassFact[];
  readonly suppressions: readonly Suppression[];
  readonly warnings: readonly FactWarning[];
  /** For tsconfig.json and package.json: what module resolution reads from them. */
  readonly manifest?: Manifest;
}

/** compilerOptions that steer resolution, as written (paths relative to the file). */
export interface TsConfigManifest {
  readonly kind: 'tsconfig';
  /** `extends`, as written (a string or, since TS 5.0, a list). */
  readonly extends: readonly string[];
  readonly baseUrl: string | null;
  readonly paths: Readonly<Record<string, readonly string[]>> | null;
}

/** The parts of a package.json that say where its modules are. `exports`/`imports` are kept as JSON. */
export interface PackageManifest {
  readonly kind: 'package';
  readonly name: string | null;
  readonly main: string | null;
  readonly module: string | null;
  readonly types: string | null;
  readonly exports: unknown;
  readonly imports: unknown;
}

export type Manifest = TsConfigManifest | PackageManifest;

/** Facts by key (fact-key.ts): a Map in tests, the fact store (which may read them from disk on demand) in the engine. */
export interface FactLookup {
  get(key: FactKey): FileFacts | undefined;
}
