import type { SymbolName } from '../model/index.js';

/**
 * The configured symbol that covers `used`: the symbol itself or anything
 * inside it (a module covers its names, a class its attributes). Longest wins,
 * so `pkg.legacy` listed as legacy beats `pkg` listed as canonical.
 */
export function matchSymbol(symbols: readonly SymbolName[], used: string): SymbolName | null {
  let best: SymbolName | null = null;
  for (const s of symbols) {
    if ((used === s || used.startsWith(`${s}.`)) && (!best || s.length > best.length)) best = s;
  }
  return best;
}

/** The module part of a dotted symbol: its longest prefix that is a module. */
export function moduleOfSymbol(symbol: string, isModule: (m: string) => boolean): string | null {
  const parts = symbol.split('.');
  for (let n = parts.length; n > 0; n--) {
    const m = parts.slice(0, n).join('.');
    if (isModule(m)) return m;
  }
  return null;
}
