import { MODULE_UNIT, type FileFacts, type Position } from '../model/index.js';

/** The name under which a module's star-export list is read: `__all__`, its public names, its own star imports. */
export const STAR = '*';
/** The name under which what resolution reads of a tsconfig or package.json is read: not a binding any module can have. */
export const MANIFEST = '#manifest';

/**
 * What another module can learn about one name of this module: the
 * module-level statements that bind it (in order: the last one wins), and
 * whether it is defined here. Pure, over facts alone.
 */
export function bindingSignatures(facts: FileFacts): Map<string, string> {
  // Per name, its binding statements with where they stand: the resolver takes the last in source order.
  const parts = new Map<string, Array<[number, number, string]>>();
  const add = (name: string, at: Position, part: string): void => {
    const list = parts.get(name);
    if (list) list.push([at.line, at.column, part]);
    else parts.set(name, [[at.line, at.column, part]]);
  };
  const stars: string[] = [];
  for (const imp of facts.imports) {
    if (imp.unit !== MODULE_UNIT) continue;
    if (imp.kind === 'from') {
      for (const n of imp.names) {
        if (n.name === '*') stars.push(`${imp.level}:${imp.module}`);
        else if (n.bound) {
          add(n.bound, n, `from ${imp.level} ${imp.module} ${n.name} ${imp.typeOnly} ${imp.guarded === true}`);
        }
      }
    } else if (imp.bound) {
      add(imp.bound, imp, `${imp.kind === 'import' ? `import ${imp.module} ${imp.boundIsModule}` : `dynamic ${imp.level} ${imp.module} ${imp.top === true}`} ${imp.typeOnly} ${imp.guarded === true}`);
    }
  }
  for (const a of facts.aliases) {
    add(a.name, a, `alias ${a.target} ${a.guarded === true}`);
  }
  const out = new Map<string, string>();
  for (const [name, list] of parts) out.set(name, list.sort((x, y) => x[0] - y[0] || x[1] - y[1]).map(([, , part]) => `${part}\n`).join(''));
  for (const d of facts.definitions) out.set(d, `${out.get(d) ?? ''}defined\n`);
  // Whether a name (or a class nested in it) is a class: a call of it is an instantiation (resolver.ts, isClass).
  for (const c of facts.classes) {
    const top = c.name.split('.')[0]!;
    if (c.unit === MODULE_UNIT) out.set(top, `${out.get(top) ?? ''}class ${c.name} ${c.methods.join(' ')}\n`);
  }
  for (const r of facts.rebound) out.set(r, `${out.get(r) ?? ''}rebound\n`);
  out.set(STAR, JSON.stringify([facts.dunderAll, [...facts.definitions].sort(), [...importedOrAliased(facts)].sort(), stars]));
  // A version bump or a new script in package.json changes the file, not where its imports lead.
  if (facts.manifest) out.set(MANIFEST, JSON.stringify(facts.manifest));
  return out;
}


/** Names whose signature differs between two versions of a module's facts. */
export function changedNames(before: FileFacts, after: FileFacts): Set<string> {
  const a = bindingSignatures(before);
  const b = bindingSignatures(after);
  const out = new Set<string>();
  for (const [name, sig] of a) if (b.get(name) !== sig) out.add(name);
  for (const name of b.keys()) if (!a.has(name)) out.add(name);
  return out;
}

/** Names a module's own imports and aliases bind at module level. */
export function importedOrAliased(facts: FileFacts): Set<string> {
  const names = new Set<string>();
  for (const imp of facts.imports) {
    if (imp.unit !== MODULE_UNIT) continue;
    if (imp.kind === 'from') for (const n of imp.names) if (n.bound) names.add(n.bound);
    if (imp.kind !== 'from' && imp.bound) names.add(imp.bound);
  }
  for (const a of facts.aliases) names.add(a.name);
  return names;
}

/** Every name a module binds at module level, from its facts alone: what its STAR signature covers (a read of STAR holds them). */
export function moduleLevelNames(facts: FileFacts): Set<string> {
  return new Set([...facts.definitions, ...(facts.dunderAll ?? []), ...importedOrAliased(facts)]);
}
