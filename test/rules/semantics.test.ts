import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BRIDGE, MANAGER, evaluateFiles, makeRule, type SemanticsCase } from '../helpers/engine-fixture.js';
import type { Violation } from '../../src/model/index.js';

const USE_BRIDGE = 'from app.bridge import Bridge\n';

type Case = SemanticsCase;

/** DESIGN.md "Rule semantics", each bullet with a failing (violation) and a passing (clean) case. */
const cases: Case[] = [
  { name: 'plain from-import of both: mix', violations: 1, files: { 'app/agents/factory.py': USE_BRIDGE + 'from app.legacy.ws import Manager\n' } },
  { name: 'plain: canonical only is clean', violations: 0, files: { 'app/agents/factory.py': USE_BRIDGE } },
  { name: 'as alias of the legacy class', violations: 1, files: { 'app/agents/factory.py': USE_BRIDGE + 'from app.legacy.ws import Manager as Mgr\n' } },
  { name: 'as alias of an unrelated class of the same name', violations: 0,
    files: { 'app/other.py': 'class Manager: pass\n', 'app/agents/factory.py': USE_BRIDGE + 'from app.other import Manager as Mgr\n' } },
  { name: 'package re-export', violations: 1, via: ['app.legacy.Manager'],
    files: { 'app/legacy/__init__.py': 'from .ws import Manager\n', 'app/agents/factory.py': USE_BRIDGE + 'from app.legacy import Manager\n' } },
  { name: 'package that does not re-export the class', violations: 0,
    files: { 'app/legacy/__init__.py': 'from .ws import Other\n', 'app/agents/factory.py': USE_BRIDGE + 'from app.legacy import Other\n' } },
  { name: 'alias assignment chain', violations: 1, via: ['app.legacy.compat.Old', 'app.legacy.compat.ConnMgr', 'app.legacy.compat.Manager'],
    files: {
      'app/legacy/compat.py': 'from .ws import Manager\nConnMgr = Manager\nOld = ConnMgr\n',
      'app/agents/factory.py': USE_BRIDGE + 'from app.legacy.compat import Old\n',
    } },
  { name: 'alias of a local class in the defining module', violations: 1,
    files: {
      'app/legacy/ws.py': 'class Manager: pass\nWebSocketConnectionManager = Manager\n',
      'app/agents/factory.py': USE_BRIDGE + 'from app.legacy.ws import WebSocketConnectionManager\n',
    } },
  { name: 'a tuple holding the class is not an alias of it', violations: 0,
    files: { 'app/legacy/compat.py': 'from .ws import Manager, Other\nBOTH = Manager, Other\n', 'app/agents/factory.py': USE_BRIDGE + 'from app.legacy.compat import BOTH\n' } },
  { name: 'X = X after importing X keeps the import', violations: 1, via: ['app.legacy.compat.Manager', 'app.legacy.compat.Manager'],
    files: { 'app/legacy/compat.py': 'from .ws import Manager\nManager = Manager\n', 'app/agents/factory.py': USE_BRIDGE + 'from app.legacy.compat import Manager\n' } },
  { name: 'alias assignment to something else', violations: 0,
    files: { 'app/legacy/compat.py': 'from .ws import Other\nConnMgr = Other\n', 'app/agents/factory.py': USE_BRIDGE + 'from app.legacy.compat import ConnMgr\n' } },
  { name: 'star import with literal __all__ naming the class', violations: 1,
    files: {
      'app/legacy/star.py': 'from .ws import *\n',
      'app/legacy/ws.py': '__all__ = ["Manager"]\nclass Manager: pass\nclass Other: pass\n',
      'app/agents/factory.py': USE_BRIDGE + 'from app.legacy.star import Manager\n',
    } },
  { name: 'star import whose __all__ leaves the class out', violations: 0,
    files: {
      'app/legacy/star.py': 'from .ws import *\n',
      'app/legacy/ws.py': '__all__ = ["Other"]\nclass Manager: pass\nclass Other: pass\n',
      'app/agents/factory.py': USE_BRIDGE + 'from app.legacy.star import Other\n',
    } },
  { name: 'star import with __all__ extended by __all__.append', violations: 1,
    files: {
      'app/legacy/star.py': 'from .ws import *\n',
      'app/legacy/ws.py': '__all__ = ["Other"]\nclass Manager: pass\nclass Other: pass\n__all__.append("Manager")\n',
      'app/agents/factory.py': USE_BRIDGE + 'from app.legacy.star import Manager\n',
    } },
  { name: 'star import whose __all__, with comments in it, leaves the class out', violations: 0,
    files: {
      'app/legacy/star.py': 'from .ws import *\n',
      'app/legacy/ws.py': '__all__ = [\n    # the replacement\n    "Other",\n]\nclass Manager: pass\nclass Other: pass\n',
      'app/agents/factory.py': USE_BRIDGE + 'from app.legacy.star import Manager\n',
    } },
  { name: 'a name a star import binds, rebound by a parenthesised unpacking', violations: 0,
    files: {
      'app/legacy/compat.py': 'from .ws import *\n(Manager, Other) = (object, object)\n',
      'app/agents/factory.py': USE_BRIDGE + 'from app.legacy.compat import Manager\n',
    } },
  { name: 'star import in the consumer binds the legacy class', violations: 1,
    files: { 'app/agents/factory.py': USE_BRIDGE + 'from app.legacy.ws import *\n' } },
  { name: 'a class defined after importing the legacy name is its own class', violations: 0,
    files: { 'app/legacy/compat.py': 'from .ws import Manager\n\nclass Manager:\n    pass\n', 'app/agents/factory.py': USE_BRIDGE + 'from app.legacy.compat import Manager\n' } },
  { name: 'a fallback definition under except does not hide the import', violations: 1,
    files: { 'app/legacy/compat.py': 'try:\n    from .ws import Manager\nexcept ImportError:\n    class Manager:\n        pass\n', 'app/agents/factory.py': USE_BRIDGE + 'from app.legacy.compat import Manager\n' } },
  { name: 'an import after an alias of the same name rebinds it (the last binding stands)', violations: 1,
    files: { 'app/legacy/compat.py': 'from .ws import Other\nManager = Other\nfrom .ws import Manager\n', 'app/agents/factory.py': USE_BRIDGE + 'from app.legacy.compat import Manager\n' } },
  { name: 'an alias after an import of the same name rebinds it', violations: 0,
    files: { 'app/legacy/compat.py': 'from .ws import Manager\nfrom .ws import Other\nManager = Other\n', 'app/agents/factory.py': USE_BRIDGE + 'from app.legacy.compat import Manager\n' } },
  { name: 'two star imports in a row (no __all__)', violations: 1, via: ['app.legacy.star0.Manager', 'app.legacy.star1.Manager'],
    files: {
      'app/legacy/star1.py': 'from .ws import *\n',
      'app/legacy/star0.py': 'from .star1 import *\n',
      'app/agents/factory.py': USE_BRIDGE + 'from app.legacy.star0 import Manager\n',
    } },
  { name: 'alias of a name bound by a star import', violations: 1, via: ['app.legacy.compat.Old', 'app.legacy.compat.Manager'],
    files: {
      'app/legacy/compat.py': 'from .ws import *\nOld = Manager\n',
      'app/agents/factory.py': USE_BRIDGE + 'from app.legacy.compat import Old\n',
    } },
  { name: 'alias of a builtin next to a star import', violations: 0,
    files: {
      'app/legacy/compat.py': 'from .ws import *\nManager = object\nerror = OSError\n',
      'app/agents/factory.py': USE_BRIDGE + 'from app.legacy.compat import Manager, error\n',
    } },
  { name: 'module import then attribute', violations: 1,
    files: { 'app/agents/factory.py': USE_BRIDGE + 'import app.legacy.ws as w\n\ndef make():\n    return w.Manager()\n' } },
  { name: 'module import then another attribute', violations: 0,
    files: { 'app/agents/factory.py': USE_BRIDGE + 'import app.legacy.ws as w\n\ndef make():\n    return w.Other()\n' } },
  { name: 'dotted plain import then attribute', violations: 1,
    files: { 'app/agents/factory.py': USE_BRIDGE + 'import app.legacy.ws\nx = app.legacy.ws.Manager\n' } },
  { name: 'importlib.import_module of a legacy module', violations: 1, rule: { legacy: ['app.legacy.ws'] },
    files: { 'app/agents/factory.py': USE_BRIDGE + 'import importlib\nmod = importlib.import_module("app.legacy.ws")\n' } },
  { name: '__import__ of a legacy module', violations: 1, rule: { legacy: ['app.legacy.ws'] },
    files: { 'app/agents/factory.py': USE_BRIDGE + '__import__("app.legacy.ws")\n' } },
  { name: 'importlib.import_module of another module', violations: 0, rule: { legacy: ['app.legacy.ws'] },
    files: { 'app/agents/factory.py': USE_BRIDGE + 'import importlib\nmod = importlib.import_module("app.bridge")\n' } },
  // Issue 18: the class read off a dynamic import's value; the callee is known by what it is bound to, not its spelling.
  { name: 'importlib.import_module(...).Class', violations: 1,
    files: { 'app/agents/factory.py': USE_BRIDGE + 'import importlib\nW = importlib.import_module("app.legacy.ws").Manager\n' } },
  { name: 'import importlib as il; il.import_module(...).Class', violations: 1,
    files: { 'app/agents/factory.py': USE_BRIDGE + 'import importlib as il\nW = il.import_module("app.legacy.ws").Manager\n' } },
  { name: 'from importlib import import_module, relative to a package named by a literal', violations: 1,
    files: { 'app/agents/factory.py': USE_BRIDGE + 'from importlib import import_module\nW = import_module(".legacy.ws", "app").Manager\n' } },
  { name: 'import_module aliased at module level', violations: 1,
    files: { 'app/agents/factory.py': USE_BRIDGE + 'import importlib\nload = importlib.import_module\nW = load("app.legacy.ws").Manager\n' } },
  { name: "__import__('pkg').Class through the package's re-export", violations: 1, via: ['app.legacy.Manager'],
    files: { 'app/legacy/__init__.py': 'from .ws import Manager\n', 'app/agents/factory.py': USE_BRIDGE + 'W = __import__("app.legacy").legacy.Manager\n' } },
  { name: '__import__ without a fromlist is the top-level package', violations: 1,
    files: { 'app/agents/factory.py': USE_BRIDGE + 'W = __import__("app.legacy.ws").legacy.ws.Manager\n' } },
  { name: '__import__ with a fromlist is the module itself', violations: 1,
    files: { 'app/agents/factory.py': USE_BRIDGE + 'W = __import__("app.legacy.ws", fromlist=["Manager"]).Manager\n' } },
  { name: '__import__ in an f-string expression', violations: 1,
    files: { 'app/agents/factory.py': USE_BRIDGE + 's = f"{__import__(\'app.legacy.ws\').legacy.ws.Manager}"\n' } },
  { name: 'dynamic import of the module, another class read off it', violations: 0,
    files: { 'app/agents/factory.py': USE_BRIDGE + 'import importlib\nW = importlib.import_module("app.legacy.ws").Other\n' } },
  { name: 'a function named import_module of another module is no import', violations: 0, rule: { legacy: ['app.legacy.ws'] },
    files: { 'app/loader.py': 'def import_module(name):\n    return None\n',
      'app/agents/factory.py': USE_BRIDGE + 'from app.loader import import_module\nW = import_module("app.legacy.ws")\n' } },
  { name: 'a def named __import__ is the module\'s own', violations: 0, rule: { legacy: ['app.legacy.ws'] },
    files: { 'app/agents/factory.py': USE_BRIDGE + 'def __import__(name):\n    return None\n__import__("app.legacy.ws")\n' } },
  // Issue 18: CPython's FileFinder takes a package directory before a module file of the same name.
  { name: 'a package directory beside a module file: the package is what is imported', violations: 1, via: ['app.compat.Manager'],
    files: { 'app/compat.py': 'class Manager:\n    pass\n', 'app/compat/__init__.py': 'from app.legacy.ws import Manager\n',
      'app/agents/factory.py': USE_BRIDGE + 'from app.compat import Manager\n' } },
  { name: 'a module file beside a package directory is not imported', violations: 0,
    files: { 'app/compat.py': 'from app.legacy.ws import Manager\n', 'app/compat/__init__.py': 'class Manager:\n    pass\n',
      'app/agents/factory.py': USE_BRIDGE + 'from app.compat import Manager\n' } },
  { name: 'a module file beside a namespace directory is imported', violations: 1,
    files: { 'app/compat.py': 'from app.legacy.ws import Manager\n', 'app/compat/other.py': '',
      'app/agents/factory.py': USE_BRIDGE + 'from app.compat import Manager\n' } },
  // Issue 18: a name bound in several places may be any binding after the last one that certainly runs.
  { name: 'a re-export rebound under if False: the import may still stand', violations: 1, via: ['app.shim.W'],
    files: { 'app/shim.py': 'from app.legacy.ws import Manager as W\nif False:\n    W = object\n', 'app/agents/factory.py': USE_BRIDGE + 'from app.shim import W\n' } },
  { name: 'a re-export imported in the if branch, an alias in the else branch', violations: 1,
    files: { 'app/shim.py': 'import sys\nif sys.version_info >= (3,):\n    from app.legacy.ws import Manager as W\nelse:\n    W = object\n',
      'app/agents/factory.py': USE_BRIDGE + 'from app.shim import W\n' } },
  { name: 'try/except ImportError: the import in the try body may be the one', violations: 1,
    files: { 'app/other.py': 'class W:\n    pass\n', 'app/shim.py': 'try:\n    from app.legacy.ws import Manager as W\nexcept ImportError:\n    from app.other import W\n',
      'app/agents/factory.py': USE_BRIDGE + 'from app.shim import W\n' } },
  { name: 'a conditional rebinding through two re-exports', violations: 1,
    files: { 'app/shim.py': 'from app.legacy.ws import Manager as W\nif False:\n    W = object\n', 'app/shim2.py': 'from app.shim import W\n',
      'app/agents/factory.py': USE_BRIDGE + 'from app.shim2 import W\n' } },
  { name: 'an unconditional rebinding replaces the import', violations: 0,
    files: { 'app/shim.py': 'from app.legacy.ws import Manager as W\nW = object\n', 'app/agents/factory.py': USE_BRIDGE + 'from app.shim import W\n' } },
  { name: 'an import after an unconditional alias replaces it', violations: 1,
    files: { 'app/shim.py': 'W = object\nfrom app.legacy.ws import Manager as W\n', 'app/agents/factory.py': USE_BRIDGE + 'from app.shim import W\n' } },
  { name: 'function mode: the name referenced may still be the import', violations: 1, rule: { unit: 'function' },
    files: { 'app/agents/factory.py': USE_BRIDGE + 'from app.legacy.ws import Manager as W\nif False:\n    W = object\n\ndef make():\n    return Bridge(), W()\n' } },
  { name: 'function mode: the name rebound unconditionally is not the import', violations: 0, rule: { unit: 'function' },
    files: { 'app/agents/factory.py': USE_BRIDGE + 'from app.legacy.ws import Manager as W\nW = object\n\ndef make():\n    return Bridge(), W()\n' } },
  { name: 'import inside a method', violations: 1,
    files: { 'app/agents/factory.py': USE_BRIDGE + 'class F:\n    def make(self):\n        from app.legacy.ws import Manager\n        return Manager()\n' } },
  { name: 'import inside try/except and if', violations: 1,
    files: { 'app/agents/factory.py': USE_BRIDGE + 'try:\n    import json\nexcept ImportError:\n    if True:\n        from app.legacy.ws import Manager\n' } },
  { name: 'multi-line parenthesised import', violations: 1,
    files: { 'app/agents/factory.py': 'from app.bridge import (\n    Bridge,\n)\nfrom app.legacy.ws import (\n    Other,\n    Manager as M,\n)\n' } },
  { name: 'multi-line parenthesised import without the class', violations: 0,
    files: { 'app/agents/factory.py': 'from app.bridge import (\n    Bridge,\n)\nfrom app.legacy.ws import (\n    Other,\n)\n' } },
  { name: 'relative import, level 1 (sibling in package)', violations: 1,
    files: { 'app/legacy/helper_factory.py': USE_BRIDGE + 'from .ws import Manager\n' }, rule: { files: ['app/legacy/*factory*.py'] } },
  { name: 'relative import, level 3', violations: 1,
    files: { 'app/agents/sub/__init__.py': '', 'app/agents/sub/factory.py': USE_BRIDGE + 'from ...legacy.ws import Manager\n' } },
  { name: 'relative import, level 2 from a package __init__', violations: 1,
    files: { 'app/agents/sub/__init__.py': USE_BRIDGE + 'from ..legacy_shim import M\n', 'app/agents/legacy_shim.py': 'from app.legacy.ws import Manager as M\n' },
    rule: { files: ['app/agents/sub/__init__.py'] } },
  { name: 'relative import of a same-named module elsewhere', violations: 0,
    files: { 'app/agents/ws.py': 'class Manager: pass\n', 'app/agents/factory.py': USE_BRIDGE + 'from .ws import Manager\n' } },
  { name: 'namespace package (no __init__.py) submodule import', violations: 1, rule: { legacy: ['ns.legacy.Manager'] },
    files: { 'ns/legacy.py': 'class Manager: pass\n', 'app/agents/factory.py': USE_BRIDGE + 'from ns import legacy\nlegacy.Manager()\n' } },
  { name: 'namespace package, other name', violations: 0, rule: { legacy: ['ns.legacy.Manager'] },
    files: { 'ns/legacy.py': 'class Manager: pass\nclass Fine: pass\n', 'app/agents/factory.py': USE_BRIDGE + 'from ns import legacy\nlegacy.Fine()\n' } },
  { name: 'legacy module listed: any import of it', violations: 1, rule: { legacy: ['app.legacy.ws'] },
    files: { 'app/agents/factory.py': USE_BRIDGE + 'from app.legacy.ws import Other\n' } },
  // The non-uses.
  { name: 'comment is not a use', violations: 0, files: { 'app/agents/factory.py': USE_BRIDGE + '# from app.legacy.ws import Manager\n' } },
  { name: 'string is not a use', violations: 0, files: { 'app/agents/factory.py': USE_BRIDGE + 'x = "from app.legacy.ws import Manager"\n' } },
  { name: 'docstring is not a use', violations: 0,
    files: { 'app/agents/factory.py': USE_BRIDGE + 'def f():\n    """Replaces:\n    from app.legacy.ws import Manager\n    """\n' } },
  { name: 'TYPE_CHECKING import is ignored by default', violations: 0,
    files: { 'app/agents/factory.py': USE_BRIDGE + 'from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from app.legacy.ws import Manager\n' } },
  { name: 'TYPE_CHECKING import counts with typeOnlyImports: include', violations: 1, typeOnly: 'include',
    files: { 'app/agents/factory.py': USE_BRIDGE + 'import typing\nif typing.TYPE_CHECKING:\n    from app.legacy.ws import Manager\n' } },
  { name: 'else branch of TYPE_CHECKING is a real import', violations: 1,
    files: { 'app/agents/factory.py': USE_BRIDGE + 'if TYPE_CHECKING:\n    pass\nelse:\n    from app.legacy.ws import Manager\n' } },
  { name: 'unrelated class of the same name', violations: 0,
    files: { 'app/other/ws.py': 'class Manager: pass\n', 'app/other/__init__.py': '', 'app/agents/factory.py': USE_BRIDGE + 'from app.other.ws import Manager\n' } },
  { name: 'file outside scope is not judged', violations: 0,
    files: { 'app/services/factory.py': USE_BRIDGE + 'from app.legacy.ws import Manager\n' } },
  { name: 'scope exclude wins over files', violations: 0, rule: { exclude: ['**/tests/**'] },
    files: { 'app/agents/tests/factory.py': USE_BRIDGE + 'from app.legacy.ws import Manager\n' } },
  { name: 're-export cycle terminates', violations: 0,
    files: { 'app/cyc/__init__.py': 'from .b import X\n', 'app/cyc/b.py': 'from app.cyc import X\n', 'app/agents/factory.py': USE_BRIDGE + 'from app.cyc import X\n' } },
  { name: 'alias cycle terminates', violations: 0,
    files: { 'app/cyc2.py': 'A = B\nB = A\n', 'app/agents/factory.py': USE_BRIDGE + 'from app.cyc2 import A\n' } },
];

/**
 * What every violation of a row must carry: it is in one of the row's files;
 * each side's evidence names one of the rule's symbols of that side, at a
 * line of that file that holds code; a mix has both sides. Fingerprints are
 * of identity, not position: with every file moved five lines down, each
 * violation moves five lines and keeps its fingerprint, and no two
 * violations of the row share one.
 */
function assertEvidence(c: Case, violations: readonly Violation[]): void {
  const rule = makeRule(c.rule);
  const symbolsOf = { legacy: new Set<string>(rule.legacy), canonical: new Set<string>(rule.canonical) };
  for (const v of violations) {
    const text = c.files[v.file];
    assert.ok(text !== undefined, `${c.name}: ${v.file} is not one of the row's files`);
    const lines = text.split('\n');
    assert.ok(v.evidence.some((e) => e.side === 'legacy'), `${c.name}: legacy evidence`);
    if (rule.forbid === 'mix') assert.ok(v.evidence.some((e) => e.side === 'canonical'), `${c.name}: a mix has canonical evidence`);
    for (const e of v.evidence) {
      assert.ok(symbolsOf[e.side].has(e.symbol), `${c.name}: ${e.side} evidence names ${e.symbol}, not one of the rule's`);
      const at = lines[e.line - 1];
      assert.ok(at !== undefined && at.trim() !== '' && !at.trim().startsWith('#'), `${c.name}: ${e.side} evidence at line ${e.line} is not code: ${JSON.stringify(at)}`);
    }
  }
  assert.equal(new Set(violations.map((v) => v.fingerprint)).size, violations.length, `${c.name}: fingerprints are distinct`);
  const moved = Object.fromEntries(Object.entries(c.files).map(([path, text]) => [path, '\n'.repeat(5) + text]));
  const again = evaluateFiles(moved, [rule], { typeOnlyImports: c.typeOnly ?? 'ignore' }).violations;
  assert.deepEqual(again.map((v) => v.line), violations.map((v) => v.line + 5), `${c.name}: moved five lines down`);
  assert.deepEqual(again.map((v) => v.fingerprint), violations.map((v) => v.fingerprint), `${c.name}: fingerprints survive the move`);
}

describe('rule semantics (DESIGN.md)', () => {
  for (const c of cases) {
    it(c.name, () => {
      const { violations } = evaluateFiles(c.files, [makeRule(c.rule)], { typeOnlyImports: c.typeOnly ?? 'ignore' });
      assert.equal(violations.length, c.violations, JSON.stringify(violations, null, 1));
      if (c.via) {
        const legacy = violations[0]!.evidence.find((e) => e.side === 'legacy')!;
        assert.deepEqual(legacy.via, c.via);
      }
      if (c.violations) assertEvidence(c, violations);
    });
  }
});

describe('forbid and unit', () => {
  it('forbid legacy flags a file that uses only the legacy class', () => {
    const files = { 'app/agents/factory.py': 'from app.legacy.ws import Manager\n' };
    assert.equal(evaluateFiles(files, [makeRule({ forbid: 'legacy' })]).violations.length, 1);
    assert.equal(evaluateFiles(files, [makeRule({ forbid: 'mix' })]).violations.length, 0);
  });

  const twoFunctions = USE_BRIDGE + 'from app.legacy.ws import Manager\n\ndef a():\n    return Bridge()\n\ndef b():\n    return Manager()\n';
  it('function unit: canonical and legacy in different functions is clean', () => {
    assert.equal(evaluateFiles({ 'app/agents/factory.py': twoFunctions }, [makeRule({ unit: 'function' })]).violations.length, 0);
    assert.equal(evaluateFiles({ 'app/agents/factory.py': twoFunctions }, [makeRule({ unit: 'file' })]).violations.length, 1);
  });

  it('function unit: both in one method is a violation named Class.method', () => {
    const src = 'class F:\n    def make(self):\n        from app.bridge import Bridge\n        from app.legacy.ws import Manager\n        return Bridge(Manager())\n';
    const { violations } = evaluateFiles({ 'app/agents/factory.py': src }, [makeRule({ unit: 'function' })]);
    assert.equal(violations.length, 1);
    assert.equal(violations[0]!.unit, 'F.make');
  });

  it('function unit: a top-level import referenced in the same function', () => {
    const src = USE_BRIDGE + 'from app.legacy.ws import Manager\n\ndef both():\n    return Bridge(), Manager()\n';
    const { violations } = evaluateFiles({ 'app/agents/factory.py': src }, [makeRule({ unit: 'function' })]);
    assert.deepEqual(violations.map((v) => v.unit), ['both']);
  });

  it('violation is located at the legacy use, with both sides as evidence', () => {
    const { violations } = evaluateFiles({ 'app/agents/factory.py': USE_BRIDGE + '\n\nfrom app.legacy.ws import Manager\n' });
    const v = violations[0]!;
    assert.equal(v.line, 4);
    assert.deepEqual(v.evidence.map((e) => [e.side, e.symbol, e.line]), [['canonical', BRIDGE, 1], ['legacy', MANAGER, 4]]);
  });

  it('fingerprint does not change when the import moves ten lines down', () => {
    const a = evaluateFiles({ 'app/agents/factory.py': USE_BRIDGE + 'from app.legacy.ws import Manager\n' }).violations[0]!;
    const b = evaluateFiles({ 'app/agents/factory.py': USE_BRIDGE + '\n'.repeat(10) + 'from app.legacy.ws import Manager\n' }).violations[0]!;
    assert.notEqual(a.line, b.line);
    assert.equal(a.fingerprint, b.fingerprint);
  });
});

describe('scope: dependentsOf', () => {
  const files = {
    'app/agents/supervisor/__init__.py': '',
    'app/agents/supervisor/agent_instance_factory.py': USE_BRIDGE,
    'app/routes/direct.py': 'from app.agents.supervisor.agent_instance_factory import X\n' + USE_BRIDGE + 'from app.legacy.ws import Manager\n',
    'app/routes/indirect.py': 'from app.routes import direct\n' + USE_BRIDGE + 'from app.legacy.ws import Manager\n',
    'app/routes/__init__.py': '',
  };
  const dep = { files: [] as string[], dependentsOf: ['app.agents.supervisor.agent_instance_factory'] };
  it('depth 1 judges direct importers only', () => {
    const { violations } = evaluateFiles(files, [makeRule({ ...dep, dependentsDepth: 1 })]);
    assert.deepEqual(violations.map((v) => v.file), ['app/routes/direct.py']);
  });
  it('depth all judges transitive importers', () => {
    const { violations } = evaluateFiles(files, [makeRule({ ...dep, dependentsDepth: Infinity })]);
    assert.deepEqual(violations.map((v) => v.file), ['app/routes/direct.py', 'app/routes/indirect.py']);
  });
});

describe('transitive', () => {
  const files = {
    'app/helpers.py': 'from app.legacy import ws\n',
    'app/agents/factory.py': USE_BRIDGE + 'import app.helpers\n',
  };
  it('reaching the legacy module through an in-repo module is a use, with the chain', () => {
    const { violations } = evaluateFiles(files, [makeRule({ transitive: true })]);
    assert.equal(violations.length, 1);
    assert.deepEqual(violations[0]!.chain, ['app.agents.factory', 'app.helpers', 'app.legacy.ws']);
  });
  it('not without transitive: true', () => {
    assert.equal(evaluateFiles(files, [makeRule({ transitive: false })]).violations.length, 0);
  });
  it('a chain through the canonical module does not count', () => {
    const viaBridge = {
      'app/bridge.py': 'from app.legacy.ws import Manager\nclass Bridge: pass\n',
      'app/agents/factory.py': 'from app.bridge import Bridge\n',
    };
    assert.equal(evaluateFiles(viaBridge, [makeRule({ transitive: true, forbid: 'legacy' })]).violations.length, 0);
  });
});

describe('suppressions', () => {
  it('an allow comment with a reason suppresses the violation', () => {
    const src = USE_BRIDGE + 'from app.legacy.ws import Manager  # ssot-guard: allow single-path -- migration ticket 42\n';
    const r = evaluateFiles({ 'app/agents/factory.py': src });
    assert.equal(r.violations.length, 0);
    assert.equal(r.diagnostics.length, 0);
  });
  it('on the line above works too; another rule id does not', () => {
    const above = USE_BRIDGE + '# ssot-guard: allow single-path -- ticket 42\nfrom app.legacy.ws import Manager\n';
    assert.equal(evaluateFiles({ 'app/agents/factory.py': above }).violations.length, 0);
    const other = USE_BRIDGE + 'from app.legacy.ws import Manager  # ssot-guard: allow other-rule -- x\n';
    assert.equal(evaluateFiles({ 'app/agents/factory.py': other }).violations.length, 1);
  });
  it('an allow comment without a reason is not honoured and is reported', () => {
    const src = USE_BRIDGE + 'from app.legacy.ws import Manager  # ssot-guard: allow single-path\n';
    const r = evaluateFiles({ 'app/agents/factory.py': src });
    assert.equal(r.violations.length, 1);
    assert.equal(r.diagnostics[0]!.code, 'suppression');
  });
});
