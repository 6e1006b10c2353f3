import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { CLI } from '../helpers/run-cli.js';
import { gitResult, makeRepo } from '../helpers/repo-fixture.js';
import { CLEAN, MIXED, baseFiles } from '../helpers/python-repo.js';
import { askDaemon } from '../../src/client/ask-daemon.js';
import { packageVersion } from '../../src/config/package-version.js';
import { DAEMON_ENV, cli, onCleanup, stopAllDaemons, track } from './daemon-fixture.js';

const run = promisify(execFile);
after(stopAllDaemons);

const HOOKS_DIR = join(dirname(CLI), '..', '..', 'hooks');

/**
 * A mounted ext4 with 128-byte inodes: timestamps in whole seconds, as on
 * many network and container filesystems. Root and a working loop device
 * only; otherwise null and why.
 */
async function oneSecondFilesystem(): Promise<{ mnt: string } | { why: string }> {
  if (process.getuid?.() !== 0) return { why: 'not running as root' };
  const dir = await mkdtemp(join(tmpdir(), 'ssot-guard-1s-'));
  const image = join(dir, 'fs.img');
  const mnt = join(dir, 'mnt');
  try {
    await mkdir(mnt);
    await run('truncate', ['-s', '48M', image]);
    await run('mkfs.ext4', ['-q', '-F', '-I', '128', image]);
    await run('mount', ['-o', 'loop', image, mnt]);
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    return { why: `could not mount a loop ext4 (${(err as Error).message.split('\n')[0]})` };
  }
  // Registered before the repo's cleanup: cleanups run in reverse, so daemons stop and the repo goes first.
  onCleanup(async () => {
    await run('umount', [mnt]).catch(() => run('umount', ['-l', mnt]));
    await rm(dir, { recursive: true, force: true });
  });
  return { mnt };
}

const nextSecond = (): Promise<void> => new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000) + 5));

describe('daemon: a verdict is keyed by what the index says, not by its stat', () => {
  it('on 1-second timestamps, an index of other content with the same inode, size and times is judged again (real daemon, real git commit)', async (t) => {
    const fs = await oneSecondFilesystem();
    if ('why' in fs) {
      t.diagnostic(`cannot create a 1-second-timestamp filesystem: ${fs.why}; test/unit/daemon/git-state.test.ts forces identical index stats instead`);
      t.skip(`no 1-second-timestamp filesystem: ${fs.why}`);
      return;
    }
    const saved = process.env['TMPDIR'];
    process.env['TMPDIR'] = fs.mnt;
    let made;
    try {
      made = await makeRepo(baseFiles());
    } finally {
      if (saved === undefined) delete process.env['TMPDIR'];
      else process.env['TMPDIR'] = saved;
    }
    const gitDir = join(made.root, '.git');
    const r = track(made, gitDir);
    onCleanup(() => made.cleanup());
    await r.git('config', 'core.hooksPath', HOOKS_DIR);

    // Trees that differ from HEAD in app/factory.py alone (the working tree keeps HEAD's, so no refresh rewrites it).
    const blob = (text: string) => r.git('hash-object', '-w', '--stdin', { input: text }).then((s) => s.trim());
    const treeWith = async (sha: string) => {
      await r.git('read-tree', 'HEAD');
      await r.git('update-index', '--cacheinfo', `100644,${sha},app/factory.py`);
      return (await r.git('write-tree')).trim();
    };
    const cleanTree = await treeWith(await blob(`${CLEAN}# another clean version\n`));
    const mixedTree = await treeWith(await blob(`${MIXED}# a mixed one, same length\n`));
    // read-tree primes the cache tree; --refresh stats the unchanged files: the index git commit then leaves as it is.
    const stage = async (tree: string) => {
      await r.git('read-tree', tree);
      await r.git('update-index', '-q', '--refresh', { allowFailure: true });
    };
    await stage(cleanTree);
    assert.equal((await cli(r, ['daemon', 'start'])).code, 0);
    const ask = () => askDaemon({ cwd: r.root, mode: 'staged', toolVersion: packageVersion(), env: { ...process.env, ...DAEMON_ENV, SSOT_GUARD_CLIENT_TIMEOUT_MS: '10000' } });

    let repeated = 0;
    for (let round = 0; round < 5 && repeated < 3; round++) {
      await nextSecond();
      await stage(cleanTree);
      const clean = await ask();
      assert.ok(clean.answer, 'reason' in clean ? clean.reason : '');
      assert.equal(clean.answer.result.violations.length, 0);
      const before = await stat(join(gitDir, 'index'), { bigint: true });
      await stage(mixedTree);
      const after = await stat(join(gitDir, 'index'), { bigint: true });
      const same = (['ino', 'size', 'mtimeNs', 'ctimeNs'] as const).every((k) => before[k] === after[k]);
      t.diagnostic(`round ${round}: index stat ${same ? 'repeated exactly' : 'differs (crossed a second, or another inode)'}`);
      if (!same) continue;
      repeated++;
      const mixed = await ask();
      assert.ok(mixed.answer, 'reason' in mixed ? mixed.reason : '');
      assert.equal(mixed.answer.result.stats.daemon, true);
      assert.equal(mixed.answer.result.violations.length, 1, `round ${round}: the daemon served the clean index's verdict`);
      const commit = await gitResult(r.root, ['commit', '-q', '-m', 'mix'], { env: DAEMON_ENV });
      assert.equal(commit.code, 1, `round ${round}: the mixed commit landed\n${commit.stdout}${commit.stderr}`);
      assert.match(commit.stdout + commit.stderr, /Use Bridge, not Manager/);
    }
    assert.ok(repeated > 0, 'no round wrote two indexes with the same stat: the filesystem did not repeat it');
  });
});
