/**
 * A symbolic link in scope (issue 18, case 8): Python runs the target's code
 * under the link's path, so the link is judged as its target, found in the
 * snapshot being judged; a link whose target's content is not there (outside
 * the repository, not staged) or that loops is refused. Through a real
 * `git commit` and the installed hook, in-process and with a daemon.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLEAN, MIXED, baseFiles } from '../helpers/python-repo.js';
import { gitResult } from '../helpers/repo-fixture.js';
import { checkJson } from '../helpers/run-cli.js';
import { cli, daemonRepo, stopAllDaemons, type DaemonRepo } from './daemon-fixture.js';
import { refusedBothWays, subject } from './hooked-commit.js';

const dirs: string[] = [];
after(async () => {
  await stopAllDaemons();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

/** The factory's rule reaches `app/**` only: `lib/` mixes out of scope, as it may. */
const files = (): Record<string, string> => ({ ...baseFiles(), 'lib/__init__.py': '', 'lib/mixed.py': MIXED, 'lib/clean.py': CLEAN, 'package.json': '{"name":"t","version":"1.0.0"}\n' });

async function hookedRepo(extra: Record<string, string> = {}): Promise<DaemonRepo> {
  const r = await daemonRepo({ ...files(), ...extra });
  const init = await cli(r, ['init']);
  assert.equal(init.code, 0, init.stderr);
  await r.git('add', '-A');
  await r.git('commit', '-q', '--no-verify', '-m', 'hooked');
  return r;
}

/** Replaces `path` by a symbolic link to `target`, staged. */
async function link(r: DaemonRepo, path: string, target: string): Promise<void> {
  await unlink(join(r.root, path)).catch(() => {});
  await symlink(target, join(r.root, path));
  await r.git('add', '-A');
}

const violationAt = (file: string) => new RegExp(`${file.replace(/[./]/g, '\\$&')}[\\s\\S]*(Bridge|Manager)`);

describe('a symbolic link in scope is judged as the file it leads to', { concurrency: 2 }, () => {
  it('a factory that is a link to an out-of-scope file that mixes: refused, the violation on the link\'s path', async () => {
    const r = await hookedRepo();
    await link(r, 'app/factory.py', '../lib/mixed.py');
    await refusedBothWays(r, violationAt('app/factory.py'));
    for (const mode of ['--staged', '--all', '--worktree'] as const) {
      const { code, json } = await checkJson(r.root, mode, { SSOT_GUARD_NO_DAEMON: '1' });
      assert.equal(code, 1, mode);
      assert.deepEqual(json.violations.map((v: any) => v.file), ['app/factory.py'], mode);
      assert.ok(json.violations[0].evidence.some((e: any) => e.side === 'legacy' && e.line === 2), mode);
    }
  });

  it('... through a chain of links and a link to a directory', async () => {
    const r = await hookedRepo();
    await symlink('../lib', join(r.root, 'app', 'impl'));
    await symlink('impl/mixed.py', join(r.root, 'app', 'step.py'));
    await link(r, 'app/factory.py', 'step.py');
    await refusedBothWays(r, violationAt('app/factory.py'));
  });

  it('a link committed to a clean file, then only the target made to mix: refused (git lists the target, not the link)', async () => {
    const r = await hookedRepo();
    await symlink('../lib/mixed.py', join(r.root, 'app', 'other.py'));
    await writeFile(join(r.root, 'lib', 'mixed.py'), CLEAN);
    await r.git('add', '-A');
    assert.equal((await gitResult(r.root, ['commit', '-q', '-m', 'clean link'], { env: { SSOT_GUARD_NO_DAEMON: '1' } })).code, 0);
    // A staged check leaves HEAD's judgments for the next one.
    assert.equal((await checkJson(r.root, '--staged', { SSOT_GUARD_NO_DAEMON: '1' })).code, 0);
    await writeFile(join(r.root, 'lib', 'mixed.py'), MIXED);
    await r.git('add', 'lib/mixed.py');
    await refusedBothWays(r, violationAt('app/other.py'));
  });

  it('a link to a file outside the repository: refused, saying its content is not in the commit', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'ssot-guard-outside-'));
    dirs.push(outside);
    await writeFile(join(outside, 'evil.py'), MIXED);
    const r = await hookedRepo();
    await link(r, 'app/factory.py', join(outside, 'evil.py'));
    await refusedBothWays(r, /app\/factory\.py:1:1 +error +symlink: symbolic link to ".*evil\.py": .* is outside the repository[\s\S]*NOT checked/);
    // A relative link that climbs out says the same.
    await link(r, 'app/factory.py', `../../../../../../../../../../..${outside}/evil.py`);
    const { code, json } = await checkJson(r.root, '--staged', { SSOT_GUARD_NO_DAEMON: '1' });
    assert.equal(code, 1);
    assert.match(json.diagnostics.find((d: any) => d.code === 'symlink').message, /outside the repository/);
  });

  it('a cycle of links, and a link to a file not staged: refused, naming the cycle / the missing file', async () => {
    const r = await hookedRepo();
    await symlink('b.py', join(r.root, 'app', 'a.py'));
    await symlink('a.py', join(r.root, 'app', 'b.py'));
    await r.git('add', 'app/a.py', 'app/b.py');
    await refusedBothWays(r, /app\/a\.py:1:1 +error +symlink: .*cycle of links \(app\/a\.py -> app\/b\.py -> app\/a\.py\)/);
    await r.git('rm', '-q', '--cached', 'app/a.py', 'app/b.py');
    await writeFile(join(r.root, 'lib', 'untracked.py'), MIXED);
    await symlink('../lib/untracked.py', join(r.root, 'app', 'c.py'));
    await r.git('add', 'app/c.py');
    await refusedBothWays(r, /app\/c\.py:1:1 +error +symlink: .*lib\/untracked\.py is not a file in the commit/);
  });

  it('a link in scope to a clean file: committed, no warning', async () => {
    const r = await hookedRepo();
    await link(r, 'app/alias.py', '../lib/clean.py');
    const done = await gitResult(r.root, ['commit', '-q', '-m', 'clean link'], { env: { SSOT_GUARD_NO_DAEMON: '1' } });
    assert.equal(done.code, 0, done.stdout + done.stderr);
    assert.equal(await subject(r), 'clean link');
    assert.deepEqual((await checkJson(r.root, '--all', { SSOT_GUARD_NO_DAEMON: '1' })).json.diagnostics, []);
  });
});

