import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateFiles, makeConfig, makeRule, programOf, type RuleInput } from '../helpers/engine-fixture.js';
import { ruleErrorsOf } from '../../src/rules/rule-errors.js';
import { evaluateRules } from '../../src/rules/evaluate.js';
import type { Evidence } from '../../src/model/index.js';

/**
 * DESIGN.md "Identity": a declared symbol stands for the object it names, not
 * its spelling. The founding team's shape: the legacy class is an alias of a
 * private class, re-exported by its package.
 */
const BASE: Record<string, string> = {
  'app/__init__.py': '',
  'app/core/impl.py': 'class _Impl:\n    pass\n',
  'app/core/manager.py': 'from app.core.impl import _Impl\nWebSocketManager = _Impl\nUnifiedWebSocketManager = _Impl   # backward-compatibility alias\n',
  'app/core/__init__.py': 'from app.core.manager import WebSocketManager\n',
  'app/services/bridge.py': 'class Bridge:\n    pass\n',
};
const LEGACY = 'app.core.manager.WebSocketManager';
const USE_BRIDGE = 'from app.services.bridge import Bridge\n';
const F = 'app/agents/factory.py';

function rule(input: RuleInput = {}) {
  return makeRule({ canonical: ['app.services.bridge.Bridge'], legacy: [LEGACY], files: ['app/agents/**'], ...input });
}

function evaluate(files: Record<string, string>, input: RuleInput = {}, typeOnly: 'ignore' | 'include' = 'ignore') {
  return evaluateFiles(files, [rule(input)], { typeOnlyImports: typeOnly }, BASE);
}

interface Case {
  readonly name: string;
  readonly files: Record<string, string>;
  readonly violations: number;
  readonly rule?: RuleInput;
  /** The legacy evidence's chain: hops, then the object. */
  readonly chain?: readonly string[];
}

const chainOf = (e: Evidence): string[] => [...e.via, e.origin];

const cases: Case[] = [
  { name: 'the declared alias, imported from its module', violations: 1, chain: ['app.core.manager.WebSocketManager', 'app.core.manager._Impl', 'app.core.impl._Impl'],
    files: { [F]: USE_BRIDGE + 'from app.core.manager import WebSocketManager\n' } },
  { name: 'the package re-export', violations: 1, chain: ['app.core.WebSocketManager', 'app.core.manager.WebSocketManager', 'app.core.manager._Impl', 'app.core.impl._Impl'],
    files: { [F]: USE_BRIDGE + 'from app.core import WebSocketManager\n' } },
  { name: 'the private class imported directly', violations: 1, chain: ['app.core.impl._Impl'],
    files: { [F]: USE_BRIDGE + 'from app.core.impl import _Impl\n' } },
  { name: 'the backward-compatibility alias', violations: 1, chain: ['app.core.manager.UnifiedWebSocketManager', 'app.core.manager._Impl', 'app.core.impl._Impl'],
    files: { [F]: USE_BRIDGE + 'from app.core.manager import UnifiedWebSocketManager as WSM\n' } },
  { name: 'relative imports', violations: 1,
    files: { 'app/agents/__init__.py': '', [F]: 'from ..services.bridge import Bridge\nfrom ..core import WebSocketManager\n' } },
  { name: 'relative import of the private class', violations: 1,
    files: { 'app/agents/__init__.py': '', [F]: 'from ..services.bridge import Bridge\nfrom ..core.impl import _Impl\n' } },
  { name: 'a star import of the package', violations: 1, files: { [F]: USE_BRIDGE + 'from app.core import *\n' } },
  { name: 'a star import through a shim with __all__', violations: 1,
    files: { 'app/shim.py': 'from app.core.manager import *\n__all__ = ["WebSocketManager"]\n', [F]: USE_BRIDGE + 'from app.shim import WebSocketManager\n' } },
  { name: 'a star import leaves private names out: no use', violations: 0,
    files: { 'app/shim.py': 'from app.core.impl import *\n', [F]: USE_BRIDGE + 'from app.shim import _Impl\n' } },
  { name: 'a function-level import', violations: 1,
    files: { [F]: USE_BRIDGE + 'def make():\n    from app.core.impl import _Impl\n    return _Impl()\n' } },
  { name: 'a module imported, then the attribute', violations: 1, files: { [F]: USE_BRIDGE + 'import app.core.impl as impl\nx = impl._Impl\n' } },
  { name: 'a chain of three aliases ending at the declared symbol', violations: 1, rule: { legacy: ['app.compat.Third'] },
    chain: ['app.compat.Third', 'app.compat.Second', 'app.compat.First', 'app.compat._Impl', 'app.core.impl._Impl'],
    files: { 'app/compat.py': 'from app.core.impl import _Impl\nFirst = _Impl\nSecond = First\nThird = Second\n', [F]: USE_BRIDGE + 'from app.compat import Third\n' } },
  { name: 'a chain of three aliases, used through its first link', violations: 1, rule: { legacy: ['app.compat.Third'] },
    files: { 'app/compat.py': 'from app.core.impl import _Impl\nFirst = _Impl\nSecond = First\nThird = Second\n', [F]: USE_BRIDGE + 'from app.compat import First\n' } },
  { name: 'an attribute of the object (function mode)', violations: 1, rule: { unit: 'function' },
    files: { [F]: 'from app.services.bridge import Bridge\nfrom app.core.impl import _Impl\n\ndef make():\n    Bridge()\n    return _Impl.create()\n' } },
  // Not uses of the legacy object.
  { name: 'a local class of the same name', violations: 0, files: { [F]: USE_BRIDGE + 'class WebSocketManager:\n    pass\n' } },
  { name: "an unrelated module's classes of the same names", violations: 0,
    files: { 'app/other.py': 'class WebSocketManager:\n    pass\nclass _Impl:\n    pass\n', [F]: USE_BRIDGE + 'from app.other import WebSocketManager, _Impl\n' } },
  { name: 'a TYPE_CHECKING import', violations: 0,
    files: { [F]: USE_BRIDGE + 'from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from app.core.impl import _Impl\n' } },
  { name: 'another name of the implementation module', violations: 0,
    files: { 'app/core/impl.py': 'class _Impl:\n    pass\nclass Helper:\n    pass\n', [F]: USE_BRIDGE + 'from app.core.impl import Helper\n' } },
];

describe('identity: a declared symbol is the object it names', () => {
  for (const c of cases) {
    it(c.name, () => {
      const { violations } = evaluate(c.files, c.rule);
      assert.equal(violations.length, c.violations, JSON.stringify(violations, null, 1));
      if (c.chain) assert.deepEqual(chainOf(violations[0]!.evidence.find((e) => e.side === 'legacy')!), c.chain);
      for (const v of violations) assert.ok(v.evidence.every((e) => e.symbol === LEGACY || e.side === 'canonical' || c.rule?.legacy?.includes(e.symbol)));
    });
  }

  it('is resolved per snapshot: when a commit re-points the alias, each side judges with its own resolution', () => {
    const factory = USE_BRIDGE + 'from app.core.impl import _Impl\nfrom app.core.other import Other\n';
    const files = { 'app/core/other.py': 'class Other:\n    pass\n', [F]: factory };
    assert.deepEqual(evaluate(files).violations.map((v) => v.evidence.find((e) => e.side === 'legacy')!.origin), ['app.core.impl._Impl']);
    const repointed = { ...files, 'app/core/manager.py': 'from app.core.other import Other\nWebSocketManager = Other\n' };
    assert.deepEqual(evaluate(repointed).violations.map((v) => v.evidence.find((e) => e.side === 'legacy')!.origin), ['app.core.other.Other']);
  });

  it('importing the module that declares an object of the other side is no use of either: the names imported decide', () => {
    const nested = { legacy: ['app.core'], canonical: ['app.core.bridge.Bridge'] };
    const files = { 'app/core/bridge.py': 'class Bridge:\n    pass\n' };
    assert.deepEqual(evaluate({ ...files, [F]: 'from app.core.bridge import Bridge\n' }, nested).violations, []);
    assert.equal(evaluate({ ...files, [F]: 'from app.core.bridge import Bridge\nfrom app.core.manager import WebSocketManager\n' }, nested).violations.length, 1);
  });

  it("a canonical package's own modules may still mix in the legacy object", () => {
    const files = { 'app/services/agents/factory.py': 'from app.services.bridge import Bridge\nfrom app.core.impl import _Impl\n' };
    const { violations } = evaluate(files, { canonical: ['app.services'], files: ['app/services/**'] });
    assert.deepEqual(violations.map((v) => v.file), ['app/services/agents/factory.py']);
  });

  it('a module never uses what it defines or passes on', () => {
    const all = { forbid: 'legacy' as const, canonical: [], files: ['app/**'] };
    const legacyModule = { 'app/legacy.py': 'def helper():\n    pass\n\nalias = helper\nx = helper()\n' };
    assert.deepEqual(evaluate(legacyModule, { ...all, legacy: ['app.legacy'] }).violations, []);
    assert.deepEqual(evaluate(legacyModule, { ...all, legacy: ['app.legacy.helper'] }).violations, []);
    // The modules of the chain are home; the package that re-exports it is a route to it, and is reported.
    assert.deepEqual(evaluate({}, { ...all, files: ['app/core/**'] }).violations.map((v) => v.file), ['app/core/__init__.py']);
    // Inside a declared package, its own modules import each other freely.
    const pkg = { 'app/old/__init__.py': 'from .a import A\n', 'app/old/a.py': 'from app.old.b import B\nclass A(B):\n    pass\n', 'app/old/b.py': 'class B:\n    pass\n' };
    assert.deepEqual(evaluate(pkg, { ...all, legacy: ['app.old'] }).violations, []);
  });
});

describe('identity: rule errors', () => {
  const errors = (input: RuleInput, files: Record<string, string> = {}) => {
    const config = makeConfig([rule(input)]);
    return ruleErrorsOf(config, programOf({ ...BASE, [F]: USE_BRIDGE, ...files }, config));
  };

  it('a canonical and a legacy symbol that are one object', () => {
    const [e, ...more] = errors({ canonical: ['app.core.manager.UnifiedWebSocketManager'] });
    assert.equal(more.length, 0);
    assert.equal(e!.path, '/rules/0/canonical/0');
    assert.match(e!.message, /"app\.core\.manager\.UnifiedWebSocketManager" and legacy "app\.core\.manager\.WebSocketManager".*one object, app\.core\.impl\._Impl/);
  });

  it('a typo in a name, with the name meant', () => {
    const [e] = errors({ legacy: ['app.core.manager.WebSocketManagr'] });
    assert.equal(e!.path, '/rules/0/legacy/0');
    assert.match(e!.message, /app\.core\.manager has no module or name "WebSocketManagr" \(did you mean app\.core\.manager\.WebSocketManager\?\)/);
    assert.match(e!.message, /move it to \/rules\/0\/removed/);
  });

  it('a module that does not exist, with the module meant', () => {
    const [e] = errors({ legacy: ['app.core.managr.WebSocketManager'] });
    assert.match(e!.message, /did you mean app\.core\.manager\.WebSocketManager\?/);
    const [top] = errors({ canonical: ['app.servces.bridge.Bridge'] });
    assert.equal(top!.path, '/rules/0/canonical/0');
    assert.match(top!.message, /app has no module or name "servces" \(did you mean app\.services\.bridge\.Bridge\?\)/);
  });

  it('a scope glob that matches no file, and a dependentsOf module that does not exist', () => {
    const found = errors({ files: ['app/agent/**', 'app/agents/**'], dependentsOf: ['app.agents.factroy'] });
    assert.deepEqual(found.map((e) => e.path), ['/rules/0/scope/dependentsOf/0', '/rules/0/scope/files/0']);
    assert.match(found[0]!.message, /no module "app\.agents\.factroy" .*did you mean app\.agents\.factory\?/);
    assert.match(found[1]!.message, /glob "app\/agent\/\*\*" matches no file the rule judges \(did you mean app\/agents\/\*\*\?\)/);
    const excluded = errors({ files: ['app/agents/**'], exclude: ['**/factory.py'] });
    assert.match(excluded[0]!.message, /the 1 it matches are excluded/);
  });

  it('a symbol one letter from an in-repo package, or spelled from the repository root, is an error, not a third-party name', () => {
    const [typo] = errors({ legacy: ['ap.core.manager.WebSocketManager'] });
    assert.equal(typo!.path, '/rules/0/legacy/0');
    assert.match(typo!.message, /no package "ap" here \(did you mean app\.core\.manager\.WebSocketManager\?\)/);
    const config = makeConfig([rule({ legacy: ['src.app.core.manager.WebSocketManager'], canonical: ['app.services.bridge.Bridge'], files: ['src/app/agents/**'] })], { pythonRoots: ['src'] });
    const under = Object.fromEntries(Object.entries({ ...BASE, [F]: USE_BRIDGE }).map(([p, t]) => [`src/${p}`, t]));
    const [rooted] = ruleErrorsOf(config, programOf(under, config));
    assert.match(rooted!.message, /src\/ is a directory of the repository, but no python root makes it a package \(roots: src\): spell the symbol from its root \(did you mean app\.core\.manager\.WebSocketManager\?\)/);
  });

  it('a dependentsOf namespace package, and a scope that takes in no file, are errors', () => {
    const ns = errors({ files: [], dependentsOf: ['app.agents'] });
    assert.match(ns[0]!.message, /"app\.agents" is a namespace package/);
    const nobody = errors({ files: [], dependentsOf: ['app.core.other'] }, { 'app/core/other.py': 'x = 1\n' });
    assert.deepEqual(nobody.map((e) => e.path), ['/rules/0/scope']);
    assert.match(nobody[0]!.message, /takes in no file/);
    assert.deepEqual(errors({ files: [], dependentsOf: ['app.services.bridge'] }), []);
  });

  it('a PEP 562 package: a name in __all__ that __getattr__ makes is a name of the package', () => {
    const lazy = { 'app/lazy/__init__.py': '__all__ = ["Manager"]\n\ndef __getattr__(name):\n    from app.core.impl import _Impl\n    return _Impl\n' };
    assert.deepEqual(errors({ legacy: ['app.lazy.Manager'] }, lazy), []);
  });

  it('a third-party symbol is taken as spelled; a removed one may be absent, and is a legacy use when imported', () => {
    assert.deepEqual(errors({ legacy: ['requests.Session'] }), []);
    assert.deepEqual(errors({ legacy: [LEGACY], removed: ['app.core.gone'] }), []);
    const { violations } = evaluate({ [F]: USE_BRIDGE + 'import app.core.gone\n' }, { legacy: [LEGACY], removed: ['app.core.gone'] });
    assert.deepEqual(violations.map((v) => v.evidence.map((e) => e.symbol)), [['app.services.bridge.Bridge', 'app.core.gone']]);
  });

  it('a removed module that comes back is a violation in its file, whatever the scope', () => {
    const back = { 'app/core/gone.py': 'class Gone:\n    pass\n' };
    const config = makeConfig([rule({ removed: ['app.core.gone'] })]);
    const { violations } = evaluateRules(config, programOf({ ...BASE, ...back }, config));
    assert.deepEqual(violations.map((v) => [v.file, v.line, v.evidence[0]!.symbol]), [['app/core/gone.py', 1, 'app.core.gone']]);
    const name = makeConfig([rule({ removed: ['app.core.manager.OldManager'] })]);
    const again = { 'app/core/manager.py': `${BASE['app/core/manager.py']}OldManager = _Impl\n` };
    assert.deepEqual(evaluateRules(name, programOf({ ...BASE, ...again }, name)).violations.map((v) => v.file), ['app/core/manager.py']);
  });
});
