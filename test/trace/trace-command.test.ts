/**
 * `ssot-guard trace` with real python3 (on every machine the tests run on, as
 * python-differential.test.ts says): dual paths only run time shows.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeRepo, type TestRepo } from '../helpers/repo-fixture.js';
import { runCli } from '../helpers/run-cli.js';

const CONFIG = JSON.stringify({
  python: { roots: ['.'] },
  include: ['**/*.py'],
  rules: [{
    id: 'ws-single-path', message: 'Reach WebSocket only through the bridge.',
    scope: { files: ['app/factories/**/*.py'] },
    canonical: ['app.bridge.Bridge'], legacy: ['app.ws.manager.WebSocketManager'],
    forbid: 'mix', unit: 'file',
  }, {
    // Scoped by the import graph alone: the importers of the registry.
    id: 'registry-single-path', message: 'Registry users reach WebSocket only through the bridge.',
    scope: { dependentsOf: ['app.registry'] },
    canonical: ['app.bridge.Bridge'], legacy: ['app.ws.manager.WebSocketManager'],
    forbid: 'mix', unit: 'file',
  }, {
    // A module object as the declared symbol.
    id: 'no-legacy-util', message: 'app.legacy_util is retired.',
    scope: { files: ['app/tools/**/*.py'] },
    canonical: ['app.bridge'], legacy: ['app.legacy_util'],
    forbid: 'legacy', unit: 'file',
  }],
});

const FILES: Record<string, string> = {
  'ssot-guard.config.json': CONFIG,
  'app/__init__.py': '',
  'app/ws/__init__.py': '',
  'app/ws/manager.py': 'class _Impl:\n    def __init__(self, user):\n        self.user = user\n\nWebSocketManager = _Impl\n',
  'app/bridge.py': 'class Bridge:\n    def __init__(self, user):\n        self.user = user\n',
  'app/factories/__init__.py': '',
  // The legacy class through a computed module name and getattr: no import names it.
  'app/factories/sneaky.py': [
    'import importlib',
    'from app.bridge import Bridge',
    '',
    'def make(user):',
    '    name = ".".join(["app", "ws", "manager"])',
    '    cls = getattr(importlib.import_module(name), "WebSocket" + "Manager")',
    '    return Bridge(user), cls(user)',
    '',
  ].join('\n'),
  'app/factories/clean.py': 'from app.bridge import Bridge\n\ndef make(user):\n    return Bridge(user)\n',
  'run_sneaky.py': 'from app.factories.sneaky import make\nmake("u")\n',
  // A registry lookup hands back the legacy class: the consumer is in scope only as an importer of the registry.
  'app/registry.py': 'KINDS = {"ws": ("app.ws.manager", "WebSocketManager")}\n',
  'app/consumer.py': 'import importlib\nfrom app import registry\nfrom app.bridge import Bridge\n\ndef run():\n    module, name = registry.KINDS["ws"]\n    return Bridge("u"), getattr(importlib.import_module(module), name)("u")\n',
  'run_consumer.py': 'from app.consumer import run\nrun()\n',
  'app/legacy_util.py': 'VALUE = 1\n',
  // A helper out of scope hands out the legacy class: each factory that calls it is its own unit, loop or not.
  'app/helpers/__init__.py': '',
  'app/helpers/make.py': 'from app.ws.manager import WebSocketManager\n\ndef manager(user):\n    return WebSocketManager(user)\n',
  'app/factories/one.py': 'from app.bridge import Bridge\nfrom app.helpers.make import manager\n\ndef make(user):\n    return Bridge(user), manager(user)\n',
  'app/factories/two.py': 'from app.bridge import Bridge\nfrom app.helpers.make import manager\n\ndef make(user):\n    return Bridge(user), manager(user)\n',
  // The helper is loaded first: the factories' one legacy path is the call through it.
  'run_helpers.py': 'import app.helpers.make\nfrom app.factories import one, two\nfor _ in range(3):\n    for f in (one, two):\n        for _ in range(100):\n            f.make("u")\n',
  'app/tools/__init__.py': '',
  'app/tools/dyn.py': 'import importlib\n\ndef run():\n    return importlib.import_module("app." + "legacy_util").VALUE\n',
  // `from .. import legacy_util`, spelled so that no static reading can see it.
  'app/tools/relative.py': 'def run():\n    return __import__("", globals(), None, ("legacy" + "_util",), 2).legacy_util.VALUE\n',
  'run_relative.py': 'from app.tools.relative import run\nrun()\n',
  // Loaded before the tools ask for it: their import reaches no finder.
  'run_dyn.py': 'import app.legacy_util\nfrom app.tools.dyn import run\nrun()\n',
  'run_clean.py': 'from app.factories.clean import make\nmake("u")\n',
  'run_sub.py': 'import subprocess, sys\nsys.exit(subprocess.run([sys.executable, "run_sneaky.py"]).returncode)\n',
  'run_fork.py': [
    'import multiprocessing as mp',
    'from app.factories.sneaky import make',
    'if __name__ == "__main__":',
    '    ctx = mp.get_context("fork")',
    '    p = ctx.Process(target=make, args=("u",))',
    '    p.start(); p.join()',
    '    raise SystemExit(p.exitcode)',
    '',
  ].join('\n'),
  'run_fork_clean.py': 'import importlib, multiprocessing as mp\nimport app.ws.manager\nif __name__ == "__main__":\n    p = mp.get_context("fork").Process(target=importlib.import_module("app.factories.clean").make, args=("u",))\n    p.start(); p.join()\n',
  'run_os_fork.py': 'import os\nfrom app.factories.sneaky import make\npid = os.fork()\nif pid == 0:\n    make("u")\n    os._exit(0)\nos.waitpid(pid, 0)\n',
  'run_fail.py': 'from app.factories.clean import make\nmake("u")\nraise SystemExit(7)\n',
};

interface Json { violations: Array<{ rule: string; file: string; line: number; message: string; evidence: Array<{ side: string; symbol: string; line: number; via: string[] }> }> }

describe('ssot-guard trace', () => {
  let repo: TestRepo;
  before(async () => {
    repo = await makeRepo(FILES);
  });
  after(() => repo.cleanup());

  const trace = (...command: string[]) => runCli(repo.root, ['trace', '--format', 'json', '--', 'python3', ...command]);

  it('the static check --all cannot see the computed path: clean', async () => {
    const run = await runCli(repo.root, ['check', '--all', '--format', 'json']);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.deepEqual((JSON.parse(run.stdout) as Json).violations, []);
  });

  it('reports the factory that reaches the legacy class through getattr, with the frame', async () => {
    const run = await trace('run_sneaky.py');
    assert.equal(run.code, 1, run.stderr);
    const [v, ...rest] = (JSON.parse(run.stdout) as Json).violations;
    assert.deepEqual(rest, []);
    assert.equal(v!.file, 'app/factories/sneaky.py');
    assert.equal(v!.line, 6);
    assert.match(v!.message, /at run time/);
    const legacy = v!.evidence.find((e) => e.side === 'legacy')!;
    assert.equal(legacy.symbol, 'app.ws.manager.WebSocketManager');
    assert.match(legacy.via[0]!, /^at run time .*app\/factories\/sneaky\.py:6 \(make\)/);
    assert.ok(v!.evidence.some((e) => e.side === 'canonical' && e.symbol === 'app.bridge.Bridge' && e.line === 2));
  });

  it("a rule scoped by dependentsOf judges the registry's importers at run time, as check scopes them", async () => {
    const run = await trace('run_consumer.py');
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const found = (JSON.parse(run.stdout) as Json).violations;
    assert.deepEqual(found.map((v) => [v.rule, v.file, v.line]), [['registry-single-path', 'app/consumer.py', 7]]);
    assert.match(found[0]!.evidence.find((e) => e.side === 'legacy')!.via[0]!, /^at run time .*app\/consumer\.py:7 \(run\)/);
  });

  it('a declared module is used where repository code imports it, by a computed name too, loaded already or not', async () => {
    const run = await trace('run_dyn.py');
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const found = (JSON.parse(run.stdout) as Json).violations;
    assert.deepEqual(found.map((v) => [v.rule, v.file, v.line]), [['no-legacy-util', 'app/tools/dyn.py', 4]]);
    assert.match(found[0]!.evidence[0]!.via[0]!, /^at run time .*app\/tools\/dyn\.py:4 \(run\)/);
    const relative = await trace('run_relative.py');
    assert.deepEqual((JSON.parse(relative.stdout) as Json).violations.map((v) => [v.rule, v.file, v.line]), [['no-legacy-util', 'app/tools/relative.py', 2]], 'a relative import, resolved from its package');
  });

  it('a module run with -m is traced: the interpreter importing for itself, with no Python frame above, is no use', async () => {
    const run = await trace('-m', 'run_dyn');
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.deepEqual((JSON.parse(run.stdout) as Json).violations.map((v) => [v.rule, v.file]), [['no-legacy-util', 'app/tools/dyn.py']]);
  });

  it('two units reaching the legacy class through one helper, in loops, are each reported', async () => {
    const run = await trace('run_helpers.py');
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const found = (JSON.parse(run.stdout) as Json).violations.filter((v) => v.rule === 'ws-single-path');
    assert.deepEqual(found.map((v) => [v.file, v.line]), [['app/factories/one.py', 5], ['app/factories/two.py', 5]]);
    for (const v of found) assert.match(v.evidence.find((e) => e.side === 'legacy')!.via.join(' '), /^at run time \(called\): app\/factories\/(one|two)\.py:5 \(make\) run_helpers\.py:6 \(<module>\)$/);
  });

  it('a factory using only the bridge is not reported', async () => {
    const run = await trace('run_clean.py');
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.deepEqual((JSON.parse(run.stdout) as Json).violations, []);
  });

  it('traces a subprocess of the command', async () => {
    const run = await trace('run_sub.py');
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /: 2 Python processes traced/);
    assert.deepEqual((JSON.parse(run.stdout) as Json).violations.map((v) => v.file), ['app/factories/sneaky.py']);
  });

  it('traces a forked multiprocessing child, in its own complete evidence file', async () => {
    const run = await trace('run_fork.py');
    assert.equal(run.code, 1, run.stderr);
    assert.deepEqual((JSON.parse(run.stdout) as Json).violations.map((v) => v.file), ['app/factories/sneaky.py']);
    assert.match(run.stderr, /: 2 Python processes traced/);
    assert.doesNotMatch(run.stderr, /incomplete/);
  });

  it('a plain os.fork child that leaves by os._exit is traced and complete', async () => {
    const run = await trace('run_os_fork.py');
    assert.equal(run.code, 1, run.stderr);
    assert.deepEqual((JSON.parse(run.stdout) as Json).violations.map((v) => v.file), ['app/factories/sneaky.py']);
    assert.match(run.stderr, /: 2 Python processes traced/);
    assert.doesNotMatch(run.stderr, /without its end marker|incomplete/);
  });

  it('a forked child of a clean factory is not reported although the parent imported the legacy module', async () => {
    const run = await trace('run_fork_clean.py');
    assert.equal(run.code, 0, run.stdout + run.stderr);
  });

  it("keeps the traced command's failure code", async () => {
    const run = await trace('run_fail.py');
    assert.equal(run.code, 7, run.stderr);
  });

  it('prints the runtime finding as text, with the frame and exit 1', async () => {
    const run = await runCli(repo.root, ['trace', '--format', 'text', '--', 'python3', 'run_sneaky.py']);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stdout, /app\/factories\/sneaky\.py:6/);
    assert.match(run.stdout, /ws-single-path/);
    assert.match(run.stdout, /at run time .*app\/factories\/sneaky\.py:6 \(make\)/);
    assert.doesNotMatch(run.stdout, /clean\.py/);
  });

  it('writes SARIF with the rule, the location and the runtime frame', async () => {
    const run = await runCli(repo.root, ['trace', '--format', 'sarif', '--', 'python3', 'run_sneaky.py']);
    assert.equal(run.code, 1, run.stderr);
    const sarif = JSON.parse(run.stdout) as { version: string; runs: Array<{ tool: { driver: { rules: Array<{ id: string }> } }; results: Array<{ ruleId: string; message: { text: string }; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }> }> }> };
    assert.equal(sarif.version, '2.1.0');
    const [r, ...rest] = sarif.runs[0]!.results;
    assert.deepEqual(rest, []);
    assert.equal(r!.ruleId, 'ws-single-path');
    assert.ok(sarif.runs[0]!.tool.driver.rules.some((x) => x.id === 'ws-single-path'));
    const where = r!.locations[0]!.physicalLocation;
    assert.deepEqual([where.artifactLocation.uri, where.region.startLine], ['app/factories/sneaky.py', 6]);
    assert.match(JSON.stringify(r), /at run time/);
  });

  it('says which process was killed before its end marker', async () => {
    await repo.write('run_killed.py', 'import os, signal\nfrom app.factories.sneaky import make\nmake("u")\nos.kill(os.getpid(), signal.SIGKILL)\n');
    const run = await trace('run_killed.py');
    assert.equal(run.code, 137);
    assert.match(run.stderr, /process \d+ \(run_killed\.py\) ended without its end marker/);
    assert.deepEqual((JSON.parse(run.stdout) as Json).violations.map((v) => v.file), ['app/factories/sneaky.py']);
  });
});
