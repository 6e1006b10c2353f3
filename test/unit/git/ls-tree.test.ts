import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { openRepo } from '../../../src/git/repo.js';
import { readHeadSnapshot, parseLsTree } from '../../../src/git/ls-tree.js';
import { readStagedSnapshot } from '../../../src/git/ls-files.js';
import { tempRepos } from '../../helpers/repo-fixture.js';
import { AWKWARD_PATHS } from '../../helpers/awkward-paths.js';

const repos = tempRepos();
after(() => repos.cleanup());

describe('readHeadSnapshot', () => {
  it('is the committed tree, whatever is staged since', async () => {
    const r = await repos.make({ 'a.py': 'a = 1\n', 'pkg/b.py': 'b = 1\n' });
    const repo = await openRepo(r.root);
    const committed = await readStagedSnapshot(repo);
    await r.write('a.py', 'a = 2\n');
    await r.write('new.py', '');
    await r.add();

    const head = await readHeadSnapshot(repo);
    assert.equal(head.kind, 'head');
    assert.deepEqual(head.unmerged, []);
    assert.deepEqual([...head.entries.values()], [...committed.entries.values()]);
  });

  it('is empty in a fresh repository with no HEAD, even with files staged', async () => {
    const r = await repos.make({ 'a.py': '' }, { commit: false });
    const repo = await openRepo(r.root);
    assert.equal(repo.hasHead, false);
    const head = await readHeadSnapshot(repo);
    assert.equal(head.entries.size, 0);

    // A daemon's repo object outlives the first commit: HEAD is asked for each time.
    await r.commit('first');
    assert.deepEqual([...(await readHeadSnapshot(repo)).entries.keys()], ['a.py']);
  });

  it('round-trips awkward paths exactly and keeps the mode of symlinks', async () => {
    const r = await repos.make(Object.fromEntries(AWKWARD_PATHS.map((p) => [p, p])), { commit: false });
    await symlink('with space.py', join(r.root, 'link.py'));
    await r.add();
    await r.commit('awkward');
    const head = await readHeadSnapshot(await openRepo(r.root));
    assert.deepEqual([...head.entries.keys()].sort(), [...AWKWARD_PATHS, 'link.py'].sort());
    assert.equal(head.entries.get('link.py' as never)!.mode, '120000');
  });

  it('skips gitlinks (type commit)', async () => {
    const r = await repos.make({ 'a.py': '' }, { commit: false });
    await r.git('update-index', '--add', '--cacheinfo', `160000,${'1'.repeat(40)},vendor/lib`);
    await r.commit('with a submodule entry');
    const head = await readHeadSnapshot(await openRepo(r.root));
    assert.deepEqual([...head.entries.keys()], ['a.py']);
  });
});

describe('parseLsTree', () => {
  it('reads mode, type, sha and a path that contains a tab', () => {
    const A = 'a'.repeat(40);
    const s = parseLsTree(`100755 blob ${A}\tbin/t\tool\x00160000 commit ${'b'.repeat(40)}\tsub\0`);
    assert.deepEqual([...s.entries.values()], [{ path: 'bin/t\tool', sha: A, mode: '100755' }]);
  });
});
