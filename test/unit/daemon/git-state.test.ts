import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readGitStateKey } from '../../../src/daemon/git-state.js';
import { cachedVerdictValid, type GitStateKey } from '../../../src/daemon/verdict-validity.js';
import { makeRepo, type TestRepo } from '../../helpers/repo-fixture.js';

const repos: TestRepo[] = [];
after(async () => {
  for (const r of repos) await r.cleanup();
});

async function repo(): Promise<TestRepo & { key(): Promise<GitStateKey> }> {
  const r = await makeRepo({ 'a.py': 'x = 1\n' });
  repos.push(r);
  const gitDir = join(r.root, '.git');
  return Object.assign(r, { key: () => readGitStateKey(gitDir, gitDir) });
}

const valid = (before: GitStateKey, now: GitStateKey): boolean => cachedVerdictValid({ key: before, value: null }, now);

describe('readGitStateKey against real git', () => {
  it('is stable while nothing happens, and while only the working tree changes', async () => {
    const r = await repo();
    const k = await r.key();
    assert.ok(valid(k, await r.key()));
    await r.write('a.py', 'x = 2\n');
    assert.ok(valid(k, await r.key()), 'an unstaged edit does not touch what the commit contains');
  });

  const moves: Array<[string, (r: TestRepo) => Promise<unknown>]> = [
    ['git add', async (r) => { await r.write('a.py', 'x = 3\n'); await r.add('a.py'); }],
    ['git commit', async (r) => { await r.write('b.py', 'y = 1\n'); await r.add('b.py'); await r.commit('b'); }],
    ['git checkout -b (HEAD names another ref)', (r) => r.git('checkout', '-q', '-b', 'other')],
    ['git reset --soft HEAD~ (branch moves, index kept)', async (r) => { await r.write('c.py', ''); await r.add('c.py'); await r.commit('c'); return r.git('reset', '-q', '--soft', 'HEAD~'); }],
    ['git checkout --detach', (r) => r.git('checkout', '-q', '--detach')],
    ['git pack-refs --all', (r) => r.git('pack-refs', '--all')],
  ];
  for (const [name, move] of moves) {
    it(`moves on ${name}`, async () => {
      const r = await repo();
      const k = await r.key();
      await move(r);
      assert.equal(valid(k, await r.key()), false);
    });
  }
});
