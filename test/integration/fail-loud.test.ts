import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { gitResult } from '../helpers/repo-fixture.js';
import { CLI, checkJson, runCli } from '../helpers/run-cli.js';
import { DAEMON_ENV, check, cli, daemonRepo, onCleanup, stopAllDaemons, type DaemonRepo } from './daemon-fixture.js';
import { spawnWatch } from '../helpers/spawn-watch.js';

after(stopAllDaemons);

/** The founding team's shape: the legacy class is an alias of a private class, re-exported by its package. */
const FILES: Record<string, string> = {
  'app/__init__.py': '',
  'app/core/__init__.py': 'from app.core.manager import WebSocketManager\n',
  'app/core/impl.py': 'class _Impl:\n    pass\n',
  'app/core/other.py': 'class Other:\n    pass\n',
  'app/core/manager.py': 'from app.core.impl import _Impl\nWebSocketManager = _Impl\n',
  'app/services/bridge.py': 'class Bridge:\n    pass\n',
  'app/agents/factory.py': 'from app.services.bridge import Bridge\nfrom app.core.other import Other\n',
};

type RuleFields = Record<string, unknown>;

function config(rule: RuleFields = {}): string {
  return JSON.stringify({
    rules: [{
      id: 'ws', message: 'Reach WebSocket only through Bridge.',
      canonical: ['app.services.bridge.Bridge'], legacy: ['app.core.manager.WebSocketManager'],
      scope: { files: ['app/agents/**'] }, ...rule,
    }],
  }, null, 2);
}

async function repoWith(rule: RuleFields = {}, files: Record<string, string> = FILES): Promise<DaemonRepo> {
  return daemonRepo({ ...files, 'ssot-guard.config.json': config(rule) });
}

/** Stages a small change, so a staged check has something to judge. */
async function stageTouch(r: DaemonRepo): Promise<void> {
  await r.write('app/agents/factory.py', `${FILES['app/agents/factory.py']}\n# touched\n`);
  await r.add('app/agents/factory.py');
}

const BROKEN: Array<[string, RuleFields, string, RegExp]> = [
  ['a typo in a legacy name', { legacy: ['app.core.manager.WebSocketManagr'] }, '/rules/0/legacy/0',
    /no module or name "WebSocketManagr" \(did you mean app\.core\.manager\.WebSocketManager\?\)/],
  ['a module that does not exist', { canonical: ['app.service.bridge.Bridge'] }, '/rules/0/canonical/0', /app has no module or name "service" \(did you mean app\.services\.bridge\.Bridge\?\)/],
  ['a scope glob that matches no file', { scope: { files: ['app/agent/**'] } }, '/rules/0/scope/files/0', /matches no file .*did you mean app\/agents\/\*\*\?/],
  ['a dependentsOf module that does not exist', { scope: { files: ['app/agents/**'], dependentsOf: ['app.agents.factroy'] } }, '/rules/0/scope/dependentsOf/0', /did you mean app\.agents\.factory\?/],
  ['a canonical symbol that is the legacy object', { canonical: ['app.core.impl._Impl'] }, '/rules/0/canonical/0', /one object, app\.core\.impl\._Impl/],
];

describe('fail loudly: a rule that cannot match exits 2, never a green check', () => {
  for (const [name, rule, path, message] of BROKEN) {
    it(`${name}: --staged, --all, --worktree and text output`, async () => {
      const r = await repoWith(rule);
      await stageTouch(r);
      for (const mode of ['--staged', '--all', '--worktree'] as const) {
        const res = await checkJson(r.root, mode);
        assert.equal(res.code, 2, `${mode}: ${res.stdout}`);
        assert.equal(res.json.ok, false);
        assert.deepEqual(res.json.ruleErrors.map((e: { path: string }) => e.path), [path]);
        assert.match(res.json.ruleErrors[0].message, message);
      }
      const text = await runCli(r.root, ['check', '--all']);
      assert.equal(text.code, 2);
      assert.match(text.stdout, new RegExp(`ssot-guard\\.config\\.json: ${path.replace(/\//g, '\\/')}: rule ws: `));
    });
  }

  it('the hook and the daemon refuse the commit the same way', async () => {
    const r = await repoWith({ legacy: ['app.core.manager.WebSocketManagr'] });
    await stageTouch(r);
    await cli(r, ['daemon', 'start']);
    const viaDaemon = await check(r);
    assert.equal(viaDaemon.json.stats.daemon, true);
    assert.equal(viaDaemon.code, 2);
    await r.git('config', 'core.hooksPath', join(dirname(CLI), '..', '..', 'hooks'));
    const hooked = await gitResult(r.root, ['commit', '-q', '-m', 'touch'], { env: { SSOT_GUARD_NO_DAEMON: '' } });
    assert.notEqual(hooked.code, 0);
    assert.match(hooked.stdout + hooked.stderr, /\/rules\/0\/legacy\/0: rule ws: .*did you mean/);
  });

  for (const [how, env] of [['in-process', {}], ['through the daemon', DAEMON_ENV]] as const) {
    it(`watch shows the rule error on both sides, never "clean" (${how})`, async () => {
      const r = await repoWith({ legacy: ['app.core.manager.WebSocketManagr'] });
      if (how !== 'in-process') await cli(r, ['daemon', 'start']);
      const w = spawnWatch(r.root, [], env);
      onCleanup(async () => void (await w.stop('SIGKILL')));
      for (const side of ['worktree', 'staged']) {
        const header = await w.waitFor(`the ${side} verdict`, (l) => l.startsWith(`${side}: `));
        assert.match(w.lines[header]!, new RegExp(`^${side}: 1 rule error\\(s\\): the rules cannot be judged as written`));
        assert.match(w.lines[header + 1]!, /^rule error \/rules\/0\/legacy\/0: rule ws: .*did you mean app\.core\.manager\.WebSocketManager\?/);
      }
      assert.equal(await w.stop(), 0);
    });
  }

  it('a legacy module deleted without saying so is refused; marked removed it passes; brought back it is refused', async () => {
    const files = { ...FILES, 'app/core/old.py': 'class Old:\n    pass\n' };
    const r = await repoWith({ legacy: ['app.core.manager.WebSocketManager', 'app.core.old'] }, files);
    await r.git('rm', '-q', 'app/core/old.py');
    const deleted = await checkJson(r.root, '--staged');
    assert.equal(deleted.code, 2);
    assert.equal(deleted.json.ruleErrors[0].path, '/rules/0/legacy/1');
    assert.match(deleted.json.ruleErrors[0].message, /app\.core has no module or name "old".*move it to \/rules\/0\/removed/);

    await r.write('ssot-guard.config.json', config({ removed: ['app.core.old'] }));
    await r.add('ssot-guard.config.json');
    const marked = await checkJson(r.root, '--staged');
    assert.equal(marked.code, 0, marked.stdout);
    await r.git('commit', '-q', '-m', 'remove the old module');

    await r.write('app/core/old.py', 'class Old:\n    pass\n');
    await r.add('app/core/old.py');
    const back = await checkJson(r.root, '--staged');
    assert.equal(back.code, 1, back.stdout);
    assert.deepEqual(back.json.violations.map((v: { file: string }) => v.file), ['app/core/old.py']);
    await rm(join(r.root, 'app/core/old.py'));
    await r.git('rm', '-q', '--cached', 'app/core/old.py');
    await r.write('app/agents/factory.py', 'from app.services.bridge import Bridge\nimport app.core.old\n');
    await r.add('app/agents/factory.py');
    const imported = await checkJson(r.root, '--staged');
    assert.equal(imported.code, 1, imported.stdout);
    assert.deepEqual(imported.json.violations[0].evidence.map((e: { symbol: string }) => e.symbol), ['app.services.bridge.Bridge', 'app.core.old']);
  });

  for (const how of ['in-process', 'through the daemon'] as const) {
    it(`a removed name brought back through another module's star re-export is refused from kept judgments too (${how})`, async () => {
      const files = { ...FILES, 'app/core/__init__.py': 'from app.core.impl import *\n' };
      const r = await repoWith({ removed: ['app.core.OldManager'] }, files);
      if (how !== 'in-process') await cli(r, ['daemon', 'start']);
      const run = () => (how === 'in-process' ? checkJson(r.root, '--staged') : check(r));
      // A first check keeps the judgments the next one starts from.
      await stageTouch(r);
      assert.equal((await run()).code, 0);
      await r.git('commit', '-q', '-m', 'touch');
      await r.write('app/core/impl.py', `${FILES['app/core/impl.py']}class OldManager:\n    pass\n`);
      await r.add('app/core/impl.py');
      const back = await run();
      assert.equal(back.code, 1, back.stdout);
      assert.deepEqual(back.json.violations.map((v: { file: string }) => v.file), ['app/core/__init__.py']);
      const all = await checkJson(r.root, '--all');
      assert.deepEqual(all.json.violations.map((v: { file: string }) => v.file), ['app/core/__init__.py']);
    });
  }

  it('identity is per snapshot: a commit that re-points the alias makes an unchanged importer a mix, judged from the kept judgments', async () => {
    const r = await repoWith();
    // The first check keeps HEAD's judgments; the second judges the index from them.
    await stageTouch(r);
    assert.equal((await checkJson(r.root, '--staged')).code, 0);
    await r.git('commit', '-q', '-m', 'touch');
    await r.write('app/core/manager.py', 'from app.core.other import Other\nWebSocketManager = Other\n');
    await r.add('app/core/manager.py');
    const res = await checkJson(r.root, '--staged');
    assert.equal(res.code, 1, res.stdout);
    const [v] = res.json.violations;
    assert.equal(v.file, 'app/agents/factory.py');
    const legacy = v.evidence.find((e: { side: string }) => e.side === 'legacy');
    assert.equal(legacy.symbol, 'app.core.manager.WebSocketManager');
    assert.equal(legacy.origin, 'app.core.other.Other');
    // HEAD judged with its own resolution: there the same file was clean, so the violation is new.
    assert.equal(v.status, 'new');
  });
});

describe('the JSON and SARIF contracts carry rule errors and origins', () => {
  const require = createRequire(import.meta.url);
  const schema = (relative: string): object => JSON.parse(readFileSync(fileURLToPath(new URL(`../../../${relative}`, import.meta.url)), 'utf8')) as object;

  it('check --format json validates against config/output.schema.json, with violations and with rule errors', async () => {
    const { Ajv } = require('ajv') as typeof import('ajv');
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema('config/output.schema.json'));
    const r = await repoWith();
    await r.write('app/agents/factory.py', 'from app.services.bridge import Bridge\nfrom app.core.impl import _Impl\n');
    await r.add('app/agents/factory.py');
    const mixed = await checkJson(r.root, '--staged');
    assert.equal(mixed.code, 1);
    const mixedReport: unknown = mixed.json;
    assert.ok(validate(mixedReport), JSON.stringify(validate.errors));
    assert.equal(mixed.json.violations[0].evidence.find((e: { side: string }) => e.side === 'legacy').origin, 'app.core.impl._Impl');
    await r.write('ssot-guard.config.json', config({ scope: { files: ['nowhere/**'] } }));
    const broken = await checkJson(r.root, '--staged');
    assert.equal(broken.code, 2);
    const brokenReport: unknown = broken.json;
    assert.ok(validate(brokenReport), JSON.stringify(validate.errors));
  });

  it('SARIF: rule errors are configuration notifications of an unsuccessful run, valid SARIF 2.1.0', async () => {
    const Ajv04 = require('ajv-draft-04') as new (o: object) => { compile(s: object): ((d: unknown) => boolean) & { errors?: unknown } };
    const validate = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false }).compile(schema('test/fixtures/sarif-2.1.0-rtm.5.json'));
    const r = await repoWith({ legacy: ['app.core.manager.WebSocketManagr'] });
    const run = await runCli(r.root, ['check', '--all', '--format', 'sarif']);
    assert.equal(run.code, 2);
    const sarif = JSON.parse(run.stdout);
    assert.ok(validate(sarif), JSON.stringify(validate.errors));
    const [invocation] = sarif.runs[0].invocations;
    assert.equal(invocation.executionSuccessful, false);
    assert.match(invocation.toolConfigurationNotifications[0].message.text, /^\/rules\/0\/legacy\/0: /);
  });
});
