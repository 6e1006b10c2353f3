import { after, describe, it } from 'node:test';
import { existsSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { baseFiles, MIXED } from '../helpers/python-repo.js';
import { tempRepos } from '../helpers/repo-fixture.js';
import { openRepo } from '../../src/git/repo.js';
import { loadRepoConfig } from '../../src/cli/load-repo-config.js';
import { createLiveIndex, type LiveIndexOptions, type LiveVerdict } from '../../src/daemon/live-index.js';

const repos = tempRepos();
after(() => repos.cleanup());

/** A live index in this process whose verdicts and config events the test awaits. */
async function liveIn(root: string, wantsWorktree: boolean, more: Partial<Omit<LiveIndexOptions, 'onStagedVerdict'>> = {}) {
  const repo = await openRepo(root);
  const verdicts: LiveVerdict[] = [];
  let configChanges = 0;
  const waiters = new Set<() => void>();
  const notify = (): void => waiters.forEach((w) => w());
  const options: LiveIndexOptions = {
    log: () => {},
    onVerdict: (v) => (verdicts.push(v), notify()),
    wantsWorktree: () => wantsWorktree,
    onConfigChange: () => (configChanges++, notify()),
    onStagedVerdict: () => {},
    ...more,
  };
  const live = createLiveIndex(repo, await loadRepoConfig(repo.root, join(repo.root, 'ssot-guard.config.json')), options);
  /** Resolves when `probe` holds after some verdict or config event; fails the test after `ms`. */
  const until = <T>(what: string, probe: () => T | undefined | false, ms = 15_000): Promise<T> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const v = probe();
        if (v) done(() => resolve(v));
      };
      const timer = setTimeout(() => done(() => reject(new Error(`timed out waiting for ${what}: ${JSON.stringify(verdicts.map((v) => [v.result.snapshot, v.result.violations.length]))}`))), ms);
      const done = (settle: () => void): void => {
        clearTimeout(timer);
        waiters.delete(check);
        settle();
      };
      waiters.add(check);
      check();
    });
  return { live, verdicts, until, configChanges: () => configChanges, gitDir: repo.commonDir };
}

describe('live index (shared by the daemon and in-process watch)', () => {
  it('first verdicts once watching, then each save and git add with its latency', async () => {
    const r = await repos.make(baseFiles());
    const { live, verdicts, until } = await liveIn(r.root, true);
    await live.start();
    assert.deepEqual(verdicts.map((v) => [v.result.snapshot, v.latencyMs]), [['staged', null], ['worktree', null]]);

    await r.write('app/factory.py', MIXED);
    const saved = await until('the worktree verdict with the mix', () => verdicts.find((v) => v.result.snapshot === 'worktree' && v.result.violations.length === 1));
    assert.equal(typeof saved.latencyMs, 'number');
    assert.ok(saved.latencyMs! >= 0);

    await r.add('app/factory.py');
    const staged = await until('the staged verdict with the mix', () => verdicts.find((v) => v.result.snapshot === 'staged' && v.result.violations.length === 1));
    assert.equal(staged.result.stats.parsed, 0, 'git add found the saved file already parsed');
    assert.equal(typeof staged.latencyMs, 'number');
    await live.close();
  });

  it('a file saved empty, held back for a write that does not come, is still judged empty', async () => {
    const r = await repos.make(baseFiles());
    const { live, verdicts, until } = await liveIn(r.root, true);
    await live.start();
    await r.write('app/factory.py', MIXED);
    await until('the worktree verdict with the mix', () => verdicts.find((v) => v.result.snapshot === 'worktree' && v.result.violations.length === 1));
    const before = verdicts.length;
    await r.write('app/factory.py', '');
    const emptied = await until('a worktree verdict for the empty file', () => verdicts.slice(before).find((v) => v.result.snapshot === 'worktree'));
    assert.equal(emptied.result.violations.length, 0);
    await live.close();
  });

  it('with no judgments on disk, a large index is judged first in a worker thread, which leaves them on disk; the verdicts are the same', async () => {
    const r = await repos.make(baseFiles(MIXED));
    const logged: string[] = [];
    // Every index counts as large here (the daemon's threshold is thousands of files).
    const { live, verdicts } = await liveIn(r.root, true, { primeMinFiles: 0, log: (line) => logged.push(line) });
    const judgmentsFile = join(await realpath(r.root), '.git', 'ssot-guard', 'judgments.bin');
    assert.equal(existsSync(judgmentsFile), false);
    await live.start();
    assert.ok(logged.some((l) => l.includes('judging the index in a worker thread')), logged.join('\n'));
    assert.ok(existsSync(judgmentsFile), 'the worker wrote HEAD\'s judgments');
    const by = new Map(verdicts.map((v) => [v.result.snapshot, v.result]));
    // The mix is in HEAD: the staged verdict (new ones only) is clean, the working tree's shows it.
    assert.equal(by.get('staged')?.violations.length, 0);
    assert.deepEqual(by.get('worktree')?.violations.map((v) => [v.rule, v.file]), [['ws', 'app/factory.py']]);
    assert.ok(!logged.some((l) => l.includes('failed')), logged.join('\n'));
    await live.close();
  });

  it('without a worktree audience (a daemon nobody subscribes to), saves are parsed but only git moves verdicts', async () => {
    const r = await repos.make(baseFiles());
    const { live, verdicts, until, configChanges } = await liveIn(r.root, false);
    await live.start();
    assert.deepEqual(verdicts.map((v) => v.result.snapshot), ['staged']);
    await r.write('app/factory.py', MIXED);
    await r.add('app/factory.py');
    await until('the staged verdict with the mix', () => verdicts.find((v) => v.result.snapshot === 'staged' && v.result.violations.length === 1));
    assert.ok(verdicts.every((v) => v.result.snapshot === 'staged'));

    // Reported after the quiet window, so the listener reads the last of two quick saves.
    await r.write('ssot-guard.config.json', '{}');
    await r.write('ssot-guard.config.json', '{ }');
    await until('the config change', () => configChanges() >= 1);
    await live.close();
  });
});
