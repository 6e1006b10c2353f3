import type { RepoPath } from '../model/index.js';
import type { ModuleEdge } from '../resolve/resolver.js';
import { positionsIn } from './file-order.js';
import { importersWithin, type EdgeCount, type ReverseEdges } from './reverse-search.js';

/** Reverse edges of an earlier graph with some files' edges swapped for new ones. */
interface Patched extends ReverseEdges {
  readonly under: ReverseEdges;
  readonly moved: ReadonlyMap<RepoPath, readonly ModuleEdge[]>;
}

/**
 * `earlier` (a graph of `files`, reversed) with the edges of the `moved`
 * files replaced by the ones given. Importers stay in file order, as in a
 * graph built from scratch, so searches pick the same of two equally short
 * chains. Patching a patch starts again from what lay under it: a daemon's
 * graph is one layer deep however many saves it has seen.
 */
export function patchReverse(earlier: ReverseEdges, moved: ReadonlyMap<RepoPath, readonly ModuleEdge[]>, files: readonly RepoPath[]): ReverseEdges {
  const under = isPatched(earlier) ? earlier.under : earlier;
  const all = isPatched(earlier) ? new Map([...earlier.moved, ...moved]) : moved;
  const position = positionsIn(files);
  const at = (p: RepoPath): number => position.get(p) ?? -1;
  const added = new Map<RepoPath, Array<[RepoPath, EdgeCount]>>();
  for (const [importer, edges] of all) {
    const counts = new Map<RepoPath, EdgeCount>();
    for (const e of edges) {
      const c = counts.get(e.target) ?? { all: 0, value: 0 };
      counts.set(e.target, { all: c.all + 1, value: c.value + (e.typeOnly ? 0 : 1) });
    }
    for (const [target, count] of counts) {
      const list = added.get(target);
      if (list) list.push([importer, count]);
      else added.set(target, [[importer, count]]);
    }
  }
  for (const list of added.values()) list.sort((a, b) => at(a[0]) - at(b[0]));
  const patched = function* (target: RepoPath): Generator<[RepoPath, EdgeCount]> {
    const extra = added.get(target) ?? [];
    let k = 0;
    for (const entry of under(target)) {
      if (all.has(entry[0])) continue;
      while (k < extra.length && at(extra[k]![0]) < at(entry[0])) yield extra[k++]!;
      yield entry;
    }
    while (k < extra.length) yield extra[k++]!;
  };
  return Object.assign(patched, { under, moved: all });
}

/** A search from some files over patches of one graph: the other files the patch had moved, with their edges then. */
interface Searched {
  readonly others: ReadonlyMap<RepoPath, readonly ModuleEdge[]>;
  readonly found: ReadonlySet<RepoPath>;
}

/** By the graph under the patches, then by the sorted names the search started from. */
const searched = new WeakMap<ReverseEdges, Map<string, Searched>>();

/**
 * Files that import any of `files`, at any depth. A search from them never
 * steps out of one of them (each is where it starts), so their own edges do
 * not matter: every patch of one graph that differs only in the edges of
 * `files` gives the same answer, which is remembered with that graph (a
 * daemon judging save after save of one file searches once).
 */
export function importersOfMoved(reverse: ReverseEdges, files: readonly RepoPath[]): ReadonlySet<RepoPath> {
  const search = (): ReadonlySet<RepoPath> => new Set(importersWithin(reverse, files, Infinity).keys());
  if (!isPatched(reverse)) return search();
  const starts = new Set(files);
  const others = new Map([...reverse.moved].filter(([p]) => !starts.has(p)));
  let byStarts = searched.get(reverse.under);
  if (!byStarts) searched.set(reverse.under, (byStarts = new Map()));
  const key = [...starts].sort().join('\0');
  const known = byStarts.get(key);
  // The other moved files' edges are the very arrays they were (a patch of a patch carries them over).
  if (known && known.others.size === others.size && [...others].every(([p, e]) => known.others.get(p) === e)) return known.found;
  const found = search();
  byStarts.set(key, { others, found });
  return found;
}

function isPatched(reverse: ReverseEdges): reverse is Patched {
  return 'under' in reverse && 'moved' in reverse;
}
