/**
 * Linked worktrees (`git worktree add`): a commit there runs the hook and is
 * judged, in every layout `init` wires, whether the worktree was made before
 * or after `init`, and whether `init` ran in it or in the main worktree.
 * Real repositories, real worktrees, real `git commit` through the hook.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { hookBlock } from '../../src/init/hook-block.js';
import { MIXED, CLEAN, baseFiles } from '../helpers/python-repo.js';
import { git, gitResult, type TestRepo } from '../helpers/repo-fixture.js';
import { cli, daemonRepo, onCleanup, stopAllDaemons, type DaemonRepo } from './daemon-fixture.js';

after(stopAllDaemons);

const PACKAGE_JSON = '{\n  "name": "team-app",\n  "version": "1.0.0"\n}\n';
/** In-process verdicts: what is tested is which hook git runs, not the daemon. */
const NO_DAEMON = { SSOT_GUARD_NO_DAEMON: '1' };

const layouts = {
  'a Python repository (no package.json: init manages the hooks itself)': () => baseFiles(),
  'a JavaScript repository (husky)': () => ({ ...baseFiles(), 'package.json': PACKAGE_JSON, '.husky/pre-commit': 'echo team-check\n' }),
} as const;

/** A linked worktree of `r` on a new branch, in a temp dir of its own (removed with the repos). */
async function addWorktree(r: TestRepo, branch: string, extra: string[] = []): Promise<TestRepo> {
  const parent = await realpath(await mkdtemp(join(tmpdir(), 'ssot-guard-wt-')));
  onCleanup(() => rm(parent, { recursive: true, force: true }));
  const root = join(parent, 'wt');
  const added = await gitResult(r.root, ['worktree', 'add', '-q', ...extra, '-b', branch, root]);
  assert.equal(added.code, 0, added.stderr);
  return { ...r, root, git: (...args) => git(root, ...args), write: async () => assert.fail('write through the main repo fixture'), add: async (...paths) => void (await git(root, 'add', '--', ...paths)) } as TestRepo;
}

const init = async (cwd: string, r: DaemonRepo) => {
  const run = await cli(r, ['init'], {}, cwd);
  assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
  return run;
};

let tidied = 0;
/** Stages the mix in `wt` and commits through the hook: it must be refused, and the branch not move. */
async function mixIsRefused(wt: TestRepo, what: string): Promise<void> {
  await writeFile(join(wt.root, 'app/factory.py'), MIXED);
  await wt.git('add', 'app/factory.py');
  const before = (await wt.git('rev-parse', 'HEAD')).trim();
  const refused = await gitResult(wt.root, ['commit', '-q', '-m', 'mix'], { env: NO_DAEMON });
  assert.equal(refused.code, 1, `${what}: the mix was committed\n${refused.stdout}${refused.stderr}`);
  assert.match(refused.stdout + refused.stderr, /Use Bridge, not Manager\./, what);
  assert.equal((await wt.git('rev-parse', 'HEAD')).trim(), before, what);
  // And a clean commit still goes through.
  await writeFile(join(wt.root, 'app/factory.py'), `${CLEAN}# tidy ${++tidied}\n`);
  await wt.git('add', 'app/factory.py');
  const passed = await gitResult(wt.root, ['commit', '-q', '-m', 'clean'], { env: NO_DAEMON });
  assert.equal(passed.code, 0, `${what}: ${passed.stdout}${passed.stderr}`);
}

/** What init wrote, committed on main (as a team does), so branches made from it carry the hook files. */
async function commitSetup(r: TestRepo): Promise<void> {
  await r.git('add', '-A');
  await r.git('commit', '-q', '--no-verify', '-m', 'ssot-guard init');
}

for (const [layout, files] of Object.entries(layouts)) {
  describe(`linked worktrees: ${layout}`, () => {
    it('a worktree made after init runs the hook: the mix is refused', async () => {
      const r = await daemonRepo(files());
      await init(r.root, r);
      await commitSetup(r);
      const wt = await addWorktree(r, 'after');
      await mixIsRefused(wt, 'worktree made after init');
      await mixIsRefused(r, 'the main worktree');
    });

    it('a worktree made before init runs the hook once its branch has the hook files', async () => {
      const r = await daemonRepo(files());
      const wt = await addWorktree(r, 'before');
      await init(r.root, r);
      await commitSetup(r);
      await wt.git('merge', '-q', '--ff-only', 'main');
      await mixIsRefused(wt, 'worktree made before init');
    });

    it('init run inside a linked worktree wires the hook for it (and the main worktree), bypassing nothing', async () => {
      const r = await daemonRepo(files());
      const wt = await addWorktree(r, 'inside');
      const run = await init(wt.root, r);
      assert.doesNotMatch(run.stdout, /created \.husky\/_\//, 'no stand-alone hooks in husky\'s dir');
      for (const name of ['pre-commit', 'pre-merge-commit']) {
        const stub = join(wt.root, '.husky', '_', name);
        if (existsSync(stub)) assert.match(await readFile(stub, 'utf8'), /\/h"/, `${name} in .husky/_ is husky's own stub`);
      }
      await wt.git('add', '-A');
      await wt.git('commit', '-q', '--no-verify', '-m', 'ssot-guard init');
      await mixIsRefused(wt, 'the worktree init ran in');
      if ('package.json' in files()) {
        // The team's own line in .husky/pre-commit ran: the guard went through it, not around it.
        await writeFile(join(wt.root, 'app/factory.py'), MIXED);
        await wt.git('add', 'app/factory.py');
        const again = await gitResult(wt.root, ['commit', '-q', '-m', 'mix'], { env: NO_DAEMON });
        assert.match(again.stdout + again.stderr, /team-check/);
      }
      await r.git('merge', '-q', '--ff-only', 'inside');
      await mixIsRefused(r, 'the main worktree, after init ran in a linked one');
    });
  });
}

describe('linked worktrees: what init and check say where git runs no hook', () => {
  it('check in a worktree where git finds no pre-commit hook warns that commits there are not checked', async () => {
    const r = await daemonRepo(layouts['a JavaScript repository (husky)']());
    await init(r.root, r);
    await commitSetup(r);
    // git worktree add --no-checkout runs no post-checkout hook: nothing can give this worktree husky's dir.
    const wt = await addWorktree(r, 'bare', ['--no-checkout']);
    await wt.git('checkout', '-q', 'bare');
    const warned = await cli(r, ['check', '--staged'], NO_DAEMON, wt.root);
    assert.equal(warned.code, 0, warned.stderr);
    assert.match(warned.stderr, /warning: git runs no pre-commit hook in this worktree/);
    assert.match(warned.stderr, /commits here are not checked/);
    assert.match(warned.stderr, /ssot-guard init/);
    // Once init has run there, the hook is there, and check says nothing more.
    await init(wt.root, r);
    const quiet = await cli(r, ['check', '--staged'], NO_DAEMON, wt.root);
    assert.doesNotMatch(quiet.stderr, /warning: git runs no pre-commit hook/);
    await mixIsRefused(wt, 'the --no-checkout worktree after init ran in it');
  });

  it('a Python repository wired by an earlier init (core.hooksPath = .husky/_) is moved to git\'s own hooks dir, and its worktrees run the hook', async () => {
    const r = await daemonRepo(layouts['a Python repository (no package.json: init manages the hooks itself)']());
    // What init did before: husky's installer (relative core.hooksPath, git-ignored dir) and the guard in .husky/pre-commit.
    const husky = join(dirname(createRequire(import.meta.url).resolve('husky')), 'bin.js');
    execFileSync(process.execPath, [husky, '.husky'], { cwd: r.root, env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' } });
    await r.write('.husky/pre-commit', hookBlock('node_modules/.bin/ssot-guard-pre-commit'));
    await commitSetup(r);
    const wt = await addWorktree(r, 'old-layout');
    assert.equal((await wt.git('rev-parse', '--git-path', 'hooks/pre-commit')).trim(), '.husky/_/pre-commit', 'the old layout: nothing there in the worktree');
    const run = await init(r.root, r);
    assert.match(run.stdout, /removed core\.hooksPath = \.husky\/_/);
    assert.equal((await r.git('config', '--get', 'core.hooksPath', { allowFailure: true })).trim(), '');
    await mixIsRefused(wt, 'a worktree of a repository wired by an earlier init');
  });

  it('the same, with a pre-commit of someone else\'s in .git/hooks (not run under the old hooksPath): once the setting goes git runs that one, so it gains the guard', async () => {
    const r = await daemonRepo(layouts['a Python repository (no package.json: init manages the hooks itself)']());
    const husky = join(dirname(createRequire(import.meta.url).resolve('husky')), 'bin.js');
    execFileSync(process.execPath, [husky, '.husky'], { cwd: r.root, env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' } });
    await r.write('.husky/pre-commit', hookBlock('node_modules/.bin/ssot-guard-pre-commit'));
    await commitSetup(r);
    const own = join(r.root, '.git/hooks/pre-commit');
    await writeFile(own, '#!/bin/sh\necho team-lint-ran >&2\n', { mode: 0o755 });
    const run = await init(r.root, r);
    assert.match(run.stdout, /removed core\.hooksPath = \.husky\/_/);
    assert.match(await readFile(own, 'utf8'), /echo team-lint-ran[\s\S]*ssot-guard/, 'the team\'s hook is kept and runs the guard after it');
    await mixIsRefused(r, 'the main worktree, through the team\'s own pre-commit');
    await mixIsRefused(await addWorktree(r, 'own-hook'), 'a linked worktree, through the team\'s own pre-commit');
  });

  it('init says what husky\'s own prepare means for linked worktrees', async () => {
    const r = await daemonRepo(layouts['a JavaScript repository (husky)']());
    const run = await init(r.root, r);
    assert.match(run.stdout, /note: linked worktrees/);
    assert.match(run.stdout, /--no-checkout/);
  });
});
