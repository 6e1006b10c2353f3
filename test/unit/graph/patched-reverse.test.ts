import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asRepoPath, type ModuleName, type RepoPath, type UnitName } from '../../../src/model/index.js';
import type { ModuleEdge } from '../../../src/resolve/resolver.js';
import { ImportGraph } from '../../../src/graph/import-graph.js';
import { importersOfMoved, patchReverse } from '../../../src/graph/patched-reverse.js';
import { importersWithin, type ReverseEdges } from '../../../src/graph/reverse-search.js';
import { mulberry32 } from '../../helpers/fuzz-python.js';

/**
 * A patched reverse graph must list exactly what a graph built from scratch
 * lists, in the same order (the order picks which of two equally short
 * chains is reported), however many patches were laid one after another.
 */

const FILES: RepoPath[] = Array.from({ length: 12 }, (_, i) => asRepoPath(`m${String(i).padStart(2, '0')}.py`));

function randomEdges(rand: () => number, most = 4): ModuleEdge[] {
  const edges: ModuleEdge[] = [];
  for (let n = Math.floor(rand() * (most + 1)); n > 0; n--) {
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

for (const seed of [4, 5]) {
  test(`importers of moved files, searched once under the patch, are those of the patched graph and of the graph before (seed ${seed})`, () => {
    const rand = mulberry32(seed);
    // Sparse, so that which files reach a moved one changes from step to step.
    const edges = new Map(FILES.map((f) => [f, randomEdges(rand, 1)]));
    let reverse = fromScratch(edges);
    let remembered = 0;
    const sizes = new Set<number>();
    for (let step = 0; step < 40; step++) {
      const before = reverse;
      // Mostly one file again, as saves of one file come, now and then others: the search is remembered only while those stand.
      const moved = new Map<RepoPath, ModuleEdge[]>();
      for (let n = rand() < 0.8 ? 1 : 2; n > 0; n--) moved.set(rand() < 0.7 ? FILES[0]! : FILES[Math.floor(rand() * FILES.length)]!, randomEdges(rand, 2));
      for (const [f, e] of moved) edges.set(f, e);
      reverse = patchReverse(reverse, moved, FILES);
      const starts = [...moved.keys()];
      const found = importersOfMoved(reverse, starts);
      const label = `seed ${seed} step ${step}`;
      assert.deepEqual([...found].sort(), [...importersWithin(fromScratch(edges), starts, Infinity).keys()].sort(), `${label}: after`);
      assert.deepEqual([...found].sort(), [...importersWithin(before, starts, Infinity).keys()].sort(), `${label}: before`);
      if (importersOfMoved(reverse, starts) === found) remembered++;
      sizes.add(found.size);
    }
    assert.ok(remembered > 5, `searches remembered: ${remembered}`);
    assert.ok(sizes.size > 3, `sizes of what was found: ${[...sizes]}`);
  });
}

test('a remembered search from a moved file is not taken once another file moved its imports', () => {
  const [x, a, b] = FILES as [RepoPath, RepoPath, RepoPath];
  const edge = (target: RepoPath): ModuleEdge => ({ unit: '<module>' as UnitName, target, module: target as unknown as ModuleName, typeOnly: false, line: 1, column: 1 });
  let reverse = fromScratch(new Map([[a, [edge(x)]], [b, [edge(a)]]]));
  // x saved twice: the second search is the first one's answer.
  reverse = patchReverse(reverse, new Map([[x, [edge(b)]]]), FILES);
  const first = importersOfMoved(reverse, [x]);
  assert.deepEqual([...first].sort(), [a, b]);
  reverse = patchReverse(reverse, new Map([[x, []]]), FILES);
  assert.equal(importersOfMoved(reverse, [x]), first);
  // b stops importing a: b no longer reaches x.
  reverse = patchReverse(reverse, new Map([[b, []]]), FILES);
  reverse = patchReverse(reverse, new Map([[x, [edge(a)]]]), FILES);
  assert.deepEqual([...importersOfMoved(reverse, [x])], [a]);
});
