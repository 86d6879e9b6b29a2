"""Per-address rate limits: on the sign-in endpoints, against password guessing from one address
beyond what the lockout counts; and on refusals that concern no record (a forged or expired
token), which are counted, not chained (docs/decisions/0005). Redis-backed when Redis is
configured, so that several API processes share one budget; in-process otherwise (embedded mode,
one process)."""

from __future__ import annotations

import time
from typing import Protocol

import orjson
from prometheus_client import Counter
from starlette.types import ASGIApp, Receive, Scope, Send

from yilian.core.errors import PROBLEM_JSON, TooManyRequests, preferred_lang

# Every refusal the error handler answers, by status and problem code; `chained` tells whether it
# was also appended to the audit chain (it concerns a record, or an identified actor).
REFUSALS = Counter("yilian_refusals", "Refused requests (401/403/429 answered for a refusal)",
                   ["status", "code", "chained"])


class Window(Protocol):
    """Counts hits per key in a one-minute window."""

    async def hit(self, key: str, window: int) -> int: ...

    async def close(self) -> None: ...


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
            pipe.incr(name)
            pipe.expire(name, 120)
            count, _ = await pipe.execute()
        return int(count)

    async def close(self) -> None:
        await self._redis.aclose()


def make_window(redis_url: str | None) -> Window:
    return _RedisWindow(redis_url) if redis_url else _MemoryWindow()


LIMITED_PREFIX = "/api/v1/auth/"


def _problem_429(scope: Scope, detail: str) -> tuple[list[tuple[bytes, bytes]], bytes]:
    headers = dict(scope.get("headers") or [])
    lang = preferred_lang(headers.get(b"accept-language", b"").decode("latin-1"))
    body = orjson.dumps({**TooManyRequests(detail).body(lang), "instance": scope["path"]})
    return [(b"content-type", PROBLEM_JSON.encode()), (b"retry-after", b"60")], body


async def _send_429(scope: Scope, send: Send, detail: str) -> None:
    headers, body = _problem_429(scope, detail)
    await send({"type": "http.response.start", "status": 429, "headers": headers})
    await send({"type": "http.response.body", "body": body})


TOO_MANY_REFUSALS = "too many refused requests from this address; try again in a minute"


class RateLimitMiddleware:
    def __init__(self, app: ASGIApp, limit_per_minute: int) -> None:
        self.app = app
        self.limit = limit_per_minute

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        budget: RefusalBudget | None = getattr(scope["app"].state, "refusal_budget", None)
        if budget is not None and budget.blocked(scope) and scope["path"].startswith("/api/"):
            REFUSALS.labels("429", TooManyRequests.code, "no").inc()
            return await _send_429(scope, send, TOO_MANY_REFUSALS)
        if (
            scope["method"] != "POST"
            or not scope["path"].startswith(LIMITED_PREFIX)
            or self.limit <= 0
        ):
            return await self.app(scope, receive, send)
        window = int(time.time() // 60)
        if await scope["app"].state.ratelimit.hit(_source(scope), window) <= self.limit:
            return await self.app(scope, receive, send)
        await _send_429(scope, send, "try again in a minute")


def _source(scope: Scope) -> str:
    client = scope.get("client")
    return client[0] if client else "unknown"


class RefusalBudget:
    """How many refusals that concern no record one source address may cause per minute. Each is
    counted in the shared window (Redis with several processes); once a source has spent its
    budget, this process answers its further requests 429 before any work for the rest of that
    minute (the check is a dictionary lookup: nothing for the requests of everyone else)."""

    def __init__(self, limit_per_minute: int) -> None:
        self.limit = limit_per_minute
        self._blocked_window = 0
        self._blocked: set[str] = set()

    def blocked(self, scope: Scope) -> bool:
        if not self._blocked:
            return False
        if self._blocked_window != int(time.time() // 60):
            self._blocked = set()
            return False
        return _source(scope) in self._blocked

    async def spend(self, scope: Scope, window_store: Window) -> bool:
        """Counts one refusal of the request's source; whether the source is now over budget."""
        if self.limit <= 0:
            return False
        window = int(time.time() // 60)
        key = _source(scope)
        if await window_store.hit(f"refused:{key}", window) <= self.limit:
            return False
        if window != self._blocked_window:
            self._blocked_window, self._blocked = window, set()
        self._blocked.add(key)
        return True
