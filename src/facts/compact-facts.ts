import type { FileFacts, ImportFact } from '../model/index.js';

/**
 * One copy of each string for all the facts a process holds. Facts arrive as
 * deserialised copies (the cache file, worker threads), where every `<module>`,
 * `from` and module name is a string of its own, or as slices of a file's
 * source text, which keep the whole text alive: on a 10,000-module repo that
 * was 60 MB of strings for a few hundred thousand distinct ones.
 */
export class StringPool {
  private readonly pool = new Map<string, string>();

  intern(s: string): string {
    const known = this.pool.get(s);
    if (known !== undefined) return known;
    // A flat copy: the key must not be a slice that pins a whole source file.
    const own = Buffer.from(s, 'utf8').toString('utf8');
    this.pool.set(own, own);
    return own;
  }

  get size(): number {
    return this.pool.size;
  }
}

/**
 * The same facts, sharing strings through the pool, with the packed
 * references copied out of whatever buffer they were read from (a view into
 * the cache file would pin all of it).
 */
export function compactFacts(facts: FileFacts, pool: StringPool): FileFacts {
  const s = (x: string): string => pool.intern(x);
  const n = (x: string | null): string | null => (x === null ? null : pool.intern(x));
  const { entries } = facts.references;
  return {
    imports: facts.imports.map((imp) => compactImport(imp, s, n)),
    aliases: facts.aliases.map((a) => ({ ...a, name: s(a.name), target: s(a.target) })),
    definitions: facts.definitions.map(s),
    dunderAll: facts.dunderAll?.map(s) ?? null,
    references: {
      names: facts.references.names.map(s),
      units: facts.references.units.map(s),
      entries: entries.byteLength === entries.buffer.byteLength ? entries : entries.slice(),
    },
    suppressions: facts.suppressions.map((x) => ({ ...x, rule: s(x.rule), reason: s(x.reason) })),
    warnings: facts.warnings,
  };
}

function compactImport(imp: ImportFact, s: (x: string) => string, n: (x: string | null) => string | null): ImportFact {
  switch (imp.kind) {
    case 'import':
      return { ...imp, kind: 'import', module: s(imp.module), unit: s(imp.unit), bound: s(imp.bound) };
    case 'dynamic':
      return { ...imp, kind: 'dynamic', module: s(imp.module), unit: s(imp.unit), bound: n(imp.bound) };
    case 'from':
      return { ...imp, kind: 'from', module: s(imp.module), unit: s(imp.unit), names: imp.names.map((x) => ({ ...x, name: s(x.name), bound: n(x.bound) })) };
  }
}
