import { VIOLATIONS } from './repo-plan.js';

/**
 * The synthetic repo's ssot-guard.config.json: the founding rule exactly as
 * DESIGN.md states it, plus one rule of each other kind, so a check exercises
 * legacy-only, function-unit and transitive evaluation at scale.
 */
export function benchConfig(): object {
  return {
    python: { roots: ['.'] },
    include: ['**/*.py'],
    exclude: ['**/node_modules/**', '**/.venv/**'],
    typeOnlyImports: 'ignore',
    rules: [
      {
        id: 'websocket-single-path',
        message: 'Reach WebSocket only through AgentWebSocketBridge (create_agent_websocket_bridge).',
        scope: { files: ['app/agents/**/*factory*.py'], exclude: ['**/tests/**'], dependentsOf: ['app.agents.supervisor.agent_instance_factory'], dependentsDepth: 1 },
        canonical: ['app.services.agent_websocket_bridge.AgentWebSocketBridge', 'app.services.agent_websocket_bridge.create_agent_websocket_bridge'],
        legacy: ['app.websocket_core.websocket_manager.WebSocketManager'],
        forbid: 'mix',
        unit: 'file',
        transitive: false,
      },
      {
        id: 'no-legacy-http',
        message: 'The requests-based client is retired: use app.http.client.HttpClient.',
        scope: { files: ['app/services/**/*.py', 'app/routes/**/*.py'], exclude: ['app/legacy_http/**', '**/tests/**'] },
        legacy: ['app.legacy_http'],
        forbid: 'legacy',
      },
      {
        id: 'session-one-way',
        message: 'Within one function, get sessions from app.db.session.session_scope only; do not also open LegacySession.',
        scope: { files: ['app/services/**/*.py'] },
        canonical: ['app.db.session.session_scope'],
        legacy: ['app.db.legacy.LegacySession'],
        forbid: 'mix',
        unit: 'function',
      },
      {
        id: 'cache-through-client',
        message: 'Routes reach the cache through app.cache.cache_client, never the legacy store, not even through helpers.',
        scope: { files: ['app/routes/**/*.py'] },
        canonical: ['app.cache.cache_client'],
        legacy: ['app.legacy_cache'],
        forbid: 'mix',
        unit: 'file',
        transitive: true,
      },
    ],
  };
}

/** What `check --all` must report on a freshly generated repo: the planted factories, nothing else. */
export const EXPECTED_VIOLATIONS: Readonly<Record<string, number>> = { 'websocket-single-path': VIOLATIONS };
