import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { CLI, runCli } from '../helpers/run-cli.js';
import { gitResult, tempRepos } from '../helpers/repo-fixture.js';
import { baseFiles, CONFIG, MIXED } from '../helpers/python-repo.js';

const repos = tempRepos();
after(() => repos.cleanup());

describe('the CLI as users of other CLIs expect it', () => {
  for (const command of ['check', 'explain', 'graph', 'baseline', 'daemon', 'watch', 'init']) {
    it(`${command} --help prints that command's usage and exits 0`, async () => {
      const run = await runCli(process.cwd(), [command, '--help']);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, new RegExp(`^usage: ssot-guard ${command}(\\s|$)`));
    });
  }

  it('an older Node than engines is refused in one line, exit 2: the bin and the hook', async () => {
    const r = await repos.make(baseFiles());
    const old = { SSOT_GUARD_TEST_NODE_VERSION: '18.20.4' };
    const bin = await runCli(r.root, ['check', '--all'], old);
    assert.equal(bin.code, 2);
    assert.match(bin.stderr, /^ssot-guard: needs Node\.js 20\.19\.0 or newer, but this is Node\.js 18\.20\.4 /);
    assert.equal(bin.stderr.trim().split('\n').length, 1);
    await r.git('config', 'core.hooksPath', join(dirname(CLI), '..', '..', 'hooks'));
    await r.write('app/factory.py', MIXED);
    await r.add('app/factory.py');
    const hooked = await gitResult(r.root, ['commit', '-q', '-m', 'x'], { env: old });
    assert.equal(hooked.code, 1, 'the commit is refused');
    assert.match(hooked.stderr, /needs Node\.js 20\.19\.0 or newer/);
  });

  it('a mistyped command, option or daemon command names the one meant (exit 2)', async () => {
    const command = await runCli(process.cwd(), ['chek']);
    assert.equal(command.code, 2);
    assert.match(command.stderr, /unknown command "chek" \(did you mean check\?\)/);
    const option = await runCli(process.cwd(), ['check', '--fromat', 'json']);
    assert.equal(option.code, 2);
    assert.match(option.stderr, /unknown option --fromat for "ssot-guard check" \(did you mean --format\?\)/);
    assert.match(option.stderr, /usage: ssot-guard check /, 'the usage shown is the command\'s own');
    const daemon = await runCli(process.cwd(), ['daemon', 'strat']);
    assert.match(daemon.stderr, /unknown daemon command "strat" \(did you mean start\?\)/);
  });

  it('a mistyped config key names the key meant, at its JSON path', async () => {
    const r = await repos.make({ ...baseFiles(), 'ssot-guard.config.json': JSON.stringify({ pyhton: {}, rules: [{ ...CONFIG.rules[0]!, scoop: {} }] }) });
    const run = await runCli(r.root, ['check', '--all']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /\/pyhton: unknown key "pyhton" \(did you mean "python"\?\)/);
    assert.match(run.stderr, /\/rules\/0\/scoop: unknown key "scoop" \(did you mean "scope"\?\)/);
  });

  it('FORCE_COLOR colours a pipe; NO_COLOR and FORCE_COLOR=0 do not', async () => {
    const r = await repos.make(baseFiles(MIXED));
    const forced = await runCli(r.root, ['check', '--all'], { NO_COLOR: '', FORCE_COLOR: '1' });
    assert.equal(forced.code, 1);
    assert.match(forced.stdout, /\x1b\[31merror\x1b\[0m/);
    for (const env of [{ NO_COLOR: '1', FORCE_COLOR: '1' }, { NO_COLOR: '', FORCE_COLOR: '0' }, { NO_COLOR: '' }] as Array<Record<string, string>>) {
      assert.doesNotMatch((await runCli(r.root, ['check', '--all'], env)).stdout, /\x1b\[/, JSON.stringify(env));
    }
  });

  it('graph --depth all, as the config spells dependentsDepth', async () => {
    const r = await repos.make({ ...baseFiles(MIXED), 'app/routes.py': 'from app import factory\n', 'app/api.py': 'import app.routes\n' });
    const run = await runCli(r.root, ['graph', '--focus', 'app.factory', '--dependents', '--depth', 'all']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /app\.api/);
    assert.equal((await runCli(r.root, ['graph', '--focus', 'app.factory', '--depth', 'many'])).code, 2);
  });

  it('lint-staged: file arguments report on those files only; the whole index is still judged', async () => {
    const r = await repos.make(baseFiles());
    await r.write('app/factory.py', MIXED);
    await r.write('app/other.py', MIXED);
    await r.add('app/factory.py', 'app/other.py');
    const both = await runCli(r.root, ['check', '--format', 'json']);
    assert.deepEqual(JSON.parse(both.stdout).violations.map((v: { file: string }) => v.file), ['app/factory.py', 'app/other.py']);
    // lint-staged passes absolute paths; a relative one (from a subdirectory) works too.
    const one = await runCli(r.root, ['check', '--format', 'json', join(r.root, 'app/other.py')]);
    assert.equal(one.code, 1);
    assert.deepEqual(JSON.parse(one.stdout).violations.map((v: { file: string }) => v.file), ['app/other.py']);
    const relative = await runCli(join(r.root, 'app'), ['check', '--format', 'json', 'factory.py']);
    assert.deepEqual(JSON.parse(relative.stdout).violations.map((v: { file: string }) => v.file), ['app/factory.py']);
    const clean = await runCli(r.root, ['check', join(r.root, 'app/bridge.py')]);
    assert.equal(clean.code, 0, clean.stdout);
  });
});
