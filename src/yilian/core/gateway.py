"""The WebSocket gateway (/api/v1/ws): one authenticated connection per client session.

Protocol (JSON text frames):

- server → client on open: ``{"type": "hello", "cursor": <latest event cursor of the user>,
  "heartbeat": <seconds>}``; then, when the client came back with ``?cursor=N``, every event for
  the user after N in order (``{"type": "event", ...}``), or ``{"type": "reset", "cursor": ...}``
  when more than ``MAX_REPLAY`` were missed (the client reloads its views instead);
- then live messages from the realtime hub: events, and messages that are not kept (video
  signalling and presence);
- ``{"type": "ping"}`` every heartbeat; the client answers ``{"type": "pong"}``. A client silent
  for three heartbeats is closed (4408), and the session is checked again at each heartbeat;
- client → server: ``{"type": "ping"}`` (answered with a pong) or a message type a feature module
  registered with ``core.realtime.on_client_message``; errors come back as
  ``{"type": "error", "code": ..., "request": <type>}``.

Close codes: 4401 no valid session (the reason is the problem code), 4408 heartbeat missed,
4409 the client reads too slowly (it reconnects with its cursor and replays).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import orjson
from fastapi import FastAPI, WebSocket
from sqlalchemy import func, select
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.websockets import WebSocketDisconnect, WebSocketState

from yilian.core import audit
from yilian.core.authz import API_PREFIX, Actor, NotSignedIn, PolicyRouter, signed_in
from yilian.core.errors import Problem, Unauthenticated
from yilian.core.events import Event, EventRecipient, OutboxEvent
from yilian.core.logging import get_logger
from yilian.core.realtime import client_handler, hub

log = get_logger(__name__)

router = PolicyRouter(prefix=API_PREFIX, tags=["realtime"])
POLICY = signed_in("open the realtime connection")

MAX_REPLAY = 1000
# Messages waiting for one connection; a client that falls this far behind is closed (4409)
# and replays from its cursor, instead of holding the process's memory.
QUEUE_MAX = 1000
MAX_FRAME = 64 * 1024  # an SDP offer is a few kilobytes
MISSED_HEARTBEATS = 3

CLOSE_UNAUTHENTICATED = 4401
CLOSE_HEARTBEAT = 4408
CLOSE_TOO_SLOW = 4409


@dataclass
class Connection:
    """What a client-message handler and a disconnect hook are told about the connection."""

    id: uuid.UUID
    actor: Actor
    app: FastAPI
    send: Callable[[dict[str, Any]], Awaitable[None]]


DisconnectHook = Callable[[Connection], Awaitable[None]]
_disconnect_hooks: list[DisconnectHook] = []


def on_disconnect(fn: DisconnectHook) -> DisconnectHook:
    """Register a coroutine called after a connection closed (e.g. video leaves its rooms)."""
    _disconnect_hooks.append(fn)
    return fn


class _Sink:
    """The connection's side of the hub: a bounded queue that never blocks the publisher."""

    def __init__(self) -> None:
        self.queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(QUEUE_MAX)
        self.overflowed = False

    def offer(self, message: dict[str, Any]) -> None:
        try:
            self.queue.put_nowait(message)
        except asyncio.QueueFull:
            self.overflowed = True


class _Closed(Exception):
    def __init__(self, code: int, reason: str) -> None:
        super().__init__(reason)
        self.code, self.reason = code, reason


def _cross_site(ws: WebSocket) -> bool:
    """A cookie-authenticated socket must come from a page of this site: browsers send cookies
    with a WebSocket opened by any site (cross-site WebSocket hijacking)."""
    origin, host = ws.headers.get("origin"), ws.headers.get("host")
    if not origin or not host:
        return True
    return urlsplit(origin).netloc.lower() != host.lower()


async def _authenticate(ws: WebSocket) -> Actor:
    app = ws.app
    if "authorization" not in ws.headers and ws.cookies and _cross_site(ws):
        raise Unauthenticated("the Origin of a cookie-authenticated WebSocket must be this site",
                              code="cross-site-websocket")
    async with app.state.sessionmaker() as db:
        actor: Actor | None = await app.state.resolve_actor(ws, db)
    if actor is None:
        raise NotSignedIn("sign in before opening the realtime connection")
    if actor.totp_enrolment_pending:
        raise Unauthenticated("set up two-factor sign-in first", code="totp-enrolment-required")
    return actor


async def _audit_refusal(ws: WebSocket, actor: Actor | None, problem: Problem,
                         action: str) -> None:
    entity_type, entity_id = problem.audit_entity or ("route", f"WS {API_PREFIX}/ws")
    async with ws.app.state.sessionmaker() as db:
        await audit.record(
            db, ws.app.state.clock, actor, action, entity_type=entity_type, entity_id=entity_id,
            outcome="denied", ip=ws.client.host if ws.client else None,
            subject_org_id=problem.audit_subject_org, detail={"code": problem.code},
        )
        await db.commit()


def _parse_cursor(ws: WebSocket) -> int | None:
    raw = ws.query_params.get("cursor")
    if raw is None or raw == "":
        return None
    if not raw.isdigit() or len(raw) > 18:
        raise _Closed(1008, "cursor must be a non-negative integer")
    return int(raw)


async def _latest_and_missed(app: FastAPI, user_id: uuid.UUID,
                             after: int | None) -> tuple[int, list[Event] | None]:
    """The user's latest cursor, and the events after ``after`` (None: too many to replay)."""
    async with app.state.sessionmaker() as db:
        latest = (await db.execute(
            select(func.max(EventRecipient.seq)).where(EventRecipient.user_id == user_id)
        )).scalar() or 0
        if after is None or after >= latest:
            return latest, []
        rows = (await db.execute(
            select(OutboxEvent)
            .join(EventRecipient, EventRecipient.seq == OutboxEvent.seq)
            .where(EventRecipient.user_id == user_id, OutboxEvent.seq > after)
            .order_by(OutboxEvent.seq)
            .limit(MAX_REPLAY + 1)
        )).scalars().all()
    if len(rows) > MAX_REPLAY:
        return latest, None
    return latest, [Event(r.seq, r.id, r.kind, r.at, r.entity_type, r.entity_id, r.payload or {})
                    for r in rows]


class _Session:
    """One open connection: a receiver, and a sender that also keeps the heartbeat.

    Only the sender writes to the socket, everything else queues for it: two tasks per
    connection and no lock, because thousands of idle connections are the common case and each
    task and lock costs memory (docs/decisions/0011).
    """

    def __init__(self, ws: WebSocket, actor: Actor) -> None:
        self.ws = ws
        self.app: FastAPI = ws.app
        self.interval = float(self.app.state.settings.ws_heartbeat_seconds)
        self.sink = _Sink()
        self.replayed: set[int] = set()
        self.last_heard = time.monotonic()
        self.conn = Connection(uuid.uuid4(), actor, self.app, self.send)

    async def send(self, message: dict[str, Any]) -> None:
        """Queue a message for this client behind what is already waiting."""
        self.sink.offer(message)

    async def _write(self, message: dict[str, Any]) -> None:
        await self.ws.send_text(orjson.dumps(message).decode())

    async def run(self, after: int | None) -> None:
        user_id = self.conn.actor.user_id
        # Attached before reading the database: what is published meanwhile waits in the queue,
        # so nothing falls between the replay and the live stream.
        hub.attach(user_id, self.sink)
        try:
            latest, missed = await _latest_and_missed(self.app, user_id, after)
            await self._write({"type": "hello", "cursor": latest, "heartbeat": self.interval})
            if missed is None:
                await self._write({"type": "reset", "cursor": latest})
            else:
                for ev in missed:
                    self.replayed.add(ev.seq)
                    await self._write({"type": "event", **ev.public()})
            await self._serve()
        finally:
            hub.detach(user_id, self.sink)
            for hook in list(_disconnect_hooks):
                try:
                    await hook(self.conn)
                except Exception:
                    log.exception("gateway.disconnect_hook_failed", hook=hook.__qualname__)

    async def _serve(self) -> None:
        tasks = [asyncio.create_task(self._forward()), asyncio.create_task(self._receive())]
        try:
            done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in tasks:
                task.cancel()
            for task in tasks:
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
        for task in done:
            err = task.exception()
            if isinstance(err, _Closed):
                await _close(self.ws, err.code, err.reason)
            elif err is None or isinstance(err, WebSocketDisconnect | OSError):
                pass  # the client went away
            else:
                log.error("gateway.failed", error=repr(err))
                await _close(self.ws, 1011, "server-error")

    async def _forward(self) -> None:
        loop = asyncio.get_running_loop()
        next_beat = loop.time() + self.interval
        while True:
            if self.sink.overflowed:
                raise _Closed(CLOSE_TOO_SLOW, "too slow")
            try:
                async with asyncio.timeout_at(next_beat):
                    message = await self.sink.queue.get()
            except TimeoutError:
                await self._beat()
                next_beat = loop.time() + self.interval
                continue
            if message.get("type") == "event" and message.get("cursor") in self.replayed:
                continue
            await self._write(message)

    async def _beat(self) -> None:
        if time.monotonic() - self.last_heard > MISSED_HEARTBEATS * self.interval:
            raise _Closed(CLOSE_HEARTBEAT, "heartbeat missed")
        try:
            self.conn.actor = await _authenticate(self.ws)
        except Problem as problem:
            raise _Closed(CLOSE_UNAUTHENTICATED, problem.code) from None
        await self._write({"type": "ping"})

    async def _receive(self) -> None:
        while True:
            frame = await self.ws.receive()
            if frame["type"] == "websocket.disconnect":
                raise WebSocketDisconnect(frame.get("code", 1000))
            self.last_heard = time.monotonic()
            raw = frame.get("text")
            if raw is None:  # a binary frame: the protocol is JSON text
                await self.send({"type": "error", "code": "malformed"})
                continue
            if len(raw) > MAX_FRAME:
                await self.send({"type": "error", "code": "too-large"})
                continue
            try:
                message = orjson.loads(raw)
            except orjson.JSONDecodeError:
                await self.send({"type": "error", "code": "malformed"})
                continue
            if not isinstance(message, dict) or not isinstance(message.get("type"), str):
                await self.send({"type": "error", "code": "malformed"})
                continue
            await self._dispatch(message)

    async def _dispatch(self, message: dict[str, Any]) -> None:
        kind = message["type"][:64]
        if kind == "pong":
            return
        if kind == "ping":
            await self.send({"type": "pong"})
            return
        handler = client_handler(kind)
        if handler is None:
            await self.send({"type": "error", "code": "unknown-type", "request": kind})
            return
        try:
            reply = await handler(self.conn, message)
        except Problem as problem:
            if problem.audited:
                await _audit_refusal(self.ws, self.conn.actor, problem, f"ws {kind}")
            await self.send({"type": "error", "code": problem.code, "request": kind,
                             "detail": problem.detail or problem.title_en})
            return
        except Exception:
            log.exception("gateway.handler_failed", type=kind)
            await self.send({"type": "error", "code": "server-error", "request": kind})
            return
        if reply is not None:
            await self.send(reply)


async def _close(ws: WebSocket, code: int, reason: str) -> None:
    if ws.application_state == WebSocketState.CONNECTED:
        with contextlib.suppress(Exception):
            await ws.close(code=code, reason=reason[:120])


async def realtime(websocket: WebSocket) -> None:
    # Accepted before refusing: a close code and reason reach the client only on an open socket.
    await websocket.accept()
    try:
        after = _parse_cursor(websocket)
        actor = await _authenticate(websocket)
    except _Closed as closed:
        await _close(websocket, closed.code, closed.reason)
        return
    except Problem as problem:
        if problem.audited:
            await _audit_refusal(websocket, None, problem, POLICY.name)
        await _close(websocket, CLOSE_UNAUTHENTICATED, problem.code)
        return
    # The client going away mid-send ends the connection like a close does.
    with contextlib.suppress(WebSocketDisconnect, RuntimeError, OSError):
        await _Session(websocket, actor).run(after)


router.add_api_websocket_route("/ws", realtime)
# PolicyRouter has no websocket decorator; the policy is attached here so the route is seen
# (and checked) like every other: signed in, enforced by _authenticate above.
router.routes[-1].policy = POLICY  # type: ignore[attr-defined]


class GatewayFirst:
    """ASGI middleware that hands connections to /api/v1/ws straight to the gateway.

    The route above stays registered (its policy is checked and documented like every other),
    but a connection that went through the middleware and routing layers would keep each layer's
    frame alive for as long as it stays open; with thousands of idle sockets that was a measured
    part of the memory per connection (docs/decisions/0011). None of those layers acts on a
    WebSocket anyway (they are for HTTP requests).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.path = f"{API_PREFIX}/ws"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket" and scope["path"] == self.path:
            await realtime(WebSocket(scope, receive, send))
            return
        await self.app(scope, receive, send)
