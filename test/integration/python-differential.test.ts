import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { makeRepo, type TestRepo } from '../helpers/repo-fixture.js';
import { checkJson } from '../helpers/run-cli.js';

/**
 * Issue 18: the shapes the resolver once got wrong (dynamic imports, star
 * chains, conditional rebinding, a package beside a module file), each run by
 * CPython as well as judged by a real `check --all`. CPython says whether the
 * factory reached the legacy class and the canonical one: a global of the
 * factory that *is* the class object once it has run, or the class fetched
 * from its module by the factory's own code (a module subclass records each
 * fetch with the fetching frame's file). The verdict must be "mix" exactly when
 * CPython reached both. python3 is on every machine the tests run on: without
 * it this fails, it does not skip.
 */

const RECORD = `import sys, types

fetched = set()


def install(module_name, class_name):
    class Recording(types.ModuleType):
        def __getattribute__(self, name):
            if name == class_name:
                fetched.add((module_name, sys._getframe(1).f_code.co_filename))
            return types.ModuleType.__getattribute__(self, name)

    sys.modules[module_name].__class__ = Recording
`;

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

const CONFIG = {
  python: { roots: ['.'] },
  rules: [{
    id: 'ws', message: 'Use Bridge, not WebSocketManager.', scope: { files: ['app/agents/**'] },
    canonical: ['app.bridge.Bridge'], legacy: ['app.legacy.manager.WebSocketManager'], forbid: 'mix',
  }],
};

const BASE: Record<string, string> = {
  'ssot-guard.config.json': JSON.stringify(CONFIG),
  'app/__init__.py': '',
  'app/_record.py': RECORD,
  'app/bridge.py': 'import app._record\nclass Bridge:\n    pass\napp._record.install(__name__, "Bridge")\n',
  'app/legacy/__init__.py': '',
  'app/legacy/manager.py': 'import app._record\nclass WebSocketManager:\n    pass\napp._record.install(__name__, "WebSocketManager")\n',
  'app/agents/__init__.py': '',
};

const BRIDGE = 'from app.bridge import Bridge\n';

function starChain(length: number, dunderAll: boolean): Record<string, string> {
  const files: Record<string, string> = { 'app/x/__init__.py': '' };
  const all = dunderAll ? '__all__ = ["WebSocketManager"]\n' : '';
  for (let i = 0; i < length; i++) {
    const source = i === length - 1 ? 'app.legacy.manager' : `app.x.m${i + 1}`;
    files[`app/x/m${i}.py`] = `from ${source} import *\n${all}`;
  }
  files['app/agents/factory.py'] = BRIDGE + 'from app.x.m0 import WebSocketManager as WSM\n';
  return files;
}

interface Shape {
  readonly name: string;
  readonly files: Record<string, string>;
}

const shapes: Shape[] = [
  // Dynamic imports.
  { name: 'importlib.import_module(...).Class', files: { 'app/agents/factory.py': BRIDGE + 'import importlib\nW = importlib.import_module("app.legacy.manager").WebSocketManager\n' } },
  { name: 'import importlib as il; il.import_module(...).Class', files: { 'app/agents/factory.py': BRIDGE + 'import importlib as il\nW = il.import_module("app.legacy.manager").WebSocketManager\n' } },
  { name: 'from importlib import import_module, relative name and literal package', files: { 'app/agents/factory.py': BRIDGE + 'from importlib import import_module\nW = import_module(".legacy.manager", "app").WebSocketManager\n' } },
  { name: "__import__('app').Class through the package's re-export",
    files: { 'app/__init__.py': 'from app.legacy.manager import WebSocketManager\n', 'app/agents/factory.py': BRIDGE + 'W = __import__("app").WebSocketManager\n' } },
  { name: 'an f-string whose expression calls __import__',
    files: { 'app/agents/factory.py': BRIDGE + 's = f"{__import__(\'app.legacy.manager\').legacy.manager.WebSocketManager}"\n' } },
  { name: 'import_module of the module only, another name read (clean)', files: { 'app/agents/factory.py': BRIDGE + 'import importlib\nm = importlib.import_module("app.legacy.manager")\nname = m.__name__\n' } },
  { name: 'a function named import_module that is not importlib (clean)',
    files: { 'app/loader.py': 'def import_module(name):\n    return None\n', 'app/agents/factory.py': BRIDGE + 'from app.loader import import_module\nW = import_module("app.legacy.manager")\n' } },
  // Star chains.
  { name: 'two star imports in a row', files: starChain(2, false) },
  { name: 'two star imports in a row, with __all__', files: starChain(2, true) },
  { name: 'a chain of 500 star imports', files: starChain(500, false) },
  { name: 'a chain of 500 star imports, with __all__', files: starChain(500, true) },
  // Conditional rebinding.
  { name: 'imported, then rebound under if False',
    files: { 'app/agents/factory.py': BRIDGE + 'from app.legacy.manager import WebSocketManager as WSM\nif False:\n    WSM = object\n' } },
  { name: 'a re-export rebound under if False',
    files: { 'app/shim.py': 'from app.legacy.manager import WebSocketManager as WSM\nif False:\n    WSM = object\n', 'app/agents/factory.py': BRIDGE + 'from app.shim import WSM\n' } },
  { name: 'a re-export whose else branch does the import',
    files: { 'app/shim.py': 'import sys\nif sys.version_info < (3,):\n    WSM = object\nelse:\n    from app.legacy.manager import WebSocketManager as WSM\n', 'app/agents/factory.py': BRIDGE + 'from app.shim import WSM\n' } },
  { name: 'a re-export whose if branch does the import, an alias in the else branch',
    files: { 'app/shim.py': 'import sys\nif sys.version_info >= (3,):\n    from app.legacy.manager import WebSocketManager as WSM\nelse:\n    WSM = object\n', 'app/agents/factory.py': BRIDGE + 'from app.shim import WSM\n' } },
  { name: 'a try/except ImportError fallback',
    files: { 'app/other.py': 'WSM = object\n', 'app/shim.py': 'try:\n    from app.legacy.manager import WebSocketManager as WSM\nexcept ImportError:\n    from app.other import WSM\n', 'app/agents/factory.py': BRIDGE + 'from app.shim import WSM\n' } },
  { name: 'a re-export rebound unconditionally (clean)',
    files: { 'app/shim.py': 'from app.legacy.manager import WebSocketManager as WSM\nWSM = object\n', 'app/agents/factory.py': BRIDGE + 'from app.shim import WSM\n' } },
  // A package directory beside a module file.
  { name: 'the package app/compat/ beside app/compat.py is what is imported',
    files: { 'app/compat.py': 'class WebSocketManager:\n    pass\n', 'app/compat/__init__.py': 'from app.legacy.manager import WebSocketManager\n', 'app/agents/factory.py': BRIDGE + 'from app.compat import WebSocketManager\n' } },
  { name: 'the module file beside a package is not imported (clean)',
    files: { 'app/compat.py': 'from app.legacy.manager import WebSocketManager\n', 'app/compat/__init__.py': 'class WebSocketManager:\n    pass\n', 'app/agents/factory.py': BRIDGE + 'from app.compat import WebSocketManager\n' } },
];

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
      assert.equal(violations.length > 0, mixed, `CPython reached legacy=${cpython.legacy} canonical=${cpython.canonical}; ssot-guard exit ${code}: ${JSON.stringify(json.violations)}`);
      assert.equal(code, mixed ? 1 : 0);
    });
  }
});
