"""A request whose transaction PostgreSQL aborted as a deadlock victim or a serialization failure
is run again, whole, a few times with jitter.

That is safe because a request's effects are its transaction (events go through the outbox,
files are content-addressed): when the database rolled it back, nothing of it remains. It is
done only while nothing of the response has been sent and for bodies that were read whole (the
body limit bounds them), and never for the streaming upload protocol.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable

from prometheus_client import Counter
from sqlalchemy.exc import DBAPIError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from yilian.core.logging import get_logger

log = get_logger(__name__)

RETRYABLE_SQLSTATES = frozenset({"40P01", "40001"})  # deadlock_detected, serialization_failure
ATTEMPTS = 4
BASE_DELAY = 0.02  # seconds; attempt n waits up to BASE_DELAY * 2**n
RETRIES = Counter("yilian_transaction_retries_total",
                  "Requests run again after a deadlock or serialization failure", ["outcome"])


def is_retryable(exc: BaseException | None) -> bool:
    """A deadlock or serialization failure anywhere in the exception's chain."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, DBAPIError):
            orig = exc.orig
            code = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
            if code in RETRYABLE_SQLSTATES:
                return True
        exc = exc.__cause__ or exc.__context__
    return False


def _replay(messages: list[Message], receive: Receive) -> Callable[[], Awaitable[Message]]:
    pending = iter(messages)

    async def replayed() -> Message:
        try:
            return next(pending)
        except StopIteration:
            return await receive()  # the client's disconnect, if it comes

    return replayed


class RetryTransactionMiddleware:
    def __init__(self, app: ASGIApp, no_retry_content_types: tuple[bytes, ...] = ()) -> None:
        self.app = app
        self.no_retry_content_types = no_retry_content_types

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        content_type = dict(scope.get("headers") or []).get(b"content-type", b"")
        if content_type.startswith(self.no_retry_content_types):
            return await self.app(scope, receive, send)

        messages: list[Message] = []
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request" or not message.get("more_body"):
                break

        for attempt in range(ATTEMPTS):
            started = False

            async def sending(message: Message) -> None:
                nonlocal started
                started = True
                await send(message)

            try:
                await self.app(scope, _replay(messages, receive), sending)
                if attempt:
                    RETRIES.labels("succeeded").inc()
                return
            except Exception as exc:
                if started or attempt == ATTEMPTS - 1 or not is_retryable(exc):
                    if attempt and is_retryable(exc):
                        RETRIES.labels("gave-up").inc()
                    raise
                log.warning("transaction.retry", path=scope["path"], attempt=attempt + 1)
                await asyncio.sleep(random.uniform(0, BASE_DELAY * 2 ** attempt))
