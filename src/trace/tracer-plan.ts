import type { Config, RepoPath } from '../model/index.js';

/** One declared symbol as the tracer watches it: `name` of `module`, or the module itself (`name` null). */
export interface PlanSymbol {
  readonly symbol: string;
  readonly module: string;
  readonly name: string | null;
}

/** One runtime-judged rule as the tracer sees it: its symbols, and the files of the index in its scope (indices into `tracked`). */
export interface PlanRule {
  readonly symbols: readonly string[];
  readonly files: readonly number[];
}

export interface TracerPlan {
  readonly root: string;
  readonly symbols: readonly PlanSymbol[];
  /**
   * The index's judged files. A use is recorded once per unit each rule
   * would give it (the innermost frame in the rule's scope, runtime-scope.ts),
   * which the tracer finds walking only as far as that frame; a frame in a
   * file not listed here (not in the index) counts as in every rule's scope.
   */
  readonly tracked: readonly RepoPath[];
  readonly rules: readonly PlanRule[];
}

/** A rule the runtime judges, with its scope over the index's files (runtime-scope.ts). */
export interface ScopedRule {
  readonly symbols: readonly string[];
  readonly inScope: (file: RepoPath) => boolean;
}

/**
 * What the Python tracer watches: every canonical and legacy symbol of the
 * Python rules, each both as a name in its parent module and as a module
 * (the tracer does not know which it is until it is imported), and the
 * scopes of the rules it judges over the index's files.
 */
export function tracerPlan(root: string, configs: readonly Config[], tracked: readonly RepoPath[], rules: readonly ScopedRule[]): TracerPlan {
  const symbols = new Map<string, PlanSymbol>();
  for (const rule of configs.flatMap((c) => c.rules)) {
    if (rule.language !== 'python') continue;
    for (const symbol of [...rule.canonical, ...rule.legacy]) {
      const dot = symbol.lastIndexOf('.');
      if (dot > 0) symbols.set(`${symbol}\0name`, { symbol, module: symbol.slice(0, dot), name: symbol.slice(dot + 1) });
      symbols.set(`${symbol}\0module`, { symbol, module: symbol, name: null });
    }
  }
  const planRules = rules.map((r) => ({ symbols: r.symbols, files: tracked.flatMap((f, i) => (r.inScope(f) ? [i] : [])) }));
  return { root, symbols: [...symbols.values()], tracked, rules: planRules };
}
