import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { CLEAN, MIXED, baseFiles } from '../helpers/python-repo.js';
import { gitResult } from '../helpers/repo-fixture.js';
import { CLI, GUARD_BIN_DIR } from '../helpers/run-cli.js';
import { pidAlive } from '../../src/daemon/state-file.js';
import { cli, daemonRepo, daemonUp, hangSocket, leaveDeadSocket, onCleanup, status, stopAllDaemons, until, type DaemonRepo } from './daemon-fixture.js';

after(stopAllDaemons);

const PACKAGE_JSON = '{\n  "name": "team-app",\n  "version": "1.0.0"\n}\n';
/** The package's own hook script, as `init` wires it when ssot-guard is not installed inside the repo. */
const GUARD_SCRIPT = join(dirname(CLI), '..', '..', 'hooks', 'pre-commit');

/** A repo with the hook wired by `ssot-guard init` (through husky: it has a package.json). */
async function hookedRepo(files: Record<string, string> = { ...baseFiles(), 'package.json': PACKAGE_JSON }): Promise<DaemonRepo> {
  const r = await daemonRepo(files);
  const init = await cli(r, ['init']);
  assert.equal(init.code, 0, init.stderr);
  return r;
}

/** `git commit` as a user types it: the hook runs. */
const commit = (r: DaemonRepo, message: string, env: Record<string, string> = {}, extra: string[] = []) => gitResult(r.root, ['commit', '-q', ...extra, '-m', message], { env });
const headSubject = async (r: DaemonRepo) => (await r.git('log', '-1', '--format=%s')).trim();

describe('ssot-guard init', () => {
  it('wires the hook through husky, writes nothing twice, and keeps what the hook already ran', async () => {
    const r = await daemonRepo({ ...baseFiles(), 'package.json': PACKAGE_JSON, '.husky/pre-commit': 'echo team-check\n' });
    const first = await cli(r, ['init']);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /installed husky's hooks: core.hooksPath = \.husky\/_/);
    assert.match(first.stdout, /added ssot-guard to \.husky\/pre-commit/);
    assert.match(first.stdout, /set "prepare": "husky" in package\.json/);
    assert.match(first.stdout, /created \.husky\/post-checkout/);
    assert.equal((await r.git('config', 'core.hooksPath')).trim(), '.husky/_');
    const hook = await readFile(join(r.root, '.husky/pre-commit'), 'utf8');
    assert.ok(hook.startsWith('echo team-check\n'), 'the existing line stays first');
    // What it runs is found at run time, named by nothing of this machine.
    assert.ok(hook.includes('ssot_guard=node_modules/.bin/ssot-guard-pre-commit\n'));
    assert.ok(!hook.includes(GUARD_SCRIPT));
    assert.equal(JSON.parse(await readFile(join(r.root, 'package.json'), 'utf8')).scripts.prepare, 'husky');

    const second = await cli(r, ['init']);
    assert.equal(second.code, 0);
    assert.match(second.stdout, /already set up, nothing to do/);
    assert.equal(await readFile(join(r.root, '.husky/pre-commit'), 'utf8'), hook);
  });

  it('with ssot-guard installed nowhere (a clone before npm ci), the commit is refused with what to do, never a raw sh error', async () => {
    const r = await hookedRepo(baseFiles());
    await r.write('app/factory.py', CLEAN.replace('Bridge()', 'Bridge()  # edited'));
    await r.add('app/factory.py');
    const PATH = (process.env['PATH'] ?? '').split(delimiter).filter((d) => d !== GUARD_BIN_DIR).join(delimiter);
    const refused = await commit(r, 'edit', { PATH });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /ssot-guard: not installed here \(not in node_modules\/\.bin, not on PATH\), so this commit cannot be checked and is refused\./);
    assert.match(refused.stderr, /npm ci[\s\S]*npm install -g ssot-guard[\s\S]*git commit --no-verify/);
    assert.doesNotMatch(refused.stderr, /cannot open|No such file|not found/);
    assert.equal(await headSubject(r), 'initial');
  });

  it('puts right the hook line an earlier version wrote (an absolute path into the installing machine), and the hook works again', async () => {
    const old = '# ssot-guard: refuse commits that reintroduce a dual pattern (skip once: git commit --no-verify)\nsh /home/someone/.npm/_npx/4b1d/node_modules/ssot-guard/hooks/pre-commit\n';
    const r = await daemonRepo({ ...baseFiles(), 'package.json': PACKAGE_JSON, '.husky/pre-commit': `echo team-check\n${old}` });
    const init = await cli(r, ['init']);
    assert.equal(init.code, 0, init.stderr);
    const hook = await readFile(join(r.root, '.husky/pre-commit'), 'utf8');
    assert.ok(hook.startsWith('echo team-check\n# ssot-guard:'));
    assert.doesNotMatch(hook, /_npx/);
    await r.write('app/factory.py', MIXED);
    await r.add('app/factory.py');
    const refused = await commit(r, 'mix');
    assert.equal(refused.code, 1);
    assert.match(refused.stdout + refused.stderr, /Use Bridge, not Manager\./);
  });

  it('writes a starter config when there is none, valid for check', async () => {
    const files = baseFiles();
    delete (files as Record<string, string>)['ssot-guard.config.json'];
    const r = await daemonRepo({ ...files, 'package.json': PACKAGE_JSON });
    const init = await cli(r, ['init']);
    assert.match(init.stdout, /wrote ssot-guard\.config\.json with no rules yet/);
    const checked = await cli(r, ['check', '--all', '--no-daemon']);
    assert.equal(checked.code, 0, checked.stderr);
  });

  it('a config that is a symbolic link to nowhere: refused (exit 2) with what to do, the link left as it is, nothing else done', async () => {
    const files = baseFiles();
    delete (files as Record<string, string>)['ssot-guard.config.json'];
    const r = await daemonRepo({ ...files, 'package.json': PACKAGE_JSON });
    await symlink('moved-away/ssot-guard.config.json', join(r.root, 'ssot-guard.config.json'));
    const init = await cli(r, ['init']);
    assert.equal(init.code, 2, init.stderr);
    assert.match(init.stderr, /^ssot-guard: ssot-guard\.config\.json is a symbolic link to moved-away\/ssot-guard\.config\.json, which does not exist/);
    assert.match(init.stderr, /Point the link at your config \(or remove it/);
    assert.doesNotMatch(init.stderr, /EEXIST|internal error|\n\s+at /);
    assert.equal(await readlink(join(r.root, 'ssot-guard.config.json')), 'moved-away/ssot-guard.config.json');
    assert.equal(init.stdout, '', 'nothing done');
    assert.equal((await r.git('config', '--get', 'core.hooksPath', { allowFailure: true })).trim(), '');
  });

  it('in a repo with no package.json it wires git\'s own hooks dir (every worktree\'s), sets no core.hooksPath, and the hook works', async () => {
    const r = await hookedRepo(baseFiles());
    assert.equal((await r.git('config', '--get', 'core.hooksPath', { allowFailure: true })).trim(), '');
    assert.match(await readFile(join(r.gitDir, 'hooks', 'pre-commit'), 'utf8'), /# ssot-guard: worktree hooks/);
    await r.write('app/factory.py', MIXED);
    await r.add('app/factory.py');
    const refused = await commit(r, 'mix');
    assert.equal(refused.code, 1);
    assert.equal(await headSubject(r), 'initial');
  });

  it('a merge without conflicts that makes the mix is refused too (git runs pre-merge-commit, not pre-commit)', async () => {
    const padding = Array.from({ length: 12 }, (_, i) => `X${i} = ${i}`).join('\n');
    const r = await hookedRepo({ ...baseFiles(), 'app/factory.py': `${padding}\n` });
    assert.ok((await readFile(join(r.root, '.husky/pre-merge-commit'), 'utf8')).includes('command -v ssot-guard-pre-commit'));
    await r.git('checkout', '-q', '-b', 'canonical');
    await r.write('app/factory.py', `from app.bridge import Bridge\n${padding}\n`);
    await r.add('app/factory.py');
    assert.equal((await commit(r, 'use the bridge')).code, 0);
    await r.git('checkout', '-q', 'main');
    await r.write('app/factory.py', `${padding}\nfrom app.legacy import Manager\n`);
    await r.add('app/factory.py');
    assert.equal((await commit(r, 'use the manager')).code, 0, 'legacy alone is no mix');
    const merged = await gitResult(r.root, ['merge', '--no-edit', 'canonical']);
    assert.notEqual(merged.code, 0, 'the merge commit was refused');
    assert.match(merged.stdout + merged.stderr, /single-path|Manager/);
    assert.equal(await headSubject(r), 'use the manager');
  });

  it('with package.json in a subdirectory, husky lives beside it and prepare climbs to the root', async () => {
    const r = await daemonRepo({ ...baseFiles(), 'web/package.json': PACKAGE_JSON });
    const init = await cli(r, ['init'], {}, join(r.root, 'web'));
    assert.equal(init.code, 0, init.stderr);
    assert.equal((await r.git('config', 'core.hooksPath')).trim(), 'web/.husky/_');
    assert.equal(JSON.parse(await readFile(join(r.root, 'web/package.json'), 'utf8')).scripts.prepare, 'cd .. && husky web/.husky');
    await r.write('app/factory.py', MIXED);
    await r.add('app/factory.py');
    assert.equal((await commit(r, 'mix')).code, 1);
  });

  it('a hook git already runs from .git/hooks is extended, not bypassed by core.hooksPath', async () => {
    const r = await daemonRepo(baseFiles());
    const own = join(r.gitDir, 'hooks', 'pre-commit');
    await mkdir(dirname(own), { recursive: true });
    await writeFile(own, '#!/bin/sh\necho own-hook-ran\n', { mode: 0o755 });
    const init = await cli(r, ['init']);
    assert.equal(init.code, 0, init.stderr);
    assert.equal((await r.git('config', '--get', 'core.hooksPath', { allowFailure: true })).trim(), '');
    await r.write('app/factory.py', MIXED);
    await r.add('app/factory.py');
    const refused = await commit(r, 'mix');
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /own-hook-ran/);
  });
});

describe('git commit with the hook installed', () => {
  it('refuses a commit that mixes the patterns, with where, why and what instead; passes a clean one', async () => {
    const r = await hookedRepo();
    await r.write('app/factory.py', MIXED);
    await r.add('app/factory.py');
    const refused = await commit(r, 'mix');
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /app\/factory\.py\n\s+2:\d+\s+error\s+ws\s+Use Bridge, not Manager\./);
    assert.match(refused.stderr, /fix: use app\.bridge\.Bridge instead of app\.legacy\.Manager/);
    assert.equal(await headSubject(r), 'initial');

    await r.write('app/factory.py', `${CLEAN}\n# tidy\n`);
    await r.add('app/factory.py');
    const passed = await commit(r, 'clean');
    assert.equal(passed.code, 0, passed.stderr);
    assert.equal(await headSubject(r), 'clean');
  });

  it('judges only what the commit will contain: another snapshot asked of the hook is a usage error (exit 2), never a pass', async () => {
    const r = await daemonRepo();
    for (const flag of ['--all', '--worktree']) {
      const res = await new Promise<{ code: number; stderr: string }>((resolve) =>
        execFile('/bin/sh', [GUARD_SCRIPT, flag], { cwd: r.root, env: { ...process.env, SSOT_GUARD_NO_DAEMON: '1' } }, (err, _out, stderr) => resolve({ code: err ? Number(err.code) : 0, stderr })),
      );
      assert.equal(res.code, 2, res.stderr);
      assert.match(res.stderr, /the hook judges what the commit will contain: it takes no --all, --worktree or --auto/);
    }
  });

  it('judges the index, not the working tree (partial staging)', async () => {
    const r = await hookedRepo();
    // The fix is staged; the mix exists only on disk: the commit is clean.
    await r.write('app/factory.py', `${CLEAN}\n# staged fix\n`);
    await r.add('app/factory.py');
    await r.write('app/factory.py', MIXED);
    assert.equal((await commit(r, 'staged fix')).code, 0);
    // The mix is staged; the disk copy is clean again: the commit is refused.
    await r.add('app/factory.py');
    await r.write('app/factory.py', CLEAN);
    assert.equal((await commit(r, 'staged mix')).code, 1);
    assert.equal(await headSubject(r), 'staged fix');
  });

  it('answers from the warm daemon when one runs, and a refused commit says so in the same words', async () => {
    const r = await hookedRepo();
    await cli(r, ['daemon', 'start']);
    await r.write('app/factory.py', MIXED);
    await r.add('app/factory.py');
    const refused = await commit(r, 'mix');
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /1 violation in 1 file \(.*daemon\)/);
  });

  for (const [fault, breakIt] of [
    ['a daemon killed with SIGKILL', async (r: DaemonRepo) => {
      await cli(r, ['daemon', 'start']);
      const pid = (await status(r))!.pid;
      process.kill(pid, 'SIGKILL');
      await until('the killed daemon to be gone', () => !pidAlive(pid));
      return pid;
    }],
    ['a socket file left by a dead daemon', leaveDeadSocket],
    ['a daemon that accepts and never answers', async (r: DaemonRepo) => {
      await hangSocket(r, process.pid);
      return process.pid;
    }],
  ] as const) {
    it(`${fault}: the violating commit is still refused, and a daemon runs afterwards`, async () => {
      const r = await hookedRepo();
      const broken = await breakIt(r);
      await r.write('app/factory.py', MIXED);
      await r.add('app/factory.py');
      const refused = await commit(r, 'mix', { SSOT_GUARD_CLIENT_TIMEOUT_MS: '500' });
      assert.equal(refused.code, 1, refused.stderr + refused.stderr);
      assert.match(refused.stderr, /1 violation in 1 file/);
      assert.equal(await headSubject(r), 'initial');
      const fresh = await daemonUp(r, broken);
      assert.notEqual(fresh.pid, broken);
      const again = await commit(r, 'mix');
      assert.equal(again.code, 1);
      assert.match(again.stderr, /daemon\)/);
    });
  }

  it('git commit -a judges git\'s temporary index', async () => {
    const r = await hookedRepo();
    await r.write('app/factory.py', MIXED);
    const refused = await commit(r, 'all', {}, ['-a']);
    assert.equal(refused.code, 1);
    assert.equal(await headSubject(r), 'initial');
  });
});

describe('an install whose build is missing (an upgrade half done)', () => {
  /** A copy of the installed package with only some of its files: the hook program, and what `keep` names under dist/. */
  const partialInstall = async (keep: readonly string[]): Promise<string> => {
    const pkg = await mkdtemp(join(tmpdir(), 'ssot-guard-partial-'));
    onCleanup(() => rm(pkg, { recursive: true, force: true }));
    await mkdir(join(pkg, 'hooks'));
    await copyFile(GUARD_SCRIPT, join(pkg, 'hooks', 'pre-commit'));
    for (const file of keep) {
      await mkdir(dirname(join(pkg, file)), { recursive: true });
      await copyFile(join(dirname(GUARD_SCRIPT), '..', file), join(pkg, file));
    }
    const bin = join(pkg, 'bin');
    await mkdir(bin);
    await symlink(join(pkg, 'hooks', 'pre-commit'), join(bin, 'ssot-guard-pre-commit'));
    return bin;
  };
  const withOnly = (bin: string) => [bin, ...(process.env['PATH'] ?? '').split(delimiter).filter((d) => d !== GUARD_BIN_DIR)].join(delimiter);

  for (const [what, keep, missing] of [
    ['no dist/ at all', [], /dist\/src\/hook\.cjs is missing/],
    ['the hook bin without the client it runs', ['dist/src/hook.cjs'], /dist\/src\/hook-main\.cjs is missing/],
    ['the hook client without the in-process engine', ['dist/src/hook.cjs', 'dist/src/hook-main.cjs'], /dist\/bundle\/check-command\.cjs is missing/],
  ] as const) {
    it(`${what}: the commit is refused saying what is missing and how to fix it, exit 2 (not 1, "violations"), no stack`, async () => {
      const r = await hookedRepo();
      const PATH = withOnly(await partialInstall(keep));
      await r.write('app/factory.py', MIXED);
      await r.add('app/factory.py');
      const refused = await commit(r, 'mix', { PATH, SSOT_GUARD_NO_DAEMON: '1' });
      assert.notEqual(refused.code, 0);
      assert.match(refused.stderr, /ssot-guard: this install is incomplete: /);
      assert.match(refused.stderr, missing);
      assert.match(refused.stderr, /reinstall ssot-guard \(npm ci[\s\S]*npm run build/);
      assert.doesNotMatch(refused.stderr, /MODULE_NOT_FOUND|Cannot find module|internal error|\n\s+at /);
      assert.equal(await headSubject(r), 'initial');
      // The hook program's own exit code, as git and a wrapper see it.
      const hook = await new Promise<number>((resolve) =>
        execFile('ssot-guard-pre-commit', [], { cwd: r.root, env: { ...process.env, PATH, SSOT_GUARD_NO_DAEMON: '1' } }, (err) => resolve(err ? Number(err.code) : 0)),
      );
      assert.equal(hook, 2);
    });
  }
});

describe('the hook from a GUI git client', () => {
  const home = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ssot-guard-home-'));
    onCleanup(() => rm(dir, { recursive: true, force: true }));
    return dir;
  };
  /** The hook script as a GUI client's git would start it: with exactly this environment. */
  const runHook = (r: DaemonRepo, env: Record<string, string>) =>
    new Promise<{ code: number; stderr: string; stdout: string }>((resolve) =>
      execFile('/bin/sh', [GUARD_SCRIPT], { cwd: r.root, env }, (err, stdout, stderr) => resolve({ code: err ? Number(err.code) : 0, stdout, stderr })),
    );

  it('with no node on PATH anywhere, refuses and says how to fix it', async () => {
    const r = await daemonRepo();
    const res = await runHook(r, { HOME: await home(), PATH: '/nonexistent', SSOT_GUARD_NODE_DIRS: '' });
    assert.equal(res.code, 1);
    assert.match(res.stderr, /cannot find node, so this commit cannot be checked and is refused/);
    assert.match(res.stderr, /~\/\.config\/husky\/init\.sh/);
    assert.match(res.stderr, /git commit --no-verify/);
  });

  it('finds node through ~/.config/husky/init.sh, as husky documents', async () => {
    const r = await daemonRepo();
    const h = await home();
    await mkdir(join(h, '.config', 'husky'), { recursive: true });
    await writeFile(join(h, '.config', 'husky', 'init.sh'), `export PATH="${dirname(process.execPath)}:$PATH"\n`);
    await r.write('app/factory.py', MIXED);
    await r.add('app/factory.py');
    const res = await runHook(r, { HOME: h, PATH: '/nonexistent', SSOT_GUARD_NODE_DIRS: '', SSOT_GUARD_NO_DAEMON: '1' });
    assert.equal(res.code, 1, res.stderr);
    assert.match(res.stdout, /1 violation in 1 file/);
  });
});

