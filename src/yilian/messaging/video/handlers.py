"""Event subscribers, periodic tasks, WebSocket message handlers and the disconnect hook of
video calls."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from yilian.core.clock import FrozenClock
from yilian.core.events import Event, subscribe, subscribe_push
from yilian.core.gateway import Connection, on_disconnect
from yilian.core.jobs import JobContext
from yilian.core.realtime import hub, on_client_message
from yilian.core.scheduler import periodic
from yilian.messaging.video import service
from yilian.messaging.video.models import EndReason

# A removed participant, or a closed case, ends the call for them at once.
_END_REASONS = {"conversation.participant_removed": EndReason.removed,
                "conversation.closed": EndReason.closed}


@subscribe("video.end_attendance", kinds=set(_END_REASONS))
async def end_attendance(db, event: Event) -> None:
    # Ended when its cause happened, even if the relay delivers the event a little later.
    at = FrozenClock(event.at)
    conversation_id = uuid.UUID(event.payload["conversation_id"])
    reason = _END_REASONS[event.kind]
    if reason == EndReason.removed:
        await service.end_for_user(db, at, None, uuid.UUID(event.payload["user_id"]), reason,
                                   conversation_id)
    else:
        await service.end_room(db, at, conversation_id, reason)


@subscribe_push("video.presence", kinds={"video.joined", "video.left"})
async def push_presence(event: Event) -> None:
    joined = event.kind == "video.joined"
    await hub.publish(event.recipients, service.presence_message(event.payload, joined))
    reason = event.payload.get("reason")
    if reason in (EndReason.removed, EndReason.closed):
        await hub.publish([uuid.UUID(event.payload["user_id"])], {
            "type": "video.removed", "conversation_id": event.payload["conversation_id"],
            "reason": reason})


@on_client_message("video.signal")
async def signal(conn: Connection, message: dict[str, Any]) -> None:
    async with conn.app.state.sessionmaker() as db:
        await service.relay_signal(db, conn.actor, message)


@on_disconnect
async def leave_on_disconnect(conn: Connection) -> None:
    # Another tab of the user on this process may be the one in the call. (Across processes
    # it cannot be told; the call's client joins again when its presence says it left.)
    if hub.connected_here(conn.actor.user_id):
        return
    async with conn.app.state.sessionmaker() as db:
        if await service.end_for_user(db, conn.app.state.clock, conn.actor, conn.actor.user_id,
                                      EndReason.disconnected):
            await db.commit()


@periodic("video.end_stale_attendance", every=timedelta(minutes=10))
async def end_stale_attendance(ctx: JobContext) -> None:
    async with ctx.sessionmaker() as db:
        if await service.end_stale(db, ctx.clock):
            await db.commit()
