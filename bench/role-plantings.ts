import type { Rng } from './prng.js';
import { Binder, relativeSpec, renderImport, type ChosenImport } from './module-imports.js';
import type { BoundName } from './python-writer.js';
import type { ModulePlan, RepoPlan } from './repo-plan.js';

/** A function written exactly: the imports and uses a rule judges, so the expected verdict is known. */
export interface PlantedFunction {
  readonly lines: string[];
}

export interface Plantings {
  readonly imports: ChosenImport[];
  readonly functions: PlantedFunction[];
}

const WS_MANAGER = 'app.websocket_core.websocket_manager';

function special(plan: RepoPlan, path: string): ModulePlan {
  const m = plan.modules.find((x) => x.path === path);
  if (!m) throw new Error(`generator bug: no planned module ${path}`);
  return m;
}

const call = (ref: BoundName, args: string): string => (ref.kind === 'constant' ? ref.expr : `${ref.expr}(${args})`);

/**
 * The imports each kind of module has on purpose: factories use the bridge,
 * five of them also the legacy class (the committed violations), services use
 * session_scope and now and then LegacySession in another function, adapters
 * the legacy HTTP client, routes the cache client, scripts the legacy cache.
 */
export function plantFor(m: ModulePlan, plan: RepoPlan, binder: Binder, rng: Rng): Plantings {
  const imports: ChosenImport[] = [];
  const functions: PlantedFunction[] = [];
  const stem = m.dotted.slice(m.dotted.lastIndexOf('.') + 1);
  const bridge = special(plan, 'app/services/agent_websocket_bridge.py');
  const top = m.pkg.top;

  const useBridge = (forms = true): BoundName => {
    const name = rng.chance(0.5) ? 'create_agent_websocket_bridge' : 'AgentWebSocketBridge';
    const r = renderImport(m, bridge, [{ name, kind: name === 'AgentWebSocketBridge' ? 'class' : 'function' }], binder, rng, forms);
    imports.push({ ...r, placement: 'top' });
    return r.refs[0]!;
  };

  if (m.role === 'hub') {
    const ref = useBridge(false);
    functions.push({
      lines: [
        `class ${m.classes[0]}:`,
        '    """Builds one agent per request. WebSocket access goes through the bridge only, never WebSocketManager."""',
        '',
        '    def __init__(self, registry: dict[str, Any] | None = None) -> None:',
        '        self._registry = registry or {}',
        '',
        '    def create(self, user_id: str, **options: Any) -> dict[str, Any]:',
        `        bridge = ${call(ref, 'user_id')}`,
        '        return {"user": user_id, "bridge": bridge, "options": options}',
        '',
      ],
    });
    return { imports, functions };
  }

  if (m.role === 'factory' || m.role === 'violation') {
    const ref = m.role === 'violation' ? useBridge(false) : rng.chance(0.85) ? useBridge() : null;
    if (ref) functions.push({ lines: [`def create_${stem}_agent(user_id: str, **options: Any) -> dict[str, Any]:`, `    bridge = ${call(ref, 'user_id')}`, '    return {"user": user_id, "bridge": bridge, "options": options}', ''] });
    if (m.role === 'violation') functions.push(...legacyVariant(m, binder, stem, imports));
    else {
      if (rng.chance(0.12)) {
        // Same class name, unrelated class: must never count as the legacy one.
        const via = rng.chance(0.5) ? 'app.integrations.slack.websocket_manager' : 'app.integrations.slack';
        const as = binder.bind('WebSocketManager');
        imports.push({ line: `from ${via} import WebSocketManager${as === 'WebSocketManager' ? '' : ` as ${as}`}`, refs: [], placement: 'top' });
        functions.push({ lines: [`def notify_${stem}(channel: str = "#agents") -> Any:`, `    return ${as}(channel=channel)`, ''] });
      }
      if (ref && rng.chance(0.05)) {
        // Type-only: ignored by default (typeOnlyImports: "ignore"), so bridge + this is no mix.
        const as = binder.bind('LegacySocketManager');
        imports.push({ line: `from app.websocket_core import WebSocketManager as ${as}`, refs: [], placement: 'type-checking' });
        functions.push({ lines: [`def attach_${stem}(manager: ${as} | None = None) -> bool:`, '    return manager is not None', ''] });
      }
    }
    return { imports, functions };
  }

  if (m.role !== 'regular') return { imports, functions };
  if (top === 'services') {
    if (rng.chance(0.5)) {
      const via = rng.chance(0.6) ? 'app.db.session' : 'app.db';
      const as = binder.bind('session_scope');
      imports.push({ line: `from ${via} import session_scope${as === 'session_scope' ? '' : ` as ${as}`}`, refs: [], placement: 'top' });
      functions.push({ lines: [`def save_${stem}_records(records: list[dict[str, Any]]) -> int:`, '    """Persist records in one transaction."""', `    with ${as}() as session:`, '        for record in records:', '            session.add(record)', '    return len(records)', ''] });
    }
    if (rng.chance(0.08)) {
      // Another function than the session_scope one: a function-unit rule must not call this a mix.
      const name = rng.chance(0.5) ? 'LegacySession' : 'LegacyDbSession';
      const as = binder.bind(name);
      imports.push({ line: `from app.db.legacy import ${name}${as === name ? '' : ` as ${as}`}`, refs: [], placement: 'top' });
      functions.push({ lines: [`def read_${stem}_legacy(key: str) -> Any:`, '    # Old read path kept for the nightly export; writes use session_scope.', `    legacy = ${as}()`, '    return legacy.query(key)', ''] });
    }
  } else if (top === 'adapters') {
    if (rng.chance(0.3)) {
      const r = rng.next();
      const as = binder.bind(r < 0.5 ? 'LegacyHttpClient' : 'legacy_http');
      const line = r < 0.5 ? `from app.legacy_http.client import LegacyHttpClient${as === 'LegacyHttpClient' ? '' : ` as ${as}`}` : `import app.legacy_http as ${as}`;
      imports.push({ line, refs: [], placement: 'top' });
      functions.push({ lines: [`def fetch_${stem}(url: str) -> Any:`, `    client = ${r < 0.5 ? as : `${as}.LegacyHttpClient`}()`, '    return client.get(url)', ''] });
    }
  } else if (top === 'routes') {
    if (rng.chance(0.3)) {
      const as = binder.bind('CacheClient');
      imports.push({ line: `from app.cache.cache_client import CacheClient${as === 'CacheClient' ? '' : ` as ${as}`}`, refs: [], placement: 'top' });
      functions.push({ lines: [`def cached_${stem}(key: str) -> Any:`, `    return ${as}().get(key)`, ''] });
    }
    if (rng.chance(0.03)) {
      // A route on the legacy path with no bridge: legacy alone is no mix.
      const as = binder.bind('WebSocketManager');
      imports.push({ line: `from ${WS_MANAGER} import WebSocketManager${as === 'WebSocketManager' ? '' : ` as ${as}`}`, refs: [], placement: 'top' });
      functions.push({ lines: [`async def stream_${stem}(event: str, payload: dict[str, Any]) -> None:`, `    await ${as}().send(event, payload)`, ''] });
    }
  } else if (top === 'scripts') {
    if (rng.chance(0.5)) {
      const as = binder.bind('LegacyCacheStore');
      imports.push({ line: `from app.legacy_cache import LegacyCacheStore${as === 'LegacyCacheStore' ? '' : ` as ${as}`}`, refs: [], placement: 'top' });
      functions.push({ lines: [`def warm_${stem}_cache() -> int:`, `    return len(${as}().keys())`, ''] });
    }
  } else if (top === 'db') {
    if (rng.chance(0.1)) {
      const as = binder.bind('LegacySession');
      imports.push({ line: `from app.db.legacy import LegacySession${as === 'LegacySession' ? '' : ` as ${as}`}`, refs: [], placement: 'top' });
      functions.push({ lines: [`def open_${stem}_legacy() -> Any:`, `    return ${as}()`, ''] });
    }
  }
  return { imports, functions };
}

/** The five ways the committed violations reach the legacy class: direct, re-export + rename, module alias, `import as`, lazy relative. */
function legacyVariant(m: ModulePlan, binder: Binder, stem: string, imports: ChosenImport[]): PlantedFunction[] {
  switch (m.variant ?? 0) {
    case 0: {
      const as = binder.bind('WebSocketManager');
      imports.push({ line: `from ${WS_MANAGER} import WebSocketManager${as === 'WebSocketManager' ? '' : ` as ${as}`}`, refs: [], placement: 'top' });
      return [{ lines: [`def legacy_socket_${stem}(user_id: str) -> Any:`, `    return ${as}(scope=user_id)`, ''] }];
    }
    case 1: {
      const as = binder.bind('WSM');
      imports.push({ line: `from app.websocket_core import WebSocketManager as ${as}`, refs: [], placement: 'top' });
      return [{ lines: [`def legacy_socket_${stem}(user_id: str) -> Any:`, `    return ${as}(scope=user_id)`, ''] }];
    }
    case 2: {
      const as = binder.bind('WebSocketConnectionManager');
      imports.push({ line: `from ${WS_MANAGER} import WebSocketConnectionManager${as === 'WebSocketConnectionManager' ? '' : ` as ${as}`}`, refs: [], placement: 'top' });
      return [{ lines: [`def legacy_socket_${stem}(user_id: str) -> Any:`, `    return ${as}(scope=user_id)`, ''] }];
    }
    case 3: {
      const as = binder.bind('ws_manager');
      imports.push({ line: `import ${WS_MANAGER} as ${as}`, refs: [], placement: 'top' });
      return [{ lines: [`def legacy_socket_${stem}(user_id: str) -> Any:`, `    return ${as}.WebSocketManager(scope=user_id)`, ''] }];
    }
    default: {
      const spec = relativeSpec(m.pkg.dotted, 'app.websocket_core') ?? 'app.websocket_core';
      return [
        {
          lines: [
            `def legacy_socket_${stem}(user_id: str) -> Any:`,
            '    try:',
            `        from ${spec} import WebSocketManager`,
            '    except ImportError:  # some deployments already dropped the legacy package',
            '        return None',
            '    return WebSocketManager(scope=user_id)',
            '',
          ],
        },
      ];
    }
  }
}
