import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseDiffIndex } from '../../../src/git/index-delta.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const Z = '0'.repeat(40);

describe('parseDiffIndex', () => {
  it('reads modified, added and deleted paths, each side with its mode and blob', () => {
    const text = `:100644 100755 ${A} ${B} M\0app/a.py\0:000000 120000 ${Z} ${B} A\0lin k\0:100644 000000 ${A} ${Z} D\0gone.py\0`;
    assert.deepEqual(parseDiffIndex(text), [
      { path: 'app/a.py', before: { mode: '100644', sha: A }, after: { mode: '100755', sha: B } },
      { path: 'lin k', before: null, after: { mode: '120000', sha: B } },
      { path: 'gone.py', before: { mode: '100644', sha: A }, after: null },
    ]);
  });

  it('keeps a path with a tab, a newline and non-ASCII as git wrote it (-z: never quoted)', () => {
    const path = 'dir/tab\there\nnew é.py';
    assert.deepEqual(parseDiffIndex(`:100644 100644 ${A} ${B} M\0${path}\0`)?.map((e) => e.path), [path]);
  });

  it('says null for an index with an unmerged path (its stage 2 is not in this output)', () => {
    assert.equal(parseDiffIndex(`:100644 100644 ${A} ${B} M\0a.py\0:100644 000000 ${A} ${Z} U\0b.py\0`), null);
  });

  it('reads no output as no change, and refuses a record it does not know', () => {
    assert.deepEqual(parseDiffIndex(''), []);
    assert.throws(() => parseDiffIndex(`100644 100644 ${A} ${B} M\0a.py\0`), /unexpected git diff-index record/);
  });
});
