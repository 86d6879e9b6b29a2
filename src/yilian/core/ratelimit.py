"""Per-address rate limit on the sign-in endpoints, against password guessing from one address
beyond what the lockout counts. Redis-backed when Redis is configured, so that several API
processes share one budget; in-process otherwise (embedded mode, one process)."""

from __future__ import annotations

import time

import orjson

from yilian.core.errors import PROBLEM_JSON, TooManyRequests, preferred_lang


class _MemoryWindow:
    def __init__(self) -> None:
        self._window = 0
        self._counts: dict[str, int] = {}

    async def hit(self, key: str, window: int) -> int:
        if window != self._window:
            self._window, self._counts = window, {}
        self._counts[key] = self._counts.get(key, 0) + 1
        return self._counts[key]

    async def close(self) -> None:
        return None


class _RedisWindow:
    def __init__(self, url: str) -> None:
        # Imported only when configured: the client library costs an embedded process ~30 MB.
        from redis import asyncio as aioredis

        self._redis = aioredis.from_url(url)

    async def hit(self, key: str, window: int) -> int:
        name = f"yilian:rl:{window}:{key}"
        async with self._redis.pipeline(transaction=True) as pipe:
            count, _ = await pipe.incr(name).expire(name, 120).execute()
        return int(count)

    async def close(self) -> None:
        await self._redis.aclose()


def make_window(redis_url: str | None):
    return _RedisWindow(redis_url) if redis_url else _MemoryWindow()


LIMITED_PREFIX = "/api/v1/auth/"


class RateLimitMiddleware:
    def __init__(self, app, limit_per_minute: int) -> None:
        self.app = app
        self.limit = limit_per_minute

    async def __call__(self, scope, receive, send):
        if (
            scope["type"] != "http"
            or scope["method"] != "POST"
            or not scope["path"].startswith(LIMITED_PREFIX)
            or self.limit <= 0
        ):
            return await self.app(scope, receive, send)
        client = scope.get("client")
        key = client[0] if client else "unknown"
        window = int(time.time() // 60)
        if await scope["app"].state.ratelimit.hit(key, window) <= self.limit:
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        lang = preferred_lang(headers.get(b"accept-language", b"").decode("latin-1"))
        body = orjson.dumps(TooManyRequests("try again in a minute").body(lang))
        await send({
            "type": "http.response.start",
            "status": 429,
            "headers": [(b"content-type", PROBLEM_JSON.encode()), (b"retry-after", b"60")],
        })
        await send({"type": "http.response.body", "body": body})
