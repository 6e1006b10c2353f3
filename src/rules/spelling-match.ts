import type { ModuleName } from '../model/index.js';
import type { Use } from '../resolve/resolver.js';
import { covers, type RuleTargets } from './rule-targets.js';

/** What a use of a forbidden spelling says: the spelling forbidden, what the code wrote, what to write instead. */
export interface SpellingMatch {
  readonly symbol: string;
  readonly written: string;
  readonly fix: string;
}

const lastName = (dotted: string): string => dotted.slice(Math.max(dotted.lastIndexOf('.'), dotted.lastIndexOf('#')) + 1);

/**
 * The dotted paths a use writes, as far as they keep its name: the path the
 * import or reference spells (`from M import N` is M.N, `import M` is M,
 * `m.N` is M.N), then the re-exports that pass it on under the same name
 * (`from app import N` where `app` re-exports `app.engine.N`). Where the
 * name changes (an alias `N = Other`, `from x import Other as N`) the
 * spelling ends: what follows is identity, which this kind ignores.
 */
export function writtenPaths(use: Use): string[] {
  const chain = [...use.via, use.symbol];
  const out = [chain[0]!];
  const name = lastName(chain[0]!);
  for (let i = 1; i < chain.length && lastName(chain[i]!) === name && chain[i] !== chain[i - 1]; i++) out.push(chain[i]!);
  return out;
}

/**
 * forbid "spelling": which forbidden spelling a use writes, or null. By
 * spelling only (DESIGN.md's identity plays no part): the canonical object
 * under its canonical name is fine, the same object under a deprecated name
 * is not. A module never misspells what it declares: the module a spelling
 * is declared in, and the modules inside a forbidden module spelling, are
 * not judged for it.
 */
export function spellingOf(targets: RuleTargets, module: ModuleName | null): (use: Use) => SpellingMatch | null {
  const { rule } = targets;
  const forbidden = targets.targets.filter((t) => t.side === 'legacy' && rule.spellings[t.symbol] !== undefined);
  const judged = forbidden.filter((t) => module === null || (t.declared.homes[0] !== module && !covers(t.symbol, module)));
  return (use) => {
    if (!judged.length) return null;
    const paths = writtenPaths(use);
    for (const t of judged) {
      const written = paths.find((p) => covers(t.symbol, p));
      if (written !== undefined) return { symbol: t.symbol, written: paths[0]!, fix: rule.spellings[t.symbol]! };
    }
    return null;
  };
}
