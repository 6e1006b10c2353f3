import {
  MODULE_UNIT,
  eachReference,
  asModuleName,
  type ClassFact,
  type FileFacts,
  type ImportFact,
  type ModuleName,
  type Position,
  type RepoPath,
  type UseKind,
  type UnitName,
} from '../model/index.js';
import type { BlobSha } from '../model/index.js';
import { MODULE_LIST, PACKAGE_MANIFESTS, TSCONFIGS, indexChanges, isModuleKey, type ModuleIndex } from './module-index.js';
import { dottedMatcher, splitPattern } from './symbol-pattern.js';
import { effectiveTsconfig, resolveSpecifier, type EffectiveOptions, type SpecifierTarget, type SpecifierView } from './script-specifier.js';
import { isScriptPath, type Manifest } from '../model/index.js';
import { absoluteModule } from './resolve-relative.js';
import { ReadLog, type Reads } from './read-log.js';
import { MANIFEST, STAR, changedNames, moduleLevelNames } from './binding-changes.js';
import { StringPool } from '../facts/compact-facts.js';
import { factKeyOfPath } from '../facts/fact-key.js';
import { BLOB_SUMMARIES, type BlobSummary } from './blob-summaries.js';
import { resolveDeclared, type DeclaredSymbol, type SymbolLookups } from './declared-symbol.js';
import type { Origin } from './origin.js';

/** The empty list every use without hops or bindings shares (hundreds of thousands of them). */
const NONE: readonly string[] = Object.freeze([]);

/** What the resolver reads: the module index and facts by path, with the blob each path has. */
export interface ProgramView {
  readonly files: readonly RepoPath[];
  readonly index: ModuleIndex;
  factsOf(path: RepoPath): FileFacts | undefined;
  shaOf(path: RepoPath): BlobSha | undefined;
}

interface Memo<T> {
  readonly value: T;
  readonly reads: Reads;
  /** Set when something it read changed: it is computed again when next asked for. */
  dead: boolean;
}

type Readers<K> = Map<K, Array<Memo<unknown>>>;

/** Steps (bindings, origins, star exports) kept at most, per kind: enough for a module's fan-in, not a whole repository. */
const MAX_STEPS = 4096;

/**
 * Resolution results kept across snapshots, each with the reads it was
 * computed from (read-log.ts). Every entry is registered under each thing it
 * read; moving to another snapshot kills exactly the entries that read
 * something that differs there, so a check after a save re-resolves only what
 * the save can affect, and every other entry is reused without being looked
 * at. One lives for one check (session/judged-from-listing.ts and
 * judged-from-head.ts each make one), shared by the snapshots it judges (the
 * index, then HEAD a few files away): each syncs the memo to its snapshot.
 * What is kept between checks is the judgments (judgment/), not this, so dead
 * entries go with it and are never compacted.
 */
export class ResolutionMemo {
  /** Module names and symbols are built by concatenation over and over: one copy each. */
  readonly strings = new StringPool();
  readonly log = new ReadLog(this.strings);
  private synced: ProgramView | null = null;
  private readonly fileReaders: Readers<RepoPath> = new Map();
  /** Per module file, per name read of it (`*`: its star exports). */
  private readonly nameReaders = new Map<RepoPath, Readers<string>>();
  private readonly moduleReaders: Readers<string> = new Map();
  private readonly topReaders: Readers<string> = new Map();
  readonly uses = new Map<RepoPath, Memo<Use[]>>();
  readonly edges = new Map<RepoPath, Memo<ModuleEdge[]>>();
  readonly unresolved = new Map<RepoPath, Memo<Unresolved[]>>();
  /** Declared symbols of the rules (declared-symbol.ts), as the snapshot resolves them. */
  readonly declared = new Map<string, Memo<DeclaredSymbol>>();
  /** A rule's dotted glob expanded, and a canonical package's class names: asked once per rule, and per file judged. */
  readonly patterns = new Map<string, Memo<string[]>>();
  readonly classesUnder = new Map<string, Memo<readonly string[]>>();
  /**
   * The steps results are made of (a module's bindings, a name's origin, a
   * star import's names) are remembered for one snapshot only: their reads are
   * part of every result that used them, and keeping hundreds of thousands of
   * them across snapshots cost more memory than recomputing the few a change
   * needs.
   */
  readonly bindings = new Map<RepoPath, Memo<Map<string, Binding[]>>>();
  readonly origins = new Map<string, Memo<readonly Origin[]>>();
  readonly exports = new Map<string, Memo<string[]>>();
  /** Script import specifiers resolved, per importing directory; and each directory's compiler options. */
  readonly specifiers = new Map<string, Memo<SpecifierTarget>>();
  readonly compilerOptions = new Map<string, Memo<EffectiveOptions | null>>();
  hits = 0;
  misses = 0;
  /**
   * Lasting results not yet registered under what they read: registering
   * pays only when the memo moves to another snapshot, and a check of one
   * snapshot (--all, the working tree) never does (a tenth of a warm --all).
   */
  private unregistered: Array<Memo<unknown>> = [];

  /** Makes `view` the snapshot entries hold for: entries that read anything that differs from the previous one die. */
  sync(view: ProgramView): void {
    if (this.synced === view) return;
    this.releaseSteps();
    const before = this.synced;
    this.synced = view;
    // A view is one snapshot's: its blobs are read from it, not copied (a fresh memo per check would copy every file's).
    if (!before) return;
    for (const memo of this.unregistered) this.register(memo);
    this.unregistered = [];
    for (const p of view.files) {
      const sha = view.shaOf(p);
      const old = before.shaOf(p);
      if (old !== sha) this.fileChanged(p, old, sha, before, view);
    }
    // The same file list (a save): only blobs can differ.
    if (before.files !== view.files) {
      for (const p of before.files) {
        if (view.shaOf(p) !== undefined) continue;
        this.kill(this.fileReaders, p);
        this.killNames(p, null);
      }
      const { modules, tops } = indexChanges(before.index, view.index);
      for (const m of modules) this.kill(this.moduleReaders, m);
      for (const t of tops) this.kill(this.topReaders, t);
    }
  }

  /** A file's blob differs between two views: whole-file readers die, and readers of the names whose meaning changed. */
  private fileChanged(path: RepoPath, old: BlobSha | undefined, sha: BlobSha | undefined, before: ProgramView, view: ProgramView): void {
    this.kill(this.fileReaders, path);
    // Early cut-off: importers read only some names of this module; only those that changed meaning matter.
    const was = old === undefined ? undefined : before.factsOf(path);
    const now = sha === undefined ? undefined : view.factsOf(path);
    this.killNames(path, was && now ? changedNames(was, now) : null);
  }

  /** Forgets the steps (they are rebuilt on demand): at the end of a check, and whenever there are too many. */
  releaseSteps(): void {
    this.bindings.clear();
    this.origins.clear();
    this.exports.clear();
    this.specifiers.clear();
    this.compilerOptions.clear();
  }

  /** A fresh result, to be registered under everything it read (a step kept for this snapshot only needs no registering). */
  remember<T>(fresh: { value: T; reads: Reads }, lasting: boolean): Memo<T> {
    const memo: Memo<T> = { ...fresh, dead: false };
    if (lasting) this.unregistered.push(memo);
    return memo;
  }

  private register(memo: Memo<unknown>): void {
    const { files, names, modules, tops } = memo.reads;
    for (const f of files) register(this.fileReaders, f, memo);
    for (let i = 0; i < names.length; i += 2) {
      const path = names[i] as RepoPath;
      let readers = this.nameReaders.get(path);
      if (!readers) this.nameReaders.set(path, (readers = new Map()));
      register(readers, names[i + 1]!, memo);
    }
    for (const m of modules) register(this.moduleReaders, m, memo);
    for (const t of tops) register(this.topReaders, t, memo);
  }

  private kill<K>(readers: Readers<K>, key: K): void {
    const list = readers.get(key);
    if (!list) return;
    readers.delete(key);
    for (const memo of list) memo.dead = true;
  }

  /** Kills the readers of these names of a module, or of all its names (null). */
  private killNames(path: RepoPath, names: ReadonlySet<string> | null): void {
    const readers = this.nameReaders.get(path);
    if (!readers) return;
    if (names === null) {
      for (const name of [...readers.keys()]) this.kill(readers, name);
      this.nameReaders.delete(path);
    } else for (const name of names) this.kill(readers, name);
  }
}

function register<K>(readers: Readers<K>, key: K, memo: Memo<unknown>): void {
  const list = readers.get(key);
  if (list) list.push(memo);
  else readers.set(key, [memo]);
}

/** One use of a symbol by a unit of a file. */
export interface Use extends Position, Origin {
  readonly unit: UnitName;
  /** A call of a class is `instantiate`, told apart here by what the origin is (the class statement's module says). */
  readonly kind: UseKind;
  readonly typeOnly: boolean;
  /** Local names an import use binds (empty for references and unbound dynamic imports). */
  readonly bindings: readonly string[];
  /**
   * An import that binds what it imports under another name (`from m import X as Y`,
   * `import a.b as c`): the name as imported (`X`, `a.b`); its one binding is the `as` name.
   * Absent otherwise (no `as`, `as` the same name, a default import, the module use of a `from` import).
   */
  readonly imported?: string;
}

/** An import edge to an in-repo module, for the graph. */
export interface ModuleEdge extends Position {
  readonly unit: UnitName;
  readonly target: RepoPath;
  readonly module: ModuleName;
  readonly typeOnly: boolean;
}

export interface Unresolved extends Position {
  readonly message: string;
}

type Target = { kind: 'module'; module: ModuleName } | { kind: 'name'; module: ModuleName; name: string } | { kind: 'alias'; dotted: string };

interface Binding extends Position {
  readonly unit: UnitName;
  readonly typeOnly: boolean;
  /** May not run (facts' `guarded`): an earlier binding of the name may still stand. */
  readonly guarded: boolean;
  readonly target: Target;
}

const bySource = (a: Position, b: Position): number => a.line - b.line || a.column - b.column;

/**
 * The bindings of a name (in source order) that may be what it is at the end
 * of their unit: the last one that certainly runs and every one after it.
 * `from legacy import X` then `if False: X = object`: both; `try: from a
 * import X` / `except ImportError: from b import X`: both; `X = object` then
 * `from legacy import X`: only the import.
 */
function possibleBindings(list: readonly Binding[] | undefined): readonly Binding[] {
  if (!list?.length) return NONE_BINDINGS;
  let i = list.length - 1;
  while (i > 0 && list[i]!.guarded) i--;
  return i === 0 ? list : list.slice(i);
}

const NONE_BINDINGS: readonly Binding[] = Object.freeze([]);

/** Origins, one per object, in the order found. */
class OriginSet {
  readonly list: Origin[] = [];
  private readonly symbols = new Set<string>();
  get size(): number {
    return this.list.length;
  }
  add(o: Origin): void {
    if (this.symbols.has(o.symbol)) return;
    this.symbols.add(o.symbol);
    this.list.push(o);
  }
}

/**
 * Name origins, uses and edges over one snapshot. Build one per snapshot;
 * what it computes is remembered in the shared ResolutionMemo.
 */
export class Resolver {
  private readonly log: ReadLog;

  /** What script specifier resolution reads, each read recorded like every other. */
  private readonly specifierView: SpecifierView = {
    scriptFile: (id) => {
      const file = this.pathOf(id);
      return file && this.view.index.isScript(id) ? file : undefined;
    },
    // One read of the list of tsconfig files instead of one per directory probed: the nearest is found in memory.
    hasTsconfig: (path) => {
      this.log.module(TSCONFIGS);
      return this.view.index.tsconfigs.has(path);
    },
    optionsOf: (dir) => this.cached(this.memo.compilerOptions, dir, () => effectiveTsconfig(this.specifierView, dir), false),
    tsconfig: (path) => {
      const m = this.manifestOf(path);
      return m?.kind === 'tsconfig' ? m : undefined;
    },
    packageJson: (path) => {
      const m = this.manifestOf(path);
      return m?.kind === 'package' ? m : undefined;
    },
    packageManifests: () => {
      this.log.module(PACKAGE_MANIFESTS);
      return this.view.index.packageManifests;
    },
  };

  /** What resolving a declared symbol asks, through the same recorded lookups as everything else. */
  private readonly symbolLookups: SymbolLookups = {
    isModule: (module) => this.isModule(module),
    isInRepoTop: (segment) => this.isInRepoTopLevel(segment),
    binds: (module, name, script) => this.binds(asModuleName(module), name, script),
    origin: (module, name, script) => this.origin(asModuleName(module), name, script),
  };

  constructor(
    private readonly view: ProgramView,
    private readonly memo: ResolutionMemo = new ResolutionMemo(),
  ) {
    this.log = memo.log;
  }

  /** Uses of every symbol a file touches, by unit, with the import or reference position. */
  usesOf(path: RepoPath): Use[] {
    return this.cached(this.memo.uses, path, () => this.computeUses(path));
  }

  /** In-repo modules a file imports (graph edges), with where. */
  edgesOf(path: RepoPath): ModuleEdge[] {
    return this.cached(this.memo.edges, path, () => this.computeEdges(path));
  }

  /**
   * What a file's results computed so far (uses, edges, unresolved imports)
   * read: together they hold in any snapshot where none of it differs.
   */
  readsOf(path: RepoPath): Reads[] {
    this.memo.sync(this.view);
    const out: Reads[] = [];
    for (const store of [this.memo.uses, this.memo.edges, this.memo.unresolved] as Array<Map<RepoPath, Memo<unknown>>>) {
      const hit = store.get(path);
      if (hit && !hit.dead) out.push(hit.reads);
    }
    return out;
  }

  /** The object a rule's declared symbol names in this snapshot: resolved through the same chains as imports. */
  declared(symbol: string): DeclaredSymbol {
    // Lasting, like uses: a handful per config, and every judgment's classification depends on them.
    return this.cached(this.memo.declared, symbol, () => resolveDeclared(symbol, this.symbolLookups));
  }

  /**
   * The in-repo Python modules and module-level names a dotted glob matches
   * (rules/symbol-pattern.ts), in index order: read as the list of modules,
   * and as each candidate module's names (what its star signature covers).
   */
  expandPattern(pattern: string): string[] {
    return this.cached(this.memo.patterns, pattern, () => {
      this.log.module(MODULE_LIST);
      const { modules, candidates } = modulesMatching(this.view.index, pattern);
      const parts = splitPattern(pattern);
      const named = parts && dottedMatcher(parts.name);
      const out: string[] = [...modules];
      for (const [module, path] of candidates) for (const name of this.declaredNamesOf(path)) if (named!(name)) out.push(`${module}.${name}`);
      return [...new Set(out)];
    });
  }

  /** The names a glob may find in a module (blob-summaries.ts), read as its STAR signature (which covers them). */
  private declaredNamesOf(path: RepoPath): readonly string[] {
    this.log.name(path, STAR);
    return this.summaryOf(path)?.declaredNames ?? [];
  }

  /** By blob, for the life of the process (blob-summaries.ts): the memo lives for one check only. */
  private summaryOf(path: RepoPath): BlobSummary | undefined {
    const sha = this.view.shaOf(path);
    return sha === undefined ? undefined : BLOB_SUMMARIES.of(factKeyOfPath(path, sha), path.endsWith('/__init__.py') || path === '__init__.py', () => this.view.factsOf(path));
  }

  /**
   * The class statement an in-repo Python origin names (`pkg.mod.Name`, `pkg.mod.Outer.Inner`), or
   * null: read as the one top-level name of its module (bindingSignatures counts its classes and their
   * methods), so an edit elsewhere in that module leaves the answer standing.
   */
  classOf(symbol: string): ClassFact | null {
    const dot = symbol.indexOf('.');
    if (dot < 0 || !this.isInRepoTopLevel(symbol.slice(0, dot))) return null;
    for (let i = symbol.lastIndexOf('.'); i > 0; i = symbol.lastIndexOf('.', i - 1)) {
      const path = this.pathOf(symbol.slice(0, i));
      if (path === undefined) continue;
      if (path === null) return null;
      const qualified = symbol.slice(i + 1);
      this.log.name(path, qualified.split('.')[0]!);
      return this.view.factsOf(path)?.classes.find((c) => c.name === qualified && c.unit === MODULE_UNIT) ?? null;
    }
    return null;
  }

  /**
   * The names of the class statements of an in-repo module and of every module under it (forbid "definition"
   * allows its classes in a canonical module's submodules too, as rules/rule-targets.ts covers() says): read as the list of
   * modules, and each covered module's facts whole.
   */
  classNamesUnder(module: string): readonly string[] {
    return this.cached(this.memo.classesUnder, module, () => {
      this.log.module(MODULE_LIST);
      const out: string[] = [];
      for (const [name, path] of this.view.index.modules) {
        if (!path || !isModuleKey(name) || name.includes('/') || !(name === module || name.startsWith(`${module}.`))) continue;
        for (const c of this.classNamesIn(path)) out.push(c);
      }
      return out;
    });
  }

  /** The last segment of each class statement's name in a file (`Outer.Inner` is `Inner`), read whole. */
  private classNamesIn(path: RepoPath): readonly string[] {
    this.log.file(path);
    return this.summaryOf(path)?.classNames ?? [];
  }

  /** Every name a module binds at module level (a script module: exports); for messages only, whatever it records. */
  namesIn(module: string): string[] {
    const path = this.view.index.pathOf(asModuleName(module));
    const facts = path ? this.view.factsOf(path) : undefined;
    if (!path || !facts) return [];
    if (this.view.index.isScript(module)) return [...(facts.dunderAll ?? [])];
    const names = new Set([...facts.definitions, ...(facts.dunderAll ?? [])]);
    for (const [name, bs] of this.computeBindings(path)) if (bs.some((b) => b.unit === MODULE_UNIT)) names.add(name);
    return [...names];
  }

  /** Runs `compute` against this snapshot and says what it read (for results made of several lookups). */
  recorded<T>(compute: () => T): { value: T; reads: Reads } {
    this.memo.sync(this.view);
    return this.log.record(compute);
  }

  /** Imports that name an in-repo package's module that does not exist, or climb above the top. */
  unresolvedOf(path: RepoPath): Unresolved[] {
    return this.cached(this.memo.unresolved, path, () => this.computeUnresolved(path));
  }

  /** The memoised value when its reads still hold here, else computed (and its reads recorded). */
  private cached<K, T>(store: Map<K, Memo<T>>, key: K, compute: () => T, lasting = true): T {
    // Programs of one session take turns (the index, then HEAD): the memo judges against this one's view.
    this.memo.sync(this.view);
    const hit = store.get(key);
    if (hit && !hit.dead) {
      this.memo.hits++;
      this.log.replay(hit.reads);
      return hit.value;
    }
    this.memo.misses++;
    const fresh = this.log.record(compute);
    // Steps are a cache within one check: past a bound they are dropped rather than piled up.
    if (!lasting && store.size >= MAX_STEPS) store.clear();
    store.set(key, this.memo.remember(fresh, lasting));
    return fresh.value;
  }

  /** Every read of another file's facts or of the module index goes through these, so it is recorded. */
  private factsOf(path: RepoPath): FileFacts | undefined {
    this.log.file(path);
    return this.view.factsOf(path);
  }

  private pathOf(module: string): RepoPath | null | undefined {
    const answer = this.view.index.pathOf(asModuleName(module));
    this.log.module(module);
    return answer;
  }

  /** Read as one name of the file, so an edit that leaves what resolution reads alone kills nothing (binding-changes.ts). */
  private manifestOf(path: RepoPath): Manifest | undefined {
    this.log.name(path, MANIFEST);
    return this.view.factsOf(path)?.manifest;
  }

  private isModule(module: string): boolean {
    return this.pathOf(module) !== undefined;
  }

  private isInRepoTopLevel(segment: string): boolean {
    const answer = this.view.index.isInRepoTopLevel(segment);
    this.log.top(segment);
    return answer;
  }

  private computeUses(path: RepoPath): Use[] {
    const facts = this.factsOf(path);
    if (!facts) return [];
    const script = isScriptPath(path);
    const uses: Use[] = [];
    const strings = this.memo.strings;
    const push = (unit: UnitName, typeOnly: boolean, at: Position, origin: Origin, bindings: readonly string[] = NONE, imported?: string, kind: UseKind = 'import'): void => {
      const use: Use = { unit, kind, typeOnly, line: at.line, column: at.column, symbol: strings.intern(origin.symbol), via: origin.via, bindings };
      uses.push(imported === undefined ? use : { ...use, imported });
    };
    for (const imp of facts.imports) {
      const base = this.baseModule(path, imp);
      if (base === null) continue;
      if (imp.kind !== 'from') {
        const renamed = imp.kind === 'import' && imp.boundIsModule && imp.bound !== imp.module.split(/[./]/).pop() ? imp.module : undefined;
        push(imp.unit, imp.typeOnly, imp, { symbol: base, via: NONE }, imp.bound ? [imp.bound] : [], renamed);
        // `import_module("m").Name`, `__import__("pkg").mod.Name`: what the attributes of the call's value name.
        if (imp.kind === 'dynamic' && imp.attribute) {
          const value = imp.top ? asModuleName(base.split('.')[0]!) : base;
          push(imp.unit, imp.typeOnly, imp, this.attributeOrigin({ symbol: value, via: NONE }, imp.attribute.split('.'), script));
        }
        continue;
      }
      // `from m import x` uses m itself, and x's origin.
      const bound = imp.names.flatMap((n) => (n.bound ? [n.bound] : []));
      push(imp.unit, imp.typeOnly, imp, { symbol: base, via: NONE }, bound);
      for (const n of imp.names) {
        if (n.name === '*') {
          for (const exported of this.exportsOf(base, script)) for (const o of this.origins(base, exported, script)) push(imp.unit, imp.typeOnly, n, o, [exported]);
        } else {
          const renamed = n.bound && n.bound !== n.name && n.name !== 'default' ? n.name : undefined;
          for (const o of this.origins(base, n.name, script)) push(imp.unit, imp.typeOnly, n, o, n.bound ? [n.bound] : [], renamed);
        }
      }
    }
    const bindings = this.bindingsOf(path);
    eachReference(facts.references, (ref) => {
      for (const origin of this.resolveDottedAll(path, bindings, ref.unit, ref.dotted)) {
        const kind = ref.role === 'call' && !script && this.classOf(origin.symbol) ? 'instantiate' : ref.role;
        push(ref.unit, origin.typeOnly, ref, origin, NONE, undefined, kind);
      }
    });
    return uses;
  }

  private computeEdges(path: RepoPath): ModuleEdge[] {
    const facts = this.factsOf(path);
    if (!facts) return [];
    const edges: ModuleEdge[] = [];
    const script = isScriptPath(path);
    const add = (imp: ImportFact, module: ModuleName, at: Position): void => {
      const target = this.pathOf(module);
      if (target) edges.push({ unit: imp.unit, target, module, typeOnly: imp.typeOnly, line: at.line, column: at.column });
    };
    for (const imp of facts.imports) {
      const base = this.baseModule(path, imp);
      if (base === null) continue;
      add(imp, base, imp);
      // `from pkg import mod` imports a submodule too; no script import does.
      if (imp.kind === 'from' && !script) {
        for (const n of imp.names) {
          const sub = asModuleName(`${base}.${n.name}`);
          if (n.name !== '*' && this.isModule(sub)) add(imp, sub, n);
        }
      }
    }
    return edges;
  }

  private computeUnresolved(path: RepoPath): Unresolved[] {
    const facts = this.factsOf(path);
    if (!facts) return [];
    const out: Unresolved[] = [];
    if (isScriptPath(path)) {
      for (const imp of facts.imports) {
        const target = this.specifierTarget(path, imp.module);
        if (target.kind === 'unresolved') out.push({ line: imp.line, column: imp.column, message: target.message });
      }
      return out;
    }
    for (const imp of facts.imports) {
      const dots = '.'.repeat(imp.level);
      const base = this.baseModule(path, imp);
      if (base === null) {
        out.push({ line: imp.line, column: imp.column, message: `relative import "${dots}${imp.module}" climbs above the top-level package` });
        continue;
      }
      const inRepo = imp.level > 0 || this.isInRepoTopLevel(base.split('.')[0]!);
      if (!inRepo || this.isModule(base) || this.underNamespacePortion(base)) continue;
      // `import pkg.Name` never works for a non-module, but `from pkg.mod import X` needs pkg.mod only.
      out.push({ line: imp.line, column: imp.column, message: `cannot resolve module "${dots}${imp.module}" (${base}): no such file under the configured python roots` });
    }
    return out;
  }

  /**
   * PEP 420: a directory without `__init__.py` is only a portion of a
   * namespace package, and any regular package of that name on the path (an
   * installed library, `alembic/` next to migration scripts in an `alembic/`
   * folder) wins over it. When the nearest enclosing package a missing module
   * has here is such a portion, the module may well exist where this
   * snapshot cannot see: it is not reported.
   */
  private underNamespacePortion(module: string): boolean {
    for (let i = module.lastIndexOf('.'); i > 0; i = module.lastIndexOf('.', i - 1)) {
      const parent = module.slice(0, i);
      const file = this.pathOf(parent);
      if (file !== undefined) return file === null;
    }
    return false;
  }

  /**
   * The origin of `name` as seen from module `module` (a script module when
   * `script`: its names are `module#name`). Cycles end at the name where they close.
   * The one the module's last binding of the name leads to: see `origins` for all it may be.
   */
  origin(module: ModuleName, name: string, script = false, seen: Set<string> = new Set()): Origin {
    return this.origins(module, name, script, seen)[0]!;
  }

  /**
   * Every object `module.name` may be once the module has run, the one its
   * last binding leads to first. A name bound in several places
   * (`from legacy import X` then `if False: X = object`; an `if`/`else` or
   * `try`/`except ImportError` that imports it in one branch) may be any
   * binding made after the last one that certainly runs (possibleBindings),
   * and each of those is followed; one entry per object.
   */
  origins(module: ModuleName, name: string, script = false, seen: Set<string> = new Set()): readonly Origin[] {
    // Inside a cycle the answer depends on where the walk entered it: only whole walks are remembered.
    if (seen.size) return this.computeOrigins(module, name, script, seen);
    return this.cached(this.memo.origins, `${module}${script ? '#' : ':'}${name}`, () => this.computeOrigins(module, name, script, seen), false);
  }

  private computeOrigins(module: ModuleName, name: string, script: boolean, seen: Set<string>): readonly Origin[] {
    const self = `${module}${script ? '#' : '.'}${name}`;
    const here: Origin = { symbol: self, via: NONE };
    if (!script && this.isModule(self)) return [here];
    const path = this.pathOf(module);
    if (!path) return [here];
    const key = `${module}:${name}`;
    if (seen.has(key)) return [here];
    seen.add(key);
    // Only this name of the module is read (bindingSignatures says what that covers), not the whole file.
    this.log.name(path, name);
    try {
      // `from m import X` then `class X:` in the module body: the module's own X is what the name is.
      if (this.view.factsOf(path)?.rebound.includes(name)) return [here];
      const out = new OriginSet();
      const through = (o: Origin): Origin => ({ symbol: o.symbol, via: [self, ...o.via] });
      const bindings = possibleBindings(this.bindingsOf(path).get(name)?.filter((b) => b.unit === MODULE_UNIT));
      // Last first: what the last binding leads to is the origin; the earlier ones it may not have replaced follow.
      for (let i = bindings.length - 1; i >= 0; i--) {
        const target = bindings[i]!.target;
        if (target.kind === 'name') for (const o of this.origins(target.module, target.name, script, seen)) out.add(through(o));
        else {
          const inner = this.originOfTarget(path, target, script, seen);
          if (inner) out.add(through(inner));
        }
        if (i === bindings.length - 1 && out.size === 0) out.add(this.unboundOrigin(module, path, name, script, seen, here));
      }
      if (out.size === 0) out.add(this.unboundOrigin(module, path, name, script, seen, here));
      return out.list;
    } finally {
      seen.delete(key);
    }
  }

  /** What `module.name` is when no import or alias of it leads anywhere: its own definition, or what a star import passes on. */
  private unboundOrigin(module: ModuleName, path: RepoPath, name: string, script: boolean, seen: Set<string>, here: Origin): Origin {
    const self = here.symbol;
    const facts = this.view.factsOf(path);
    if (facts?.definitions.includes(name)) return here;
    this.log.name(path, STAR);
    // `export * from` passes on every name but the default export.
    for (const star of script && name === 'default' ? [] : this.starSources(path, facts)) {
      if (this.exportsOf(star, script).includes(name)) {
        const inner = this.origin(star, name, script, seen);
        return { symbol: inner.symbol, via: [self, ...inner.via] };
      }
    }
    return here;
  }

  /**
   * Names a star import of `module` binds: a literal `__all__`, else its
   * public module-level names. For a script module: its named exports,
   * and those of the modules it `export * from`s.
   */
  exportsOf(module: ModuleName, script = false, seen: Set<string> = new Set()): string[] {
    if (seen.size) return this.computeExports(module, script, seen);
    return this.cached(this.memo.exports, `${script ? '#' : ''}${module}`, () => this.computeExports(module, script, seen), false);
  }

  private computeExports(module: ModuleName, script: boolean, seen: Set<string>): string[] {
    const path = this.pathOf(module);
    const facts = path ? this.view.factsOf(path) : undefined;
    if (!facts || !path) return [];
    this.log.name(path, STAR);
    if (script) {
      if (seen.has(module)) return [];
      seen.add(module);
      const names = new Set(facts.dunderAll ?? []);
      for (const star of this.starSources(path, facts)) for (const n of this.exportsOf(star, true, seen)) if (n !== 'default') names.add(n);
      seen.delete(module);
      return [...names];
    }
    if (facts.dunderAll) return [...facts.dunderAll];
    const names = new Set(facts.definitions);
    for (const [name, bs] of this.bindingsOf(path)) if (bs.some((b) => b.unit === MODULE_UNIT)) names.add(name);
    // Names the module binds through its own star imports are its public names too.
    if (seen.has(module)) return [];
    seen.add(module);
    for (const star of this.starSources(path, facts)) for (const n of this.exportsOf(star, false, seen)) names.add(n);
    seen.delete(module);
    return [...names].filter((n) => !n.startsWith('_'));
  }

  /**
   * Whether a module binds `name` at module level: a definition, an import or
   * an alias of its own, or a name one of its star imports passes on (for a
   * script module: a name it exports).
   */
  private binds(module: ModuleName, name: string, script: boolean): boolean {
    const path = this.pathOf(module);
    if (!path) return false;
    if (script) return this.exportsOf(module, true).includes(name);
    this.log.name(path, name);
    const facts = this.view.factsOf(path);
    // `__all__` counts: a PEP 562 package lists the names its `__getattr__` makes on first use.
    if (facts?.definitions.includes(name) || facts?.dunderAll?.includes(name)) return true;
    if (this.bindingsOf(path).get(name)?.some((b) => b.unit === MODULE_UNIT)) return true;
    this.log.name(path, STAR);
    return this.starSources(path, facts).some((star) => this.exportsOf(star, false).includes(name));
  }

  /** The modules a module's own module-level star imports (`from m import *`, `export * from`) take names from, in order. */
  private starSources(path: RepoPath, facts: FileFacts | undefined): ModuleName[] {
    const out: ModuleName[] = [];
    for (const imp of facts?.imports ?? []) {
      if (imp.kind !== 'from' || imp.unit !== MODULE_UNIT || !imp.names.some((n) => n.name === '*')) continue;
      const star = this.baseModule(path, imp);
      if (star) out.push(star);
    }
    return out;
  }

  private originOfTarget(path: RepoPath, target: Target, script: boolean, seen: Set<string>): (Origin & { typeOnly?: boolean }) | null {
    switch (target.kind) {
      case 'module':
        return { symbol: target.module, via: NONE };
      case 'name':
        return this.origin(target.module, target.name, script, seen);
      case 'alias': {
        const module = this.moduleOfPathOrGuess(path);
        const sep = script ? '#' : '.';
        const resolved = this.resolveDotted(path, this.bindingsOf(path), MODULE_UNIT, target.dotted, seen);
        // Each alias hop is named, so `explain` can show the whole chain.
        if (resolved) return { ...resolved, via: module ? [`${module}${sep}${target.dotted}`, ...resolved.via] : resolved.via };
        // `Alias = LocalClass`: the origin is the class defined right here (not when an import or alias binds the
        // name and led nowhere: `TimeoutError = TimeoutError` names the builtin).
        const root = target.dotted.split('.')[0]!;
        this.log.name(path, root);
        const bound = this.bindingsOf(path).get(root)?.some((b) => b.unit === MODULE_UNIT);
        return module && !bound && this.view.factsOf(path)?.definitions.includes(root) ? { symbol: `${module}${sep}${target.dotted}`, via: NONE } : null;
      }
    }
  }

  /** `m.sub.Name.attr` read in `unit`: what the last binding of the root leads to (resolveDottedAll: all it may be). */
  private resolveDotted(
    path: RepoPath,
    bindings: Map<string, Binding[]>,
    unit: UnitName,
    dotted: string,
    seen: Set<string> = new Set(),
  ): (Origin & { typeOnly: boolean }) | null {
    return this.resolveDottedAll(path, bindings, unit, dotted, seen, true)[0] ?? null;
  }

  /**
   * `m.sub.Name.attr` read in `unit`: follow the root binding, then submodules, then the origin of the first non-module.
   * Each binding of the root that may stand (possibleBindings) is followed, the last one first; `lastOnly`: that one.
   */
  private resolveDottedAll(
    path: RepoPath,
    bindings: Map<string, Binding[]>,
    unit: UnitName,
    dotted: string,
    seen: Set<string> = new Set(),
    lastOnly = false,
  ): Array<Origin & { typeOnly: boolean }> {
    const [root, ...rest] = dotted.split('.');
    this.log.name(path, root!);
    const candidates = bindings.get(root!);
    // A module-level name no statement binds may come from one of the module's star imports (`Alias = Name` after `from m import *`).
    const starred = !candidates?.length && unit === MODULE_UNIT && !isScriptPath(path) ? this.moduleOfPathOrGuess(path) : null;
    if (!candidates?.length && !starred) return [];
    // A binding made in the same unit shadows a module-level one.
    const local = candidates?.filter((b) => b.unit === unit) ?? [];
    // `X = X` rebinds X to itself: the X it names is the one bound before it.
    const notSelf = (b: Binding): boolean => !(b.target.kind === 'alias' && b.target.dotted === root);
    const chosen: readonly Binding[] = starred
      ? [{ unit: MODULE_UNIT, typeOnly: false, guarded: false, line: 0, column: 0, target: { kind: 'name', module: starred, name: root! } }]
      : possibleBindings((local.length ? local : candidates!.filter((b) => b.unit === MODULE_UNIT)).filter(notSelf));
    const out: Array<Origin & { typeOnly: boolean }> = [];
    const symbols = new Set<string>();
    const script = isScriptPath(path);
    const stop = lastOnly ? Math.max(chosen.length - 1, 0) : 0;
    for (let i = chosen.length - 1; i >= stop; i--) {
      const binding = chosen[i]!;
      const aliasKey = `${path}#${root}`;
      if (binding.target.kind === 'alias') {
        if (seen.has(aliasKey)) continue;
        seen.add(aliasKey);
      }
      let origin = this.originOfTarget(path, binding.target, script, seen);
      if (binding.target.kind === 'alias' && !lastOnly) seen.delete(aliasKey);
      if (!origin) continue;
      if (starred) {
        // No hop: no star import binds it either (a builtin, a local definition). Else the first hop is `module.Name`, which the alias names already.
        if (!origin.via.length) continue;
        origin = { symbol: origin.symbol, via: origin.via.slice(1) };
      }
      const found = this.attributeOrigin(origin, rest, script, binding.target.kind === 'module', seen);
      if (symbols.has(found.symbol)) continue;
      symbols.add(found.symbol);
      out.push({ symbol: found.symbol, via: found.via, typeOnly: binding.typeOnly });
    }
    return out;
  }

  /** `value.a.b`: submodules while the value is a module, then the origin of the first name in one, then plain attributes. */
  private attributeOrigin(origin: Origin, rest: readonly string[], script: boolean, ofModuleBinding = true, seen: Set<string> = new Set()): Origin {
    const via = [...origin.via];
    for (let i = 0; i < rest.length; i++) {
      const seg = rest[i]!;
      if (!this.isModule(origin.symbol)) {
        // `ns.debounce` with `import * as ns from 'lodash'`: a name of a third-party script module.
        const sep = script && i === 0 && ofModuleBinding ? '#' : '.';
        return { symbol: `${origin.symbol}${sep}${rest.slice(i).join('.')}`, via };
      }
      const inner = this.origin(asModuleName(origin.symbol), seg, script, seen);
      via.push(...inner.via);
      origin = { symbol: inner.symbol, via };
    }
    return { symbol: origin.symbol, via: rest.length ? via : origin.via };
  }

  private bindingsOf(path: RepoPath): Map<string, Binding[]> {
    return this.cached(this.memo.bindings, path, () => this.computeBindings(path), false);
  }

  /** Every name a module binds. Reads its facts unrecorded: callers record the names they look up. */
  private computeBindings(path: RepoPath): Map<string, Binding[]> {
    const map = new Map<string, Binding[]>();
    const add = (name: string, b: Binding): void => {
      const list = map.get(name);
      if (list) list.push(b);
      else map.set(name, [b]);
    };
    const facts = this.view.factsOf(path);
    const script = isScriptPath(path);
    for (const imp of facts?.imports ?? []) {
      const base = this.baseModule(path, imp);
      if (base === null) continue;
      const common = { unit: imp.unit, typeOnly: imp.typeOnly, guarded: imp.guarded === true, line: imp.line, column: imp.column };
      if (imp.kind === 'import') {
        const module = imp.boundIsModule ? base : asModuleName(base.split('.')[0]!);
        add(imp.bound, { ...common, target: { kind: 'module', module } });
      } else if (imp.kind === 'dynamic') {
        if (imp.bound) add(imp.bound, { ...common, target: { kind: 'module', module: imp.top ? asModuleName(base.split('.')[0]!) : base } });
      } else {
        for (const n of imp.names) {
          if (!n.bound) continue;
          const sub = `${base}.${n.name}`;
          const target: Target = !script && this.isModule(sub)
            ? { kind: 'module', module: asModuleName(sub) }
            : { kind: 'name', module: base, name: n.name };
          add(n.bound, { ...common, line: n.line, column: n.column, target });
        }
      }
    }
    for (const a of facts?.aliases ?? []) add(a.name, { unit: MODULE_UNIT, typeOnly: false, guarded: a.guarded === true, line: a.line, column: a.column, target: { kind: 'alias', dotted: a.target } });
    // In source order: the last binding of a name is the one that stands (an import after an alias rebinds it).
    for (const list of map.values()) if (list.length > 1) list.sort(bySource);
    return map;
  }

  private baseModule(path: RepoPath, imp: ImportFact): ModuleName | null {
    if (isScriptPath(path)) {
      const target = this.specifierTarget(path, imp.module);
      return target.kind === 'module' || target.kind === 'external' ? target.module : null;
    }
    if (imp.level === 0) return asModuleName(imp.module);
    return absoluteModule(this.moduleOfPathOrGuess(path), this.view.index.isPackageFile(path), imp.module, imp.level);
  }

  /** Where a script's import specifier leads; shared by the files of a directory for one snapshot. */
  private specifierTarget(path: RepoPath, specifier: string): SpecifierTarget {
    const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
    return this.cached(this.memo.specifiers, `${dir}\0${specifier}`, () => resolveSpecifier(this.specifierView, dir, specifier), false);
  }

  /** Files outside every root still get a path-derived module so their relative imports resolve. */
  private moduleOfPathOrGuess(path: RepoPath): ModuleName | null {
    const known = this.view.index.moduleOf(path);
    if (known) return known;
    const parts = path.replace(/\.pyi?$/, '').split('/');
    if (parts[parts.length - 1] === '__init__') parts.pop();
    return parts.length ? asModuleName(parts.join('.')) : null;
  }
}


/**
 * The modules a dotted glob matches itself, and the modules whose names it may match (the part before
 * its last dot), of one module index: a pure function of the two, kept while the index lives. Saves
 * that do not add or remove files keep their snapshot's index, so a glob over every module is matched
 * against the module list once, not on every save.
 */
function modulesMatching(index: ModuleIndex, pattern: string): ModulesMatching {
  let byPattern = MATCHING.get(index);
  if (!byPattern) MATCHING.set(index, (byPattern = new Map()));
  const known = byPattern.get(pattern);
  if (known) return known;
  const matches = dottedMatcher(pattern);
  const parts = splitPattern(pattern);
  const inModule = parts && dottedMatcher(parts.modules);
  const modules: string[] = [];
  const candidates: Array<readonly [string, RepoPath]> = [];
  for (const [module, path] of index.modules) {
    if (!isModuleKey(module) || module.includes('/')) continue;
    if (matches(module)) modules.push(module);
    if (path && inModule!(module)) candidates.push([module, path]);
  }
  const found = { modules, candidates };
  byPattern.set(pattern, found);
  return found;
}

interface ModulesMatching {
  readonly modules: readonly string[];
  readonly candidates: ReadonlyArray<readonly [string, RepoPath]>;
}

const MATCHING = new WeakMap<ModuleIndex, Map<string, ModulesMatching>>();
