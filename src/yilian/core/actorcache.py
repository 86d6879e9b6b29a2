"""A short-lived, per-process cache of resolved sessions.

Resolving a session is a database query on every request; it cost as much as the request's own
work (bench/auth.py). Entries live ``ttl`` seconds at most. Every change that alters what a
session resolves to (sign-out, revocation, role switch, verification, proxies, organisation
moves) calls :func:`forget_all` after committing: this process drops its entries at once and,
with Redis configured, every other API process does too through pub/sub. Without Redis and with
several processes, another process may act on a revoked session for at most ``ttl`` seconds.
Time-based rules (idle timeout, lifetime, grant validity) are checked on every hit.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from yilian.core.logging import get_logger

if TYPE_CHECKING:
    from redis.asyncio import Redis
    from redis.asyncio.client import PubSub

CHANNEL = "yilian:actor-cache:forget"
MAX_ENTRIES = 100_000
log = get_logger(__name__)


class ActorCache:
    def __init__(self) -> None:
        self.ttl = 2.0
        self._entries: dict[str, tuple[Any, float]] = {}
        self._loading: dict[str, asyncio.Future[Any]] = {}
        self._redis: Redis | None = None  # when configured
        self._listener: asyncio.Task[None] | None = None

    def get(self, key: str) -> Any | None:
        entry = self._entries.get(key)
        if entry is None or time.monotonic() - entry[1] >= self.ttl:
            return None
        return entry[0]

    async def get_or_load(self, key: str, load: Callable[[], Awaitable[Any]]) -> Any:
        """The cached value, or ``load()``'s; concurrent misses of one key share one load, so an
        expiring entry does not send every waiting request to the database at once."""
        value = self.get(key)
        if value is not None:
            return value
        pending = self._loading.get(key)
        if pending is not None:
            return await asyncio.shield(pending)
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._loading[key] = future
        try:
            value = await load()
        except asyncio.CancelledError:
            future.cancel()
            raise
        except Exception as err:
            future.set_exception(err)
            future.exception()  # retrieved here, so an unawaited failure is not logged
            raise
        finally:
            self._loading.pop(key, None)
        future.set_result(value)
        if value is not None:
            self.put(key, value)
        return value

    def put(self, key: str, value: Any) -> None:
        if self.ttl <= 0:
            return
        if len(self._entries) >= MAX_ENTRIES:
            self._entries.clear()
        self._entries[key] = (value, time.monotonic())

    def drop(self, key: str) -> None:
        self._entries.pop(key, None)

    def clear_local(self) -> None:
        self._entries.clear()

    async def forget_all(self) -> None:
        self._entries.clear()
        if self._redis is not None:
            await self._redis.publish(CHANNEL, b"forget")

    async def start(self, redis_url: str | None, ttl: float) -> None:
        """Called at application start: the TTL, and the Redis subscription when configured."""
        self.ttl = ttl
        if redis_url and self._redis is None:
            # Imported only when configured: the client library costs an embedded process ~30 MB.
            from redis import asyncio as aioredis

            self._redis = aioredis.from_url(redis_url)
            pubsub = self._redis.pubsub()
            await pubsub.subscribe(CHANNEL)
            self._listener = asyncio.create_task(self._listen(pubsub))

    async def _listen(self, pubsub: PubSub) -> None:
        try:
            async for message in pubsub.listen():
                if message.get("type") == "message":
                    self._entries.clear()
        except asyncio.CancelledError:
            raise
        except Exception:  # Redis went away: entries expire by TTL, log and keep serving
            log.exception("actor cache listener stopped")
            self._entries.clear()

    async def stop(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
            self._listener = None
        if self._redis is not None:
            await self._redis.aclose()
            self._redis = None


actor_cache = ActorCache()
