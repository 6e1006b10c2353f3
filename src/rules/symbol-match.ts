import type { SymbolName } from '../model/index.js';

/**
 * The configured symbol that covers `used`: the symbol itself or anything
 * inside it (a module covers its names, a class its attributes). Longest wins,
 * so `pkg.legacy` listed as legacy beats `pkg` listed as canonical.
 */
export function matchSymbol(symbols: readonly SymbolName[], used: string): SymbolName | null {
  let best: SymbolName | null = null;
  for (const s of symbols) {
    if ((used === s || used.startsWith(`${s}.`) || used.startsWith(`${s}#`)) && (!best || s.length > best.length)) best = s;
  }
  return best;
}

/** The module part of a symbol: a script's before `#`, else the longest dotted prefix that is a module. */
export function moduleOfSymbol(symbol: string, isModule: (m: string) => boolean): string | null {
  const hash = symbol.indexOf('#');
  if (hash >= 0 || symbol.includes('/')) {
    const m = hash >= 0 ? symbol.slice(0, hash) : symbol;
    return isModule(m) ? m : null;
  }
  const parts = symbol.split('.');
  for (let n = parts.length; n > 0; n--) {
    const m = parts.slice(0, n).join('.');
    if (isModule(m)) return m;
  }
  return null;
}
