"""Builds one agent per request."""
from app.services.agent_websocket_bridge import create_agent_websocket_bridge
# A "quick fix" that brings the race back: the legacy manager, under its backward-compatibility alias.
from app.websocket_core.websocket_manager import UnifiedWebSocketManager as WSM


class AgentInstanceFactory:
    def create(self, user_id: str):
        bridge = create_agent_websocket_bridge(user_id)
        notifier = WSM()
        return {"user": user_id, "bridge": bridge, "notifier": notifier}
