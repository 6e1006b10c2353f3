import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { fromHeadSource, gitSnapshotSource, judgmentsFile, persistedFactStore, persistedJudgments } from '../../src/session/open-session.js';
import { Session } from '../../src/session/session.js';
import { keptJudgmentStore } from '../../src/session/kept-judgment-store.js';
import { FactStore } from '../../src/facts/fact-store.js';
import type { CheckResult } from '../../src/model/index.js';
import { gitResult, makeRepo, type TestRepo } from '../helpers/repo-fixture.js';
import { keptHeadTree } from './daemon-fixture.js';
import { openRepo } from '../../src/git/repo.js';
import { loadRepoConfig } from '../../src/cli/load-repo-config.js';
import { baseFiles, MIXED } from '../helpers/python-repo.js';

const repos: TestRepo[] = [];
after(async () => {
  for (const r of repos) await r.cleanup();
});

/** The verdict without what differs run to run (time, cache hits). */
function verdict(result: CheckResult): unknown {
  const { stats, ...rest } = result;
  return { ...rest, files: stats.files };
}

/**
 * A check from HEAD's judgments on disk (what the CLI runs), counting the
 * times it listed the index, and the same check made from scratch: the
 * index listed, HEAD listed, every file judged, nothing read from disk.
 */
async function bothWays(r: TestRepo): Promise<{ fromHead: CheckResult; listed: number; fromScratch: CheckResult }> {
  const repo = await openRepo(r.root);
  const config = await loadRepoConfig(repo.root, join(repo.root, 'ssot-guard.config.json'));
  const source = fromHeadSource(repo);
  let listed = 0;
  const counted = { ...source, staged: () => (listed++, source.staged()) };
  const fromHead = (await new Session(config, counted, persistedFactStore(repo), persistedJudgments(repo, config)).check('staged')).result;
  source.close();
  const plain = gitSnapshotSource(repo);
  const fromScratch = (await new Session(config, plain, new FactStore(null), keptJudgmentStore(config, null, 'process')).check('staged')).result;
  plain.close();
  return { fromHead, listed, fromScratch };
}

/** Writes and stages these files. */
async function stage(r: TestRepo, files: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(files)) await r.write(path, text);
  await r.add(...Object.keys(files));
}

/** A repository whose HEAD judgments are on disk, as a first check leaves them. */
async function judgedRepo(files: Record<string, string> = {}): Promise<TestRepo> {
  const r = await makeRepo({
    ...baseFiles(),
    'app/user.py': 'from app.factory import make\n',
    // Mixes as soon as helpers re-points Thing to the legacy class: a verdict that moves in a file the commit does not touch.
    'app/helpers.py': 'from app.bridge import Bridge as Thing\n',
    'app/both.py': 'from app.bridge import Bridge\nfrom app.helpers import Thing\n\n\ndef make():\n    return Bridge(), Thing()\n',
    'README.md': 'hi\n',
    ...files,
  });
  repos.push(r);
  const first = await bothWays(r);
  assert.equal(first.listed, 1, 'no judgments yet: the first check lists the index');
  return r;
}

describe('a staged check from HEAD\'s judgments and git\'s list of changed paths', () => {
  const cases: Array<{ name: string; change: (r: TestRepo) => Promise<void>; lists: boolean }> = [
    { name: 'a file made to mix', change: async (r) => (await r.write('app/factory.py', MIXED), r.add('app/factory.py')), lists: false },
    { name: 'an edit staged, then undone on disk only', change: async (r) => (await r.write('app/factory.py', MIXED), await r.add('app/factory.py'), r.write('app/factory.py', baseFiles()['app/factory.py']!)), lists: false },
    { name: 'a re-export re-pointed (an untouched importer mixes)', change: async (r) => (await r.write('app/helpers.py', 'from app.legacy import Manager as Thing\n'), r.add('app/helpers.py')), lists: false },
    { name: 'a file that does not parse', change: async (r) => (await r.write('app/user.py', 'def (:\n'), r.add('app/user.py')), lists: false },
    { name: 'only a file no rule reads', change: async (r) => (await r.write('README.md', 'changed\n'), r.add('README.md')), lists: false },
    { name: 'nothing staged', change: async () => {}, lists: false },
    // Judged as the file it leads to: only a listing finds that file.
    { name: 'a symlink added where include reaches', change: async (r) => (await symlink('factory.py', join(r.root, 'app/link.py')), r.add('app/link.py')), lists: true },
    {
      name: 'a baseline that tolerates the mix, staged with it',
      change: async (r) => {
        await r.write('app/factory.py', MIXED);
        await r.add('app/factory.py');
        const { fromScratch } = await bothWays(r);
        const v = fromScratch.violations[0]!;
        await r.write('ssot-guard.baseline.json', JSON.stringify({ version: 1, entries: [{ fingerprint: v.fingerprint, rule: v.rule, file: v.file, unit: v.unit, count: 1 }] }, null, 2));
        await r.add('ssot-guard.baseline.json');
      },
      lists: false,
    },
    {
      // Only the changed file's facts are made sure of: the importer judged again finds none cached, and must not be read as importing nothing.
      name: 'a re-export re-pointed after the fact cache was deleted',
      change: async (r) => {
        for (const name of await readdir(join(r.root, '.git', 'ssot-guard'))) if (name.startsWith('facts.')) await rm(join(r.root, '.git', 'ssot-guard', name));
        await r.write('app/helpers.py', 'from app.legacy import Manager as Thing\n');
        await r.add('app/helpers.py');
      },
      lists: true,
    },
    { name: 'a new Python file (the module index changes)', change: async (r) => (await r.write('app/extra.py', MIXED), r.add('app/extra.py')), lists: true },
    { name: 'a Python file deleted', change: async (r) => r.git('rm', '-q', 'app/user.py').then(() => {}), lists: true },
  ];
  for (const c of cases) {
    it(`gives the verdict a check from scratch gives: ${c.name}`, async () => {
      const r = await judgedRepo();
      await c.change(r);
      const { fromHead, listed, fromScratch } = await bothWays(r);
      assert.deepEqual(verdict(fromHead), verdict(fromScratch));
      if (c.name.includes('re-pointed')) assert.deepEqual(fromHead.violations.map((v) => v.file), ['app/both.py'], 'the untouched importer mixes');
      assert.equal(listed, c.lists ? 1 : 0, c.lists ? 'the file list changes: the index is listed' : 'the index is not listed');
    });
  }

  it('lists the index while a merge conflict is unresolved, and judges it as a check from scratch does', async () => {
    const r = await judgedRepo();
    await r.git('checkout', '-q', '-b', 'side');
    await r.write('app/factory.py', MIXED);
    await r.add('app/factory.py');
    await r.commit('side');
    await r.git('checkout', '-q', '-');
    await r.write('app/factory.py', 'from app.bridge import Bridge\n\n\ndef make():\n    return [Bridge()]\n');
    await r.add('app/factory.py');
    await r.commit('main');
    await bothWays(r);
    await r.git('merge', '-q', 'side').catch(() => {});
    const { fromHead, listed, fromScratch } = await bothWays(r);
    assert.equal(listed, 1);
    assert.deepEqual(verdict(fromHead), verdict(fromScratch));
    assert.ok(fromHead.diagnostics.some((d) => d.code === 'unmerged'));
  });

  it('judges from the kept judgments when commits have moved HEAD since, and keeps them while those commits changed few files', async () => {
    const r = await judgedRepo();
    const keptTree = await keptHeadTree(r);
    // HEAD gains a violation: a later commit is not blamed for it.
    await stage(r, { 'app/factory.py': MIXED });
    await r.commit('mix committed');
    await stage(r, { 'app/user.py': 'from app.factory import make\nx = 1\n' });
    const first = await bothWays(r);
    assert.equal(first.listed, 0, 'HEAD moved by one file: judged from the kept judgments');
    assert.deepEqual(verdict(first.fromHead), verdict(first.fromScratch));
    assert.deepEqual(first.fromHead.violations, []);
    assert.equal(await keptHeadTree(r), keptTree, 'one file since: the kept judgments stay');

    // The commit re-points a re-export (an untouched importer mixes at HEAD); the index then fixes it, in a file the commit also changed.
    await r.commit('user');
    await stage(r, { 'app/helpers.py': 'from app.legacy import Manager as Thing\n' });
    await r.commit('re-point');
    await stage(r, { 'app/helpers.py': 'from app.bridge import Bridge as Thing  # back\n' });
    const fixed = await bothWays(r);
    assert.equal(fixed.listed, 0);
    assert.deepEqual(verdict(fixed.fromHead), verdict(fixed.fromScratch));

    // And one that re-points it again, staged on top: new against a HEAD that already had the fix undone.
    await stage(r, { 'app/factory.py': baseFiles()['app/factory.py']!, 'app/helpers.py': 'from app.legacy import Manager as Thing\n' });
    const same = await bothWays(r);
    assert.equal(same.listed, 0);
    assert.deepEqual(verdict(same.fromHead), verdict(same.fromScratch));
  });

  it('does not hold a violation a commit since fixed against the next commit', async () => {
    // Kept while the factory mixed; a commit fixes it; the next commit touches another file.
    const r = await judgedRepo({ 'app/factory.py': MIXED });
    await stage(r, { 'app/factory.py': baseFiles()['app/factory.py']! });
    await r.commit('fix');
    await stage(r, { 'app/user.py': 'from app.factory import make\nx = 3\n' });
    const { fromHead, listed, fromScratch } = await bothWays(r);
    assert.equal(listed, 0);
    assert.deepEqual(verdict(fromHead), verdict(fromScratch));
    assert.deepEqual(fromHead.violations, []);
  });

  it('lists the index when the kept judgments are of a tree git no longer has', async () => {
    const r = await judgedRepo({ 'app/only-here.py': 'x = 1\n' });
    const keptTree = (await keptHeadTree(r))!;
    // The commit rewritten, the old one forgotten and pruned: its tree is gone.
    await stage(r, { 'app/only-here.py': 'x = 2\n' });
    await r.git('commit', '-q', '--amend', '--no-verify', '-m', 'rewritten');
    await r.git('reflog', 'expire', '--expire=now', '--all');
    await r.git('gc', '-q', '--prune=now');
    assert.notEqual((await gitResult(r.root, ['cat-file', '-e', keptTree])).code, 0, 'the kept tree is gone');
    await stage(r, { 'app/factory.py': MIXED });
    const { fromHead, listed, fromScratch } = await bothWays(r);
    assert.equal(listed, 1);
    assert.deepEqual(verdict(fromHead), verdict(fromScratch));
    assert.equal(fromHead.violations.length, 1);
  });

  it('lists the index when a commit since added a file, and keeps the judgments of the new HEAD', async () => {
    const r = await judgedRepo();
    await stage(r, { 'app/extra.py': 'x = 1\n' });
    await r.commit('add');
    await stage(r, { 'app/user.py': 'from app.factory import make\nx = 1\n' });
    const first = await bothWays(r);
    assert.equal(first.listed, 1, 'the module index changed: HEAD and the index are listed');
    assert.deepEqual(verdict(first.fromHead), verdict(first.fromScratch));
    assert.equal(await keptHeadTree(r), (await r.git('rev-parse', 'HEAD^{tree}')).trim());
    assert.equal((await bothWays(r)).listed, 0, 'now they are of HEAD\'s tree');
  });

  it('keeps the judgments of the new HEAD once commits since changed more files than it is worth judging again each time', async () => {
    const many = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`app/m${i}.py`, `v = ${i}\n`]));
    const r = await judgedRepo(many);
    const keptTree = await keptHeadTree(r);
    await stage(r, Object.fromEntries(Object.keys(many).map((path) => [path, 'v = 0\nfrom app.legacy import Manager\n'])));
    await r.commit('touch 101 files');
    await stage(r, { 'app/user.py': 'from app.factory import make\nx = 2\n' });
    const first = await bothWays(r);
    assert.equal(first.listed, 0);
    assert.deepEqual(verdict(first.fromHead), verdict(first.fromScratch));
    const now = await keptHeadTree(r);
    assert.notEqual(now, keptTree);
    assert.equal(now, (await r.git('rev-parse', 'HEAD^{tree}')).trim());
    const again = await bothWays(r);
    assert.equal(again.listed, 0);
    assert.deepEqual(verdict(again.fromHead), verdict(again.fromScratch));
  });
});
