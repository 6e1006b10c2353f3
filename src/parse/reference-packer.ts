import { REFERENCE_ROLES, type AliasBinding, type ImportFact, type PackedReferences, type Position, type ReferenceRole, type UnitName } from '../model/index.js';

/** A use seen during the walk; its position is computed only if it survives the filter. */
export interface RawReference {
  readonly unit: UnitName;
  readonly dotted: string;
  readonly from: number;
  readonly role: ReferenceRole;
}

const ROLE_INDEX = new Map(REFERENCE_ROLES.map((r, i) => [r, i]));

/** Names the file binds by import (any kind) or by a module-level alias: the roots a reference may have. */
export function importBoundNames(imports: readonly ImportFact[], aliases: readonly AliasBinding[]): Set<string> {
  const bound = new Set<string>();
  for (const imp of imports) {
    if (imp.kind === 'from') {
      for (const n of imp.names) if (n.bound) bound.add(n.bound);
    } else if (imp.bound) {
      bound.add(imp.bound);
    }
  }
  for (const a of aliases) bound.add(a.name);
  return bound;
}

/**
 * Keeps the references rooted at a bound name (every one when `bound` is null),
 * the first of each (unit, dotted, role) only: the rules ask "does this unit
 * use X so", not how often.
 */
export function packReferences(raw: readonly RawReference[], bound: ReadonlySet<string> | null, pos: (offset: number) => Position): PackedReferences {
  // Per unit, per dotted name, the roles already kept, as bits: no key string built per reference.
  const seen = new Map<UnitName, Map<string, number>>();
  const names = new Map<string, number>();
  const units = new Map<UnitName, number>();
  const packed: number[] = [];
  const indexOf = <K>(table: Map<K, number>, key: K): number => {
    let i = table.get(key);
    if (i === undefined) table.set(key, (i = table.size));
    return i;
  };
  for (const r of raw) {
    if (bound && !bound.has(rootOf(r.dotted))) continue;
    const role = ROLE_INDEX.get(r.role)!;
    let inUnit = seen.get(r.unit);
    if (!inUnit) seen.set(r.unit, (inUnit = new Map()));
    const kept = inUnit.get(r.dotted) ?? 0;
    if (kept & (1 << role)) continue;
    inUnit.set(r.dotted, kept | (1 << role));
    const at = pos(r.from);
    packed.push(indexOf(names, r.dotted), indexOf(units, r.unit), at.line, at.column, role);
  }
  return { names: [...names.keys()], units: [...units.keys()], entries: Int32Array.from(packed) };
}

function rootOf(dotted: string): string {
  const i = dotted.indexOf('.');
  return i < 0 ? dotted : dotted.slice(0, i);
}
