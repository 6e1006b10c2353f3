"""Legacy direct path. Every name here is the same shared implementation."""
from .unified_manager import _UnifiedWebSocketManagerImplementation

WebSocketManager = _UnifiedWebSocketManagerImplementation
UnifiedWebSocketManager = _UnifiedWebSocketManagerImplementation  # backward-compatibility alias
WebSocketConnectionManager = WebSocketManager  # kept for old call sites
