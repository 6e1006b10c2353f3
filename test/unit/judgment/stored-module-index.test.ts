import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildModuleIndex, type ModuleIndex } from '../../../src/resolve/module-index.js';
import { decodeModuleIndex, encodeModuleIndex, type StringTable } from '../../../src/judgment/stored-module-index.js';
import { asModuleName, asRepoPath, type RepoPath } from '../../../src/model/index.js';

/** A string table as the judgments codec keeps one: ids in order of first use, looked up by string. */
function table(files: readonly RepoPath[]): { id: (s: string) => number; read: () => StringTable } {
  const strings: string[] = [];
  const ids = new Map<string, number>();
  const position = new Map(files.map((f, i) => [f, i]));
  return {
    id: (s) => {
      let n = ids.get(s);
      if (n === undefined) ids.set(s, (n = strings.push(s) - 1));
      return n;
    },
    read: () => ({ size: strings.length, at: (i) => strings[i]!, idOf: (s) => ids.get(s) ?? -1, fileOf: (p) => position.get(p) }),
  };
}

/** Small deterministic PRNG (mulberry32): the same repositories every run. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PARTS = ['app', 'pkg', 'src', 'lib', 'web', 'x'];
const LEAVES = ['__init__.py', 'a.py', 'b.pyi', 'a.pyi', 'c.py', 'index.ts', 'util.js', 'package.json', 'tsconfig.json', 'README.md', 'mod.d.ts'];

function randomPaths(rand: () => number): RepoPath[] {
  const out = new Set<string>();
  const n = 5 + Math.floor(rand() * 40);
  for (let i = 0; i < n; i++) {
    const depth = Math.floor(rand() * 4);
    const dirs = Array.from({ length: depth }, () => PARTS[Math.floor(rand() * PARTS.length)]!);
    out.add([...dirs, LEAVES[Math.floor(rand() * LEAVES.length)]!].join('/'));
  }
  return [...out].sort().map(asRepoPath);
}

/** Every question a resolver or a comparison asks, answered by both. */
function assertSameAnswers(built: ModuleIndex, read: ModuleIndex, files: readonly RepoPath[], label: string): void {
  const probes = new Set<string>([...built.modules.keys(), 'nope', 'app.nope', 'x.y.z', ...PARTS]);
  for (const m of probes) {
    assert.equal(read.pathOf(asModuleName(m)), built.pathOf(asModuleName(m)), `${label}: pathOf ${m}`);
    assert.equal(read.isModule(m), built.isModule(m), `${label}: isModule ${m}`);
    assert.equal(read.isScript(m), built.isScript(m), `${label}: isScript ${m}`);
    assert.equal(read.isInRepoTopLevel(m), built.isInRepoTopLevel(m), `${label}: isInRepoTopLevel ${m}`);
  }
  for (const f of [...files, asRepoPath('not/there.py')]) {
    assert.equal(read.moduleOf(f), built.moduleOf(f), `${label}: moduleOf ${f}`);
    assert.equal(read.isPackageFile(f), built.isPackageFile(f), `${label}: isPackageFile ${f}`);
  }
  assert.deepEqual([...read.modules], [...built.modules], `${label}: modules`);
  assert.deepEqual([...read.topLevels].sort(), [...built.topLevels].sort(), `${label}: topLevels`);
  assert.deepEqual(read.packageManifests, built.packageManifests, `${label}: packageManifests`);
  assert.deepEqual([...read.tsconfigs], [...built.tsconfigs], `${label}: tsconfigs`);
}

describe('a module index kept with the judgments', () => {
  it('answers every question as the index built from the file list does (200 random repositories, two sets of roots)', () => {
    const rand = prng(7);
    for (let run = 0; run < 200; run++) {
      const files = randomPaths(rand);
      for (const roots of [['.'], ['src', '.', 'pkg/lib']]) {
        const built = buildModuleIndex(files, roots);
        const t = table(files);
        const encoded = encodeModuleIndex(built, files, t.id);
        assertSameAnswers(built, decodeModuleIndex(encoded, t.read()), files, `run ${run}, roots ${roots.join(',')}`);
      }
    }
  });
});
