import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asRepoPath, type ModuleName, type RepoPath, type UnitName } from '../../../src/model/index.js';
import type { ModuleEdge } from '../../../src/resolve/resolver.js';
import { ImportGraph } from '../../../src/graph/import-graph.js';
import { patchReverse } from '../../../src/graph/patched-reverse.js';
import type { ReverseEdges } from '../../../src/graph/reverse-search.js';
import { mulberry32 } from '../../helpers/fuzz-python.js';

/**
 * A patched reverse graph must list exactly what a graph built from scratch
 * lists, in the same order (the order picks which of two equally short
 * chains is reported), however many patches were laid one after another.
 */

const FILES: RepoPath[] = Array.from({ length: 12 }, (_, i) => asRepoPath(`m${String(i).padStart(2, '0')}.py`));

function randomEdges(rand: () => number): ModuleEdge[] {
  const edges: ModuleEdge[] = [];
  for (let n = Math.floor(rand() * 5); n > 0; n--) {
    const target = FILES[Math.floor(rand() * FILES.length)]!;
    edges.push({ unit: '<module>' as UnitName, target, module: target as unknown as ModuleName, typeOnly: rand() < 0.3, line: 1, column: 1 });
  }
  return edges;
}

function fromScratch(edges: ReadonlyMap<RepoPath, readonly ModuleEdge[]>): ReverseEdges {
  const graph = new ImportGraph();
  graph.sync(FILES, (p) => edges.get(p) ?? []);
  return graph.reverseOf;
}

const listed = (reverse: ReverseEdges) => FILES.map((t) => [t, [...reverse(t)]]);

for (const seed of [1, 2, 3]) {
  test(`patched reverse edges equal a graph built from scratch, order included, over 40 patches (seed ${seed})`, () => {
    const rand = mulberry32(seed);
    const edges = new Map(FILES.map((f) => [f, randomEdges(rand)]));
    let reverse = fromScratch(edges);
    let multiImporterTargets = 0;
    for (let step = 0; step < 40; step++) {
      const moved = new Map<RepoPath, ModuleEdge[]>();
      for (let n = 1 + Math.floor(rand() * 3); n > 0; n--) moved.set(FILES[Math.floor(rand() * FILES.length)]!, randomEdges(rand));
      for (const [f, e] of moved) edges.set(f, e);
      reverse = patchReverse(reverse, moved, FILES);
      const expected = fromScratch(edges);
      assert.deepEqual(listed(reverse), listed(expected), `seed ${seed} step ${step}`);
      multiImporterTargets += FILES.filter((t) => [...expected(t)].length > 1).length;
    }
    // Order is only tested where a target has several importers.
    assert.ok(multiImporterTargets > 40, `targets with several importers: ${multiImporterTargets}`);
  });
}
