import {
  MODULE_UNIT,
  asModuleName,
  type FileFacts,
  type ImportFact,
  type ModuleName,
  type Position,
  type RepoPath,
  type UnitName,
} from '../model/index.js';
import type { ModuleIndex } from './module-index.js';
import { absoluteModule } from './resolve-relative.js';

/** What the resolver reads: the module index and facts by path. */
export interface ProgramView {
  readonly index: ModuleIndex;
  factsOf(path: RepoPath): FileFacts | undefined;
}

/** Where a name really comes from, and the re-export/alias hops on the way. */
export interface Origin {
  readonly symbol: string;
  readonly via: readonly string[];
}

/** One use of a symbol by a unit of a file. */
export interface Use extends Position, Origin {
  readonly unit: UnitName;
  readonly typeOnly: boolean;
  /** Local names an import use binds (empty for references and unbound dynamic imports). */
  readonly bindings: readonly string[];
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

interface Binding {
  readonly unit: UnitName;
  readonly typeOnly: boolean;
  readonly target: Target;
}

/**
 * Name origins, uses and edges over one snapshot. Memoised per instance: build
 * a new one whenever the snapshot changes (origins depend on other files).
 */
export class Resolver {
  private readonly originMemo = new Map<string, Origin>();
  private readonly bindingMemo = new Map<RepoPath, Map<string, Binding[]>>();

  constructor(private readonly view: ProgramView) {}

  /** Uses of every symbol a file touches, by unit, with the import or reference position. */
  usesOf(path: RepoPath): Use[] {
    const facts = this.view.factsOf(path);
    if (!facts) return [];
    const uses: Use[] = [];
    const push = (unit: UnitName, typeOnly: boolean, at: Position, origin: Origin, bindings: readonly string[] = []): void => {
      uses.push({ unit, typeOnly, line: at.line, column: at.column, symbol: origin.symbol, via: origin.via, bindings });
    };
    for (const imp of facts.imports) {
      const base = this.baseModule(path, imp);
      if (base === null) continue;
      if (imp.kind !== 'from') {
        push(imp.unit, imp.typeOnly, imp, { symbol: base, via: [] }, imp.bound ? [imp.bound] : []);
        continue;
      }
      // `from m import x` uses m itself, and x's origin.
      const bound = imp.names.flatMap((n) => (n.bound ? [n.bound] : []));
      push(imp.unit, imp.typeOnly, imp, { symbol: base, via: [] }, bound);
      for (const n of imp.names) {
        if (n.name === '*') {
          for (const exported of this.exportsOf(base)) push(imp.unit, imp.typeOnly, n, this.origin(base, exported), [exported]);
        } else {
          push(imp.unit, imp.typeOnly, n, this.origin(base, n.name), n.bound ? [n.bound] : []);
        }
      }
    }
    const bindings = this.bindingsOf(path);
    for (const ref of facts.references) {
      const origin = this.resolveDotted(path, bindings, ref.unit, ref.dotted);
      if (origin) push(ref.unit, origin.typeOnly, ref, origin);
    }
    return uses;
  }

  /** In-repo modules a file imports (graph edges), with where. */
  edgesOf(path: RepoPath): ModuleEdge[] {
    const facts = this.view.factsOf(path);
    if (!facts) return [];
    const edges: ModuleEdge[] = [];
    const add = (imp: ImportFact, module: ModuleName, at: Position): void => {
      const target = this.view.index.pathOf(module);
      if (target) edges.push({ unit: imp.unit, target, module, typeOnly: imp.typeOnly, line: at.line, column: at.column });
    };
    for (const imp of facts.imports) {
      const base = this.baseModule(path, imp);
      if (base === null) continue;
      add(imp, base, imp);
      if (imp.kind === 'from') {
        for (const n of imp.names) {
          const sub = asModuleName(`${base}.${n.name}`);
          if (n.name !== '*' && this.view.index.isModule(sub)) add(imp, sub, n);
        }
      }
    }
    return edges;
  }

  /** Imports that name an in-repo package's module that does not exist, or climb above the top. */
  unresolvedOf(path: RepoPath): Unresolved[] {
    const facts = this.view.factsOf(path);
    if (!facts) return [];
    const out: Unresolved[] = [];
    for (const imp of facts.imports) {
      const dots = '.'.repeat(imp.level);
      const base = this.baseModule(path, imp);
      if (base === null) {
        out.push({ line: imp.line, column: imp.column, message: `relative import "${dots}${imp.module}" climbs above the top-level package` });
        continue;
      }
      const inRepo = imp.level > 0 || this.view.index.isInRepoTopLevel(base.split('.')[0]!);
      if (!inRepo || this.view.index.isModule(base)) continue;
      // `import pkg.Name` never works for a non-module, but `from pkg.mod import X` needs pkg.mod only.
      out.push({ line: imp.line, column: imp.column, message: `cannot resolve module "${dots}${imp.module}" (${base}): no such file under the configured python roots` });
    }
    return out;
  }

  /** The origin of `name` as seen from module `module`. Cycles end at the name where they close. */
  origin(module: ModuleName, name: string, seen: Set<string> = new Set()): Origin {
    const key = `${module}:${name}`;
    const memo = this.originMemo.get(key);
    if (memo) return memo;
    const result = this.computeOrigin(module, name, seen);
    if (!seen.size) this.originMemo.set(key, result);
    return result;
  }

  private computeOrigin(module: ModuleName, name: string, seen: Set<string>): Origin {
    const self = `${module}.${name}`;
    const here: Origin = { symbol: self, via: [] };
    if (this.view.index.isModule(self)) return here;
    const path = this.view.index.pathOf(module);
    if (!path) return here;
    const key = `${module}:${name}`;
    if (seen.has(key)) return here;
    seen.add(key);
    try {
      const bindings = this.bindingsOf(path).get(name)?.filter((b) => b.unit === MODULE_UNIT);
      const last = bindings?.[bindings.length - 1];
      if (last) {
        const inner = this.originOfTarget(path, last.target, seen);
        if (inner) return { symbol: inner.symbol, via: [self, ...inner.via] };
      }
      const facts = this.view.factsOf(path);
      if (facts?.definitions.includes(name)) return here;
      for (const imp of facts?.imports ?? []) {
        if (imp.kind !== 'from' || imp.unit !== MODULE_UNIT || !imp.names.some((n) => n.name === '*')) continue;
        const star = this.baseModule(path, imp);
        if (star && this.exportsOf(star).includes(name)) {
          const inner = this.origin(star, name, seen);
          return { symbol: inner.symbol, via: [self, ...inner.via] };
        }
      }
      return here;
    } finally {
      seen.delete(key);
    }
  }

  /** Names a star import of `module` binds: a literal `__all__`, else its public module-level names. */
  exportsOf(module: ModuleName): string[] {
    const path = this.view.index.pathOf(module);
    const facts = path ? this.view.factsOf(path) : undefined;
    if (!facts || !path) return [];
    if (facts.dunderAll) return [...facts.dunderAll];
    const names = new Set(facts.definitions);
    for (const [name, bs] of this.bindingsOf(path)) if (bs.some((b) => b.unit === MODULE_UNIT)) names.add(name);
    return [...names].filter((n) => !n.startsWith('_'));
  }

  private originOfTarget(path: RepoPath, target: Target, seen: Set<string>): (Origin & { typeOnly?: boolean }) | null {
    switch (target.kind) {
      case 'module':
        return { symbol: target.module, via: [] };
      case 'name':
        return this.origin(target.module, target.name, seen);
      case 'alias': {
        const module = this.moduleOfPathOrGuess(path);
        const resolved = this.resolveDotted(path, this.bindingsOf(path), MODULE_UNIT, target.dotted, seen);
        // Each alias hop is named, so `explain` can show the whole chain.
        if (resolved) return { ...resolved, via: module ? [`${module}.${target.dotted}`, ...resolved.via] : resolved.via };
        // `Alias = LocalClass`: the origin is the class defined right here.
        const root = target.dotted.split('.')[0]!;
        return module && this.view.factsOf(path)?.definitions.includes(root) ? { symbol: `${module}.${target.dotted}`, via: [] } : null;
      }
    }
  }

  /** `m.sub.Name.attr` read in `unit`: follow the root binding, then submodules, then the origin of the first non-module. */
  private resolveDotted(
    path: RepoPath,
    bindings: Map<string, Binding[]>,
    unit: UnitName,
    dotted: string,
    seen: Set<string> = new Set(),
  ): (Origin & { typeOnly: boolean }) | null {
    const [root, ...rest] = dotted.split('.');
    const candidates = bindings.get(root!);
    if (!candidates?.length) return null;
    // A binding made in the same unit shadows a module-level one.
    const local = candidates.filter((b) => b.unit === unit);
    const binding = (local.length ? local : candidates.filter((b) => b.unit === MODULE_UNIT)).at(-1);
    if (!binding) return null;
    if (binding.target.kind === 'alias') {
      const aliasKey = `${path}#${root}`;
      if (seen.has(aliasKey)) return null;
      seen.add(aliasKey);
    }
    let origin = this.originOfTarget(path, binding.target, seen);
    if (!origin) return null;
    const via = [...origin.via];
    for (let i = 0; i < rest.length; i++) {
      const seg = rest[i]!;
      if (!this.view.index.isModule(origin.symbol)) {
        origin = { symbol: [origin.symbol, ...rest.slice(i)].join('.'), via };
        break;
      }
      const inner = this.origin(asModuleName(origin.symbol), seg, seen);
      via.push(...inner.via);
      origin = { symbol: inner.symbol, via };
    }
    return { symbol: origin.symbol, via: origin.via, typeOnly: binding.typeOnly };
  }

  private bindingsOf(path: RepoPath): Map<string, Binding[]> {
    const memo = this.bindingMemo.get(path);
    if (memo) return memo;
    const map = new Map<string, Binding[]>();
    const add = (name: string, b: Binding): void => {
      const list = map.get(name);
      if (list) list.push(b);
      else map.set(name, [b]);
    };
    const facts = this.view.factsOf(path);
    for (const imp of facts?.imports ?? []) {
      const base = this.baseModule(path, imp);
      if (base === null) continue;
      const common = { unit: imp.unit, typeOnly: imp.typeOnly };
      if (imp.kind === 'import') {
        const module = imp.boundIsModule ? base : asModuleName(base.split('.')[0]!);
        add(imp.bound, { ...common, target: { kind: 'module', module } });
      } else if (imp.kind === 'dynamic') {
        if (imp.bound) add(imp.bound, { ...common, target: { kind: 'module', module: base } });
      } else {
        for (const n of imp.names) {
          if (!n.bound) continue;
          const sub = `${base}.${n.name}`;
          const target: Target = this.view.index.isModule(sub)
            ? { kind: 'module', module: asModuleName(sub) }
            : { kind: 'name', module: base, name: n.name };
          add(n.bound, { ...common, target });
        }
      }
    }
    for (const a of facts?.aliases ?? []) add(a.name, { unit: MODULE_UNIT, typeOnly: false, target: { kind: 'alias', dotted: a.target } });
    this.bindingMemo.set(path, map);
    return map;
  }

  private baseModule(path: RepoPath, imp: ImportFact): ModuleName | null {
    if (imp.level === 0) return asModuleName(imp.module);
    return absoluteModule(this.moduleOfPathOrGuess(path), this.view.index.isPackageFile(path), imp.module, imp.level);
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
