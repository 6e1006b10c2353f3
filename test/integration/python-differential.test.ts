import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { makeRepo, type TestRepo } from '../helpers/repo-fixture.js';
import { checkJson } from '../helpers/run-cli.js';
import { BASE, shapes } from '../helpers/python-shapes.js';

/**
 * Issue 18: the shapes the resolver once got wrong (helpers/python-shapes.ts: dynamic imports, star
 * chains, conditional rebinding, a package beside a module file), each run by
 * CPython as well as judged by a real `check --all`. CPython says whether the
 * factory reached the legacy class and the canonical one: a global of the
 * factory that *is* the class object once it has run, or the class fetched
 * from its module by the factory's own code (a module subclass records each
 * fetch with the fetching frame's file). The verdict must be "mix" exactly when
 * CPython reached both. python3 is on every machine the tests run on: without
 * it this fails, it does not skip.
 */

/** Imports the factory, then prints which of the two classes it reached. */
const DRIVER = `import json, os, sys
sys.setrecursionlimit(20000)  # 500 nested imports take about 10 frames each
sys.path.insert(0, os.getcwd())
import app._record as record
import app.agents.factory as factory
from app.bridge import Bridge
legacy_module = sys.modules['app.legacy.manager'] if 'app.legacy.manager' in sys.modules else None
def reached(module_name, cls):
    held = cls is not None and any(v is cls for v in vars(factory).values())
    return held or any(m == module_name and f == factory.__file__ for m, f in record.fetched)
print(json.dumps({
    'legacy': reached('app.legacy.manager', legacy_module and object.__getattribute__(legacy_module, 'WebSocketManager')),
    'canonical': reached('app.bridge', Bridge),
}))
`;

function python(cwd: string): Promise<{ legacy: boolean; canonical: boolean }> {
  return new Promise((resolve, reject) => {
    execFile('python3', ['-B', '-c', DRIVER], { cwd, env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } }, (err, stdout, stderr) => {
      if (err) reject(new Error(`python3 failed in ${cwd}: ${stderr || err.message}`));
      else resolve(JSON.parse(stdout.trim().split('\n').at(-1)!));
    });
  });
}

describe('Python differential: CPython and the verdict agree (issue 18)', () => {
  const repos: TestRepo[] = [];
  after(async () => {
    for (const r of repos) await r.cleanup();
  });

  it('python3 is there (the differential fails, never skips, without it)', () => {
    const run = spawnSync('python3', ['--version'], { encoding: 'utf8' });
    assert.equal(run.status, 0, `python3 is needed by this test and was not found or failed: ${run.error?.message ?? run.stderr}`);
  });

  for (const shape of shapes) {
    it(shape.name, async () => {
      const repo = await makeRepo({ ...BASE, ...shape.files });
      repos.push(repo);
      const cpython = await python(repo.root);
      const { code, json } = await checkJson(repo.root, '--all');
      const violations = (json.violations as Array<{ file: string }>).filter((v) => v.file === 'app/agents/factory.py');
      const mixed = cpython.legacy && cpython.canonical;
      assert.equal(mixed, shape.mixes, `the shape says mixes=${shape.mixes}, CPython reached legacy=${cpython.legacy} canonical=${cpython.canonical}`);
      assert.equal(violations.length > 0, mixed, `CPython reached legacy=${cpython.legacy} canonical=${cpython.canonical}; ssot-guard exit ${code}: ${JSON.stringify(json.violations)}`);
      assert.equal(code, mixed ? 1 : 0);
    });
  }
});
