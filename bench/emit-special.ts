import type { Rng } from './prng.js';
import { Binder } from './module-imports.js';
import { PyWriter } from './python-writer.js';
import { STDLIB_HEADER, growTo } from './emit-module.js';
import type { ModulePlan, PackagePlan } from './repo-plan.js';
import type { ExportsPlan } from './package-exports.js';

/** Hand-written heads of the founding case and the rules' symbols; filler brings them to size. */
const HEADS: Record<string, string[]> = {
  'app/websocket_core/websocket_manager.py': [
    '"""Legacy direct path to WebSocket. Shared across requests: not safe to use per user."""',
    ...STDLIB_HEADER,
    'from .events import SocketEvent',
    '',
    'logger = logging.getLogger(__name__)',
    '',
    '',
    'class WebSocketManager:',
    '    def __init__(self, scope: str = "global", **options: Any) -> None:',
    '        self.scope = scope',
    '        self.options = options',
    '',
    '    async def send(self, event: str, payload: dict[str, Any]) -> None:',
    '        logger.debug("send %s", SocketEvent(event, payload))',
    '',
    '',
    '# Kept for old call sites; still the legacy class.',
    'WebSocketConnectionManager = WebSocketManager',
    '',
  ],
  'app/websocket_core/connection_registry.py': [
    '"""Which sockets are open. Used by WebSocketManager only."""',
    ...STDLIB_HEADER,
    'from .websocket_manager import WebSocketManager',
    '',
    '',
    'class ConnectionRegistry:',
    '    def __init__(self) -> None:',
    '        self.managers: dict[str, WebSocketManager] = {}',
    '',
  ],
  'app/websocket_core/events.py': [
    '"""Event envelopes."""',
    ...STDLIB_HEADER,
    '',
    '@dataclass',
    'class SocketEvent:',
    '    name: str',
    '    payload: dict[str, Any] = field(default_factory=dict)',
    '',
  ],
  'app/services/agent_websocket_bridge.py': [
    '"""The sanctioned path to WebSocket: one bridge per request, isolated per user."""',
    ...STDLIB_HEADER,
    'from app.websocket_core.websocket_manager import WebSocketManager',
    '',
    '',
    'class AgentWebSocketBridge:',
    '    def __init__(self, user_id: str) -> None:',
    '        self._manager = WebSocketManager(scope=user_id)',
    '',
    '    async def emit(self, event: str, payload: dict[str, Any]) -> None:',
    '        await self._manager.send(event, payload)',
    '',
    '',
    'def create_agent_websocket_bridge(user_id: str) -> AgentWebSocketBridge:',
    '    return AgentWebSocketBridge(user_id)',
    '',
  ],
  'app/integrations/slack/websocket_manager.py': [
    '"""Slack\'s real-time API client. Unrelated to app.websocket_core despite the name."""',
    ...STDLIB_HEADER,
    '',
    'class WebSocketManager:',
    '    def __init__(self, channel: str = "#general") -> None:',
    '        self.channel = channel',
    '',
  ],
  'app/db/session.py': [
    '"""Unit-of-work sessions: the one way to talk to the database."""',
    ...STDLIB_HEADER,
    'import contextlib',
    '',
    '',
    'class Session:',
    '    def add(self, record: Any) -> None:',
    '        pass',
    '',
    '',
    '@contextlib.contextmanager',
    'def session_scope() -> Any:',
    '    session = Session()',
    '    yield session',
    '',
  ],
  'app/db/legacy.py': [
    '"""Pre-2021 session object. Opens its own connection; bypasses the unit of work."""',
    ...STDLIB_HEADER,
    '',
    'class LegacySession:',
    '    def query(self, key: str) -> Any:',
    '        return None',
    '',
    '',
    'LegacyDbSession = LegacySession',
    '',
  ],
  'app/cache/cache_client.py': [
    '"""The cache client. Wraps the legacy store until the migration is done."""',
    ...STDLIB_HEADER,
    'from app.legacy_cache.store import LegacyCacheStore',
    '',
    '',
    'class CacheClient:',
    '    def __init__(self) -> None:',
    '        self._store = LegacyCacheStore()',
    '',
    '    def get(self, key: str) -> Any:',
    '        return self._store.get(key)',
    '',
    '',
    'def get_cache() -> CacheClient:',
    '    return CacheClient()',
    '',
  ],
  'app/legacy_http/client.py': [
    '"""requests-based client, retired: use app.http.client.HttpClient."""',
    ...STDLIB_HEADER,
    'from .retry import with_retries',
    '',
    '',
    'class LegacyHttpClient:',
    '    def get(self, url: str) -> Any:',
    '        return with_retries(lambda: url)',
    '',
  ],
  'app/legacy_http/retry.py': ['"""Retry helper of the legacy client."""', ...STDLIB_HEADER, '', 'def with_retries(fn: Any, times: int = 3) -> Any:', '    return fn()', ''],
  'app/legacy_cache/store.py': [
    '"""In-process cache store, superseded by app.cache.cache_client."""',
    ...STDLIB_HEADER,
    '',
    'class LegacyCacheStore:',
    '    def get(self, key: str) -> Any:',
    '        return None',
    '',
    '    def keys(self) -> list[str]:',
    '        return []',
    '',
  ],
};

export function emitSpecial(m: ModulePlan, rng: Rng): string {
  const head = HEADS[m.path];
  if (!head) throw new Error(`generator bug: no text for ${m.path}`);
  const w = new PyWriter();
  w.block(head);
  growTo(w, m.targetBytes, new Binder([...m.classes, ...m.functions, ...m.constants]), rng);
  return w.text();
}

/** Package re-exports that name the rules' symbols: written by hand, never drawn at random. */
const SPECIAL_INIT_LINES: Record<string, string[]> = {
  'app.websocket_core': ['from .websocket_manager import WebSocketManager, WebSocketConnectionManager', 'from .connection_registry import ConnectionRegistry'],
  'app.legacy_http': ['from .client import LegacyHttpClient'],
  'app.legacy_cache': ['from .store import LegacyCacheStore'],
  'app.db': ['from .session import session_scope, Session'],
  'app.integrations.slack': ['from .websocket_manager import WebSocketManager'],
};

/** An __init__.py: docstring, re-exports, and a literal __all__ naming them. */
export function emitPackageInit(pkg: PackagePlan, exports: ExportsPlan): string {
  const special = SPECIAL_INIT_LINES[pkg.dotted] ?? [];
  const planned = exports.byPackage.get(pkg.dotted);
  const lines = [...special, ...(planned?.lines ?? [])];
  const names = [...special.flatMap((l) => l.replace(/^.* import /, '').split(', ')), ...(planned?.names.map((n) => n.name) ?? [])];
  const w = new PyWriter();
  w.line(`"""${pkg.dotted}: ${pkg.special ? 'legacy, kept until every caller migrated' : 'public names of this package'}."""`);
  if (pkg.dotted === 'app') w.line('__version__ = "1.0.0"');
  if (!lines.length) return w.text();
  w.line();
  w.block(lines);
  w.line();
  w.line(`__all__ = [${names.map((n) => `"${n}"`).join(', ')}]`);
  return w.text();
}
