/**
 * Issue 23's bench figure: the bench repository's config with 16 rules of the
 * new kinds added to its four (20 in all): kinds of use, method calls on any
 * receiver, globs, one definition only, spellings and aliases. Writes the
 * config into a generated repository and commits it, so `hooks/pre-commit`
 * can be timed there against `node -e 0` (farm-bench --vs).
 *
 *   node dist/bench/mixed-rules.js <generated repo>
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchConfig } from './bench-config.js';

const MANAGER = 'app.websocket_core.websocket_manager.WebSocketManager';
const BRIDGE = 'app.services.agent_websocket_bridge.AgentWebSocketBridge';
const MAKE_BRIDGE = 'app.services.agent_websocket_bridge.create_agent_websocket_bridge';
const SESSION = 'app.db.legacy.LegacySession';

export function mixedRules(): object[] {
  const agents = { files: ['app/agents/**/*.py'], exclude: ['**/tests/**'] };
  const everywhere = { files: ['app/**/*.py'], exclude: ['app/websocket_core/**', 'app/services/agent_websocket_bridge.py'] };
  return [
    ...(['instantiate', 'subclass', 'annotation', 'call', 'reference', 'import'] as const).map((use) => ({
      id: `manager-${use}`, message: `No ${use} of WebSocketManager.`, scope: everywhere, forbid: 'legacy', legacy: [MANAGER], uses: [use],
    })),
    { id: 'session-instantiate-fn', message: 'Open sessions with session_scope.', scope: { files: ['app/services/**/*.py'] }, forbid: 'mix', unit: 'function', legacy: [SESSION], canonical: ['app.db.session.session_scope'], uses: ['instantiate', 'call'] },
    { id: 'bridge-factory-calls', message: 'Create bridges with create_agent_websocket_bridge, not by hand.', scope: agents, forbid: 'mix', canonical: [MAKE_BRIDGE], methodCalls: { legacy: [`${MANAGER}.__init__`] } },
    { id: 'manager-calls-any-receiver', message: 'No sync_context on anything beside the manager.', scope: agents, unit: 'function', canonical: [MANAGER], methodCalls: { legacy: ['app.services.agent_websocket_bridge.sync_context'] } },
    { id: 'glob-managers', message: 'No *Manager of websocket_core beside a *Bridge.', scope: agents, legacy: ['app.websocket_core.**.*Manager'], canonical: ['app.services.**.*Bridge'] },
    { id: 'glob-legacy-packages', message: 'Nothing of app.legacy_*.', scope: { files: ['app/services/**/*.py'] }, forbid: 'legacy', legacy: ['app.legacy_*'], canonical: [] },
    { id: 'glob-removed', message: 'Wrappers are gone.', scope: everywhere, forbid: 'legacy', legacy: [], removed: ['app.**.*EngineWrapper'], canonical: [] },
    { id: 'bridges-in-services', message: 'Bridges are defined in app.services only.', scope: { files: ['app/**/*.py'] }, forbid: 'definition', definitions: ['*Bridge'], canonical: ['app.services'] },
    { id: 'sessions-in-db', message: 'Sessions are defined in app.db only.', scope: { files: ['app/**/*.py'] }, forbid: 'definition', definitions: ['*Session'], canonical: ['app.db'] },
    { id: 'bridge-spelling', message: 'Spell the factory, not the class.', scope: agents, forbid: 'spelling', spellings: { [BRIDGE]: MAKE_BRIDGE } },
    { id: 'honest-aliases', message: 'Import managers and bridges under names that say so.', scope: agents, forbid: 'alias', legacy: [MANAGER], canonical: [BRIDGE], aliases: ['*Manager', '*Bridge'] },
  ];
}

if (process.argv[1]?.endsWith('mixed-rules.js')) {
  const repo = process.argv[2];
  if (!repo) throw new Error('usage: node dist/bench/mixed-rules.js <generated repo>');
  const config = benchConfig() as { rules: object[] };
  writeFileSync(join(repo, 'ssot-guard.config.json'), `${JSON.stringify({ ...config, rules: [...config.rules, ...mixedRules()] }, null, 2)}\n`);
  execFileSync('git', ['commit', '-q', '--no-verify', '-m', '20 rules of mixed kinds', '--', 'ssot-guard.config.json'], { cwd: repo });
  process.stdout.write(`${config.rules.length + mixedRules().length} rules in ${repo}/ssot-guard.config.json, committed\n`);
}
