"""Builds one agent per request."""
from app.services.agent_websocket_bridge import create_agent_websocket_bridge


class AgentInstanceFactory:
    def create(self, user_id: str):
        bridge = create_agent_websocket_bridge(user_id)
        # Notifications go through the bridge too: one path per user, no shared manager.
        return {"user": user_id, "bridge": bridge, "notifier": bridge}
