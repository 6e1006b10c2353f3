"""Legacy direct path. Shared across requests: not safe to use per user."""


class WebSocketManager:
    def __init__(self, scope: str = "global") -> None:
        self.scope = scope

    async def send(self, event: str, payload: dict) -> None:
        pass


# Kept for old call sites; still the legacy class.
WebSocketConnectionManager = WebSocketManager
