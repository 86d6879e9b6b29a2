"""The WebSocket gateway (/api/v1/ws)."""

from yilian.core.authz import API_PREFIX, PolicyRouter

router = PolicyRouter(prefix=API_PREFIX, tags=["realtime"])
