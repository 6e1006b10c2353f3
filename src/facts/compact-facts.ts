import type { FileFacts } from '../model/index.js';

/**
 * One copy of each string for the facts a batch brings in. Facts arrive as
 * deserialised copies (the cache file, worker threads), where every
 * `<module>`, `from` and module name is a string of its own, or as slices of a
 * file's source text, which keep the whole text alive: on a 10,000-module
 * repo that was 60 MB of strings for a few hundred thousand distinct ones.
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

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Makes freshly arrived facts share strings through the pool, and copies the
 * packed references out of whatever buffer they were read from (a view into
 * the cache file would pin all of it). In place: these objects were just
 * deserialised and nobody else holds them, and copying the whole graph
 * doubled the peak memory of loading a large cache.
 */
export function compactFacts(facts: FileFacts, pool: StringPool): FileFacts {
  const s = (x: string): string => pool.intern(x);
  const n = (x: string | null): string | null => (x === null ? null : pool.intern(x));
  for (const imp of facts.imports as Array<Mutable<FileFacts['imports'][number]>>) {
    imp.module = s(imp.module);
    imp.unit = s(imp.unit);
    // Literal kinds: the deserialised ones are copies too.
    imp.kind = imp.kind === 'from' ? 'from' : imp.kind === 'import' ? 'import' : 'dynamic';
    if (imp.kind === 'from') {
      for (const name of imp.names as Array<Mutable<(typeof imp.names)[number]>>) {
        name.name = s(name.name);
        name.bound = n(name.bound);
      }
    } else if (imp.kind === 'import') imp.bound = s(imp.bound);
    else {
      imp.bound = n(imp.bound);
      if (imp.attribute) imp.attribute = s(imp.attribute);
    }
  }
  for (const a of facts.aliases as Array<Mutable<FileFacts['aliases'][number]>>) {
    a.name = s(a.name);
    a.target = s(a.target);
  }
  internAll(facts.definitions, s);
  internAll(facts.rebound, s);
  if (facts.dunderAll) internAll(facts.dunderAll, s);
  for (const packed of [facts.references, facts.methodCalls] as Array<Mutable<FileFacts['references']>>) {
    internAll(packed.names, s);
    internAll(packed.units, s);
    if (packed.entries.byteLength !== packed.entries.buffer.byteLength) packed.entries = packed.entries.slice();
  }
  for (const c of facts.classes as Array<Mutable<FileFacts['classes'][number]>>) {
    c.name = s(c.name);
    c.unit = s(c.unit);
    internAll(c.methods, s);
  }
  for (const x of facts.suppressions as Array<Mutable<FileFacts['suppressions'][number]>>) x.rule = s(x.rule);
  return facts;
}

function internAll(list: readonly string[], s: (x: string) => string): void {
  const m = list as string[];
  for (let i = 0; i < m.length; i++) m[i] = s(m[i]!);
}
