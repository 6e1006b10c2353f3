import type { RepoPath } from '../model/index.js';
import type { ModuleEdge } from '../resolve/resolver.js';
import type { EdgeCount, ReverseEdges } from './reverse-search.js';

/** Reverse edges of an earlier graph with some files' edges swapped for new ones. */
interface Patched extends ReverseEdges {
  readonly under: ReverseEdges;
  readonly moved: ReadonlyMap<RepoPath, readonly ModuleEdge[]>;
}

/** Positions of a file list, remembered by the list: a daemon patches against the same list save after save. */
const positions = new WeakMap<readonly RepoPath[], ReadonlyMap<RepoPath, number>>();

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
  let position = positions.get(files);
  if (!position) positions.set(files, (position = new Map(files.map((f, i) => [f, i]))));
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

function isPatched(reverse: ReverseEdges): reverse is Patched {
  return 'under' in reverse && 'moved' in reverse;
}
