"""Realtime fan-out: messages for users, delivered to their open WebSockets on any process.

Without Redis the hub delivers inside the process. With ``YILIAN_REDIS_URL`` every process
publishes to one Redis channel and delivers what it receives to its own sockets, so a user
connected to any process gets the message; the publisher hears its own messages back through
the channel too, which keeps delivery in one order for everyone.

Committed events reach the hub through the outbox relay (subscriber "realtime" below); video
signalling and presence, which are not worth keeping, are published directly.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import Awaitable, Callable, Iterable
from typing import TYPE_CHECKING, Any, Protocol

import orjson

from yilian.core.events import Event, subscribe_push
from yilian.core.logging import get_logger

if TYPE_CHECKING:
    from redis.asyncio import Redis
    from redis.asyncio.client import PubSub

log = get_logger(__name__)

CHANNEL = "yilian:realtime"


class Sink(Protocol):
    """One open connection's outgoing queue; ``offer`` never blocks."""

    def offer(self, message: dict[str, Any]) -> None: ...


class Hub:
    def __init__(self) -> None:
        self._sinks: dict[uuid.UUID, set[Sink]] = {}
        self._redis: Redis | None = None
        self._listener: asyncio.Task[None] | None = None

    # --- connections of this process ----------------------------------------------------------

    def attach(self, user_id: uuid.UUID, sink: Sink) -> None:
        self._sinks.setdefault(user_id, set()).add(sink)

    def detach(self, user_id: uuid.UUID, sink: Sink) -> None:
        sinks = self._sinks.get(user_id)
        if sinks is not None:
            sinks.discard(sink)
            if not sinks:
                del self._sinks[user_id]

    def connected_here(self, user_id: uuid.UUID) -> bool:
        return user_id in self._sinks

    def connection_count(self) -> int:
        return sum(len(s) for s in self._sinks.values())

    def _deliver_here(self, user_ids: Iterable[uuid.UUID], message: dict[str, Any]) -> None:
        for user_id in user_ids:
            for sink in list(self._sinks.get(user_id, ())):
                sink.offer(message)

    # --- publishing -----------------------------------------------------------------------------

    async def publish(self, user_ids: Iterable[uuid.UUID], message: dict[str, Any]) -> None:
        users = list(user_ids)
        if not users:
            return
        if self._redis is None:
            self._deliver_here(users, message)
            return
        envelope = orjson.dumps({"u": [str(u) for u in users], "m": message})
        await self._redis.publish(CHANNEL, envelope)

    # --- shared fan-out through Redis ----------------------------------------------------------

    async def start(self, redis_url: str | None) -> None:
        if not redis_url or self._redis is not None:
            return
        from redis.asyncio import Redis

        self._redis = Redis.from_url(redis_url)
        pubsub = self._redis.pubsub(ignore_subscribe_messages=True)
        await pubsub.subscribe(CHANNEL)
        self._listener = asyncio.create_task(self._listen(pubsub), name="realtime-listener")

    async def _listen(self, pubsub: PubSub) -> None:
        while True:
            try:
                async for item in pubsub.listen():
                    data = orjson.loads(item["data"])
                    self._deliver_here((uuid.UUID(u) for u in data["u"]), data["m"])
            except asyncio.CancelledError:
                raise
            except Exception:  # Redis restarted: subscribe again; clients replay by cursor
                log.exception("realtime.listener_failed")
                await asyncio.sleep(1)
                try:
                    await pubsub.subscribe(CHANNEL)
                except Exception:
                    log.exception("realtime.resubscribe_failed")

    async def stop(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._listener
            self._listener = None
        if self._redis is not None:
            await self._redis.aclose()
            self._redis = None


hub = Hub()


@subscribe_push("realtime")
async def push_to_recipients(event: Event) -> None:
    if event.recipients:
        await hub.publish(event.recipients, {"type": "event", **event.public()})


# --- messages from clients ------------------------------------------------------------------------

ClientHandler = Callable[[Any, dict[str, Any]], Awaitable[dict[str, Any] | None]]
_client_handlers: dict[str, ClientHandler] = {}


def on_client_message(message_type: str) -> Callable[[ClientHandler], ClientHandler]:
    """Register the handler of one type of message a client sends over its WebSocket.

    The handler gets the connection's context (actor, app) and the message, and may return a
    reply for the sender. Feature modules register here (video signalling, typing, ...).
    """

    def register(fn: ClientHandler) -> ClientHandler:
        if message_type in _client_handlers:
            raise ValueError(f"client message {message_type} registered twice")
        _client_handlers[message_type] = fn
        return fn

    return register


def client_handler(message_type: str) -> ClientHandler | None:
    return _client_handlers.get(message_type)
