"""The one implementation behind every legacy manager name. Shared across requests: not safe per user."""


class _UnifiedWebSocketManagerImplementation:
    def __init__(self, scope: str = "global") -> None:
        self.scope = scope

    async def send(self, event: str, payload: dict) -> None:
        pass
