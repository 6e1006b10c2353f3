import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeRepo, type TestRepo } from '../helpers/repo-fixture.js';
import { checkJson, runCli } from '../helpers/run-cli.js';
import { check, cli, daemonRepo, status, stopAllDaemons, subscribeVerdicts, until } from './daemon-fixture.js';

/** A TypeScript repo with a path alias, a barrel, and a rule about its legacy client. */
const CONFIG = {
  rules: [
    {
      id: 'one-client',
      message: 'Use the Client from @/core/client; LegacyClient is going away.',
      canonical: ['src/core/client#Client'],
      legacy: ['src/legacy/client#LegacyClient'],
      scope: { files: ['src/features/**'] },
    },
  ],
};
const FILES: Record<string, string> = {
  'ssot-guard.config.json': JSON.stringify(CONFIG, null, 2),
  'tsconfig.json': '{\n  "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["src/*"] } }\n}\n',
  'src/core/client.ts': 'export class Client {}\n',
  'src/legacy/client.ts': 'export class LegacyClient {}\n',
  'src/legacy/index.ts': "export * from './client';\n",
  'src/features/orders.ts': "import { Client } from '@/core/client';\nexport const make = () => new Client();\n",
};
const MIXED = "import { Client } from '@/core/client';\nimport { LegacyClient } from '@/legacy';\nexport const make = () => [new Client(), new LegacyClient()];\n";

const repos: TestRepo[] = [];
after(async () => {
  await stopAllDaemons();
  for (const r of repos) await r.cleanup();
});

describe('a TypeScript repository', () => {
  it('check --staged refuses the staged mix (through alias and barrel) and passes the fix, in-process and from the daemon', async () => {
    const r = await makeRepo(FILES);
    repos.push(r);
    await r.write('src/features/orders.ts', MIXED);
    await r.add('src/features/orders.ts');
    const refused = await checkJson(r.root, '--staged');
    assert.equal(refused.code, 1, refused.stderr);
    const v = refused.json.violations[0];
    assert.deepEqual([v.file, v.line, v.rule], ['src/features/orders.ts', 2, 'one-client']);
    assert.deepEqual(v.evidence.find((e: { side: string }) => e.side === 'legacy').via, ['src/legacy/index#LegacyClient']);
    const text = await runCli(r.root, ['check', '--staged']);
    assert.match(text.stdout, /src\/legacy\/client#LegacyClient/);
    assert.match(text.stdout, /Use the Client from @\/core\/client/);

    const d = await daemonRepo(FILES);
    await cli(d, ['daemon', 'start']);
    await d.write('src/features/orders.ts', MIXED);
    await d.add('src/features/orders.ts');
    const fromDaemon = await check(d);
    assert.equal(fromDaemon.code, 1);
    assert.equal(fromDaemon.json.stats.daemon, true);
    assert.deepEqual(fromDaemon.json.violations.map((x: { fingerprint: string }) => x.fingerprint), refused.json.violations.map((x: { fingerprint: string }) => x.fingerprint));

    await d.write('src/features/orders.ts', FILES['src/features/orders.ts']!);
    await d.add('src/features/orders.ts');
    assert.equal((await check(d)).code, 0);
  });

  it('the baseline ratchet holds for scripts: an adopted violation passes, a new one is blocked', async () => {
    const r = await makeRepo({ ...FILES, 'src/features/orders.ts': MIXED });
    repos.push(r);
    assert.equal((await checkJson(r.root, '--all')).code, 1);
    const wrote = await runCli(r.root, ['baseline']);
    assert.equal(wrote.code, 0, wrote.stderr);
    await r.add('ssot-guard.baseline.json');
    await r.commit('baseline');
    const all = await checkJson(r.root, '--all');
    assert.equal(all.code, 0);
    assert.equal(all.json.baseline.known, 1);
    await r.write('src/features/billing.ts', MIXED);
    await r.add('src/features/billing.ts');
    const staged = await checkJson(r.root, '--staged');
    assert.equal(staged.code, 1);
    assert.deepEqual(staged.json.violations.map((v: { file: string }) => v.file), ['src/features/billing.ts']);
  });

  it('a staged deletion of the barrel is judged (the import no longer resolves: reported with file and line)', async () => {
    const r = await makeRepo({ ...FILES, 'src/features/orders.ts': "import { Client } from '@/core/client';\nimport { LegacyClient } from '@/legacy';\n" });
    repos.push(r);
    await r.git('rm', '-q', '--cached', 'src/legacy/index.ts');
    await r.write('src/features/orders.ts', "import { Client } from '@/core/client';\nimport { LegacyClient } from '@/legacy';\n// touched\n");
    await r.add('src/features/orders.ts');
    const run = await checkJson(r.root, '--staged');
    const d = run.json.diagnostics.find((x: { code: string }) => x.code === 'unresolved-import');
    assert.ok(d, JSON.stringify(run.json.diagnostics));
    assert.deepEqual([d.file, d.line], ['src/features/orders.ts', 2]);
  });

  it('a rule naming symbols of two languages is a config error naming the field', async () => {
    const bad = { rules: [{ ...CONFIG.rules[0], canonical: ['app.core.Client'] }] };
    const r = await makeRepo({ ...FILES, 'ssot-guard.config.json': JSON.stringify(bad) });
    repos.push(r);
    const run = await runCli(r.root, ['check', '--staged']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /\/rules\/0\/canonical\/0/);
    assert.match(run.stderr, /one language/);
  });

  it('watch: saving tsconfig.json with a new alias target pushes the new verdict', async () => {
    const r = await daemonRepo({ ...FILES, 'src/features/orders.ts': "import { Client } from '@/core/client';\nimport { Thing } from '@shim/thing';\nexport const x = [Client, Thing];\n", 'src/shim/thing.ts': 'export const Thing = 1;\n', 'src/shim2/thing.ts': "export { LegacyClient as Thing } from '../legacy/client';\n", 'tsconfig.json': '{ "compilerOptions": { "paths": { "@/*": ["./src/*"], "@shim/*": ["./src/shim/*"] } } }\n' });
    await cli(r, ['daemon', 'start']);
    const sub = await subscribeVerdicts(r);
    const worktree = () => sub.verdicts('worktree');
    await until('the first working-tree verdict', () => worktree().length >= 1);
    assert.equal(worktree().at(-1)!.violations.length, 0);
    await r.write('tsconfig.json', '{ "compilerOptions": { "paths": { "@/*": ["./src/*"], "@shim/*": ["./src/shim2/*"] } } }\n');
    const pushed = await until('a verdict with the legacy client reached through the new alias', () => worktree().find((v) => v.violations.length === 1));
    assert.equal(pushed.violations[0]!.file, 'src/features/orders.ts');
    assert.ok((await status(r))!.factsCached > 0);
    sub.close();
  });
});
