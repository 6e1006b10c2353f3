/**
 * Dynamic imports, `importlib.import_module("m")` / `__import__("m")` with a
 * string literal: what both Python extractors (the lezer walker and the fast
 * one) make of such a call, so they agree by construction. Each reads the
 * call's arguments its own way and hands them over as CallArgument.
 */
import type { AliasBinding, DynamicImport, ImportFact } from '../../model/index.js';
import { stringLiteralValue } from './string-literal.js';

/** One argument's value as written: whether it is a single string literal token, and its text. */
export interface CallArgument {
  readonly isString: boolean;
  readonly text: string;
}

export interface CallArguments {
  readonly positional: readonly CallArgument[];
  readonly keywords: ReadonlyMap<string, CallArgument>;
}

/** A call that may be a dynamic import; whether it is depends on what the file binds its callee to (keepDynamicImports). */
export interface DynamicCandidate {
  readonly fact: DynamicImport;
  readonly callee: string;
  readonly emptyFromlist: boolean;
  readonly absolute: boolean;
}

/** What a candidate call imports, read off its arguments. */
export interface DynamicTarget {
  readonly module: string;
  readonly level: number;
  readonly emptyFromlist: boolean;
  readonly absolute: boolean;
}

/** A dotted callee ends in the function's own name; a bare one may be any name an import or alias binds to it. */
export function mayBeDynamicImportCallee(name: string): boolean {
  if (!name.includes('.')) return true;
  const last = name.slice(name.lastIndexOf('.') + 1);
  return last === 'import_module' || last === '__import__';
}

/** The module a candidate call names, or null when its first argument is not a usable string literal. */
export function dynamicTarget({ positional, keywords }: CallArguments): DynamicTarget | null {
  const first = positional[0];
  if (!first || !first.isString) return null;
  const value = stringLiteralValue(first.text);
  if (!value) return null;
  let level = /^\.*/.exec(value)![0].length;
  let module = value.slice(level);
  // `import_module(".x", "pkg")`: relative to the package the call names, not to this file.
  const packageArg = positional[1] ?? keywords.get('package');
  const packageName = packageArg?.isString ? stringLiteralValue(packageArg.text) : null;
  let absolute = false;
  if (level > 0 && packageName) {
    const resolved = relativeTo(packageName, module, level);
    if (resolved !== null) {
      module = resolved;
      level = 0;
      absolute = true;
    }
  }
  // `__import__("a.b")` is `a`; with a non-empty fromlist (4th argument) it is `a.b`.
  const fromlist = positional[3] ?? keywords.get('fromlist');
  const emptyFromlist = !fromlist || fromlist.text.replace(/\s/g, '') === 'None' || /^[[(]\s*[\])]$/.test(fromlist.text);
  return { module, level, emptyFromlist, absolute };
}

/** `importlib.import_module(name, package)` with dots: as `importlib._bootstrap._resolve_name` computes it; null when it climbs too far. */
function relativeTo(pkg: string, name: string, level: number): string | null {
  const parts = pkg.split('.');
  if (level - 1 >= parts.length) return null;
  const base = parts.slice(0, parts.length - (level - 1)).join('.');
  return name ? `${base}.${name}` : base;
}

/**
 * Keeps, in `imports` (edited in place), the dynamic-import candidates whose
 * callee is, by what this file binds it to, `importlib.import_module` or the
 * builtin `__import__`: `import importlib as il` then `il.import_module(...)`,
 * `from importlib import import_module as load`, `imp = importlib.import_module`,
 * a bare `__import__` the file does not bind. A same-named function of another
 * module is not one. Bindings are the file's, wherever they stand.
 */
export function keepDynamicImports(
  imports: ImportFact[],
  candidates: readonly DynamicCandidate[],
  aliases: readonly AliasBinding[],
  definitions: ReadonlySet<string>,
): void {
  if (candidates.length === 0) return;
  const named = new Map<string, string>();
  for (const imp of imports) {
    if (imp.kind === 'import') named.set(imp.bound, imp.boundIsModule ? imp.module : imp.module.split('.')[0]!);
    else if (imp.kind === 'from' && imp.level === 0) {
      for (const n of imp.names) {
        if (n.bound) named.set(n.bound, `${imp.module}.${n.name}`);
        else if (n.name === '*' && imp.module === 'importlib') named.set('import_module', 'importlib.import_module');
      }
    }
  }
  const meaning = (dotted: string, depth = 0): string | null => {
    const dot = dotted.indexOf('.');
    const root = dot < 0 ? dotted : dotted.slice(0, dot);
    const rest = dot < 0 ? '' : dotted.slice(dot);
    const alias = depth < 8 ? aliases.find((a) => a.name === root) : undefined;
    if (alias) {
      const inner = meaning(alias.target, depth + 1);
      return inner === null ? null : inner + rest;
    }
    const bound = named.get(root);
    if (bound !== undefined) return bound + rest;
    // An unbound `__import__` is the builtin (a def of that name makes it the file's own).
    return root === '__import__' && !definitions.has(root) ? `builtins.__import__${rest}` : null;
  };
  const drop = new Set<ImportFact>();
  for (const c of candidates) {
    const m = meaning(c.callee);
    if (m === 'importlib.import_module') continue;
    if (m === 'builtins.__import__' && !c.absolute) {
      if (c.emptyFromlist) (c.fact as { top?: boolean }).top = true;
      continue;
    }
    drop.add(c.fact);
  }
  if (drop.size === 0) return;
  const kept = imports.filter((imp) => !drop.has(imp));
  imports.length = 0;
  for (const imp of kept) imports.push(imp);
}
