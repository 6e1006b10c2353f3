import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeConfig, makeRule, programOf, type RuleInput } from '../helpers/engine-fixture.js';
import { ruleErrorsOf } from '../../src/rules/rule-errors.js';
import { evaluateRules } from '../../src/rules/evaluate.js';
import { BRIDGE_CLASS, FACTORY, FACTORY_REPO, LEGACY_MANAGER } from '../helpers/factory-repo.js';

/**
 * Issue 23, items 1, 2, 3 and 5 on the factory-shaped repository: which kinds
 * of use count (`uses`), method calls on any receiver (`methodCalls`), dotted
 * globs in symbol lists, and one definition only (forbid "definition").
 * Identity throughout: the legacy WebSocketManager is an alias of a private
 * class, with a compatibility alias, re-exported by its package.
 */
const REPO = FACTORY_REPO;

const FACTORY_METHOD = 'app.websocket_core.factory.WebSocketFactory.create_websocket_manager';

/** The verdict over the repository with `code` on top, and the rule's errors (none expected where it is judged). */
function evaluate(code: Record<string, string>, input: RuleInput) {
  const config = makeConfig([makeRule({ id: 'r', files: ['app/agents/**'], ...input })]);
  const program = programOf({ ...REPO, ...code }, config);
  return { ...evaluateRules(config, program), ruleErrors: ruleErrorsOf(config, program) };
}

interface Case {
  readonly name: string;
  readonly code: string;
  readonly rule: RuleInput;
  readonly violations: number;
  /** The kind of use the first legacy evidence records. */
  readonly use?: string;
  readonly file?: string;
}

const legacyOnly = (uses: RuleInput['uses']): RuleInput => ({ forbid: 'legacy', legacy: [LEGACY_MANAGER], canonical: [], uses });
const IMPORT_PKG = 'from app.websocket_core import WebSocketManager\n';

const cases: Case[] = [
  // instantiate: "no code instantiates WebSocketManager directly; annotations are fine".
  { name: 'instantiate: a call of the class re-exported by its package', code: `${IMPORT_PKG}\nm = WebSocketManager()\n`, rule: legacyOnly(['instantiate']), violations: 1, use: 'instantiate' },
  { name: 'instantiate: a call of its compatibility alias, renamed', code: 'from app.websocket_core.websocket_manager import UnifiedWebSocketManager as M\n\nm = M()\n', rule: legacyOnly(['instantiate']), violations: 1, use: 'instantiate' },
  { name: 'instantiate: a local alias of it called in a def (identity)', code: `${IMPORT_PKG}Alias = WebSocketManager\n\n\ndef make():\n    return Alias()\n`, rule: legacyOnly(['instantiate']), violations: 1, use: 'instantiate' },
  { name: 'instantiate: the private class itself, read off its module', code: 'import app.websocket_core.impl as impl\n\nm = impl._Impl()\n', rule: legacyOnly(['instantiate']), violations: 1, use: 'instantiate' },
  { name: 'instantiate: an annotation only passes', code: `${IMPORT_PKG}\n\ndef handle(m: WebSocketManager) -> None:\n    pass\n`, rule: legacyOnly(['instantiate']), violations: 0 },
  { name: 'instantiate: the import alone passes', code: IMPORT_PKG, rule: legacyOnly(['instantiate']), violations: 0 },
  { name: 'instantiate: the bridge instantiated passes', code: `from app.services.agent_websocket_bridge import AgentWebSocketBridge\n\nb = AgentWebSocketBridge()\n`, rule: legacyOnly(['instantiate']), violations: 0 },
  // annotation
  { name: 'annotation: a parameter annotation', code: `${IMPORT_PKG}\n\ndef handle(m: WebSocketManager) -> None:\n    pass\n`, rule: legacyOnly(['annotation']), violations: 1, use: 'annotation' },
  { name: 'annotation: a string annotation inside a generic', code: `from typing import Optional\n${IMPORT_PKG}\n\ndef handle() -> Optional["WebSocketManager"]:\n    return None\n`, rule: legacyOnly(['annotation']), violations: 1, use: 'annotation' },
  { name: 'annotation: a variable annotation', code: `${IMPORT_PKG}\nmanager: WebSocketManager = None\n`, rule: legacyOnly(['annotation']), violations: 1, use: 'annotation' },
  { name: 'annotation: an instantiation passes', code: `${IMPORT_PKG}\nm = WebSocketManager()\n`, rule: legacyOnly(['annotation']), violations: 0 },
  { name: 'annotation: the name in a plain string passes', code: `${IMPORT_PKG}\nNAME = "WebSocketManager"\nprint(NAME)\n`, rule: legacyOnly(['annotation']), violations: 0 },
  // subclass: "nothing outside the bridge subclasses the legacy manager"
  { name: 'subclass: a class statement based on the re-exported alias', code: `${IMPORT_PKG}\n\nclass Mine(WebSocketManager):\n    pass\n`, rule: legacyOnly(['subclass']), violations: 1, use: 'subclass' },
  { name: 'subclass: based on the module attribute, among other bases', code: 'import app.websocket_core as wc\n\n\nclass Mine(object, wc.WebSocketManager):\n    pass\n', rule: legacyOnly(['subclass']), violations: 1, use: 'subclass' },
  { name: 'subclass: the sanctioned bridge subclass is out of scope', code: '', file: 'app/agents/empty.py', rule: { ...legacyOnly(['subclass']), files: ['app/**'], exclude: ['app/services/bridge_manager.py', 'app/websocket_core/**'] }, violations: 0 },
  { name: 'subclass: the sanctioned bridge subclass, when in scope, is caught', code: '', file: 'app/agents/empty.py', rule: { ...legacyOnly(['subclass']), files: ['app/**'], exclude: ['app/websocket_core/**'] }, violations: 1, use: 'subclass' },
  { name: 'subclass: a metaclass keyword is no base', code: `${IMPORT_PKG}\n\nclass Mine(object, metaclass=WebSocketManager):\n    pass\n`, rule: legacyOnly(['subclass']), violations: 0 },
  { name: 'subclass: an instantiation passes', code: `${IMPORT_PKG}\nm = WebSocketManager()\n`, rule: legacyOnly(['subclass']), violations: 0 },
  // call: a function (a class call is instantiate, its own kind)
  { name: 'call: a legacy function called', code: 'from app.websocket_core.helpers import get_manager\n\nm = get_manager()\n', rule: { forbid: 'legacy', legacy: ['app.websocket_core.helpers.get_manager'], canonical: [], uses: ['call'] }, violations: 1, use: 'call' },
  { name: 'call: a class call is not a call but an instantiation', code: `${IMPORT_PKG}\nm = WebSocketManager()\n`, rule: legacyOnly(['call']), violations: 0 },
  { name: 'call: the function passed, not called, passes', code: 'from app.websocket_core.helpers import get_manager\n\nHOOKS = [get_manager]\n', rule: { forbid: 'legacy', legacy: ['app.websocket_core.helpers.get_manager'], canonical: [], uses: ['call'] }, violations: 0 },
  // reference and import
  { name: 'reference: isinstance against the legacy class', code: `${IMPORT_PKG}\n\ndef check(x):\n    return isinstance(x, WebSocketManager)\n`, rule: legacyOnly(['reference']), violations: 1, use: 'reference' },
  { name: 'import: the import statement alone', code: IMPORT_PKG, rule: legacyOnly(['import']), violations: 1, use: 'import' },
  { name: 'every kind by default: the import', code: IMPORT_PKG, rule: legacyOnly(undefined), violations: 1, use: 'import' },
  { name: 'mix of kinds: a canonical import and a legacy instantiation', code: `from app.services.agent_websocket_bridge import AgentWebSocketBridge\n${IMPORT_PKG}\nm = WebSocketManager()\n`,
    rule: { forbid: 'mix', legacy: [LEGACY_MANAGER], canonical: [BRIDGE_CLASS], uses: ['import', 'instantiate'] }, violations: 1 },
  { name: 'mix of kinds: the legacy side only annotated passes', code: `from app.services.agent_websocket_bridge import AgentWebSocketBridge\nfrom typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from app.websocket_core import WebSocketManager\n\n\ndef f(m: "WebSocketManager"):\n    return AgentWebSocketBridge()\n`,
    rule: { forbid: 'mix', legacy: [LEGACY_MANAGER], canonical: [BRIDGE_CLASS], uses: ['import', 'instantiate'] }, violations: 0 },
  // methodCalls: a method by name on any receiver (item 2)
  { name: 'method call: on a parameter, whatever it is', code: 'def build(factory):\n    return factory.create_websocket_manager()\n', rule: { forbid: 'legacy', legacy: [], canonical: [], methodCalls: { legacy: [FACTORY_METHOD] } }, violations: 1, use: 'call' },
  { name: 'method call: on an attribute chain', code: 'class Agent:\n    def run(self):\n        return self.deps.factory.create_websocket_manager()\n', rule: { forbid: 'legacy', legacy: [], canonical: [], methodCalls: { legacy: [FACTORY_METHOD] }, unit: 'function' }, violations: 1, use: 'call' },
  { name: 'method call: the method read, not called, passes', code: 'def build(factory):\n    return factory.create_websocket_manager\n', rule: { forbid: 'legacy', legacy: [], canonical: [], methodCalls: { legacy: [FACTORY_METHOD] } }, violations: 0 },
  { name: 'method call: another method of that name prefix passes', code: 'def build(factory):\n    return factory.create_websocket_manager_v2()\n', rule: { forbid: 'legacy', legacy: [], canonical: [], methodCalls: { legacy: [FACTORY_METHOD] } }, violations: 0 },
  { name: 'method call: the class\'s own calls of it are where it is made', code: '', file: 'app/agents/empty.py', rule: { forbid: 'legacy', legacy: [], canonical: [], methodCalls: { legacy: [FACTORY_METHOD] }, files: ['app/**'] }, violations: 0 },
  { name: 'method call: mixed with the bridge', code: 'from app.services.agent_websocket_bridge import AgentWebSocketBridge\n\n\ndef build(factory):\n    factory.create_websocket_manager()\n    return AgentWebSocketBridge()\n',
    rule: { forbid: 'mix', legacy: [], canonical: [BRIDGE_CLASS], methodCalls: { legacy: [FACTORY_METHOD] } }, violations: 1 },
  // Dotted globs (item 3): each find by identity, as if spelled out.
  { name: 'glob: app.**.*WebSocketManager catches the private class imported directly', code: 'from app.websocket_core.impl import _Impl\n', rule: { forbid: 'legacy', legacy: ['app.**.*WebSocketManager'], canonical: [] }, violations: 1, use: 'import' },
  { name: 'glob: a mix of two globs', code: `from app.services.agent_websocket_bridge import AgentWebSocketBridge\nfrom app.websocket_core.websocket_manager import UnifiedWebSocketManager\n`,
    rule: { legacy: ['app.websocket_core.*.*WebSocketManager'], canonical: ['app.services.**.*Bridge'] }, violations: 1 },
  { name: 'glob: the bridge alone passes a mix', code: 'from app.services.agent_websocket_bridge import AgentWebSocketBridge\n', rule: { legacy: ['app.**.*WebSocketManager'], canonical: ['app.services.**.*Bridge'] }, violations: 0 },
  { name: 'glob: a name outside the repository, as imported', code: 'import requests\n\nrequests.get("x")\n', rule: { forbid: 'legacy', legacy: [], removed: ['requests.*'], canonical: [] }, violations: 1 },
  { name: 'glob: a removed glob that matches nothing guards names that must never appear', code: 'import json\n', rule: { forbid: 'legacy', legacy: [], removed: ['*.UserExecutionEngineWrapper'], canonical: [] }, violations: 0 },
];

describe('what kind of use counts, method calls on any receiver, globs (issue 23)', () => {
  for (const c of cases) {
    it(c.name, () => {
      const result = evaluate({ [c.file ?? FACTORY]: c.code }, c.rule);
      assert.deepEqual(result.ruleErrors, [], 'the rule can be judged');
      assert.equal(result.violations.length, c.violations, JSON.stringify(result.violations, null, 1));
      if (c.use) assert.equal(result.violations[0]!.evidence.find((e) => e.side === 'legacy')?.use, c.use);
    });
  }

  it('a method call\'s evidence is at the call site and says it is matched by name', () => {
    const { violations } = evaluate({ [FACTORY]: 'def build(factory):\n    x = 1\n    return factory.create_websocket_manager()\n' }, { forbid: 'legacy', legacy: [], canonical: [], methodCalls: { legacy: [FACTORY_METHOD] } });
    const e = violations[0]!.evidence[0]!;
    assert.deepEqual([e.line, e.column, e.written, e.symbol], [3, 20, '.create_websocket_manager(...)', FACTORY_METHOD]);
    assert.match(e.fix ?? '', /any receiver, by name/);
  });

  it('a module that imports a glob\'s find is a user of it, not a home: its import is caught', () => {
    // Were the importer's own binding a find, the importer would be a home of the object (isHomeOf) and pass.
    const { violations } = evaluate({ [FACTORY]: 'from app.websocket_core import WebSocketManager\n\nm = WebSocketManager()\n' }, { forbid: 'legacy', legacy: ['app.**.*WebSocketManager'], canonical: [] });
    assert.deepEqual(violations.map((v) => v.file), [FACTORY]);
  });
  it('a glob\'s finds are named spelled out in the evidence', () => {
    const { violations } = evaluate({ [FACTORY]: 'from app.websocket_core.impl import _Impl\n' }, { forbid: 'legacy', legacy: ['app.**.*WebSocketManager'], canonical: [] });
    assert.match(violations[0]!.evidence[0]!.symbol, /^app\.websocket_core\.(websocket_manager\.)?(Unified)?WebSocketManager$/);
  });
});

describe('one definition only: forbid "definition" (issue 23 item 5)', () => {
  const rule = (over: RuleInput = {}): RuleInput => ({ forbid: 'definition', legacy: [], canonical: ['app.engine'], definitions: ['*ExecutionEngine'], files: ['app/**'], ...over });
  it('a class of a matching name outside the allowed modules is caught, at its class statement', () => {
    const { violations } = evaluate({}, rule());
    assert.deepEqual(violations.map((v) => [v.file, v.line, v.evidence[0]!.use, v.evidence[0]!.written]), [['app/tools/engine.py', 1, 'definition', 'class RequestScopedExecutionEngine']]);
    assert.match(violations[0]!.message, /define it in app\.engine only/);
  });
  it('the same names inside the allowed package pass (UserExecutionEngine in app.engine.user_engine)', () => {
    const { violations } = evaluate({}, rule({ files: ['app/engine/**'] }));
    assert.equal(violations.length, 0);
  });
  it('a nested class in a def, in function mode, is in that def', () => {
    const { violations } = evaluate({ [FACTORY]: 'def make():\n    class LocalExecutionEngine:\n        pass\n    return LocalExecutionEngine\n' }, rule({ files: ['app/agents/**'], unit: 'function' }));
    assert.deepEqual(violations.map((v) => [v.unit, v.line]), [['make', 2]]);
  });
  it('a class of another name passes', () => {
    const { violations } = evaluate({ [FACTORY]: 'class EngineHelper:\n    pass\n' }, rule({ files: ['app/agents/**'] }));
    assert.equal(violations.length, 0);
  });
});

describe('rules of the new kinds that cannot match fail loudly', () => {
  const errorsOf = (input: RuleInput, code: Record<string, string> = {}) => {
    const config = makeConfig([makeRule({ id: 'r', files: ['app/agents/**'], ...input })]);
    return ruleErrorsOf(config, programOf({ ...REPO, [FACTORY]: '', ...code }, config)).map((e) => [e.path, e.message]);
  };
  it('a glob in legacy that matches nothing', () => {
    const errors = errorsOf({ forbid: 'legacy', legacy: ['app.**.*WebSocketManagr'], canonical: [] });
    assert.equal(errors.length, 1);
    assert.equal(errors[0]![0], '/rules/0/legacy/0');
    assert.match(errors[0]![1]!, /matches no module or module-level name.*move it to \/rules\/0\/removed/);
  });
  it('a method that its class does not define (a typo)', () => {
    const errors = errorsOf({ forbid: 'legacy', legacy: [], canonical: [], methodCalls: { legacy: ['app.websocket_core.factory.WebSocketFactory.create_websocket_managr'] } });
    assert.deepEqual(errors.map((e) => e[0]), ['/rules/0/methodCalls/legacy/0']);
    assert.match(errors[0]![1]!, /no class there has a def "create_websocket_managr"/);
  });
  it('a method of a class that does not exist', () => {
    const errors = errorsOf({ forbid: 'legacy', legacy: [], canonical: [], methodCalls: { legacy: ['app.websocket_core.factory.WebSocketFactry.create_websocket_manager'] } });
    assert.deepEqual(errors.map((e) => e[0]), ['/rules/0/methodCalls/legacy/0']);
  });
  it('a module function named as a method target exists', () => {
    assert.deepEqual(errorsOf({ forbid: 'legacy', legacy: [], canonical: [], methodCalls: { legacy: ['app.websocket_core.helpers.get_manager'] } }), []);
  });
  it('a definitions glob that matches a class in a submodule of an allowed package is no error', () => {
    assert.deepEqual(errorsOf({ forbid: 'definition', legacy: [], canonical: ['app.engine'], definitions: ['*ExecutionEngine'], files: ['app/**'] }), []);
  });
  it('a definitions glob that matches no class of the allowed modules (a typo)', () => {
    const errors = errorsOf({ forbid: 'definition', legacy: [], canonical: ['app.engine'], definitions: ['*ExecutonEngine'], files: ['app/**'] });
    assert.deepEqual(errors.map((e) => e[0]), ['/rules/0/definitions/0']);
    assert.match(errors[0]![1]!, /matches no class statement in or under the modules the classes are allowed in \(app\.engine\)/);
  });
});
