import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeRepo, type TestRepo } from '../helpers/repo-fixture.js';
import { checkJson, runCli } from '../helpers/run-cli.js';
import { CLEAN, MIXED, baseFiles } from '../helpers/python-repo.js';

const repos: TestRepo[] = [];
async function repo(files = baseFiles(), opts?: { commit?: boolean }): Promise<TestRepo> {
  const r = await makeRepo(files, opts);
  repos.push(r);
  return r;
}
after(async () => {
  for (const r of repos) await r.cleanup();
});

describe('check --staged judges the index, not the working tree', () => {
  it('blocks a staged violation even when the working copy no longer has it', async () => {
    const r = await repo();
    await r.write('app/factory.py', MIXED);
    await r.add('app/factory.py');
    await r.write('app/factory.py', CLEAN);
    const staged = await checkJson(r.root, '--staged');
    assert.equal(staged.code, 1);
    assert.equal(staged.json.violations[0].file, 'app/factory.py');
    assert.equal(staged.json.violations[0].status, 'new');
    assert.equal((await checkJson(r.root, '--worktree')).code, 0);
  });

  it('passes a staged fix while the violation stays on disk', async () => {
    const r = await repo(baseFiles(MIXED));
    await r.write('app/factory.py', CLEAN);
    await r.add('app/factory.py');
    await r.write('app/factory.py', MIXED);
    assert.equal((await checkJson(r.root, '--staged')).code, 0);
    assert.equal((await checkJson(r.root, '--worktree')).code, 1);
  });

  it('judges partial staging (git add -p): only the staged hunk counts', async () => {
    const padding = Array.from({ length: 30 }, (_, i) => `X${i} = ${i}`).join('\n');
    const r = await repo(baseFiles(`from app.bridge import Bridge\n${padding}\n`));
    // Two hunks far apart: the legacy import at the bottom, a harmless edit at the top.
    await r.write('app/factory.py', `"""top edit"""\nfrom app.bridge import Bridge\n${padding}\nfrom app.legacy import Manager\n`);
    const diff = await r.git('diff', '-U0', '--', 'app/factory.py');
    const [head, ...hunks] = diff.split(/^(?=@@)/m);
    assert.equal(hunks.length, 2, diff);
    // Stage only the first hunk (the harmless one), as `git add -p` answering y, n would.
    await r.git('apply', '--cached', '--unidiff-zero', '-', { input: head! + hunks[0]! });
    assert.equal((await checkJson(r.root, '--staged')).code, 0);
    await r.git('apply', '--cached', '--unidiff-zero', '-', { input: head! + hunks[1]!.replace(/^@@ -(\d+)/, (_m: string, n: string) => `@@ -${Number(n) + 1}`) });
    const blocked = await checkJson(r.root, '--staged');
    assert.equal(blocked.code, 1);
    assert.equal(blocked.json.violations[0].line, 33);
  });

  it('does not block a violation HEAD already has; --all still reports it', async () => {
    const r = await repo(baseFiles(MIXED));
    await r.write('app/other.py', 'x = 1\n');
    await r.add('app/other.py');
    const staged = await checkJson(r.root, '--staged');
    assert.equal(staged.code, 0);
    assert.equal(staged.json.violations.length, 0);
    const all = await checkJson(r.root, '--all');
    assert.equal(all.code, 1);
    assert.equal(all.json.violations.length, 1);
  });

  it('a violation moved ten lines down is not new', async () => {
    const r = await repo(baseFiles(MIXED));
    await r.write('app/factory.py', '\n'.repeat(10) + MIXED);
    await r.add('app/factory.py');
    assert.equal((await checkJson(r.root, '--staged')).code, 0);
  });

  it('works in a fresh repository with no HEAD', async () => {
    const r = await repo(baseFiles(MIXED), { commit: false });
    const staged = await checkJson(r.root, '--staged');
    assert.equal(staged.code, 1);
    assert.equal(staged.json.snapshot, 'staged');
  });

  it('second run hits the fact cache', async () => {
    const r = await repo();
    const first = await checkJson(r.root, '--all');
    const second = await checkJson(r.root, '--all');
    assert.ok(first.json.stats.parsed > 0);
    assert.equal(second.json.stats.parsed, 0);
    assert.equal(second.json.stats.cacheHits, first.json.stats.files);
  });

  it('text output says where, why and what instead', async () => {
    const r = await repo();
    await r.write('app/factory.py', MIXED);
    await r.add('app/factory.py');
    const run = await runCli(r.root, ['check', '--staged']);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /^app\/factory\.py\n  2:24  error  ws  /m);
    assert.match(run.stdout, /from app\.legacy import Manager/);
    assert.match(run.stdout, /Use Bridge, not Manager\./);
    assert.match(run.stdout, /app\.bridge\.Bridge/);
  });
});
