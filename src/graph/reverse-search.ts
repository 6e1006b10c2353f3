import type { RepoPath } from '../model/index.js';

/** How many of an importer's edges point at one target, and how many of those are not type-only. */
export interface EdgeCount {
  readonly all: number;
  readonly value: number;
}

/** A target's importers, each once, in the order the graph learnt of them: the order decides which of two equally short chains is reported. */
export type ReverseEdges = (target: RepoPath) => Iterable<[RepoPath, EdgeCount]>;

/** Importers of any of `targets`, each with its distance (1 = imports directly), up to `depth`. */
export function importersWithin(reverseOf: ReverseEdges, targets: Iterable<RepoPath>, depth: number): Map<RepoPath, number> {
  const found = new Map<RepoPath, number>();
  let frontier = [...targets];
  const visited = new Set(frontier);
  for (let d = 1; d <= depth && frontier.length; d++) {
    const next: RepoPath[] = [];
    for (const t of frontier) {
      for (const [importer] of reverseOf(t)) {
        if (visited.has(importer)) continue;
        visited.add(importer);
        found.set(importer, d);
        next.push(importer);
      }
    }
    frontier = next;
  }
  return found;
}

/**
 * Shortest import chains to `targets`, never stepping through a file `avoid`
 * holds for: one breadth-first search from the targets along reverse edges,
 * each file learning its next step towards the nearest target. An avoided
 * file can end a chain's first step but is never stepped through. The
 * returned function gives the chain from `start` (both ends included), or null.
 */
export function chainsToTargets(
  reverseOf: ReverseEdges,
  targets: Iterable<RepoPath>,
  avoid: (p: RepoPath) => boolean,
  includeTypeOnly: boolean,
): (start: RepoPath) => RepoPath[] | null {
  const nextHop = new Map<RepoPath, RepoPath | null>();
  let frontier: RepoPath[] = [];
  for (const t of targets) {
    if (nextHop.has(t)) continue;
    nextHop.set(t, null);
    frontier.push(t);
  }
  const isTarget = new Set(frontier);
  while (frontier.length) {
    const next: RepoPath[] = [];
    for (const v of frontier) {
      if (!isTarget.has(v) && avoid(v)) continue;
      for (const [importer, count] of reverseOf(v)) {
        if (nextHop.has(importer) || (!includeTypeOnly && count.value === 0)) continue;
        nextHop.set(importer, v);
        next.push(importer);
      }
    }
    frontier = next;
  }
  return (start) => {
    if (!nextHop.has(start)) return null;
    const chain: RepoPath[] = [];
    for (let p: RepoPath | null | undefined = start; p !== null && p !== undefined; p = nextHop.get(p)) chain.push(p);
    return chain;
  };
}
