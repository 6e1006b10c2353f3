import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { asRepoPath } from '../../src/model/index.js';
import { evaluateFiles, makeConfig, makeRule, programOf, type RuleInput } from '../helpers/engine-fixture.js';
import { explainFile } from '../../src/rules/explain.js';
import { renderExplanation } from '../../src/cli/explain-text.js';
import { BRIDGE_CLASS, FACTORY, FACTORY_REPO, LEGACY_MANAGER } from '../helpers/factory-repo.js';

/**
 * forbid "alias" (issue 23, item 6): an import of a declared object under an
 * `as` name that hides what it is (`as Engine` for the legacy manager). The
 * object is found by identity, as for mix and legacy: its aliases, its
 * package's re-export and the private class it names are it too.
 */
const ALIASES = ['*WebSocketManager', '*Bridge'];

function rule(input: RuleInput = {}) {
  return makeRule({ id: 'honest-aliases', forbid: 'alias', legacy: [LEGACY_MANAGER], canonical: [BRIDGE_CLASS], aliases: ALIASES, files: ['app/agents/**'], ...input });
}

const evaluate = (files: Record<string, string>, input: RuleInput = {}) => evaluateFiles(files, [rule(input)], {}, FACTORY_REPO);

interface Case {
  readonly name: string;
  readonly code: string;
  readonly violations: number;
  /** The evidence's side, symbol and `as` name. */
  readonly evidence?: readonly [string, string, string];
  readonly rule?: RuleInput;
}

const cases: Case[] = [
  { name: 'the legacy manager as Engine', code: 'from app.websocket_core.websocket_manager import WebSocketManager as Engine\n', violations: 1,
    evidence: ['legacy', LEGACY_MANAGER, 'Engine'] },
  { name: 'its backward-compatibility alias as Engine', code: 'from app.websocket_core.websocket_manager import UnifiedWebSocketManager as Engine\n', violations: 1,
    evidence: ['legacy', LEGACY_MANAGER, 'Engine'] },
  { name: 'the package re-export as Mgr', code: 'from app.websocket_core import WebSocketManager as Mgr\n', violations: 1, evidence: ['legacy', LEGACY_MANAGER, 'Mgr'] },
  { name: 'the private class it names, as Engine', code: 'from app.websocket_core.impl import _Impl as Engine\n', violations: 1 },
  { name: 'a relative import', code: 'from ...websocket_core import WebSocketManager as Engine\n', violations: 1 },
  { name: 'the canonical bridge as B', code: 'from app.services.agent_websocket_bridge import AgentWebSocketBridge as B\n', violations: 1,
    evidence: ['canonical', BRIDGE_CLASS, 'B'] },
  { name: 'in a function body', code: 'def make():\n    from app.websocket_core import WebSocketManager as Engine\n    return Engine()\n', violations: 1 },
  { name: 'only the globs of the rule: one that allows Engine', code: 'from app.websocket_core import WebSocketManager as Engine\n', violations: 0, rule: { aliases: ['Engine'] } },
  // Passing.
  { name: 'no `as`', code: 'from app.websocket_core.websocket_manager import WebSocketManager\n', violations: 0 },
  { name: '`as` the same name', code: 'from app.websocket_core import WebSocketManager as WebSocketManager\n', violations: 0 },
  { name: 'an `as` name the globs allow', code: 'from app.websocket_core.websocket_manager import UnifiedWebSocketManager as LegacyWebSocketManager\n', violations: 0 },
  { name: 'an undeclared object as Engine', code: 'from app.engine import UserExecutionEngine as Engine\n', violations: 0 },
  { name: 'a module alias of a module that only holds the object', code: 'import app.websocket_core.impl as ws_impl\n', violations: 0 },
  { name: 'a suppression with a reason, on a canonical-only violation',
    code: 'from app.services.agent_websocket_bridge import AgentWebSocketBridge as B  # ssot-guard: allow honest-aliases -- generated code\n', violations: 0 },
];

describe('forbid "alias": a declared object imported under a name that hides it', () => {
  for (const c of cases) {
    it(c.name, () => {
      const { violations } = evaluate({ [FACTORY]: c.code }, c.rule);
      assert.equal(violations.length, c.violations, JSON.stringify(violations, null, 1));
      if (c.evidence) assert.deepEqual(violations[0]!.evidence.map((e) => [e.side, e.symbol, e.written]), [c.evidence]);
    });
  }

  it('a module-level import stays a use at <module> in function mode, even when a function reads the name', () => {
    const code = 'from app.websocket_core import WebSocketManager as Engine\n\ndef make():\n    return Engine()\n';
    assert.deepEqual(evaluate({ [FACTORY]: code }, { unit: 'function' }).violations.map((v) => [v.unit, v.line]), [['<module>', 1]]);
  });

  it('a declared module imported under another name', () => {
    const { violations } = evaluate({ [FACTORY]: 'import app.websocket_core.websocket_manager as wsm\n' }, { legacy: ['app.websocket_core.websocket_manager'], aliases: ['websocket_manager'] });
    assert.deepEqual(violations.map((v) => v.evidence.map((e) => e.written)), [['wsm']]);
  });

  it('the message names the object and the `as` name, and the globs it must match; explain shows them', () => {
    const files = { [FACTORY]: 'from app.websocket_core import WebSocketManager as Engine\n' };
    const [v] = evaluate(files).violations;
    assert.match(v!.message, /app\.websocket_core\.websocket_manager\.WebSocketManager imported as Engine: use an "as" name matching "\*WebSocketManager" or "\*Bridge"/);
    const config = makeConfig([rule()]);
    const text = renderExplanation(asRepoPath(FACTORY), explainFile(config, programOf({ ...FACTORY_REPO, ...files }, config), asRepoPath(FACTORY)), () => undefined);
    assert.match(text, /VIOLATION \(forbid: alias, unit: file\)/);
    assert.match(text, /written: Engine; write instead: an "as" name matching/);
  });

  it('fingerprints do not move with the line', () => {
    const code = 'from app.websocket_core import WebSocketManager as Engine\n';
    assert.equal(evaluate({ [FACTORY]: code }).violations[0]!.fingerprint, evaluate({ [FACTORY]: `import os\n${code}` }).violations[0]!.fingerprint);
  });
});
