import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CLEAN, CONFIG, FILES, PROJECT, cleanupScratch, machine, must, scratchDir, tarball, teammateCommits, writeFiles, type Machine } from './clone-helpers.js';

after(cleanupScratch);

/** A bare repository both machines push to and clone from. */
async function origin(m: Machine, name: string): Promise<string> {
  const bare = scratchDir(`${name}-origin.git`);
  await must(m, bare, 'git', ['init', '-q', '--bare', '-b', 'main']);
  return bare;
}

/** The first person's repository: files, a first commit through the hook, pushed. */
async function firstPush(m: Machine, work: string, bare: string): Promise<void> {
  await must(m, work, 'git', ['add', '-A']);
  await must(m, work, 'git', ['commit', '-q', '-m', 'set up ssot-guard']);
  await must(m, work, 'git', ['remote', 'add', 'origin', bare]);
  await must(m, work, 'git', ['push', '-q', 'origin', 'main']);
}

function assertTeammate({ refused, accepted }: Awaited<ReturnType<typeof teammateCommits>>): void {
  assert.equal(refused.code, 1, refused.out);
  assert.match(refused.out, /Use Bridge, not Manager\./);
  assert.doesNotMatch(refused.out, /cannot open|No such file/);
  assert.equal(accepted.code, 0, accepted.out);
}

describe('adoption, as a team: two clones, two machines, the first install gone', () => {
  it('a Python repository with a global install: the teammate installs and runs init once', async () => {
    const pkg = await tarball();
    const alice = machine('py-alice');
    const bob = machine('py-bob');
    const bare = await origin(alice, 'py');
    const work = scratchDir('py-alice-work');
    await must(alice, work, 'git', ['init', '-q', '-b', 'main']);
    writeFiles(work, { ...FILES, 'ssot-guard.config.json': CONFIG });
    await must(alice, work, 'npm', ['install', '-g', pkg]);
    await must(alice, work, 'ssot-guard', ['init']);
    await firstPush(alice, work, bare);
    // What init committed names nothing of alice's machine.
    const hook = readFileSync(join(work, '.husky', 'pre-commit'), 'utf8');
    assert.ok(!hook.includes(alice.home) && !hook.includes(alice.prefix), hook);
    rmSync(alice.prefix, { recursive: true, force: true });

    await must(bob, bob.home, 'npm', ['install', '-g', pkg]);
    const clone = join(bob.home, 'repo');
    await must(bob, bob.home, 'git', ['clone', '-q', bare, clone]);
    await must(bob, clone, 'ssot-guard', ['init']);
    assertTeammate(await teammateCommits(bob, clone));
  });

  it('a JavaScript repository with husky: the teammate runs npm ci, nothing else', async () => {
    const pkg = await tarball();
    const alice = machine('js-alice');
    const bob = machine('js-bob');
    const bare = await origin(alice, 'js');
    const work = scratchDir('js-alice-work');
    await must(alice, work, 'git', ['init', '-q', '-b', 'main']);
    writeFiles(work, { ...FILES, 'ssot-guard.config.json': CONFIG, '.gitignore': 'node_modules/\n', 'package.json': JSON.stringify({ name: 'team-app', version: '1.0.0', devDependencies: { 'ssot-guard': `file:${pkg}` } }, null, 2) });
    await must(alice, work, 'npm', ['install']);
    await must(alice, work, 'npx', ['ssot-guard', 'init']);
    await firstPush(alice, work, bare);
    rmSync(join(work, 'node_modules'), { recursive: true, force: true });

    const clone = join(bob.home, 'repo');
    await must(bob, bob.home, 'git', ['clone', '-q', bare, clone]);
    await must(bob, clone, 'npm', ['ci']);
    assertTeammate(await teammateCommits(bob, clone));
    // npm uninstall: the hook refuses with what to do, not a raw sh error.
    rmSync(join(clone, 'node_modules'), { recursive: true, force: true });
    writeFiles(clone, { 'app/factory.py': `${CLEAN}# edited\n` });
    await must(bob, clone, 'git', ['add', 'app/factory.py']);
    const gone = await bob.run(clone, 'git', ['commit', '-q', '-m', 'edit']);
    assert.equal(gone.code, 1);
    assert.match(gone.out, /ssot-guard: not installed here/);
  });

  it('lint-staged: ssot-guard check with the staged files lint-staged passes', async () => {
    const pkg = await tarball();
    const alice = machine('ls-alice');
    const bob = machine('ls-bob');
    const bare = await origin(alice, 'ls');
    const work = scratchDir('ls-alice-work');
    await must(alice, work, 'git', ['init', '-q', '-b', 'main']);
    const packageJson = {
      name: 'team-app', version: '1.0.0',
      scripts: { prepare: 'husky' },
      devDependencies: { 'ssot-guard': `file:${pkg}`, 'lint-staged': '^15.2.0' },
      'lint-staged': { '*.py': 'ssot-guard check' },
    };
    writeFiles(work, { ...FILES, 'ssot-guard.config.json': CONFIG, '.gitignore': 'node_modules/\n', 'package.json': JSON.stringify(packageJson, null, 2), '.husky/pre-commit': 'npx lint-staged\n' });
    await must(alice, work, 'npm', ['install']);
    await firstPush(alice, work, bare);
    rmSync(join(work, 'node_modules'), { recursive: true, force: true });

    const clone = join(bob.home, 'repo');
    await must(bob, bob.home, 'git', ['clone', '-q', bare, clone]);
    await must(bob, clone, 'npm', ['ci']);
    assertTeammate(await teammateCommits(bob, clone));
  });

  it('a monorepo package with its own config: init in the package, the teammate runs init once', async () => {
    const pkg = await tarball();
    const alice = machine('mono-alice');
    const bob = machine('mono-bob');
    const bare = await origin(alice, 'mono');
    const work = scratchDir('mono-alice-work');
    await must(alice, work, 'git', ['init', '-q', '-b', 'main']);
    const inPackage = Object.fromEntries(Object.entries(FILES).map(([p, t]) => [`services/api/${p}`, t]));
    writeFiles(work, { ...inPackage, 'README.md': 'monorepo\n' });
    await must(alice, work, 'npm', ['install', '-g', pkg]);
    await must(alice, join(work, 'services/api'), 'ssot-guard', ['init']);
    writeFiles(work, { 'services/api/ssot-guard.config.json': CONFIG });
    await firstPush(alice, work, bare);
    rmSync(alice.prefix, { recursive: true, force: true });

    await must(bob, bob.home, 'npm', ['install', '-g', pkg]);
    const clone = join(bob.home, 'repo');
    await must(bob, bob.home, 'git', ['clone', '-q', bare, clone]);
    await must(bob, clone, 'ssot-guard', ['init']);
    assertTeammate(await teammateCommits(bob, clone, 'services/api/app/factory.py'));
  });

  it('the pre-commit framework, from a repo: pointing at a git clone of this project', async () => {
    const alice = machine('pc-alice');
    const bob = machine('pc-bob');
    // The project as a teammate would fetch it: a git clone of what is committed.
    const project = join(scratchDir('pc-project'), 'ssot-guard');
    await must(alice, PROJECT, 'git', ['clone', '-q', PROJECT, project]);
    const rev = (await must(alice, project, 'git', ['rev-parse', 'HEAD'])).trim();
    const bare = await origin(alice, 'pc');
    const work = scratchDir('pc-alice-work');
    await must(alice, work, 'git', ['init', '-q', '-b', 'main']);
    const preCommitConfig = `repos:\n  - repo: ${project}\n    rev: ${rev}\n    hooks:\n      - id: ssot-guard\n`;
    writeFiles(work, { ...FILES, 'ssot-guard.config.json': CONFIG, '.pre-commit-config.yaml': preCommitConfig });
    const cacheA = { PRE_COMMIT_HOME: join(alice.home, 'pre-commit') };
    await must(alice, work, 'pre-commit', ['install', '--hook-type', 'pre-commit', '--hook-type', 'pre-merge-commit'], cacheA);
    await firstPush(alice, work, bare);
    rmSync(cacheA.PRE_COMMIT_HOME, { recursive: true, force: true });

    const cacheB = { PRE_COMMIT_HOME: join(bob.home, 'pre-commit') };
    const clone = join(bob.home, 'repo');
    await must(bob, bob.home, 'git', ['clone', '-q', bare, clone]);
    await must(bob, clone, 'pre-commit', ['install', '--hook-type', 'pre-commit', '--hook-type', 'pre-merge-commit'], cacheB);
    const env = { ...bob.env, ...cacheB };
    const withCache: Machine = { ...bob, env, run: (cwd, c, a, extra = {}) => bob.run(cwd, c, a, { ...cacheB, ...extra }) };
    assertTeammate(await teammateCommits(withCache, clone));
    // CI: pre-commit run --all-files judges everything, so a violation already in HEAD fails it.
    writeFiles(clone, { 'app/factory.py': FILES_MIXED });
    await must(withCache, clone, 'git', ['add', 'app/factory.py']);
    await must(withCache, clone, 'git', ['commit', '-q', '--no-verify', '-m', 'mix, skipping the hook']);
    const ci = await withCache.run(clone, 'pre-commit', ['run', '--all-files']);
    assert.notEqual(ci.code, 0, ci.out);
    assert.match(ci.out, /Use Bridge, not Manager\./);
  });
});

const FILES_MIXED = 'from app.bridge import Bridge\nfrom app.legacy import Manager\n';
