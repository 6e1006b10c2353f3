import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { indexKey, readGitStateKey } from '../../../src/daemon/git-state.js';
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

/**
 * A filesystem whose timestamps have 1-second resolution (ext4 with 128-byte
 * inodes), loop-mounted when the tests run as root and may mount; null, with
 * the reason, elsewhere.
 */
function oneSecondFilesystem(): { dir: string; unmount(): void } | { reason: string } {
  if (process.getuid?.() !== 0) return { reason: 'not root' };
  const base = mkdtempSync(join(tmpdir(), 'ssot-1s-'));
  const image = join(base, 'fs.img');
  const dir = join(base, 'mnt');
  try {
    execFileSync('truncate', ['-s', '32M', image]);
    execFileSync('mkfs.ext4', ['-q', '-F', '-I', '128', image], { stdio: 'ignore' });
    mkdirSync(dir);
    execFileSync('mount', ['-o', 'loop', image, dir], { stdio: 'ignore' });
  } catch (err) {
    rmSync(base, { recursive: true, force: true });
    return { reason: `cannot make one: ${(err as Error).message.split('\n')[0]}` };
  }
  return {
    dir,
    unmount: () => {
      execFileSync('umount', [dir]);
      rmSync(base, { recursive: true, force: true });
    },
  };
}

describe('the index key: what the index says, not only its stat', () => {
  it('two different indexes with the same ino, size, mtime and ctime have different keys', async (t) => {
    const fs = oneSecondFilesystem();
    if ('reason' in fs) {
      // Forced instead: the second index written in place over the first (same inode, same size), its times set back.
      t.diagnostic(`no 1-second filesystem (${fs.reason}): identical stats forced with utimes over an in-place write`);
      const r = await repo();
      const index = join(r.root, '.git', 'index');
      const first = readFileSync(index);
      await r.write('a.py', 'x = 9\n');
      await r.add('a.py');
      const second = readFileSync(index);
      assert.equal(first.length, second.length);
      writeFileSync(index, first);
      const one = await indexKey(index);
      const { atime, mtime } = statSync(index);
      writeFileSync(index, second);
      utimesSync(index, atime, mtime);
      const two = await indexKey(index);
      assert.notEqual(one.split(':').slice(4).join(':'), two.split(':').slice(4).join(':'), 'the content part tells them apart');
      assert.notEqual(one, two);
      return;
    }
    try {
      t.diagnostic(`on a loop-mounted ext4 with 128-byte inodes at ${fs.dir}`);
      const r = await makeRepo({ 'a.py': 'x = 1\n' }, { under: fs.dir });
      const index = join(r.root, '.git', 'index');
      // git writes index.lock and renames it over the index: the inode freed by one write is taken by the next but one,
      // so within one second the first and third of three same-size indexes have the same stat (tried until they do).
      for (let attempt = 0; ; attempt++) {
        const states = [];
        for (const x of ['1', '3', '2']) {
          await r.write('a.py', `x = ${x}\n`);
          await r.add('a.py');
          states.push({ stat: statSync(index, { bigint: true }), key: await indexKey(index) });
        }
        const [before, , after] = states as [(typeof states)[0], unknown, (typeof states)[0]];
        const sameStat = ['ino', 'size', 'mtimeNs', 'ctimeNs'].every((k) => before.stat[k as 'ino'] === after.stat[k as 'ino']);
        if (!sameStat && attempt < 20) continue;
        assert.ok(sameStat, 'the stat repeated at least once in 20 tries');
        assert.notEqual(before.key, after.key);
        break;
      }
      await r.cleanup();
    } finally {
      fs.unmount();
    }
  });

  it('an index git wrote without a checksum (index.skipHash: zeros where the checksum goes) is told apart by its content', async () => {
    const r = await repo();
    const index = join(r.root, '.git', 'index');
    const unsummed = (): Buffer => Buffer.concat([readFileSync(index).subarray(0, -20), Buffer.alloc(20)]);
    const first = unsummed();
    await r.write('a.py', 'x = 6\n');
    await r.add('a.py');
    const second = unsummed();
    const keyOf = async (bytes: Buffer): Promise<string> => {
      writeFileSync(index, bytes);
      return (await indexKey(index)).split(':').slice(4).join(':');
    };
    assert.notEqual(await keyOf(first), await keyOf(second));
  });
});
