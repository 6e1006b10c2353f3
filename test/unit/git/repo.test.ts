import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, realpath } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openRepo } from '../../../src/git/repo.js';
import { readStagedSnapshot } from '../../../src/git/ls-files.js';
import { readBlobs } from '../../../src/git/cat-file.js';
import { asRepoPath } from '../../../src/model/index.js';
import { tempRepos } from '../../helpers/repo-fixture.js';

const repos = tempRepos();
after(() => repos.cleanup());

describe('openRepo', () => {
  it('finds root, git dir and common dir from the top and from a subdirectory', async () => {
    const r = await repos.make({ 'pkg/deep/a.py': 'x = 1\n' });
    const gitDir = join(r.root, '.git');
    const headTree = (await r.git('rev-parse', 'HEAD^{tree}')).trim();
    for (const cwd of [r.root, join(r.root, 'pkg', 'deep')]) {
      // From a subdirectory git prints --git-common-dir relative (`../../.git`).
      assert.deepEqual(await openRepo(cwd), { root: r.root, gitDir, commonDir: gitDir, hasHead: true, headTree });
    }
  });

  it('is not misled by a file named like the revision it asks for', async () => {
    const r = await repos.make({ 'HEAD^{tree}': 'a file, not a revision\n', '--': '' });
    const headTree = (await r.git('rev-parse', 'HEAD^{tree}')).trim();
    assert.equal((await openRepo(r.root)).headTree, headTree);
  });

  it('says hasHead: false in a fresh repository', async () => {
    const r = await repos.make({ 'a.py': '' }, { commit: false });
    assert.equal((await openRepo(r.root)).hasHead, false);
    assert.equal((await openRepo(r.root)).headTree, null);
  });

  it('in a `git worktree add` checkout: gitDir is .git/worktrees/<name>, commonDir the main .git', async () => {
    const main = await repos.make({ 'a.py': 'x = 1\n' });
    const wtRoot = join(await realpath(tmpdir()), `ssot-guard-wt-${process.pid}-${Date.now()}`);
    repos.track(wtRoot);
    await main.git('worktree', 'add', '-q', '-b', 'topic', wtRoot);
    await mkdir(join(wtRoot, 'sub'));

    const wt = await openRepo(join(wtRoot, 'sub'));
    const name = wtRoot.split('/').pop()!;
    const headTree = (await main.git('rev-parse', 'HEAD^{tree}')).trim();
    assert.deepEqual(wt, { root: wtRoot, gitDir: join(main.root, '.git', 'worktrees', name), commonDir: join(main.root, '.git'), hasHead: true, headTree });

    // The worktree has its own index: staging there leaves the main one alone; objects are shared.
    await main.git('-C', wtRoot, 'rm', '-q', '--cached', 'a.py');
    assert.equal((await readStagedSnapshot(wt)).entries.size, 0);
    const mainStaged = await readStagedSnapshot(await openRepo(main.root));
    const entry = mainStaged.entries.get(asRepoPath('a.py'))!;
    assert.equal((await readBlobs(wt, [entry.sha])).get(entry.sha)!.toString(), 'x = 1\n');
  });

  it('fails with "not a git repository: <cwd>" outside any repository', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ssot-guard-norepo-'));
    repos.track(dir);
    const ceiling = process.env['GIT_CEILING_DIRECTORIES'];
    // In case the temp dir itself lives inside some repository.
    process.env['GIT_CEILING_DIRECTORIES'] = tmpdir();
    try {
      await assert.rejects(openRepo(dir), { message: `not a git repository: ${dir}` });
      await assert.rejects(openRepo(join(dir, 'missing')), /^Error: not a git repository: .*missing/);
    } finally {
      if (ceiling === undefined) delete process.env['GIT_CEILING_DIRECTORIES'];
      else process.env['GIT_CEILING_DIRECTORIES'] = ceiling;
    }
  });
});
