import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { tempRepos } from '../helpers/repo-fixture.js';
import { checkJson } from '../helpers/run-cli.js';
import { FACTORY, FACTORY_REPO } from '../helpers/factory-repo.js';

/**
 * Issue 23's acceptance, through the CLI on a git repository: each shipped
 * example config of the new kinds (config/examples/) catches its shape in the
 * factory-shaped repository, by `check --all` and by `check --staged`, and
 * passes once the code is fixed.
 */
const EXAMPLES = fileURLToPath(new URL('../../../config/examples/', import.meta.url));
const repos = tempRepos();
after(() => repos.cleanup());

interface Example {
  readonly file: string;
  /** What the agent factory says when it breaks the rule, and when it does not; null leaves the repository's own files. */
  readonly bad: string | null;
  readonly good: string;
  /** Files removed for the clean run (forbid "definition" is about a class elsewhere). */
  readonly removeForGood?: readonly string[];
}

const EXAMPLES_OF_KINDS: Example[] = [
  { file: 'instantiate.json', bad: 'from app.websocket_core import WebSocketManager as WSM\n\nmanager = WSM()\n', good: 'from app.websocket_core import WebSocketManager\n\n\ndef handle(m: WebSocketManager) -> None:\n    pass\n' },
  { file: 'subclass.json', bad: 'import app.websocket_core as wc\n\n\nclass Mine(wc.WebSocketManager):\n    pass\n', good: 'from app.services.bridge_manager import BridgedManager\n\n\nclass Mine(BridgedManager):\n    pass\n' },
  { file: 'method-calls.json', bad: 'from app.services.agent_websocket_bridge import AgentWebSocketBridge\n\n\ndef build(deps):\n    deps.factory.create_websocket_manager()\n    return AgentWebSocketBridge()\n',
    good: 'from app.services.agent_websocket_bridge import AgentWebSocketBridge\n\n\ndef build(deps):\n    return AgentWebSocketBridge()\n\n\ndef old(deps):\n    return deps.factory.create_websocket_manager()\n' },
  { file: 'patterns.json', bad: 'from app.services.agent_websocket_bridge import AgentWebSocketBridge\nfrom app.websocket_core.impl import _Impl\n', good: 'from app.services.agent_websocket_bridge import AgentWebSocketBridge\n' },
  { file: 'definition.json', bad: null, good: '', removeForGood: ['app/tools/engine.py'] },
  { file: 'spelling.json', bad: 'from app.engine import RequestScopedExecutionEngine\n', good: 'from app.engine import UserExecutionEngine\n' },
  { file: 'alias.json', bad: 'from app.websocket_core import WebSocketManager as Engine\n', good: 'from app.websocket_core import WebSocketManager as LegacyWebSocketManager\n' },
];

describe('the example configs of each rule kind, on the factory-shaped repository (issue 23)', () => {
  for (const ex of EXAMPLES_OF_KINDS) {
    it(`${ex.file}: caught, then clean once fixed`, async () => {
      const config = await readFile(`${EXAMPLES}${ex.file}`, 'utf8');
      const rule = (JSON.parse(config) as { rules: Array<{ id: string }> }).rules[0]!.id;
      const base: Record<string, string> = { ...FACTORY_REPO, [FACTORY]: ex.good, 'ssot-guard.config.json': config };
      for (const f of ex.removeForGood ?? []) delete base[f];
      const r = await repos.make(base);
      const clean = await checkJson(r.root, '--all');
      assert.equal(clean.code, 0, JSON.stringify(clean.json.violations ?? clean.json));
      // The bad shape, staged: what the commit would contain is refused, and --all sees it too.
      if (ex.bad !== null) await r.write(FACTORY, ex.bad);
      for (const f of ex.removeForGood ?? []) await r.write(f, FACTORY_REPO[f]!);
      await r.add();
      const refused = await checkJson(r.root, '--staged');
      assert.equal(refused.code, 1, JSON.stringify(refused.json.ruleErrors ?? refused.json));
      assert.ok(refused.json.violations.length >= 1 && refused.json.violations.every((v: { rule: string }) => v.rule === rule));
      assert.equal((await checkJson(r.root, '--all')).code, 1);
    });
  }
});
