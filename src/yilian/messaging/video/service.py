"""Video calls in a case's conversation: ICE servers, joining and leaving, signalling.

The room of a call is the case's conversation, so who may join is who takes part in the case
now (conversations.require_participant). A room is a mesh (two to four, media peer to peer,
docs/decisions/0009: the server only relays signalling between people who are both in the room)
or, for an MDT session or a larger room, an SFU room through Janus (sfu.py, decision 0021). Either
way the server records who was in the call when (attendance).

Every change of a room emits "video.joined" / "video.left" about the case (its modules may
react); the push subscriber in handlers.py turns them into presence messages for the room.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import uuid
from datetime import timedelta
from typing import Any

import orjson
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from yilian.alliance import service as alliance
from yilian.core import audit, events
from yilian.core.authz import Actor
from yilian.core.clock import Clock
from yilian.core.errors import Conflict, ValidationFailed
from yilian.core.realtime import hub
from yilian.identity import service as identity
from yilian.messaging.conversations import service as conversations
from yilian.messaging.conversations.models import ConversationState
from yilian.messaging.video import recording, sfu
from yilian.messaging.video.models import Attendance, EndReason, GrantEnd, RoomMode
from yilian.messaging.video.schemas import (
    AttendanceOut,
    IceServer,
    IceServersOut,
    JoinOut,
    PeerOut,
    PresentOut,
    RoomOut,
    SfuJoin,
)
from yilian.messaging.video.sfu import NotInRoom, PeerNotInRoom
from yilian.settings import Settings

ENTITY = "conversation"
HISTORY_LIMIT = 200
MAX_SIGNAL_BYTES = 32 * 1024
# An attendance still open after this long belongs to a process that died mid-call.
STALE_AFTER = timedelta(hours=8)


class RoomClosed(Conflict):
    code = "room-closed"
    title_zh = "会话已关闭，不能再发起视频"
    title_en = "The conversation is closed; no more calls"


class RoomFull(Conflict):
    code = "room-full"
    title_zh = "视频人数已满；更多人的多学科会诊需通过 SFU 会议室"
    title_en = "The call is full; larger MDT rooms need the SFU"


# --- ICE servers -----------------------------------------------------------------------------


def turn_credentials(secret: str, user_id: uuid.UUID, expires_at: int) -> tuple[str, str]:
    """coturn's REST API scheme (use-auth-secret / static-auth-secret): the username is
    "<expiry unix time>:<user>", the password base64(HMAC-SHA1(secret, username))."""
    username = f"{expires_at}:{user_id}"
    digest = hmac.new(secret.encode(), username.encode(), hashlib.sha1).digest()
    return username, base64.b64encode(digest).decode()


def ice_servers(settings: Settings, clock: Clock, user_id: uuid.UUID) -> IceServersOut:
    servers = [IceServer(urls=list(settings.stun_urls))] if settings.stun_urls else []
    if settings.turn_urls and settings.turn_secret:
        expires = int(clock.now().timestamp()) + settings.turn_ttl_seconds
        username, credential = turn_credentials(settings.turn_secret, user_id, expires)
        servers.append(IceServer(urls=list(settings.turn_urls), username=username,
                                 credential=credential))
    return IceServersOut(ice_servers=servers, ttl_seconds=settings.turn_ttl_seconds)


# --- rooms -----------------------------------------------------------------------------------


async def _present(db: AsyncSession, conversation_id: uuid.UUID) -> list[Attendance]:
    return list((await db.execute(
        select(Attendance).where(Attendance.conversation_id == conversation_id,
                                 Attendance.left_at.is_(None))
        .order_by(Attendance.joined_at, Attendance.user_id)
    )).scalars())


async def present_ids(db: AsyncSession, conversation_id: uuid.UUID) -> set[uuid.UUID]:
    """Who is in the conversation's call now."""
    return {a.user_id for a in await _present(db, conversation_id)}


async def _lock_room(db: AsyncSession, conversation_id: uuid.UUID) -> None:
    """Joins of one room one at a time, so two cannot both take its last place (SQLite has
    one writer anyway)."""
    if db.get_bind().dialect.name == "postgresql":
        key = int.from_bytes(conversation_id.bytes[:8], "big", signed=True)
        await db.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": key})


async def _peers(db: AsyncSession, rows: list[Attendance]) -> list[PeerOut]:
    names = await identity.display_names(db, {a.user_id for a in rows})
    return [PeerOut(user_id=a.user_id, display_name=names.get(a.user_id, ""),
                    joined_at=a.joined_at) for a in rows]


async def _announce(db: AsyncSession, clock: Clock, kind: str, a: Attendance,
                    reason: EndReason | None = None) -> None:
    payload: dict[str, Any] = {
        "conversation_id": str(a.conversation_id), "user_id": str(a.user_id),
        "attendance_id": str(a.id),
        "peers": [str(u) for u in sorted(await present_ids(db, a.conversation_id), key=str)],
    }
    if reason is not None:
        payload["reason"] = str(reason)
    recipients = await conversations.participant_ids(db, a.conversation_id) | {a.user_id}
    await events.emit(db, clock, kind, entity_type=a.case_type, entity_id=a.case_id,
                      payload=payload, recipients=recipients)


async def join(db: AsyncSession, clock: Clock, settings: Settings, actor: Actor,
               conversation_id: uuid.UUID) -> JoinOut:
    ref = await conversations.require_participant(db, actor, conversation_id)
    if ref.state != ConversationState.open:
        raise RoomClosed("the case's conversation is closed")
    await _lock_room(db, conversation_id)
    room_row = await sfu.fix_mode(db, clock, settings, ref)
    mesh = room_row.mode == RoomMode.mesh
    present = await _present(db, conversation_id)
    mine = next((a for a in present if a.user_id == actor.user_id), None)
    others = [a for a in present if a.user_id != actor.user_id]
    sfu_join = None
    if not mesh:
        if not settings.sfu_configured:
            raise sfu.SfuUnavailable("this call's room is an SFU room and no SFU is configured")
        grant = await sfu.admit(db, clock, settings, room_row, ref, actor.user_id)
        assert settings.janus_ws_url is not None
        sfu_join = SfuJoin(url=settings.janus_ws_url, room=grant.janus_room, token=grant.token,
                           publisher_id=grant.publisher_id, display=str(actor.user_id),
                           expires_at=grant.expires_at)
    if mine is None:
        if mesh and len(others) + 1 > settings.mesh_max_participants:
            raise RoomFull(
                f"a call in a conversation takes at most {settings.mesh_max_participants} "
                "people (peer to peer); larger MDT sessions need the SFU room",
                max_participants=settings.mesh_max_participants,
            )
        mine = Attendance(id=uuid.uuid4(), conversation_id=conversation_id,
                          case_type=str(ref.case_type), case_id=ref.case_id,
                          user_id=actor.user_id, joined_at=clock.now())
        db.add(mine)
        await db.flush()
        await audit.record(db, clock, actor, "video.join", entity_type=ENTITY,
                           entity_id=conversation_id, subject_org_id=ref.subject_org_id,
                           detail={"attendance_id": str(mine.id)})
        await _announce(db, clock, "video.joined", mine)
    # Joining again while present (a reloaded page) keeps the attendance as it is.
    peers = await _peers(db, others)
    await db.commit()
    ice = ice_servers(settings, clock, actor.user_id)
    return JoinOut(conversation_id=conversation_id, attendance_id=mine.id, peers=peers,
                   ice_servers=ice.ice_servers, ttl_seconds=ice.ttl_seconds,
                   max_participants=settings.mesh_max_participants, mode=room_row.mode,
                   sfu=sfu_join)


async def _end(db: AsyncSession, clock: Clock, actor: Actor | None, rows: list[Attendance],
               reason: EndReason) -> None:
    now = clock.now()
    for a in rows:
        a.left_at, a.end_reason = now, reason
    await db.flush()
    for a in rows:
        await audit.record(db, clock, actor, "video.leave", entity_type=ENTITY,
                           entity_id=a.conversation_id,
                           detail={"attendance_id": str(a.id), "user_id": str(a.user_id),
                                   "reason": str(reason)})
        await _announce(db, clock, "video.left", a, reason)


async def leave(db: AsyncSession, clock: Clock, settings: Settings, actor: Actor,
                conversation_id: uuid.UUID) -> RoomOut:
    """Hang up (and give back one's SFU token); leaving a call one is not in changes nothing."""
    await conversations.require_participant(db, actor, conversation_id)
    mine = [a for a in await _present(db, conversation_id) if a.user_id == actor.user_id]
    await _end(db, clock, actor, mine, EndReason.left)
    await sfu.revoke_for(db, clock, settings, conversation_id, actor.user_id, GrantEnd.left)
    await db.commit()
    return await room(db, settings, actor, conversation_id)


async def _present_out(db: AsyncSession, conversation_id: uuid.UUID, rows: list[Attendance]
                       ) -> list[PresentOut]:
    users = {a.user_id for a in rows}
    names = await identity.display_names(db, users)
    roles = await conversations.participant_roles(db, conversation_id)
    homes = await identity.home_organisations(db, users)
    org_names = await alliance.names(db, set(homes.values()))
    grants = await sfu.grants_by_user(db, conversation_id)
    out = []
    for a in rows:
        g = grants.get(a.user_id)
        home = homes.get(a.user_id)
        out.append(PresentOut(
            user_id=a.user_id, display_name=names.get(a.user_id, ""), joined_at=a.joined_at,
            role_label=roles.get(a.user_id), organisation=org_names.get(home) if home else None,
            hand_raised_at=g.hand_raised_at if g else None, muted=bool(g and g.muted),
            sharing_screen=bool(g and g.sharing_screen),
            publisher_id=g.publisher_id if g else None))
    return out


async def room(db: AsyncSession, settings: Settings, actor: Actor,
               conversation_id: uuid.UUID) -> RoomOut:
    ref = await conversations.require_participant(db, actor, conversation_id)
    history = list((await db.execute(
        select(Attendance).where(Attendance.conversation_id == conversation_id)
        .order_by(Attendance.joined_at.desc(), Attendance.id).limit(HISTORY_LIMIT)
    )).scalars())
    present = await _present(db, conversation_id)
    names = await identity.display_names(db, {a.user_id for a in history})
    room_row = await sfu.room_of(db, conversation_id)
    chairs = await sfu.chair_ids(db, ref)
    return RoomOut(
        conversation_id=conversation_id, case_type=str(ref.case_type), case_id=ref.case_id,
        open=ref.state == ConversationState.open, mode=room_row.mode if room_row else None,
        present=await _present_out(db, conversation_id, present),
        history=[AttendanceOut(id=a.id, user_id=a.user_id,
                               display_name=names.get(a.user_id, ""), joined_at=a.joined_at,
                               left_at=a.left_at, end_reason=a.end_reason) for a in history],
        max_participants=settings.mesh_max_participants,
        spotlight_user_id=room_row.spotlight_user_id if room_row else None,
        chair=actor.user_id in chairs, chair_ids=sorted(chairs, key=str),
        recording=await recording.out(db, actor, await recording.latest(db, conversation_id)),
    )


async def controls(db: AsyncSession, actor: Actor, conversation_id: uuid.UUID, *,
                   chair: bool) -> sfu.Control:
    """The room for a room control: the caller takes part in the case, the room is an SFU room,
    the caller is in the call (and chairs it when ``chair``)."""
    ref = await conversations.require_participant(db, actor, conversation_id)
    # One control of a room at a time, like joins: two starts of a recording cannot both pass.
    await _lock_room(db, conversation_id)
    return await sfu.control(db, actor, conversation_id, await present_ids(db, conversation_id),
                             ref, chair=chair)


# --- ends not chosen by the user (the caller commits) ------------------------------------------


async def end_for_user(db: AsyncSession, clock: Clock, actor: Actor | None,
                       user_id: uuid.UUID, reason: EndReason,
                       conversation_id: uuid.UUID | None = None) -> int:
    """End the user's attendance (in one conversation, or everywhere); returns how many."""
    stmt = select(Attendance).where(Attendance.user_id == user_id, Attendance.left_at.is_(None))
    if conversation_id is not None:
        stmt = stmt.where(Attendance.conversation_id == conversation_id)
    rows = list((await db.execute(stmt)).scalars())
    await _end(db, clock, actor, rows, reason)
    return len(rows)


async def end_attendance_of_room(db: AsyncSession, clock: Clock, conversation_id: uuid.UUID,
                                 reason: EndReason) -> int:
    rows = await _present(db, conversation_id)
    await _end(db, clock, None, rows, reason)
    return len(rows)


async def close_sfu_room(db: AsyncSession, clock: Clock, settings: Settings,
                         conversation_id: uuid.UUID) -> uuid.UUID | None:
    """An SFU room taken down with its recording stopped (the conversation closed); returns the
    stopped recording, whose files are yet to be made. The caller commits."""
    room_row = await sfu.room_of(db, conversation_id)
    stopped = await recording.stop_on_close(db, clock, settings, conversation_id,
                                            room_row.janus_secret if room_row else None)
    await sfu.close_room(db, clock, settings, conversation_id)
    return stopped


async def end_stale(db: AsyncSession, clock: Clock) -> int:
    rows = list((await db.execute(select(Attendance).where(
        Attendance.left_at.is_(None), Attendance.joined_at < clock.now() - STALE_AFTER
    ))).scalars())
    await _end(db, clock, None, rows, EndReason.expired)
    return len(rows)


# --- signalling --------------------------------------------------------------------------------


def _uuid(message: dict[str, Any], field: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(message.get(field)))
    except ValueError:
        raise ValidationFailed.field(field, "must be a UUID") from None


async def relay_signal(db: AsyncSession, actor: Actor, message: dict[str, Any]) -> None:
    """Pass an SDP description or ICE candidate to another person in the same call. Both must
    be current participants of the case and in the call now."""
    conversation_id, to = _uuid(message, "conversation_id"), _uuid(message, "to")
    data = message.get("data")
    if not isinstance(data, dict) or not data:
        raise ValidationFailed.field("data", "must be an object (an SDP description or an ICE "
                                             "candidate)")
    if len(orjson.dumps(data)) > MAX_SIGNAL_BYTES:
        raise ValidationFailed.field("data", f"must be at most {MAX_SIGNAL_BYTES} bytes")
    await conversations.require_participant(db, actor, conversation_id)
    present = await present_ids(db, conversation_id)
    if actor.user_id not in present:
        raise NotInRoom("join the call before signalling")
    if to == actor.user_id or to not in present or to not in await conversations.participant_ids(
        db, conversation_id
    ):
        raise PeerNotInRoom("the addressee is not in this call")
    await db.rollback()  # read only: nothing held while publishing
    await hub.publish([to], {"type": "video.signal", "conversation_id": str(conversation_id),
                             "from": str(actor.user_id), "data": data})


async def relay_stats(db: AsyncSession, clock: Clock, actor: Actor, message: dict[str, Any]
                      ) -> None:
    """A participant's own measure of their link, passed to the chairs of the call in it."""
    conversation_id = _uuid(message, "conversation_id")
    out = sfu.stats_message(message, actor.user_id, clock.now())
    ref = await conversations.require_participant(db, actor, conversation_id)
    present = await present_ids(db, conversation_id)
    if actor.user_id not in present:
        raise NotInRoom("join the call before reporting its link")
    chairs = (await sfu.chair_ids(db, ref)) & present
    await db.rollback()  # read only
    if chairs:
        await hub.publish(chairs, out)


def presence_message(payload: dict[str, Any], joined: bool) -> dict[str, Any]:
    """What the room is told when someone joins or leaves (from the event's payload)."""
    return {"type": "video.presence", "conversation_id": payload["conversation_id"],
            "peers": payload["peers"], "user_id": payload["user_id"], "joined": joined,
            "reason": payload.get("reason")}

