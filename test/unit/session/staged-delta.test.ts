import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { stagedDelta } from '../../../src/session/staged-delta.js';
import type { DeltaEntry, DeltaSide } from '../../../src/git/index-delta.js';
import { asBlobSha, asRepoPath, type BlobSha, type RepoPath } from '../../../src/model/index.js';

const sha = (c: string): BlobSha => asBlobSha(c.repeat(40));
const file = (c: string, mode = '100644'): DeltaSide => ({ mode, sha: sha(c) });
const entry = (path: string, before: DeltaSide | null, after: DeltaSide | null): DeltaEntry => ({ path: asRepoPath(path), before, after });

/** HEAD's judgeable files: a.py and b.py. */
const head = { shaOf: (p: RepoPath) => ({ 'a.py': sha('a'), 'b.py': sha('b') } as Record<string, BlobSha>)[p] };
const included = (p: RepoPath): boolean => p.endsWith('.py');
const BASELINE = asRepoPath('ssot-guard.baseline.json');
const BASE = 'ssot-guard.baseline.json';

describe('stagedDelta', () => {
  it('names the judgeable files whose blob changed, with their new entry', () => {
    const d = stagedDelta(head, null, [entry('a.py', file('a'), file('c')), entry('README.md', file('d'), file('e'))], included, BASELINE)!;
    assert.deepEqual([...d.changed.values()], [{ path: 'a.py', sha: sha('c'), mode: '100644' }]);
    assert.equal(d.baseline, null);
  });

  it('does not count a mode change with the same blob as a change', () => {
    assert.equal(stagedDelta(head, null, [entry('a.py', file('a'), file('a', '100755'))], included, BASELINE)!.changed.size, 0);
  });

  it('says null when a judgeable file is added, deleted or turned into a symlink (the file list changes)', () => {
    assert.equal(stagedDelta(head, null, [entry('c.py', null, file('c'))], included, BASELINE), null);
    assert.equal(stagedDelta(head, null, [entry('a.py', file('a'), null)], included, BASELINE), null);
    assert.equal(stagedDelta(head, null, [entry('a.py', file('a'), file('a', '120000'))], included, BASELINE), null);
  });

  it('says null when git\'s delta contradicts the judgments (another blob at HEAD than they hold)', () => {
    assert.equal(stagedDelta(head, null, [entry('a.py', file('f'), file('c'))], included, BASELINE), null);
    assert.equal(stagedDelta(head, null, [entry('x.py', file('f'), file('c'))], included, BASELINE), null);
  });

  it('says null when an included symlink is added, re-pointed or removed (it is judged as the file it leads to, which only a listing finds); not for one include does not reach', () => {
    assert.equal(stagedDelta(head, null, [entry('l.py', null, file('l', '120000'))], included, BASELINE), null);
    assert.equal(stagedDelta(head, null, [entry('l.py', file('k', '120000'), file('l', '120000'))], included, BASELINE), null);
    assert.equal(stagedDelta(head, null, [entry('l.py', file('l', '120000'), null)], included, BASELINE), null);
    assert.ok(stagedDelta(head, null, [entry('n.txt', null, file('n', '120000'))], included, BASELINE));
  });

  it('follows the baseline file: changed, added, deleted, or left as HEAD had it', () => {
    assert.equal(stagedDelta(head, sha('1'), [], included, BASELINE)!.baseline, sha('1'));
    assert.equal(stagedDelta(head, sha('1'), [entry(BASE, file('1'), file('2'))], included, BASELINE)!.baseline, sha('2'));
    assert.equal(stagedDelta(head, null, [entry(BASE, null, file('2'))], included, BASELINE)!.baseline, sha('2'));
    assert.equal(stagedDelta(head, sha('1'), [entry(BASE, file('1'), null)], included, BASELINE)!.baseline, null);
  });
});
