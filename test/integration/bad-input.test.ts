import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { makeRepo, type TestRepo } from '../helpers/repo-fixture.js';
import { CLI, checkJson, runCli } from '../helpers/run-cli.js';
import { MIXED, baseFiles, CONFIG } from '../helpers/python-repo.js';

const repos: TestRepo[] = [];
async function repo(files: Record<string, string | Buffer>): Promise<TestRepo> {
  const r = await makeRepo(files);
  repos.push(r);
  return r;
}
after(async () => {
  for (const r of repos) await r.cleanup();
});

async function stageAndCheck(path: string, content: string | Buffer) {
  const r = await repo(baseFiles());
  await r.write(path, content);
  await r.add(path);
  return { r, ...(await checkJson(r.root, '--staged')) };
}

describe('bad input gets a clear message and the right exit code', () => {
  it('syntax error: warning with file and line, imports elsewhere still judged', async () => {
    const src = 'from app.bridge import Bridge\n\ndef broken(:\n    pass\n\nfrom app.legacy import Manager\n';
    const { json, code } = await stageAndCheck('app/factory.py', src);
    assert.equal(code, 1, 'the legacy import after the error is still seen');
    const d = json.diagnostics.find((x: any) => x.code === 'syntax');
    assert.equal(d.file, 'app/factory.py');
    assert.equal(d.line, 3);
  });

  it('non-UTF-8 bytes: warning with the line, no crash', async () => {
    const bytes = Buffer.concat([Buffer.from('import os\nx = "'), Buffer.from([0xff, 0xfe]), Buffer.from('"\n')]);
    const { json, code } = await stageAndCheck('app/latin.py', bytes);
    assert.equal(code, 0);
    const d = json.diagnostics.find((x: any) => x.code === 'encoding');
    assert.equal(d.file, 'app/latin.py');
    assert.equal(d.line, 2);
  });

  it('PEP 263 latin-1 file decodes without a warning', async () => {
    const bytes = Buffer.concat([Buffer.from('# -*- coding: latin-1 -*-\nname = "caf'), Buffer.from([0xe9]), Buffer.from('"\n')]);
    const { json, code } = await stageAndCheck('app/latin.py', bytes);
    assert.equal(code, 0);
    assert.equal(json.diagnostics.length, 0);
  });

  it('empty file is fine', async () => {
    const { json, code } = await stageAndCheck('app/empty.py', '');
    assert.equal(code, 0);
    assert.equal(json.diagnostics.length, 0);
  });

  it('a 5 MB file is parsed and judged', async () => {
    const body = Array.from({ length: 120_000 }, (_, i) => `VALUE_${i} = {"k": [${i}, ${i + 1}]}`).join('\n');
    const { json, code } = await stageAndCheck('app/factory.py', `${MIXED}\n${body}\n`);
    assert.ok(Buffer.byteLength(body) > 4_000_000);
    assert.equal(code, 1);
    assert.equal(json.violations.length, 1);
  });

  it('a symlink is judged as the file it leads to (a copy of the legacy module, no violation), not a crash', async () => {
    const r = await repo(baseFiles());
    await symlink('legacy.py', join(r.root, 'app', 'alias.py'));
    await r.add('app/alias.py');
    const { json, code } = await checkJson(r.root, '--staged');
    assert.equal(code, 0);
    assert.deepEqual(json.diagnostics, []);
  });

  it('invalid config: exit 2 naming the JSON path', async () => {
    const bad = { ...CONFIG, rules: [{ ...CONFIG.rules[0], forbid: 'sometimes', extra: 1 }] };
    const r = await repo({ ...baseFiles(), 'ssot-guard.config.json': JSON.stringify(bad) });
    const run = await runCli(r.root, ['check', '--staged']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /\/rules\/0\/forbid/);
    assert.match(run.stderr, /\/rules\/0\/extra/);
  });

  it('config that is not JSON: exit 2 with line and column', async () => {
    const r = await repo({ ...baseFiles(), 'ssot-guard.config.json': '{\n  "rules": [,]\n}\n' });
    const run = await runCli(r.root, ['check', '--staged']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /:2:/);
  });

  it('missing config: exit 2 and says how to fix it', async () => {
    const files = baseFiles();
    delete files['ssot-guard.config.json'];
    const r = await repo(files);
    const run = await runCli(r.root, ['check', '--staged']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /ssot-guard init/);
  });

  it('unknown flag: exit 2, for every command that takes flags', async () => {
    const r = await repo(baseFiles());
    for (const argv of [['check', '--bogus'], ['graph', '--bogus'], ['explain', '--bogus'], ['baseline', '--bogus']]) {
      const run = await runCli(r.root, argv);
      assert.equal(run.code, 2, `${argv.join(' ')}: ${run.stderr}`);
      assert.doesNotMatch(run.stderr, /internal error:/);
    }
  });

  it('an import of a missing in-repo module is reported with file and line', async () => {
    const { json } = await stageAndCheck('app/factory.py', 'from app.bridge import Bridge\nfrom app.nothere import X\n');
    const d = json.diagnostics.find((x: any) => x.code === 'unresolved-import');
    assert.equal(d.line, 2);
  });
});

describe('output to a reader that stops reading', () => {
  it('`check | head`: no EPIPE crash, the verdict\'s exit code stands', async () => {
    const r = await makeRepo(baseFiles(MIXED));
    try {
      const child = spawn(process.execPath, [CLI, 'check', '--all'], { cwd: r.root, env: { ...process.env, SSOT_GUARD_NO_DAEMON: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.destroy();
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const [code] = (await once(child, 'close')) as [number];
      assert.equal(code, 1, stderr);
      assert.doesNotMatch(stderr, /EPIPE|Error/);
    } finally {
      await r.cleanup();
    }
  });
});
