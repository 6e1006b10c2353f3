import type { RepoPath } from '../model/index.js';
import type { ModuleEdge } from '../resolve/resolver.js';

/** What rules may ask of the graph; they never see the mutable graph itself. */
export interface GraphView {
  edgesOf(path: RepoPath): readonly ModuleEdge[];
  /** Importers of any of `targets`, each with its distance (1 = imports directly), up to `depth`. */
  importersOf(targets: Iterable<RepoPath>, depth: number): Map<RepoPath, number>;
  /**
   * Shortest import chain from `start` to a file for which `isTarget` holds,
   * never stepping through a file for which `avoid` holds. Returns the paths
   * including both ends, or null.
   */
  shortestChain(start: RepoPath, isTarget: (p: RepoPath) => boolean, avoid: (p: RepoPath) => boolean, includeTypeOnly: boolean): RepoPath[] | null;
  readonly size: number;
}

/**
 * Forward and reverse import edges between files. `setEdges` is the only
 * mutator: a changed file swaps its own edges and nothing else.
 */
export class ImportGraph implements GraphView {
  private readonly forward = new Map<RepoPath, readonly ModuleEdge[]>();
  private readonly reverse = new Map<RepoPath, Map<RepoPath, number>>();

  get size(): number {
    return this.forward.size;
  }

  setEdges(path: RepoPath, edges: readonly ModuleEdge[]): void {
    this.dropReverse(path);
    this.forward.set(path, edges);
    for (const e of edges) {
      let importers = this.reverse.get(e.target);
      if (!importers) this.reverse.set(e.target, (importers = new Map()));
      importers.set(path, (importers.get(path) ?? 0) + 1);
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
    const found = new Map<RepoPath, number>();
    let frontier = [...targets];
    const visited = new Set(frontier);
    for (let d = 1; d <= depth && frontier.length; d++) {
      const next: RepoPath[] = [];
      for (const t of frontier) {
        for (const importer of this.reverse.get(t)?.keys() ?? []) {
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

  shortestChain(start: RepoPath, isTarget: (p: RepoPath) => boolean, avoid: (p: RepoPath) => boolean, includeTypeOnly: boolean): RepoPath[] | null {
    const parent = new Map<RepoPath, RepoPath | null>([[start, null]]);
    let frontier = [start];
    while (frontier.length) {
      const next: RepoPath[] = [];
      for (const from of frontier) {
        for (const e of this.edgesOf(from)) {
          if ((!includeTypeOnly && e.typeOnly) || parent.has(e.target)) continue;
          parent.set(e.target, from);
          if (isTarget(e.target)) return unwind(parent, e.target);
          if (!avoid(e.target)) next.push(e.target);
        }
      }
      frontier = next;
    }
    return null;
  }

  private dropReverse(path: RepoPath): void {
    for (const e of this.forward.get(path) ?? []) {
      const importers = this.reverse.get(e.target);
      if (!importers) continue;
      importers.delete(path);
      if (importers.size === 0) this.reverse.delete(e.target);
    }
  }
}

function unwind(parent: Map<RepoPath, RepoPath | null>, end: RepoPath): RepoPath[] {
  const chain: RepoPath[] = [];
  for (let p: RepoPath | null | undefined = end; p; p = parent.get(p)) chain.push(p);
  return chain.reverse();
}
