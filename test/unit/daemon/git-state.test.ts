import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFile, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { indexContentKey, readGitStateKey } from '../../../src/daemon/git-state.js';
import { cachedVerdictValid, type GitStateKey } from '../../../src/daemon/verdict-validity.js';
import { makeRepo, type TestRepo } from '../../helpers/repo-fixture.js';

const repos: TestRepo[] = [];
after(async () => {
  for (const r of repos) await r.cleanup();
});

async function repo(): Promise<TestRepo & { key(): GitStateKey }> {
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

describe('readGitStateKey: a branch that lives only in packed-refs', () => {
  it('moves when the packed branch names another commit (the index unchanged)', async () => {
    const r = await repo();
    // A tag packed after the branch: the branch's line is not the file's last.
    await r.git('tag', 'v1');
    await r.git('pack-refs', '--all');
    const k = await r.key();
    await r.git('commit', '-q', '--allow-empty', '-m', 'empty');
    await r.git('pack-refs', '--all');
    const now = await r.key();
    assert.equal(now.index, k.index, 'the index is the same');
    assert.equal(valid(k, now), false);
  });
});

describe('readGitStateKey: the index by what it says, never by its stat', () => {
  it('two indexes with the same content are the same key, whatever their inode and times', async () => {
    const r = await repo();
    const index = join(r.root, '.git', 'index');
    const copy = join(r.root, '.git', 'index-copy');
    await copyFile(index, copy);
    await utimes(copy, new Date(0), new Date(0));
    assert.equal(indexContentKey(copy), indexContentKey(index));
  });

  it('an index rewritten in place with the same size and its times put back is another key', async () => {
    const r = await repo();
    const index = join(r.root, '.git', 'index');
    const second = 1_700_000_000;
    await utimes(index, second, second);
    const before = await stat(index);
    const k = await r.key();
    // a.py's blob id inside the entry: same size, other content (as a same-second `git add` of a same-length edit).
    const bytes = await readFile(index);
    bytes[12 + 40] = bytes[12 + 40]! ^ 0xff;
    const trailer = createHash('sha1').update(bytes.subarray(0, bytes.length - 20)).digest();
    trailer.copy(bytes, bytes.length - 20);
    await writeFile(index, bytes);
    await utimes(index, second, second);
    const after = await stat(index);
    assert.equal(after.ino, before.ino);
    assert.equal(after.size, before.size);
    assert.equal(after.mtimeMs, before.mtimeMs);
    assert.equal(valid(k, await r.key()), false);
  });

  it('an index git wrote without a checksum (index.skipHash: zeros) is keyed by a hash of all of it', async () => {
    const r = await repo();
    const index = join(r.root, '.git', 'index');
    const bytes = await readFile(index);
    bytes.fill(0, bytes.length - 20);
    await writeFile(index, bytes);
    const k = indexContentKey(index);
    assert.match(k, /^\d+:sha1:[0-9a-f]{40}$/);
    bytes[12 + 40] = bytes[12 + 40]! ^ 0xff;
    await writeFile(index, bytes);
    assert.notEqual(indexContentKey(index), k);
  });
});
