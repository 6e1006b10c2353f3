"""The sanctioned path to WebSocket: one bridge per request, isolated per user."""
from app.websocket_core.websocket_manager import WebSocketManager


class AgentWebSocketBridge:
    def __init__(self, user_id: str) -> None:
        self._manager = WebSocketManager(scope=user_id)

    async def emit(self, event: str, payload: dict) -> None:
        await self._manager.send(event, payload)


def create_agent_websocket_bridge(user_id: str) -> AgentWebSocketBridge:
    return AgentWebSocketBridge(user_id)
