"""Case conversations: membership from the case, messages as process records, read receipts.

The case-facing functions (``open_for_case`` ... ``post_system_message``) are called by the
modules that own cases, inside their own transaction: they audit and emit but never commit.
The API-facing ones check that the actor is a current participant, audit, emit and commit.

Message numbers (``seq``) are handed out per conversation by incrementing the conversation's
``last_seq`` in one UPDATE, which also takes the row's lock: messages of one conversation are
numbered in commit order, and a message can never slip past the conversation's closing.
"""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Container, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, and_, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from yilian.core import audit, events
from yilian.core.authz import Actor
from yilian.core.clock import Clock
from yilian.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from yilian.files import service as files
from yilian.identity import service as identity
from yilian.messaging.conversations import policy
from yilian.messaging.conversations.models import (
    CaseType,
    Conversation,
    ConversationState,
    Message,
    MessageKind,
    Participant,
    ReadState,
)
from yilian.messaging.conversations.schemas import (
    ConversationOut,
    ConversationSummary,
    FileOut,
    MessageIn,
    MessageOut,
    MessagePage,
    ParticipantOut,
    ReadOut,
)
from yilian.messaging.notifications.service import notify

ENTITY = "conversation"
MAX_LABEL = 40


@dataclass(frozen=True)
class ConversationRef:
    id: uuid.UUID
    case_type: CaseType
    case_id: uuid.UUID
    title: str
    subject_org_id: uuid.UUID | None
    patient_id: uuid.UUID | None
    state: ConversationState


def _ref(c: Conversation) -> ConversationRef:
    return ConversationRef(c.id, c.case_type, c.case_id, c.title, c.subject_org_id, c.patient_id,
                           c.state)


def link(conversation_id: uuid.UUID) -> str:
    """Where the web app shows a conversation."""
    return f"/conversations/{conversation_id}"


class ConversationClosed(Conflict):
    code = "conversation-closed"
    title_zh = "会话已关闭，不能再发送消息"
    title_en = "The conversation is closed"


# ---------------------------------------------------------------- lookups


async def _by_case(db: AsyncSession, case_type: str, case_id: uuid.UUID) -> Conversation | None:
    return (
        await db.execute(select(Conversation).where(
            Conversation.case_type == CaseType(case_type), Conversation.case_id == case_id))
    ).scalar_one_or_none()


async def _case(db: AsyncSession, case_type: str, case_id: uuid.UUID) -> Conversation:
    conv = await _by_case(db, case_type, case_id)
    if conv is None:
        raise NotFound(f"no conversation for {case_type} {case_id}", code="conversation-not-found")
    return conv


async def _current(db: AsyncSession, conversation_id: uuid.UUID) -> dict[uuid.UUID, Participant]:
    rows = (await db.execute(select(Participant).where(
        Participant.conversation_id == conversation_id, Participant.removed_at.is_(None)
    ))).scalars().all()
    return {p.user_id: p for p in rows}


async def find_for_case(db: AsyncSession, case_type: str, case_id: uuid.UUID) -> ConversationRef | None:
    conv = await _by_case(db, case_type, case_id)
    return _ref(conv) if conv else None


async def participant_ids(db: AsyncSession, conversation_id: uuid.UUID) -> set[uuid.UUID]:
    """The current participants."""
    return set(await _current(db, conversation_id))


async def participant_roles(db: AsyncSession, conversation_id: uuid.UUID) -> dict[uuid.UUID, str]:
    """The current participants with the role code their case gave them."""
    return {u: p.role_label for u, p in (await _current(db, conversation_id)).items()}


async def is_participant(db: AsyncSession, user_id: uuid.UUID, conversation_id: uuid.UUID) -> bool:
    return (await db.execute(select(Participant.id).where(
        Participant.conversation_id == conversation_id, Participant.user_id == user_id,
        Participant.removed_at.is_(None)).limit(1))).first() is not None


async def _require(db: AsyncSession, actor: Actor, conversation_id: uuid.UUID) -> Conversation:
    conv = await db.get(Conversation, conversation_id)
    if conv is None:
        raise NotFound(f"conversation {conversation_id} does not exist",
                       code="conversation-not-found")
    if not await is_participant(db, actor.user_id, conv.id):
        raise Forbidden("only the case's current participants take part in its conversation",
                        code="not-a-participant", title_zh="您不是该会话的参与者",
                        title_en="Not a participant of this conversation",
                        ).about(ENTITY, conv.id, conv.subject_org_id)
    return conv


async def require_participant(
    db: AsyncSession, actor: Actor, conversation_id: uuid.UUID
) -> ConversationRef:
    """404 when the conversation does not exist; an audited 403 when the actor is not a
    current participant (for other modules, e.g. video calls in a conversation)."""
    return _ref(await _require(db, actor, conversation_id))


# ---------------------------------------------------------------- case-facing (caller commits)


def _labels(participants: Mapping[uuid.UUID, str]) -> dict[uuid.UUID, str]:
    out = {}
    for user_id, label in participants.items():
        label = (label or "").strip()
        if not label or len(label) > MAX_LABEL:
            raise ValidationFailed.field("participants", f"a role label of 1 to {MAX_LABEL} "
                                                         "characters is needed for every user")
        out[user_id] = label
    return out


async def _known_users(db: AsyncSession, ids: set[uuid.UUID]) -> None:
    missing = ids - set(await identity.display_names(db, ids))
    if missing:
        raise ValidationFailed.field("participants", f"unknown users: {sorted(map(str, missing))}")


async def open_for_case(
    db: AsyncSession, clock: Clock, actor: Actor | None, *, case_type: str, case_id: uuid.UUID,
    title: str, subject_org_id: uuid.UUID | None, patient_id: uuid.UUID | None = None,
    participants: Mapping[uuid.UUID, str], case_number: str | None = None,
) -> ConversationRef:
    """The case's conversation, made on first call; later calls bring the participants into
    line with ``participants`` (so calling twice with the same arguments changes nothing)."""
    existing = await _by_case(db, case_type, case_id)
    if existing is not None:
        await set_participants(db, clock, actor, case_type=case_type, case_id=case_id,
                               participants=participants)
        return _ref(existing)
    title = (title or "").strip()
    if not title or len(title) > 200:
        raise ValidationFailed.field("title", "must be 1 to 200 characters")
    labels = _labels(participants)
    await _known_users(db, set(labels))
    now = clock.now()
    conv = Conversation(id=uuid.uuid4(), case_type=CaseType(case_type), case_id=case_id,
                        title=title, case_number=case_number, subject_org_id=subject_org_id,
                        patient_id=patient_id, state=ConversationState.open, created_at=now,
                        last_seq=0, last_activity_at=now)
    db.add(conv)
    await db.flush()
    for user_id, label in labels.items():
        db.add(Participant(conversation_id=conv.id, user_id=user_id, role_label=label,
                           added_at=now))
    await db.flush()
    await audit.record(db, clock, actor, "conversation.open", entity_type=ENTITY,
                       entity_id=conv.id, subject_org_id=subject_org_id,
                       detail={"case_type": str(conv.case_type), "case_id": str(case_id),
                               "participants": sorted(str(u) for u in labels)})
    await events.emit(db, clock, "conversation.opened", entity_type=ENTITY, entity_id=conv.id,
                      payload={"conversation_id": str(conv.id), "case_type": str(conv.case_type),
                               "case_id": str(case_id)},
                      recipients=set(labels))
    return _ref(conv)


async def set_participants(
    db: AsyncSession, clock: Clock, actor: Actor | None, *, case_type: str, case_id: uuid.UUID,
    participants: Mapping[uuid.UUID, str],
) -> None:
    """Adds and removes participants to match ``participants``; a removed user loses the
    conversation at once (every request checks current membership)."""
    conv = await _case(db, case_type, case_id)
    labels = _labels(participants)
    current = await _current(db, conv.id)
    added = set(labels) - set(current)
    removed = set(current) - set(labels)
    await _known_users(db, added)
    now = clock.now()
    for user_id in removed:
        current[user_id].removed_at = now
    relabelled = {u for u, row in current.items() if u in labels and row.role_label != labels[u]}
    for user_id in relabelled:
        current[user_id].role_label = labels[user_id]
    for user_id in added:
        db.add(Participant(conversation_id=conv.id, user_id=user_id, role_label=labels[user_id],
                           added_at=now))
    await db.flush()
    if not added and not removed and not relabelled:
        return
    await audit.record(db, clock, actor, "conversation.participants", entity_type=ENTITY,
                       entity_id=conv.id, subject_org_id=conv.subject_org_id,
                       detail={"added": sorted(map(str, added)), "removed": sorted(map(str, removed)),
                               "relabelled": sorted(map(str, relabelled))})
    members = set(labels)
    for user_id in sorted(added):
        await events.emit(db, clock, "conversation.participant_added", entity_type=ENTITY,
                          entity_id=conv.id, recipients=members,
                          payload={"conversation_id": str(conv.id), "user_id": str(user_id)})
    for user_id in sorted(removed):
        await events.emit(db, clock, "conversation.participant_removed", entity_type=ENTITY,
                          entity_id=conv.id, recipients=members | {user_id},
                          payload={"conversation_id": str(conv.id), "user_id": str(user_id)})
    # Case modules pass their document number; without one, the start of the case id.
    # The title is a code the case module gave words for (templates.register_words).
    params = {"case_title": conv.title,
              "case_number": conv.case_number or str(conv.case_id)[:8].upper()}
    if added:
        await notify(db, clock, user_ids=sorted(added), template="conversation.added",
                     params=params, entity_type=ENTITY, entity_id=conv.id, link=link(conv.id))
    if removed:
        await notify(db, clock, user_ids=sorted(removed), template="conversation.removed",
                     params=params, entity_type=ENTITY, entity_id=conv.id)


async def _set_state(
    db: AsyncSession, clock: Clock, actor: Actor | None, case_type: str, case_id: uuid.UUID,
    state: ConversationState,
) -> ConversationRef:
    conv = await _case(db, case_type, case_id)
    if conv.state == state:
        return _ref(conv)
    closing = state == ConversationState.closed
    conv.state = state
    conv.closed_at = clock.now() if closing else None
    await db.flush()
    await audit.record(db, clock, actor, "conversation.close" if closing else "conversation.reopen",
                       entity_type=ENTITY, entity_id=conv.id, subject_org_id=conv.subject_org_id)
    await events.emit(db, clock, "conversation.closed" if closing else "conversation.reopened",
                      entity_type=ENTITY, entity_id=conv.id,
                      payload={"conversation_id": str(conv.id)},
                      recipients=await participant_ids(db, conv.id))
    return _ref(conv)


async def close_for_case(
    db: AsyncSession, clock: Clock, actor: Actor | None, *, case_type: str, case_id: uuid.UUID
) -> ConversationRef:
    """No more messages from participants (the case ended); reading stays possible."""
    return await _set_state(db, clock, actor, case_type, case_id, ConversationState.closed)


async def reopen_for_case(
    db: AsyncSession, clock: Clock, actor: Actor | None, *, case_type: str, case_id: uuid.UUID
) -> ConversationRef:
    return await _set_state(db, clock, actor, case_type, case_id, ConversationState.open)


async def post_system_message(
    db: AsyncSession, clock: Clock, *, case_type: str, case_id: uuid.UUID, code: str,
    **params: str,
) -> MessageOut:
    """A notice from the case's workflow (``booked``: the session's time), as a code and its
    parameters that each reader's client words (conversation.system); allowed on a closed
    conversation, since the case's own closing steps are part of its record."""
    conv = await _case(db, case_type, case_id)
    if not code or len(code) > 40:
        raise ValidationFailed.field("code", "must be 1 to 40 characters")
    msg = await _append(db, clock, conv, sender_id=None, kind=MessageKind.system, text=None,
                        require_open=False, code=code,
                        params=json.dumps(params, ensure_ascii=False) if params else None)
    await audit.record(db, clock, None, "conversation.message.system", entity_type=ENTITY,
                       entity_id=conv.id, subject_org_id=conv.subject_org_id,
                       detail={"message_id": str(msg.id), "seq": msg.seq})
    await _announce(db, clock, conv, msg)
    return _message_out(msg, {}, {}, set())


# ---------------------------------------------------------------- messages


async def _next_seq(
    db: AsyncSession, clock: Clock, conv: Conversation, *, require_open: bool = True
) -> int:
    """The next message number, taken under the conversation row's lock."""
    now = clock.now()
    stmt = update(Conversation).where(Conversation.id == conv.id)
    if require_open:
        stmt = stmt.where(Conversation.state == ConversationState.open)
    stmt = stmt.values(last_seq=Conversation.last_seq + 1, last_activity_at=now).returning(
        Conversation.last_seq)
    seq = (await db.execute(stmt, execution_options={"synchronize_session": False})
           ).scalar_one_or_none()
    if seq is None:
        raise ConversationClosed("the case has ended; its conversation takes no more messages")
    conv.last_seq, conv.last_activity_at = seq, now
    return seq


async def _append(
    db: AsyncSession, clock: Clock, conv: Conversation, *, sender_id: uuid.UUID | None,
    kind: MessageKind, text: str | None = None, file_id: uuid.UUID | None = None,
    retracts_id: uuid.UUID | None = None, require_open: bool = True, seq: int | None = None,
    code: str | None = None, params: str | None = None,
) -> Message:
    if seq is None:
        seq = await _next_seq(db, clock, conv, require_open=require_open)
    msg = Message(id=uuid.uuid4(), conversation_id=conv.id, seq=seq, sender_id=sender_id,
                  kind=kind, text=text, file_id=file_id, retracts_id=retracts_id,
                  code=code, params=params, created_at=clock.now())
    db.add(msg)
    await db.flush()
    return msg


async def _announce(db: AsyncSession, clock: Clock, conv: Conversation, msg: Message) -> None:
    payload: dict[str, Any] = {"conversation_id": str(conv.id), "message_id": str(msg.id),
                               "seq": msg.seq, "sender_id": str(msg.sender_id) if msg.sender_id
                               else None, "kind": str(msg.kind)}
    if msg.retracts_id:
        payload["retracts_id"] = str(msg.retracts_id)
    await events.emit(db, clock, "conversation.message", entity_type=ENTITY, entity_id=conv.id,
                      payload=payload, recipients=await participant_ids(db, conv.id))


def _file_out(info: Any) -> FileOut:
    return FileOut(id=info.id, filename=info.filename, content_type=info.content_type,
                   size=info.size, is_image=info.is_image)


def _message_out(
    m: Message, names: Mapping[uuid.UUID, str], infos: Mapping[uuid.UUID, Any],
    retracted: Container[uuid.UUID | None],  # as read from the nullable retracts_id
) -> MessageOut:
    gone = m.id in retracted
    shown = m.kind in (MessageKind.text, MessageKind.system) and not gone
    info = infos.get(m.file_id) if m.file_id and not gone else None
    return MessageOut(
        id=m.id, seq=m.seq, sender_id=m.sender_id,
        sender_name=names.get(m.sender_id) if m.sender_id else None, kind=m.kind,
        text=m.text if shown else None, file=_file_out(info) if info else None,
        code=m.code, params=json.loads(m.params) if m.params else {},
        retracted=gone, retracts_id=m.retracts_id, created_at=m.created_at,
    )


async def _messages_out(db: AsyncSession, conv_id: uuid.UUID, rows: list[Message]) -> list[MessageOut]:
    ids = [m.id for m in rows]
    retracted = set((await db.execute(select(Message.retracts_id).where(
        Message.conversation_id == conv_id, Message.retracts_id.in_(ids)))).scalars()) if ids else set()
    names = await identity.display_names(db, {m.sender_id for m in rows if m.sender_id})
    file_ids = [m.file_id for m in rows if m.file_id and m.id not in retracted]
    infos = await files.files_info(db, file_ids) if file_ids else {}
    return [_message_out(m, names, infos, retracted) for m in rows]


async def post_message(
    db: AsyncSession, clock: Clock, actor: Actor, conversation_id: uuid.UUID, body: MessageIn
) -> MessageOut:
    conv = await _require(db, actor, conversation_id)
    if conv.state != ConversationState.open:
        raise ConversationClosed("the case has ended; its conversation takes no more messages")
    if body.file_id is not None:
        info = await files.attach(db, clock, actor, body.file_id, entity_type=ENTITY,
                                  entity_id=conv.id)
        kind = MessageKind.image if info.is_image else MessageKind.file
        msg = await _append(db, clock, conv, sender_id=actor.user_id, kind=kind,
                            file_id=info.id)
        infos = {info.id: info}
    else:
        msg = await _append(db, clock, conv, sender_id=actor.user_id, kind=MessageKind.text,
                            text=body.text)
        infos = {}
    await audit.record(db, clock, actor, "conversation.message.post", entity_type=ENTITY,
                       entity_id=conv.id, subject_org_id=conv.subject_org_id,
                       detail={"message_id": str(msg.id), "seq": msg.seq, "kind": str(msg.kind)})
    await _announce(db, clock, conv, msg)
    names = {actor.user_id: await _name(db, actor.user_id)}  # read before the commit ends it
    await db.commit()
    return _message_out(msg, names, infos, set())


async def _name(db: AsyncSession, user_id: uuid.UUID) -> str:
    return (await identity.display_names(db, {user_id})).get(user_id, "")


async def retract_message(
    db: AsyncSession, clock: Clock, actor: Actor, conversation_id: uuid.UUID,
    message_id: uuid.UUID, reason: str,
) -> MessageOut:
    """A retraction is a new record pointing at the message; the message itself stays."""
    conv = await _require(db, actor, conversation_id)
    target = await db.get(Message, message_id)
    if target is None or target.conversation_id != conv.id:
        raise NotFound(f"message {message_id} is not in this conversation",
                       code="message-not-found")
    if not policy.may_retract(actor.user_id, target.sender_id):
        raise Forbidden("only the sender may retract a message", code="not-the-sender",
                        title_zh="只能撤回自己发送的消息",
                        title_en="Only the sender may retract a message",
                        ).about(ENTITY, conv.id, conv.subject_org_id)
    if target.kind not in policy.RETRACTABLE:
        raise Conflict("system notices and retractions cannot be retracted",
                       code="not-retractable", title_zh="该消息不能撤回",
                       title_en="This message cannot be retracted")
    if not policy.retract_window_open(target.created_at, clock.now()):
        raise Conflict("a message can be retracted within 24 hours of sending",
                       code="retract-window-passed", title_zh="超过24小时的消息不能撤回",
                       title_en="The retraction window has passed")
    # Numbering the retraction takes the conversation's lock first, so two retractions of
    # one message cannot both find it unretracted.
    seq = await _next_seq(db, clock, conv)
    if (await db.execute(select(Message.id).where(Message.retracts_id == target.id))).first():
        raise Conflict("this message was already retracted", code="already-retracted",
                       title_zh="该消息已撤回", title_en="Already retracted")
    msg = await _append(db, clock, conv, sender_id=actor.user_id, kind=MessageKind.retraction,
                        text=reason, retracts_id=target.id, seq=seq)
    await audit.record(db, clock, actor, "conversation.message.retract", entity_type=ENTITY,
                       entity_id=conv.id, subject_org_id=conv.subject_org_id,
                       detail={"message_id": str(msg.id), "retracts_id": str(target.id),
                               "seq": msg.seq})
    await _announce(db, clock, conv, msg)
    names = {actor.user_id: await _name(db, actor.user_id)}
    await db.commit()
    return _message_out(msg, names, {}, set())


async def list_messages(
    db: AsyncSession, actor: Actor, conversation_id: uuid.UUID, *, after: int | None,
    before: int | None, limit: int,
) -> MessagePage:
    """Newest ``limit`` messages, or those before ``before`` (paging back), or those after
    ``after`` (catching up), always in seq order."""
    if after is not None and before is not None:
        raise ValidationFailed.field("after", "give either after or before, not both")
    conv = await _require(db, actor, conversation_id)
    stmt = select(Message).where(Message.conversation_id == conv.id)
    if after is not None:
        rows = list((await db.execute(stmt.where(Message.seq > after).order_by(Message.seq)
                                      .limit(limit + 1))).scalars())
        more = len(rows) > limit
        rows = rows[:limit]
    else:
        if before is not None:
            stmt = stmt.where(Message.seq < before)
        rows = list((await db.execute(stmt.order_by(Message.seq.desc()).limit(limit + 1))
                     ).scalars())
        more = len(rows) > limit
        rows = rows[:limit][::-1]
    return MessagePage(items=await _messages_out(db, conv.id, rows), more=more,
                       last_seq=conv.last_seq)


async def mark_read(
    db: AsyncSession, clock: Clock, actor: Actor, conversation_id: uuid.UUID, seq: int
) -> ReadOut:
    """A read receipt; it only ever moves forward (an older receipt changes nothing)."""
    conv = await _require(db, actor, conversation_id)
    if seq > conv.last_seq:
        raise ValidationFailed.field("seq", "is beyond the conversation's last message")
    now = clock.now()
    dialect_insert = pg_insert if db.get_bind().dialect.name == "postgresql" else sqlite_insert
    stmt = dialect_insert(ReadState).values(conversation_id=conv.id, user_id=actor.user_id,
                                            last_read_seq=seq, read_at=now)
    table = ReadState.__table__
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c.conversation_id, table.c.user_id],
        set_={"last_read_seq": seq, "read_at": now},
        where=table.c.last_read_seq < seq,
    )
    moved = cast(CursorResult[Any], await db.execute(stmt)).rowcount == 1
    if moved:
        await audit.record(db, clock, actor, "conversation.read", entity_type=ENTITY,
                           entity_id=conv.id, subject_org_id=conv.subject_org_id,
                           detail={"seq": seq})
        await events.emit(db, clock, "conversation.read", entity_type=ENTITY, entity_id=conv.id,
                          payload={"conversation_id": str(conv.id), "user_id": str(actor.user_id),
                                   "seq": seq},
                          recipients=await participant_ids(db, conv.id))
    last = (await db.execute(select(ReadState.last_read_seq).where(
        ReadState.conversation_id == conv.id, ReadState.user_id == actor.user_id))).scalar_one()
    await db.commit()
    return ReadOut(last_read_seq=last)


# ---------------------------------------------------------------- conversations


async def get_conversation(db: AsyncSession, actor: Actor, conversation_id: uuid.UUID) -> ConversationOut:
    conv = await _require(db, actor, conversation_id)
    current = await _current(db, conv.id)
    names = await identity.display_names(db, set(current))
    reads = dict((await db.execute(select(ReadState.user_id, ReadState.last_read_seq).where(
        ReadState.conversation_id == conv.id))).all())
    people = sorted(current.values(), key=lambda p: (p.added_at, str(p.user_id)))
    return ConversationOut(
        id=conv.id, case_type=conv.case_type, case_id=conv.case_id,
        case_number=conv.case_number, title=conv.title,
        state=conv.state, created_at=conv.created_at, closed_at=conv.closed_at,
        last_seq=conv.last_seq,
        participants=[ParticipantOut(user_id=p.user_id, display_name=names.get(p.user_id, ""),
                                     role_label=p.role_label, added_at=p.added_at,
                                     last_read_seq=reads.get(p.user_id, 0)) for p in people],
    )


def _encode_cursor(at: datetime, conv_id: uuid.UUID) -> str:
    raw = f"{at.isoformat()}|{conv_id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[datetime, uuid.UUID]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        at, _, conv_id = raw.partition("|")
        parsed = datetime.fromisoformat(at)
        if parsed.tzinfo is None:
            raise ValueError
        return parsed, uuid.UUID(conv_id)
    except (ValueError, UnicodeDecodeError):
        raise ValidationFailed.field("cursor", "not a cursor this server issued") from None


async def list_mine(
    db: AsyncSession, actor: Actor, *, case_type: CaseType | None,
    state: ConversationState | None, cursor: str | None, limit: int,
) -> tuple[list[ConversationSummary], str | None]:
    """The actor's current conversations, latest activity first."""
    stmt = select(Conversation, Participant.role_label).join(Participant, and_(
        Participant.conversation_id == Conversation.id, Participant.user_id == actor.user_id,
        Participant.removed_at.is_(None)))
    if case_type is not None:
        stmt = stmt.where(Conversation.case_type == case_type)
    if state is not None:
        stmt = stmt.where(Conversation.state == state)
    if cursor:
        at, conv_id = _decode_cursor(cursor)
        stmt = stmt.where(or_(Conversation.last_activity_at < at, and_(
            Conversation.last_activity_at == at, Conversation.id < conv_id)))
    rows = (await db.execute(stmt.order_by(Conversation.last_activity_at.desc(),
                                           Conversation.id.desc()).limit(limit + 1))).all()
    nxt = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1][0]
        nxt = _encode_cursor(last.last_activity_at, last.id)
    unread = await _unread(db, actor.user_id, [c.id for c, _ in rows])
    return [_summary(c, label, unread.get(c.id, 0)) for c, label in rows], nxt


def _summary(c: Conversation, label: str, unread: int) -> ConversationSummary:
    return ConversationSummary(
        id=c.id, case_type=c.case_type, case_id=c.case_id, case_number=c.case_number,
        title=c.title, state=c.state, role_label=label, last_seq=c.last_seq,
        last_message_at=c.last_activity_at if c.last_seq else None,
        last_activity_at=c.last_activity_at, unread=unread)


async def unread_of(db: AsyncSession, actor: Actor, *, limit: int = 5
                    ) -> tuple[list[ConversationSummary], int]:
    """The actor's current conversations with messages they have not read, latest activity
    first (at most ``limit``), and how many unread messages they hold in all."""
    rows = (await db.execute(
        select(Conversation, Participant.role_label).join(Participant, and_(
            Participant.conversation_id == Conversation.id,
            Participant.user_id == actor.user_id, Participant.removed_at.is_(None)))
        .order_by(Conversation.last_activity_at.desc(), Conversation.id.desc()))).all()
    unread = await _unread(db, actor.user_id, [c.id for c, _ in rows])
    waiting = [(c, label) for c, label in rows if unread.get(c.id)]
    return ([_summary(c, label, unread[c.id]) for c, label in waiting[:limit]],
            sum(unread.values()))


async def _unread(db: AsyncSession, user_id: uuid.UUID, ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
    """Messages after the user's read receipt that others (or the system) sent."""
    if not ids:
        return {}
    stmt = (
        select(Message.conversation_id, func.count())
        .outerjoin(ReadState, and_(ReadState.conversation_id == Message.conversation_id,
                                   ReadState.user_id == user_id))
        .where(Message.conversation_id.in_(ids),
               Message.seq > func.coalesce(ReadState.last_read_seq, 0),
               or_(Message.sender_id.is_(None), Message.sender_id != user_id))
        .group_by(Message.conversation_id)
    )
    return dict((await db.execute(stmt)).all())
