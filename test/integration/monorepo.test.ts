import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gitResult } from '../helpers/repo-fixture.js';
import { CLI, checkJson, runCli } from '../helpers/run-cli.js';
import { CONFIG, MIXED } from '../helpers/python-repo.js';
import { check, cli, daemonRepo, stopAllDaemons, type DaemonRepo } from './daemon-fixture.js';

after(stopAllDaemons);

const HOOKS_DIR = join(dirname(CLI), '..', '..', 'hooks');

/** A package of the monorepo, with its own config whose roots and globs are relative to the package. */
function pkg(dir: string, factory: string, rule: Record<string, unknown> = {}): Record<string, string> {
  return {
    [`${dir}/ssot-guard.config.json`]: JSON.stringify({ ...CONFIG, rules: [{ ...CONFIG.rules[0]!, id: `ws-${dir.split('/').pop()}`, ...rule }] }, null, 2),
    [`${dir}/app/__init__.py`]: '',
    [`${dir}/app/bridge.py`]: 'class Bridge:\n    pass\n',
    [`${dir}/app/legacy.py`]: 'class Manager:\n    pass\n',
    [`${dir}/app/factory.py`]: factory,
  };
}

const CLEAN = 'from app.bridge import Bridge\n';
const files = (json: { violations: Array<{ file: string; rule: string }> }) => json.violations.map((v) => `${v.rule} ${v.file}`);

describe('monorepo: configs found upward and below, paths relative to their own directory', () => {
  it('a package config: judged from its directory, from below it, and from the root', async () => {
    const r = await daemonRepo({ ...pkg('services/api', MIXED), 'README.md': 'monorepo\n' });
    for (const cwd of ['services/api', 'services/api/app', '.', 'services']) {
      const res = await runCli(join(r.root, cwd), ['check', '--all', '--format', 'json']);
      assert.equal(res.code, 1, `${cwd}: ${res.stdout}${res.stderr}`);
      assert.deepEqual(files(JSON.parse(res.stdout)), ['ws-api services/api/app/factory.py'], cwd);
    }
  });

  it('two packages: the root judges both, a package its own', async () => {
    const r = await daemonRepo({ ...pkg('services/api', MIXED), ...pkg('services/web', MIXED) });
    const all = await checkJson(r.root, '--all');
    assert.deepEqual(files(all.json), ['ws-api services/api/app/factory.py', 'ws-web services/web/app/factory.py']);
    const web = await runCli(join(r.root, 'services/web'), ['check', '--all', '--format', 'json']);
    assert.deepEqual(files(JSON.parse(web.stdout)), ['ws-web services/web/app/factory.py']);
  });

  it('a package config added to git is judged by the next check (the list kept by the index checksum is not reused)', async () => {
    const r = await daemonRepo({ ...pkg('services/api', CLEAN), 'README.md': 'monorepo\n' });
    assert.equal((await checkJson(r.root, '--all')).code, 0);
    for (const [path, text] of Object.entries(pkg('services/web', MIXED))) await r.write(path, text);
    // On disk only: not a config of the repository yet.
    assert.equal((await checkJson(r.root, '--all')).code, 0);
    await r.add('services/web');
    const added = await checkJson(r.root, '--all');
    assert.deepEqual(files(added.json), ['ws-web services/web/app/factory.py']);
  });

  it('the hook at the root refuses a package mix, with and without a daemon for the root config', async () => {
    const root = { 'ssot-guard.config.json': JSON.stringify({ ...CONFIG, rules: [{ ...CONFIG.rules[0]!, id: 'root-rule', scope: { files: ['tools/**'] } }] }), 'tools/a.py': 'x = 1\n' };
    const r: DaemonRepo = await daemonRepo({ ...root, ...pkg('services/api', CLEAN) });
    await r.git('config', 'core.hooksPath', HOOKS_DIR);
    await cli(r, ['daemon', 'start']);
    await r.write('services/api/app/factory.py', MIXED);
    await r.add('services/api/app/factory.py');
    // The daemon judges the root's config; the package's config is judged in-process beside it.
    const asked = await check(r, { SSOT_GUARD_DEBUG: '1' });
    assert.equal(asked.code, 1, asked.stdout);
    assert.match(asked.stderr, /other configs \(services\/api\/ssot-guard\.config\.json\)/);
    assert.deepEqual(files(asked.json), ['ws-api services/api/app/factory.py']);
    const commit = await gitResult(r.root, ['commit', '-q', '-m', 'mix'], { env: { SSOT_GUARD_NO_DAEMON: '' } });
    assert.equal(commit.code, 1, commit.stdout + commit.stderr);
    assert.match(commit.stdout + commit.stderr, /ws-api +Use Bridge, not Manager\./);
    await r.write('services/api/app/factory.py', CLEAN);
    await r.add('services/api/app/factory.py');
    const clean = await gitResult(r.root, ['commit', '-q', '-m', 'clean', '--allow-empty'], { env: { SSOT_GUARD_NO_DAEMON: '' } });
    assert.equal(clean.code, 0, clean.stdout + clean.stderr);
  });

  it('a package config added to the index while the daemon runs is judged at the next check', async () => {
    const root = { 'ssot-guard.config.json': JSON.stringify({ ...CONFIG, rules: [{ ...CONFIG.rules[0]!, id: 'root-rule', scope: { files: ['tools/**'] } }] }), 'tools/a.py': 'x = 1\n' };
    const r: DaemonRepo = await daemonRepo(root);
    await cli(r, ['daemon', 'start']);
    const before = await check(r, { SSOT_GUARD_DEBUG: '1' });
    assert.equal(before.code, 0, before.stdout + before.stderr);
    // The daemon answered, and remembered the index's configs: only the root's.
    assert.doesNotMatch(before.stderr, /no daemon verdict/);
    const added = pkg('services/api', MIXED);
    for (const [path, text] of Object.entries(added)) await r.write(path, text);
    await r.add(...Object.keys(added));
    const after = await check(r, { SSOT_GUARD_DEBUG: '1' });
    assert.equal(after.code, 1, after.stdout + after.stderr);
    assert.match(after.stderr, /other configs \(services\/api\/ssot-guard\.config\.json\)/);
    assert.deepEqual(files(after.json), ['ws-api services/api/app/factory.py']);
  });

  it('init in a package wires the hook at the repository and writes the config where it runs', async () => {
    const files = pkg('services/api', CLEAN);
    const config = files['services/api/ssot-guard.config.json']!;
    delete files['services/api/ssot-guard.config.json'];
    const r = await daemonRepo({ ...files, 'README.md': 'monorepo\n' });
    const init = await cli(r, ['init'], {}, join(r.root, 'services/api'));
    assert.equal(init.code, 0, init.stderr);
    assert.match(init.stdout, /wrote services\/api\/ssot-guard\.config\.json/);
    // No package.json: git's own hooks dir runs the repository's .husky/pre-commit (see worktree-hooks.test.ts).
    assert.match(init.stdout, /created \.husky\/pre-commit/);
    assert.equal((await r.git('config', '--get', 'core.hooksPath', { allowFailure: true })).trim(), '');
    await r.write('services/api/ssot-guard.config.json', config);
    await r.write('services/api/app/factory.py', MIXED);
    await r.add('services');
    const refused = await gitResult(r.root, ['commit', '-q', '-m', 'mix']);
    assert.equal(refused.code, 1, refused.stdout + refused.stderr);
    assert.match(refused.stdout + refused.stderr, /ws-api +Use Bridge, not Manager\./);
  });

  it("a package's baseline sits beside its config", async () => {
    const r = await daemonRepo(pkg('services/api', MIXED));
    const api = join(r.root, 'services/api');
    const recorded = await runCli(api, ['baseline']);
    assert.equal(recorded.code, 0, recorded.stderr);
    assert.match(recorded.stdout, /wrote services\/api\/ssot-guard\.baseline\.json: 0 -> 1/);
    await r.add('services/api/ssot-guard.baseline.json');
    assert.equal((await checkJson(r.root, '--all')).code, 0);
  });

  it('--config names a config whose paths are relative to its own directory; one outside the repository is refused', async () => {
    const r = await daemonRepo({ ...pkg('services/api', MIXED), 'ssot-guard.config.json': JSON.stringify(CONFIG) });
    const named = await runCli(r.root, ['check', '--all', '--format', 'json', '--config', 'services/api/ssot-guard.config.json']);
    assert.deepEqual(files(JSON.parse(named.stdout)), ['ws-api services/api/app/factory.py']);
    const elsewhere = await mkdtemp(join(tmpdir(), 'ssot-guard-outside-'));
    try {
      await writeFile(join(elsewhere, 'ssot-guard.config.json'), JSON.stringify(CONFIG));
      const outside = await runCli(r.root, ['check', '--all', '--config', join(elsewhere, 'ssot-guard.config.json')]);
      assert.equal(outside.code, 2);
      assert.match(outside.stderr, /is outside the repository/);
    } finally {
      await rm(elsewhere, { recursive: true, force: true });
    }
  });

  it('no config anywhere here is exit 2, never a pass', async () => {
    const r = await daemonRepo({ 'app/a.py': 'x = 1\n' });
    const res = await runCli(r.root, ['check', '--all']);
    assert.equal(res.code, 2);
    assert.match(res.stderr, /no ssot-guard\.config\.json in \., above it in the repository, or below it/);
  });
});
