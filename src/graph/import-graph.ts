import type { RepoPath } from '../model/index.js';
import type { ModuleEdge } from '../resolve/resolver.js';
import { chainsToTargets, importersWithin, type EdgeCount, type ReverseEdges } from './reverse-search.js';

/** What rules may ask of the graph; they never see the mutable graph itself. */
export interface GraphView {
  edgesOf(path: RepoPath): readonly ModuleEdge[];
  /** Importers of any of `targets`, each with its distance (1 = imports directly), up to `depth`. */
  importersOf(targets: Iterable<RepoPath>, depth: number): Map<RepoPath, number>;
  /**
   * Shortest import chains to the files for which `isTarget` holds, never
   * stepping through a file for which `avoid` holds: one search for every
   * start, so a rule asks it once, not once per import. The returned function
   * gives the chain from `start` (both ends included), or null.
   */
  chainsTo(targets: Iterable<RepoPath>, avoid: (p: RepoPath) => boolean, includeTypeOnly: boolean): (start: RepoPath) => RepoPath[] | null;
  readonly size: number;
  /** The graph reversed (importers of a file), for a later snapshot with the same graph to search. */
  readonly reverseOf: ReverseEdges;
}

/**
 * Forward and reverse import edges between files. `setEdges` is the only
 * mutator: a changed file swaps its own edges and nothing else.
 */
export class ImportGraph implements GraphView {
  private readonly forward = new Map<RepoPath, readonly ModuleEdge[]>();
  /** target -> importer -> how many of the importer's edges point at it, and how many of those are not type-only. */
  private readonly reverse = new Map<RepoPath, Map<RepoPath, EdgeCount>>();

  get size(): number {
    return this.forward.size;
  }

  setEdges(path: RepoPath, edges: readonly ModuleEdge[]): void {
    this.dropReverse(path);
    this.forward.set(path, edges);
    for (const e of edges) {
      let importers = this.reverse.get(e.target);
      if (!importers) this.reverse.set(e.target, (importers = new Map()));
      const count = importers.get(path) ?? { all: 0, value: 0 };
      importers.set(path, { all: count.all + 1, value: count.value + (e.typeOnly ? 0 : 1) });
    }
  }

  /**
   * Makes the graph the one of `files`: a file whose edges are not the very
   * list it has (the resolver hands back the same list while nothing it read
   * changed) swaps its own, files gone are removed. A save costs one swap.
   */
  sync(files: readonly RepoPath[], edgesOf: (path: RepoPath) => readonly ModuleEdge[]): void {
    const present = new Set(files);
    for (const path of this.forward.keys()) if (!present.has(path)) this.removeFile(path);
    for (const path of files) {
      const edges = edgesOf(path);
      if (this.forward.get(path) !== edges) this.setEdges(path, edges);
    }
  }

  removeFile(path: RepoPath): void {
    this.dropReverse(path);
    this.forward.delete(path);
  }

  edgesOf(path: RepoPath): readonly ModuleEdge[] {
    return this.forward.get(path) ?? [];
  }

  importersOf(targets: Iterable<RepoPath>, depth: number): Map<RepoPath, number> {
    return importersWithin(this.reverseOf, targets, depth);
  }

  chainsTo(targets: Iterable<RepoPath>, avoid: (p: RepoPath) => boolean, includeTypeOnly: boolean): (start: RepoPath) => RepoPath[] | null {
    return chainsToTargets(this.reverseOf, targets, avoid, includeTypeOnly);
  }

  readonly reverseOf = (target: RepoPath): Iterable<[RepoPath, EdgeCount]> => this.reverse.get(target) ?? [];

  private dropReverse(path: RepoPath): void {
    for (const e of this.forward.get(path) ?? []) {
      const importers = this.reverse.get(e.target);
      if (!importers) continue;
      importers.delete(path);
      if (importers.size === 0) this.reverse.delete(e.target);
    }
  }
}
