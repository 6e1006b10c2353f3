import type { Origin } from './origin.js';

/**
 * What a symbol a rule declares (canonical, legacy) names in one snapshot:
 * the object, not the spelling. `WebSocketManager = _Impl` declared legacy
 * stands for `_Impl`, so every name whose origin is `_Impl` is a use of it.
 */
interface Resolved {
  /** As declared. */
  readonly symbol: string;
  /** Where the symbol's re-export and alias chain ends: the object (the symbol itself when it names no chain). */
  readonly origin: string;
  /** The hops of that chain. */
  readonly via: readonly string[];
  /** The modules the chain passes through: none of them uses the object by defining or passing it on. */
  readonly homes: readonly string[];
}

export type DeclaredSymbol =
  /** An in-repo module (a name inside it is covered too), or a name an in-repo module binds. */
  | (Resolved & { readonly kind: 'module' | 'name' })
  /** Outside the repository (a third-party package): the snapshot cannot say more than the spelling. */
  | (Resolved & { readonly kind: 'external' })
  /** Under an in-repo package, but nothing there has this name. */
  | (Resolved & {
      readonly kind: 'missing';
      /** Where the name was looked for (the longest prefix that is a module) and the part looked up; null when no prefix is a module. */
      readonly lookedUp: { readonly module: string; readonly name: string } | null;
    });

/** What resolving a declared symbol asks of a snapshot; every answer is recorded by the resolver (read-log.ts). */
export interface SymbolLookups {
  isModule(module: string): boolean;
  isInRepoTop(segment: string): boolean;
  /** Whether a module binds `name` at module level: defines, imports, aliases, or (scripts: exports) it, or passes it on by a star import. */
  binds(module: string, name: string, script: boolean): boolean;
  origin(module: string, name: string, script: boolean): Origin;
}

/** A declared symbol's object in the snapshot `q` reads. */
export function resolveDeclared(symbol: string, q: SymbolLookups): DeclaredSymbol {
  const hash = symbol.indexOf('#');
  if (hash >= 0 || symbol.includes('/')) return resolveScript(symbol, hash, q);
  if (q.isModule(symbol)) return { kind: 'module', symbol, origin: symbol, via: [], homes: [symbol] };
  const parts = symbol.split('.');
  for (let n = parts.length - 1; n > 0; n--) {
    const module = parts.slice(0, n).join('.');
    if (!q.isModule(module)) continue;
    const name = parts[n]!;
    if (!q.binds(module, name, false)) return missing(symbol, module, name);
    const found = q.origin(module, name, false);
    const rest = parts.slice(n + 1);
    const origin = rest.length ? `${found.symbol}.${rest.join('.')}` : found.symbol;
    return { kind: 'name', symbol, origin, via: found.via, homes: homesOf([module, ...found.via, found.symbol], q, false) };
  }
  return q.isInRepoTop(parts[0]!) ? missing(symbol, null, null) : external(symbol);
}

function resolveScript(symbol: string, hash: number, q: SymbolLookups): DeclaredSymbol {
  const module = hash >= 0 ? symbol.slice(0, hash) : symbol;
  if (!q.isModule(module)) {
    // A module path names a file of the repository; a bare or scoped name (`lodash`, `@scope/pkg`) a package.
    return module.includes('/') && !module.startsWith('@') ? missing(symbol, null, null) : external(symbol);
  }
  if (hash < 0) return { kind: 'module', symbol, origin: symbol, via: [], homes: [symbol] };
  const [name, ...rest] = symbol.slice(hash + 1).split('.');
  if (!q.binds(module, name!, true)) return missing(symbol, module, name!);
  const found = q.origin(module, name!, true);
  const origin = rest.length ? `${found.symbol}.${rest.join('.')}` : found.symbol;
  return { kind: 'name', symbol, origin, via: found.via, homes: homesOf([module, ...found.via, found.symbol], q, true) };
}

const missing = (symbol: string, module: string | null, name: string | null): DeclaredSymbol =>
  ({ kind: 'missing', symbol, origin: symbol, via: [], homes: [], lookedUp: module !== null && name !== null ? { module, name } : null });
const external = (symbol: string): DeclaredSymbol => ({ kind: 'external', symbol, origin: symbol, via: [], homes: [] });

/** The module of each hop of a chain (`pkg.mod.Name` -> `pkg.mod`, `src/a#X` -> `src/a`), once each. */
function homesOf(hops: readonly string[], q: SymbolLookups, script: boolean): string[] {
  const out = new Set<string>();
  for (const hop of hops) {
    if (script) {
      const hash = hop.indexOf('#');
      out.add(hash >= 0 ? hop.slice(0, hash) : hop);
      continue;
    }
    const parts = hop.split('.');
    for (let n = parts.length; n > 0; n--) {
      const m = parts.slice(0, n).join('.');
      if (q.isModule(m)) {
        out.add(m);
        break;
      }
    }
  }
  return [...out];
}
