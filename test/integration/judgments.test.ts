import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeRepo, type TestRepo } from '../helpers/repo-fixture.js';
import { checkJson } from '../helpers/run-cli.js';
import { baseFiles } from '../helpers/python-repo.js';
import { keptHeadTree } from './daemon-fixture.js';

const repos: TestRepo[] = [];
after(async () => {
  for (const r of repos) await r.cleanup();
});

/** app/factory.py never changes: it takes `Thing` from app/helpers, which the commits re-point. */
const FACTORY = 'from app.bridge import Bridge\nfrom app.helpers import Thing\n\n\ndef make():\n    return Bridge(), Thing()\n';

async function repo(): Promise<TestRepo> {
  const r = await makeRepo({ ...baseFiles(FACTORY), 'app/helpers.py': 'from app.bridge import Bridge as Thing\n' });
  repos.push(r);
  return r;
}

describe('one-shot checks that start from the judgments an earlier check left', () => {
  it('catch a violation that a commit brings into a file it does not touch, and keep HEAD\'s judgments for the next check', async () => {
    const r = await repo();
    const state = join(r.root, '.git', 'ssot-guard', 'judgments.bin');
    assert.equal((await checkJson(r.root, '--staged')).code, 0);
    assert.ok(existsSync(state), 'the first check leaves its judgments');

    // Re-pointing the re-export makes the untouched factory mix Bridge with Manager.
    await r.write('app/helpers.py', 'from app.legacy import Manager as Thing\n');
    await r.add('app/helpers.py');
    const blocked = await checkJson(r.root, '--staged');
    assert.equal(blocked.code, 1);
    assert.deepEqual(blocked.json.violations.map((v: { file: string; status: string }) => [v.file, v.status]), [['app/factory.py', 'new']]);

    // Committed anyway (--no-verify): now HEAD has it, and an unrelated commit is not blamed for it.
    await r.commit('re-point');
    await r.write('app/other.py', 'x = 1\n');
    await r.add('app/other.py');
    assert.equal((await checkJson(r.root, '--staged')).code, 0);
    assert.equal((await checkJson(r.root, '--all')).code, 1);

    // The fix: back to Bridge. Judged from the judgments kept for the new HEAD.
    await r.write('app/helpers.py', 'from app.bridge import Bridge as Thing\n');
    await r.add('app/helpers.py');
    assert.equal((await checkJson(r.root, '--staged')).code, 0);
    assert.equal((await checkJson(r.root, '--all')).code, 0);
  });

  it('--all leaves the index\'s judgments for the next run, and never replaces the HEAD judgments a staged check left', async () => {
    const r = await repo();
    const state = join(r.root, '.git', 'ssot-guard', 'judgments.bin');
    assert.equal((await checkJson(r.root, '--all')).code, 0);
    assert.ok(existsSync(state), 'a fresh runner\'s --all leaves its judgments');
    assert.equal(await keptHeadTree(r), undefined, 'of the index, with no HEAD tree');
    assert.equal((await checkJson(r.root, '--staged')).code, 0);
    const tree = (await r.git('rev-parse', 'HEAD^{tree}')).trim();
    assert.equal(await keptHeadTree(r), tree, 'a staged check writes HEAD\'s, with their tree');
    const written = statSync(state, { bigint: true });
    await r.write('app/other.py', 'x = 1\n');
    await r.add('app/other.py');
    assert.equal((await checkJson(r.root, '--all')).code, 0);
    const after = statSync(state, { bigint: true });
    assert.deepEqual([after.ino, after.mtimeNs], [written.ino, written.mtimeNs], 'HEAD\'s judgments stay for the hook');
    assert.equal(await keptHeadTree(r), tree);
  });

  it('give the same verdict when the judgments file is damaged (it is ignored and written again)', async () => {
    const r = await repo();
    const state = join(r.root, '.git', 'ssot-guard', 'judgments.bin');
    await r.write('app/helpers.py', 'from app.legacy import Manager as Thing\n');
    await r.add('app/helpers.py');
    const first = await checkJson(r.root, '--staged');
    assert.equal(first.code, 1);
    writeFileSync(state, 'garbage');
    const again = await checkJson(r.root, '--staged');
    assert.equal(again.code, 1);
    assert.deepEqual(again.json.violations, first.json.violations);
  });

  it('give the same verdict when the fact records a judged check reads turn out damaged (checked on read, judged again)', async () => {
    const r = await repo();
    const dir = join(r.root, '.git', 'ssot-guard');
    assert.equal((await checkJson(r.root, '--staged')).code, 0);
    // Same length, every byte wrong: the index still lists every record.
    for (const name of readdirSync(dir).filter((f) => f.endsWith('.dat'))) {
      const file = join(dir, name);
      writeFileSync(file, Buffer.alloc(statSync(file).size, 0x5a));
    }
    await r.write('app/helpers.py', 'from app.legacy import Manager as Thing\n');
    await r.add('app/helpers.py');
    const blocked = await checkJson(r.root, '--staged');
    assert.equal(blocked.code, 1, blocked.stderr);
    assert.deepEqual(blocked.json.violations.map((v: { file: string }) => v.file), ['app/factory.py']);
  });
});
