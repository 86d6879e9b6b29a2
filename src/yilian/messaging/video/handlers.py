"""Event subscribers, periodic tasks, WebSocket message handlers and the disconnect hook of
video calls."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from yilian.core import jobs
from yilian.core.clock import FrozenClock
from yilian.core.events import Event, subscribe, subscribe_push
from yilian.core.gateway import Connection, on_disconnect
from yilian.core.jobs import JobContext, job
from yilian.core.realtime import hub, on_client_message
from yilian.core.scheduler import periodic
from yilian.files import service as files
from yilian.messaging.video import recording, service, sfu
from yilian.messaging.video.models import EndReason, GrantEnd

# Janus's side of an ended attendance (tokens, the room, a recording) is done by jobs: they
# have the settings that say where Janus is, and a retry when it does not answer.
SFU_CLOSE = "video.sfu_close"
SFU_REVOKE = "video.sfu_revoke"

files.register_reader(recording.ENTITY, recording.may_read)

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
        user_id = event.payload["user_id"]
        await service.end_for_user(db, at, None, uuid.UUID(user_id), reason, conversation_id)
        jobs.enqueue_after_commit(db, SFU_REVOKE, [{"conversation_id": str(conversation_id),
                                                    "user_id": user_id}])
    else:
        await service.end_attendance_of_room(db, at, conversation_id, reason)
        jobs.enqueue_after_commit(db, SFU_CLOSE, [{"conversation_id": str(conversation_id)}])


@job(SFU_REVOKE)
async def sfu_revoke(ctx: JobContext, conversation_id: str, user_id: str) -> None:
    async with ctx.sessionmaker() as db:
        await sfu.revoke_for(db, ctx.clock, ctx.settings, uuid.UUID(conversation_id),
                             uuid.UUID(user_id), GrantEnd.removed)
        await db.commit()


@job(SFU_CLOSE)
async def sfu_close(ctx: JobContext, conversation_id: str) -> None:
    async with ctx.sessionmaker() as db:
        stopped = await service.close_sfu_room(db, ctx.clock, ctx.settings,
                                               uuid.UUID(conversation_id))
        if stopped is not None:
            _process_later(db, stopped)
        await db.commit()


def _process_later(db: AsyncSession, recording_id: uuid.UUID) -> None:
    jobs.enqueue_after_commit(db, recording.PROCESS_JOB, [{"recording_id": str(recording_id)}])


@job(recording.PROCESS_JOB, max_retries=2)
async def process_recording(ctx: JobContext, recording_id: str) -> None:
    async with ctx.sessionmaker() as db:
        await recording.process(db, ctx.clock, ctx.settings, uuid.UUID(recording_id))


@subscribe_push("video.presence", kinds={"video.joined", "video.left"})
async def push_presence(event: Event) -> None:
    joined = event.kind == "video.joined"
    await hub.publish(event.recipients, service.presence_message(event.payload, joined))
    reason = event.payload.get("reason")
    if reason in (EndReason.removed, EndReason.closed):
        await hub.publish([uuid.UUID(event.payload["user_id"])], {
            "type": "video.removed", "conversation_id": event.payload["conversation_id"],
            "reason": reason})


@on_client_message("video.stats")
async def stats(conn: Connection, message: dict[str, Any]) -> None:
    async with conn.app.state.sessionmaker() as db:
        await service.relay_stats(db, conn.app.state.clock, conn.actor, message)


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


@periodic("video.sfu_sweep", every=timedelta(seconds=30))
async def sfu_sweep(ctx: JobContext) -> None:
    """Tokens past their time or of links that did not come back; recordings whose files were
    not made (a job lost in a restart)."""
    if not ctx.settings.sfu_configured:
        return
    async with ctx.sessionmaker() as db:
        if await sfu.sweep(db, ctx.clock, ctx.settings):
            await db.commit()
        for recording_id in await recording.unprocessed(db, ctx.clock):
            await recording.process(db, ctx.clock, ctx.settings, recording_id)
