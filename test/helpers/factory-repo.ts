/**
 * A small repository shaped like the founding team's (issue 23): a per-request
 * agent factory, the sanctioned bridge, a legacy WebSocket manager that is an
 * alias of a private class (with a backward-compatibility alias, re-exported
 * by its package), and an execution engine renamed with its old name kept as
 * an alias for old callers (re-exported by its package too); a factory class
 * with the method teams forbid calling, and the one sanctioned subclass of the
 * legacy manager.
 */
export const FACTORY = 'app/agents/supervisor/agent_instance_factory.py';

export const FACTORY_REPO: Record<string, string> = {
  'app/__init__.py': '',
  'app/agents/__init__.py': '',
  'app/agents/supervisor/__init__.py': '',
  'app/services/__init__.py': '',
  'app/services/agent_websocket_bridge.py': 'class AgentWebSocketBridge:\n    pass\n',
  'app/websocket_core/__init__.py': 'from app.websocket_core.websocket_manager import WebSocketManager\n',
  'app/websocket_core/impl.py': 'class _Impl:\n    pass\n',
  'app/websocket_core/websocket_manager.py':
    'from app.websocket_core.impl import _Impl\nWebSocketManager = _Impl\nUnifiedWebSocketManager = _Impl  # backward-compatibility alias\n',
  'app/engine/__init__.py': 'from app.engine.user_engine import UserExecutionEngine, RequestScopedExecutionEngine\n',
  'app/engine/user_engine.py': 'class UserExecutionEngine:\n    pass\n\n\nRequestScopedExecutionEngine = UserExecutionEngine  # the old name, for old callers\n',
  'app/websocket_core/factory.py':
    'class WebSocketFactory:\n    def create_websocket_manager(self):\n        return self._make()\n\n    def _make(self):\n        return self.create_websocket_manager()\n',
  'app/websocket_core/helpers.py': 'def get_manager():\n    return None\n',
  'app/services/bridge_manager.py':
    'from app.websocket_core import WebSocketManager\n\n\nclass BridgedManager(WebSocketManager):\n    """The one sanctioned subclass."""\n',
  'app/tools/__init__.py': '',
  'app/tools/engine.py': 'class RequestScopedExecutionEngine:\n    """Unrelated: a class of the same name."""\n',
};

export const BRIDGE_CLASS = 'app.services.agent_websocket_bridge.AgentWebSocketBridge';
export const LEGACY_MANAGER = 'app.websocket_core.websocket_manager.WebSocketManager';
export const CANONICAL_ENGINE = 'app.engine.user_engine.UserExecutionEngine';
export const OLD_ENGINE = 'app.engine.user_engine.RequestScopedExecutionEngine';
