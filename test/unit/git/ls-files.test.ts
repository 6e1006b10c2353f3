import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openRepo } from '../../../src/git/repo.js';
import { parseLsFilesStage, readStagedSnapshot } from '../../../src/git/ls-files.js';
import { readWorktreeSnapshot } from '../../../src/git/worktree.js';
import { readBlobs } from '../../../src/git/cat-file.js';
import { asRepoPath, type Snapshot } from '../../../src/model/index.js';
import { tempRepos } from '../../helpers/repo-fixture.js';
import { AWKWARD_PATHS } from '../../helpers/awkward-paths.js';

const repos = tempRepos();
after(() => repos.cleanup());

const shaOf = (s: Snapshot, p: string) => s.entries.get(asRepoPath(p))?.sha;

describe('readStagedSnapshot', () => {
  it('is the index, not the working tree, after partial staging', async () => {
    const r = await repos.make({ 'a.py': 'a = 1\n', 'b.py': 'b = 1\n' });
    await r.write('a.py', 'a = 2\n');
    await r.write('b.py', 'b = 2\n');
    await r.add('a.py');
    const repo = await openRepo(r.root);
    const staged = await readStagedSnapshot(repo);
    const { snapshot: worktree, reader } = await readWorktreeSnapshot(repo);
    reader.close();

    assert.equal(staged.kind, 'staged');
    assert.equal(shaOf(staged, 'a.py'), shaOf(worktree, 'a.py'));
    assert.notEqual(shaOf(staged, 'b.py'), shaOf(worktree, 'b.py'));
    const blobs = await readBlobs(repo, [shaOf(staged, 'a.py')!, shaOf(staged, 'b.py')!]);
    assert.deepEqual([...blobs.values()].map(String), ['a = 2\n', 'b = 1\n']);
  });

  it('round-trips paths with spaces, quotes, tabs, newlines and non-ASCII exactly', async () => {
    const files = Object.fromEntries(AWKWARD_PATHS.map((p, i) => [p, `x = ${i}\n`]));
    const r = await repos.make(files, { commit: false });
    const staged = await readStagedSnapshot(await openRepo(r.root));
    assert.deepEqual([...staged.entries.keys()].sort(), [...AWKWARD_PATHS].sort());
    for (const [path, entry] of staged.entries) assert.equal(entry.path, path);
  });

  it('records the executable bit and symlinks in the mode', async () => {
    const r = await repos.make({ 'run.sh': '#!/bin/sh\n', 'lib.py': '' }, { commit: false });
    await r.git('update-index', '--chmod=+x', 'run.sh');
    const link = await r.git('hash-object', '-w', '--stdin', { input: 'lib.py' });
    await r.git('update-index', '--add', '--cacheinfo', `120000,${link.trim()},link.py`);
    const staged = await readStagedSnapshot(await openRepo(r.root));
    assert.deepEqual(
      [...staged.entries.values()].map((e) => [e.path, e.mode]),
      [['lib.py', '100644'], ['link.py', '120000'], ['run.sh', '100755']],
    );
  });

  it('during a conflict keeps "ours" (stage 2) and lists the path as unmerged', async () => {
    const r = await repos.make({ 'c.py': 'base\n', 'calm.py': 'calm\n' });
    await r.git('checkout', '-q', '-b', 'theirs');
    await r.write('c.py', 'theirs\n');
    await r.git('commit', '-qam', 'theirs');
    await r.git('checkout', '-q', 'main');
    await r.write('c.py', 'ours\n');
    await r.git('commit', '-qam', 'ours');
    await r.git('merge', 'theirs', { allowFailure: true });

    const repo = await openRepo(r.root);
    const staged = await readStagedSnapshot(repo);
    assert.deepEqual(staged.unmerged, ['c.py']);
    assert.deepEqual([...staged.entries.keys()], ['c.py', 'calm.py']);
    const sha = shaOf(staged, 'c.py')!;
    assert.equal((await readBlobs(repo, [sha])).get(sha)!.toString(), 'ours\n');
  });

  it('skips submodule gitlinks: their sha is a commit in another repository', async () => {
    const r = await repos.make({ 'a.py': '' }, { commit: false });
    await r.git('update-index', '--add', '--cacheinfo', `160000,${'1'.repeat(40)},vendor/lib`);
    const staged = await readStagedSnapshot(await openRepo(r.root));
    assert.deepEqual([...staged.entries.keys()], ['a.py']);
  });
});

describe('parseLsFilesStage', () => {
  const A = 'a'.repeat(40);
  const B = 'b'.repeat(40);
  const C = 'c'.repeat(40);
  const table: Array<[string, string, Array<[string, string]>, string[]]> = [
    ['empty output', '', [], []],
    ['one entry', `100644 ${A} 0\tx.py\0`, [['x.py', A]], []],
    ['a tab inside the path', `100644 ${A} 0\tt\tab.py\0`, [['t\tab.py', A]], []],
    ['all three stages keep stage 2', `100644 ${A} 1\tc.py\x00100644 ${B} 2\tc.py\x00100644 ${C} 3\tc.py\0`, [['c.py', B]], ['c.py']],
    ['deleted by us: unmerged, no entry', `100644 ${A} 1\td.py\x00100644 ${C} 3\td.py\0`, [], ['d.py']],
  ];
  for (const [name, text, entries, unmerged] of table) {
    it(name, () => {
      const s = parseLsFilesStage(text);
      assert.deepEqual([...s.entries.values()].map((e) => [e.path, e.sha]), entries);
      assert.deepEqual(s.unmerged, unmerged);
    });
  }

  it('refuses a record it cannot read rather than guessing', () => {
    assert.throws(() => parseLsFilesStage('garbage\0'), /unexpected git ls-files -s record/);
  });
});
