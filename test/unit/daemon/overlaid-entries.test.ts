import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { OverlaidEntries } from '../../../src/daemon/overlaid-entries.js';
import { asBlobSha, asRepoPath, type GitMode, type RepoPath, type SnapshotEntry } from '../../../src/model/index.js';

const entry = (path: string, sha: string): SnapshotEntry => ({ path: asRepoPath(path), sha: asBlobSha(sha.padEnd(40, '0')), mode: '100644' as GitMode });
const mapOf = (...es: SnapshotEntry[]) => new Map(es.map((e) => [e.path, e] as const));

/** What the overlay stands for: a copy of the base with each change made in turn, in git's order (by path). */
function copied(base: ReadonlyMap<RepoPath, SnapshotEntry>, changes: ReadonlyMap<RepoPath, SnapshotEntry | null>): Map<RepoPath, SnapshotEntry> {
  const out = new Map(base);
  for (const [path, e] of changes) {
    if (e) out.set(path, e);
    else out.delete(path);
  }
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : 1)));
}

describe('OverlaidEntries', () => {
  const base = mapOf(entry('a.py', 'a1'), entry('b.py', 'b1'), entry('c.py', 'c1'));
  const cases: Array<[string, Map<RepoPath, SnapshotEntry | null>]> = [
    ['no change', new Map()],
    ['a file replaced: where it was', new Map([[asRepoPath('b.py'), entry('b.py', 'b2')]])],
    ['a file removed', new Map([[asRepoPath('a.py'), null]])],
    ['a file added: where it sorts', new Map([[asRepoPath('aa.py'), entry('aa.py', 'n1')]])],
    ['files added before and after every other', new Map([[asRepoPath('z.py'), entry('z.py', 'z1')], [asRepoPath('0.py'), entry('0.py', 'o1')]])],
    ['a file never there removed', new Map([[asRepoPath('z.py'), null]])],
    ['all at once', new Map([[asRepoPath('c.py'), null], [asRepoPath('d.py'), entry('d.py', 'd1')], [asRepoPath('a.py'), entry('a.py', 'a2')]])],
  ];
  for (const [name, changes] of cases) {
    it(`reads as a copy with the changes made: ${name}`, () => {
      const view = new OverlaidEntries(base, changes);
      const want = copied(base, changes);
      assert.deepEqual([...view], [...want]);
      assert.deepEqual([...view.keys()], [...want.keys()]);
      assert.deepEqual([...view.values()], [...want.values()]);
      assert.equal(view.size, want.size);
      for (const path of ['a.py', 'b.py', 'c.py', 'd.py', 'aa.py', 'z.py'].map(asRepoPath)) {
        assert.equal(view.get(path), want.get(path), path);
        assert.equal(view.has(path), want.has(path), path);
      }
      const seen: RepoPath[] = [];
      view.forEach((e, p, m) => (assert.equal(m, view), assert.equal(e.path, p), seen.push(p)));
      assert.deepEqual(seen, [...want.keys()]);
    });
  }
});
