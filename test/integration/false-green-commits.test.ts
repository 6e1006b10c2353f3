/**
 * Issue 18's numbered cases through a real `git commit` and the hook `init`
 * installed, in-process and with a warm daemon: every shape that mixes is
 * refused and HEAD does not move; every clean one is committed. Cases 2, 5, 6
 * and 7 are the Python shapes that python-differential.test.ts also runs under
 * CPython; case 1 is a linked worktree (worktree-hooks.test.ts covers its
 * layouts in-process). Case 3 is index-stat-repeat.test.ts, case 4
 * trust.test.ts, case 8 symlink-in-scope.test.ts.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { BASE, shapes } from '../helpers/python-shapes.js';
import { git, gitResult, type TestRepo } from '../helpers/repo-fixture.js';
import { cli, daemonRepo, daemonUp, onCleanup, stopAllDaemons, track, type DaemonRepo } from './daemon-fixture.js';
import { refusedBothWays, subject } from './hooked-commit.js';

after(stopAllDaemons);

/** BASE with the hook installed and committed (as a team does), the factory not yet written. */
async function hookedRepo(): Promise<DaemonRepo> {
  const r = await daemonRepo({ ...BASE });
  const init = await cli(r, ['init']);
  assert.equal(init.code, 0, init.stderr);
  await r.git('add', '-A');
  await r.git('commit', '-q', '--no-verify', '-m', 'hooked');
  return r;
}

/** Writes `files` into the checkout at `r.root` (a linked worktree too) and stages everything. */
async function stage(r: TestRepo, files: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(r.root, path)), { recursive: true });
    await writeFile(join(r.root, path), text);
  }
  await r.git('add', '-A');
}

const REFUSAL = /app\/agents\/factory\.py[\s\S]*Use Bridge, not WebSocketManager\./;

describe('issue 18: each case refused through git commit, with and without a daemon', { concurrency: 2 }, () => {
  for (const shape of shapes) {
    it(`${shape.name}: ${shape.mixes ? 'refused' : 'committed'}`, async () => {
      const r = await hookedRepo();
      await stage(r, shape.files);
      if (shape.mixes) {
        await refusedBothWays(r, REFUSAL);
        return;
      }
      const inProcess = await gitResult(r.root, ['commit', '-q', '-m', 'clean, in-process'], { env: { SSOT_GUARD_NO_DAEMON: '1' } });
      assert.equal(inProcess.code, 0, inProcess.stdout + inProcess.stderr);
      assert.equal(await subject(r), 'clean, in-process');
      assert.equal((await cli(r, ['daemon', 'start'])).code, 0);
      await daemonUp(r);
      await stage(r, { 'app/agents/factory.py': `${shape.files['app/agents/factory.py']}# again\n` });
      const viaDaemon = await gitResult(r.root, ['commit', '-q', '-m', 'clean, with a daemon'], { env: { SSOT_GUARD_NO_DAEMON: '' } });
      assert.equal(viaDaemon.code, 0, viaDaemon.stdout + viaDaemon.stderr);
      assert.equal(await subject(r), 'clean, with a daemon');
      await cli(r, ['daemon', 'stop']);
    });
  }

  it('case 1: a linked worktree made after init runs the hook', async () => {
    const r = await hookedRepo();
    const parent = await realpath(await mkdtemp(join(tmpdir(), 'ssot-guard-wt-')));
    onCleanup(() => rm(parent, { recursive: true, force: true }));
    const root = join(parent, 'wt');
    assert.equal((await gitResult(r.root, ['worktree', 'add', '-q', '-b', 'wt1', root])).code, 0);
    const gitDir = (await git(root, 'rev-parse', '--absolute-git-dir')).trim();
    const wt = track({ ...r, root, git: (...args: string[]) => git(root, ...args) } as TestRepo, gitDir);
    await stage(wt, shapes.find((s) => s.name === 'two star imports in a row')!.files);
    await refusedBothWays(wt, REFUSAL);
  });
});
