import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cachedVerdictValid, type GitStateKey } from '../../../src/daemon/verdict-validity.js';

const key = (over: Partial<GitStateKey> = {}): GitStateKey => ({
  index: `4096:${'ab'.repeat(32)}`,
  head: 'ref: refs/heads/main',
  ref: 'a'.repeat(40) + '||missing',
  ...over,
});

describe('cachedVerdictValid', () => {
  const table: Array<[string, GitStateKey | null, GitStateKey, boolean]> = [
    ['nothing cached', null, key(), false],
    ['nothing moved', key(), key(), true],
    ['index rewritten with other content (git add)', key(), key({ index: `4096:${'ab'.repeat(31)}cd` }), false],
    ['index of another size', key(), key({ index: `4100:${'ab'.repeat(32)}` }), false],
    ['index deleted', key(), key({ index: 'missing' }), false],
    ['no index before or after (empty repo)', key({ index: 'missing' }), key({ index: 'missing' }), true],
    ['branch switched (checkout)', key(), key({ head: 'ref: refs/heads/other' }), false],
    ['detached HEAD moved (rebase step)', key({ head: 'b'.repeat(40) }), key({ head: 'c'.repeat(40) }), false],
    ['branch moved (commit, reset --soft)', key(), key({ ref: 'd'.repeat(40) + '||missing' }), false],
    ['refs packed (gc): same sha, other storage', key(), key({ ref: `missing|${'a'.repeat(40)} refs/heads/main|missing` }), false],
    ['index unreadable now', key(), key({ index: 'unreadable' }), false],
    ['HEAD unreadable both times', key({ head: 'unreadable' }), key({ head: 'unreadable' }), false],
  ];
  for (const [name, cached, now, valid] of table) {
    it(`${valid ? 'reuses' : 'recomputes'}: ${name}`, () => {
      assert.equal(cachedVerdictValid(cached ? { key: cached, value: null } : null, now), valid);
    });
  }
});
