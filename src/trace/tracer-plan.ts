import type { Config } from '../model/index.js';

/** One declared symbol as the tracer watches it: `name` of `module`, or the module itself (`name` null). */
export interface PlanSymbol {
  readonly symbol: string;
  readonly module: string;
  readonly name: string | null;
}

export interface TracerPlan {
  readonly root: string;
  readonly symbols: readonly PlanSymbol[];
}

/**
 * What the Python tracer watches: every canonical and legacy symbol of the
 * Python rules, each both as a name in its parent module and as a module
 * (the tracer does not know which it is until it is imported).
 */
export function tracerPlan(root: string, configs: readonly Config[]): TracerPlan {
  const symbols = new Map<string, PlanSymbol>();
  for (const rule of configs.flatMap((c) => c.rules)) {
    if (rule.language !== 'python') continue;
    for (const symbol of [...rule.canonical, ...rule.legacy]) {
      const dot = symbol.lastIndexOf('.');
      if (dot > 0) symbols.set(`${symbol}\0name`, { symbol, module: symbol.slice(0, dot), name: symbol.slice(dot + 1) });
      symbols.set(`${symbol}\0module`, { symbol, module: symbol, name: null });
    }
  }
  return { root, symbols: [...symbols.values()] };
}
