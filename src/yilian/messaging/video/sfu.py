"""SFU rooms (Janus VideoRoom, decision 0021): which calls go through the SFU, the Janus room
of a conversation, the join tokens (grants) it hands out and takes back, and the chair's room
controls.

Who may join stays yilian's rule (the case's current participants, service.join). A grant is
one person's token for one room: stored in Janus (admin API) and in the room's allowed list, so
Janus itself refuses a session without it and a room it was not made for. Taking it back
(leaving, removal from the case, the case closing, expiry, or a dropped link that did not come
back within the grace) removes it from both and kicks its publishers: media stops at once.

Case modules say which of their calls need the SFU and which of their roles chair a call
(``register_room_policy``); a case kind without a policy gets the mesh and no chair.
"""

from __future__ import annotations

import contextlib
import secrets
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from yilian.core import audit
from yilian.core.authz import Actor
from yilian.core.clock import Clock
from yilian.core.errors import Conflict, Forbidden, ValidationFailed
from yilian.core.logging import get_logger
from yilian.core.realtime import hub
from yilian.messaging.conversations import service as conversations
from yilian.messaging.conversations.service import ConversationRef
from yilian.messaging.video.janus import Janus, JanusError, SfuUnavailable, new_secret
from yilian.messaging.video.models import Attendance, Grant, GrantEnd, Room, RoomMode
from yilian.settings import Settings

ENTITY = "conversation"
log = get_logger(__name__)
# Janus room and publisher ids: positive, below 2^53 (they travel as JSON numbers).
_ID_RANGE = 2**52


@dataclass(frozen=True)
class RoomPolicy:
    # Whether a case's calls go through the SFU whatever their size (an MDT session).
    wants_sfu: Callable[[AsyncSession, uuid.UUID], Awaitable[bool]]
    # The participants' role codes that chair the call (the chief expert).
    chair_roles: frozenset[str]


_policies: dict[str, RoomPolicy] = {}


def register_room_policy(case_type: str, *,
                         wants_sfu: Callable[[AsyncSession, uuid.UUID], Awaitable[bool]],
                         chair_roles: set[str]) -> None:
    _policies[case_type] = RoomPolicy(wants_sfu, frozenset(chair_roles))


class NotSfu(Conflict):
    code = "not-sfu"
    title_zh = "该视频为点对点通话，没有会议室控制"
    title_en = "This call is peer to peer; it has no room controls"


class NotChair(Forbidden):
    code = "not-chair"
    title_zh = "只有主持会诊的首席专家可以这样做"
    title_en = "Only the chair of the session (the chief expert) may do this"


class NotInRoom(Conflict):
    code = "not-in-room"
    title_zh = "尚未加入该视频"
    title_en = "Not in this call"


class PeerNotInRoom(Conflict):
    code = "peer-not-in-room"
    title_zh = "对方不在该视频中"
    title_en = "The other person is not in this call"


def janus(settings: Settings) -> Janus:
    return Janus(settings)


# --- rooms -----------------------------------------------------------------------------------


async def room_of(db: AsyncSession, conversation_id: uuid.UUID) -> Room | None:
    return await db.get(Room, conversation_id)


async def fix_mode(db: AsyncSession, clock: Clock, settings: Settings, ref: ConversationRef
                   ) -> Room:
    """The room of the conversation; its mode is decided when its first person joins: the SFU
    when one is configured and the case asks for it or has more people than a mesh carries."""
    room = await room_of(db, ref.id)
    if room is not None:
        return room
    sfu = False
    if settings.sfu_configured:
        policy = _policies.get(str(ref.case_type))
        sfu = (policy is not None and await policy.wants_sfu(db, ref.case_id)) or len(
            await conversations.participant_ids(db, ref.id)) > settings.mesh_max_participants
    room = Room(conversation_id=ref.id, mode=RoomMode.sfu if sfu else RoomMode.mesh,
                created_at=clock.now())
    db.add(room)
    await db.flush()
    return room


async def _live_grants(db: AsyncSession, conversation_id: uuid.UUID) -> list[Grant]:
    return list((await db.execute(select(Grant).where(
        Grant.conversation_id == conversation_id, Grant.revoked_at.is_(None)))).scalars())


async def _ensure_janus_room(db: AsyncSession, clock: Clock, settings: Settings, room: Room,
                             ref: ConversationRef) -> tuple[int, str]:
    """The Janus room exists (made now if it was never made, was destroyed, or Janus lost it in
    a restart; then the live grants' tokens are given to it again)."""
    api = janus(settings)
    if (room.janus_room is not None and room.janus_secret and room.destroyed_at is None
            and await api.room_exists(room.janus_room)):
        return room.janus_room, room.janus_secret
    room.janus_room = secrets.randbelow(_ID_RANGE) + 1
    room.janus_secret = new_secret()
    room.destroyed_at = None
    grants = await _live_grants(db, ref.id)
    rec_dir = settings.resolved_recording_dir / str(room.janus_room)
    rec_dir.mkdir(parents=True, exist_ok=True)
    await api.create_room(room.janus_room, room.janus_secret,
                          description=f"{ref.case_type} {ref.case_id}", rec_dir=str(rec_dir),
                          allowed=[g.token for g in grants])
    for g in grants:
        g.janus_room = room.janus_room
        await api.add_token(g.token)
    await db.flush()
    return room.janus_room, room.janus_secret


async def admit(db: AsyncSession, clock: Clock, settings: Settings, room: Room,
                ref: ConversationRef, user_id: uuid.UUID) -> Grant:
    """This person's grant for the room: the live one (a reconnection keeps its publisher id),
    or a new token given to Janus."""
    janus_room, secret = await _ensure_janus_room(db, clock, settings, room, ref)
    now = clock.now()
    grant = (await db.execute(select(Grant).where(
        Grant.conversation_id == ref.id, Grant.user_id == user_id, Grant.revoked_at.is_(None)
    ))).scalar_one_or_none()
    if grant is not None and grant.expires_at <= now:
        await _revoke(db, clock, settings, grant, GrantEnd.expired)
        grant = None
    if grant is None:
        grant = Grant(id=uuid.uuid4(), conversation_id=ref.id, user_id=user_id,
                      janus_room=janus_room, token=secrets.token_urlsafe(32),
                      publisher_id=(secrets.randbelow(_ID_RANGE // 2) + 1) * 2,
                      issued_at=now,
                      expires_at=now + timedelta(seconds=settings.sfu_token_ttl_seconds))
        db.add(grant)
        await db.flush()
    api = janus(settings)
    await api.add_token(grant.token)
    await api.allow(janus_room, secret, [grant.token], add=True)
    return grant


async def _revoke(db: AsyncSession, clock: Clock, settings: Settings, grant: Grant,
                  reason: GrantEnd) -> None:
    grant.revoked_at, grant.end_reason = clock.now(), reason
    grant.hand_raised_at, grant.sharing_screen = None, False
    await db.flush()
    room = await room_of(db, grant.conversation_id)
    api = janus(settings)
    try:
        # The token first: whatever fails after it, the token opens nothing any more.
        await api.remove_token(grant.token)
        if room is not None and room.janus_secret and room.destroyed_at is None:
            # A room gone from Janus is joined by nobody with this token anyway.
            with contextlib.suppress(JanusError):
                await api.allow(grant.janus_room, room.janus_secret, [grant.token], add=False)
            for publisher in (grant.publisher_id, grant.publisher_id + 1):  # camera, screen
                await api.kick(grant.janus_room, room.janus_secret, publisher)
    except (SfuUnavailable, JanusError) as exc:
        # Janus is down (its stored tokens and rooms went with it) or refused the kick: the
        # session without its token dies at Janus's session timeout.
        log.warning("video.revoke_incomplete", conversation=str(grant.conversation_id),
                    error=str(exc)[:300])
    await audit.record(db, clock, None, "video.grant.revoke", entity_type=ENTITY,
                       entity_id=grant.conversation_id,
                       detail={"user_id": str(grant.user_id), "reason": str(reason)})


async def revoke_for(db: AsyncSession, clock: Clock, settings: Settings,
                     conversation_id: uuid.UUID, user_id: uuid.UUID, reason: GrantEnd) -> None:
    for grant in await _live_grants(db, conversation_id):
        if grant.user_id == user_id:
            await _revoke(db, clock, settings, grant, reason)


async def close_room(db: AsyncSession, clock: Clock, settings: Settings,
                     conversation_id: uuid.UUID) -> None:
    """The conversation closed: every grant taken back and the Janus room destroyed."""
    room = await room_of(db, conversation_id)
    if room is None or room.mode != RoomMode.sfu:
        return
    for grant in await _live_grants(db, conversation_id):
        await _revoke(db, clock, settings, grant, GrantEnd.closed)
    if room.janus_room is not None and room.janus_secret and room.destroyed_at is None:
        with contextlib.suppress(SfuUnavailable):  # a restarted Janus has no rooms
            await janus(settings).destroy_room(room.janus_room, room.janus_secret)
        room.destroyed_at = clock.now()
    room.spotlight_user_id = None
    await db.flush()


async def sweep(db: AsyncSession, clock: Clock, settings: Settings) -> int:
    """Grants past their time, or whose holder has been out of the call longer than the
    reconnection grace, are taken back."""
    now = clock.now()
    grace = now - timedelta(seconds=settings.sfu_reconnect_grace_seconds)
    grants = list((await db.execute(select(Grant).where(Grant.revoked_at.is_(None)))).scalars())
    ended = 0
    for grant in grants:
        if grant.expires_at <= now:
            await _revoke(db, clock, settings, grant, GrantEnd.expired)
            ended += 1
            continue
        last = (await db.execute(
            select(Attendance.left_at).where(Attendance.conversation_id == grant.conversation_id,
                                             Attendance.user_id == grant.user_id)
            .order_by(Attendance.joined_at.desc()).limit(1))).first()
        if last is not None and last[0] is not None and last[0] < grace:
            await _revoke(db, clock, settings, grant, GrantEnd.abandoned)
            ended += 1
    return ended


# --- the room's state and its controls ------------------------------------------------------


async def chair_ids(db: AsyncSession, ref: ConversationRef) -> set[uuid.UUID]:
    policy = _policies.get(str(ref.case_type))
    if policy is None:
        return set()
    roles = await conversations.participant_roles(db, ref.id)
    return {u for u, role in roles.items() if role in policy.chair_roles}


async def grants_by_user(db: AsyncSession, conversation_id: uuid.UUID) -> dict[uuid.UUID, Grant]:
    return {g.user_id: g for g in await _live_grants(db, conversation_id)}


@dataclass
class Control:
    ref: ConversationRef
    room: Room
    present: set[uuid.UUID]
    grants: dict[uuid.UUID, Grant]


async def control(db: AsyncSession, actor: Actor, conversation_id: uuid.UUID,
                  present: set[uuid.UUID], ref: ConversationRef, *, chair: bool) -> Control:
    """Scope first (the caller is a participant: ``ref``), then the room's kind, then the
    caller's part: in the call, and chairing it when the step needs the chair."""
    room = await room_of(db, conversation_id)
    if room is None or room.mode != RoomMode.sfu:
        raise NotSfu("room controls exist in SFU rooms (MDT sessions)")
    if chair and actor.user_id not in await chair_ids(db, ref):
        raise NotChair("only the chair of the call may do this").about(
            ENTITY, conversation_id, ref.subject_org_id)
    if actor.user_id not in present:
        raise NotInRoom("join the call first")
    return Control(ref, room, present, await grants_by_user(db, conversation_id))


def target_grant(c: Control, user_id: uuid.UUID) -> Grant:
    grant = c.grants.get(user_id)
    if user_id not in c.present or grant is None:
        raise PeerNotInRoom("that person is not in the call")
    return grant


async def mute(db: AsyncSession, clock: Clock, settings: Settings, actor: Actor, c: Control,
               user_id: uuid.UUID, muted: bool) -> None:
    grant = target_grant(c, user_id)
    assert c.room.janus_room is not None and c.room.janus_secret is not None
    try:
        await janus(settings).mute_audio(c.room.janus_room, c.room.janus_secret,
                                         grant.publisher_id, muted)
    except JanusError as exc:
        raise Conflict("the person's microphone is not published in the room yet",
                       code="not-publishing", title_zh="对方尚未开启麦克风",
                       title_en="That person is not sending audio yet") from exc
    grant.muted = muted
    await _changed(db, clock, actor, c, "mute", user_id, muted)


async def spotlight(db: AsyncSession, clock: Clock, actor: Actor, c: Control,
                    user_id: uuid.UUID | None) -> None:
    if user_id is not None:
        target_grant(c, user_id)
    c.room.spotlight_user_id = user_id
    await _changed(db, clock, actor, c, "spotlight", user_id, None)


async def hand(db: AsyncSession, clock: Clock, actor: Actor, c: Control,
               user_id: uuid.UUID | None, raised: bool) -> None:
    whose = user_id or actor.user_id
    if whose != actor.user_id and (raised or actor.user_id not in await chair_ids(db, c.ref)):
        raise NotChair("only one's own hand is raised; the chair may lower another's").about(
            ENTITY, c.ref.id, c.ref.subject_org_id)
    grant = target_grant(c, whose)
    if raised == (grant.hand_raised_at is not None):
        return
    grant.hand_raised_at = clock.now() if raised else None
    await _changed(db, clock, actor, c, "hand", whose, raised)


async def screen(db: AsyncSession, clock: Clock, actor: Actor, c: Control, sharing: bool
                 ) -> None:
    grant = target_grant(c, actor.user_id)
    if grant.sharing_screen == sharing:
        return
    grant.sharing_screen = sharing
    await _changed(db, clock, actor, c, "screen", actor.user_id, sharing)


async def _changed(db: AsyncSession, clock: Clock, actor: Actor, c: Control, action: str,
                   user_id: uuid.UUID | None, value: bool | None) -> None:
    await db.flush()
    await audit.record(db, clock, actor, f"video.{action}", entity_type=ENTITY,
                       entity_id=c.ref.id, subject_org_id=c.ref.subject_org_id,
                       detail={"user_id": str(user_id) if user_id else None, "value": value})
    await db.commit()
    await hub.publish(c.present, {
        "type": "video.control", "conversation_id": str(c.ref.id), "action": action,
        "user_id": str(user_id) if user_id else None, "value": value,
        "by": str(actor.user_id)})


# --- the chair's bandwidth view -----------------------------------------------------------------

_STATS_FIELDS = ("up_kbps", "down_kbps", "rtt_ms", "loss_pct")
_STATS_MAX = 1_000_000.0


def stats_message(message: dict[str, Any], user_id: uuid.UUID, at: datetime) -> dict[str, Any]:
    """What the chairs are told of one participant's link, from what that client measured."""
    out: dict[str, Any] = {"type": "video.stats", "conversation_id": str(message.get(
        "conversation_id")), "user_id": str(user_id), "at": at.isoformat()}
    for field in _STATS_FIELDS:
        value = message.get(field)
        if not isinstance(value, int | float) or isinstance(value, bool) or not (
                0 <= value <= _STATS_MAX):
            raise ValidationFailed.field(field, f"must be a number from 0 to {_STATS_MAX:g}")
        out[field] = round(float(value), 1)
    layer = message.get("layer")
    if layer is not None and layer not in (0, 1, 2):
        raise ValidationFailed.field("layer", "must be 0, 1, 2 or null")
    audio_only = message.get("audio_only")
    if not isinstance(audio_only, bool):
        raise ValidationFailed.field("audio_only", "must be true or false")
    out["layer"], out["audio_only"] = layer, audio_only
    return out
