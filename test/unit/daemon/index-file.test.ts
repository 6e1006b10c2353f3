import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isIndexFileOf } from '../../../src/daemon/handle-request.js';

describe('isIndexFileOf: which index files a daemon agrees to judge', () => {
  const dirs = ['/r/.git/worktrees/wt', '/r/.git'];
  const table: Array<[unknown, boolean]> = [
    ['/r/.git/index.lock', true],
    ['/r/.git/next-index-4242.lock', true],
    ['/r/.git/worktrees/wt/index.lock', true],
    ['/r/.git/sub/index.lock', false],
    ['/etc/passwd', false],
    ['.git/index.lock', false],
    ['/r/.git/index\n.lock', false],
    [42, false],
  ];
  for (const [file, ok] of table) it(`${JSON.stringify(file)}: ${ok}`, () => assert.equal(isIndexFileOf(file, dirs), ok));
});
