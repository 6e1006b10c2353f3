import type { ModuleName, RepoPath } from '../model/index.js';
import type { ModuleIndex } from '../resolve/module-index.js';
import type { GraphView } from './import-graph.js';

export type Role = 'canonical' | 'legacy' | 'focus' | 'plain';

export interface GraphPicture {
  readonly nodes: ReadonlyArray<{ readonly id: ModuleName; readonly role: Role; readonly depth: number }>;
  readonly edges: ReadonlyArray<{ readonly from: ModuleName; readonly to: ModuleName; readonly violating: boolean }>;
}

export interface NeighbourhoodQuery {
  readonly focus: RepoPath;
  readonly direction: 'dependents' | 'dependencies';
  readonly depth: number;
  /** Files that hold a canonical / legacy symbol's module. */
  readonly roleOf: (path: RepoPath) => Role;
  /** Files with a violation: their edges into legacy modules are highlighted. */
  readonly violating: ReadonlySet<RepoPath>;
}

/** The focus module's importers or imports to a depth, as a small picture graph. Pure. */
export function neighbourhood(graph: GraphView, index: ModuleIndex, q: NeighbourhoodQuery): GraphPicture {
  const depthOf = new Map<RepoPath, number>([[q.focus, 0]]);
  if (q.direction === 'dependents') {
    for (const [p, d] of graph.importersOf([q.focus], q.depth)) depthOf.set(p, d);
  } else {
    let frontier = [q.focus];
    for (let d = 1; d <= q.depth && frontier.length; d++) {
      const next: RepoPath[] = [];
      for (const f of frontier) {
        for (const e of graph.edgesOf(f)) {
          if (depthOf.has(e.target)) continue;
          depthOf.set(e.target, d);
          next.push(e.target);
        }
      }
      frontier = next;
    }
  }
  const name = (p: RepoPath): ModuleName => index.moduleOf(p) ?? (p as unknown as ModuleName);
  const nodes = [...depthOf].map(([p, depth]) => ({ id: name(p), role: p === q.focus ? ('focus' as Role) : q.roleOf(p), depth }));
  const edges: Array<{ from: ModuleName; to: ModuleName; violating: boolean }> = [];
  const seen = new Set<string>();
  for (const from of depthOf.keys()) {
    for (const e of graph.edgesOf(from)) {
      if (!depthOf.has(e.target) || e.target === from) continue;
      const key = `${from}\0${e.target}`;
      if (seen.has(key)) continue;
      seen.add(key);
      edges.push({ from: name(from), to: name(e.target), violating: q.violating.has(from) && q.roleOf(e.target) === 'legacy' });
    }
  }
  nodes.sort((a, b) => a.depth - b.depth || (a.id < b.id ? -1 : 1));
  edges.sort((a, b) => (a.from + a.to < b.from + b.to ? -1 : 1));
  return { nodes, edges };
}
