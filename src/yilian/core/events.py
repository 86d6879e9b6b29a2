"""Outbox events: a state change and the events it causes commit in one transaction.

A service calls ``emit()`` inside its transaction. The relay (core/relay.py) later hands each
committed event to every subscriber at least once. Subscribers are idempotent: a
transactional subscriber's effect commits together with a ``handled_events`` row, so a second
delivery of the same event finds the row and does nothing; a push subscriber (realtime) has no
effect a duplicate could repeat, and clients drop what they already saw by the event's cursor.

The event's ``seq`` is its cursor. ``emit()`` queues the event; it is inserted just before the
transaction commits, under the commit-order lock it shares with the audit chain
(core/commitorder.py), so sequence numbers are handed out in commit order and a client that
resumes from a cursor misses nothing committed before it.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Index, Integer, String, event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, Session, mapped_column

from yilian.core import commitorder
from yilian.core.clock import Clock
from yilian.core.db import Base

SEQ = BigInteger().with_variant(Integer, "sqlite")


class OutboxEvent(Base):
    __tablename__ = "outbox_events"
    __table_args__ = (Index("ix_outbox_events_pending", "dispatched_at", "seq"),)

    seq: Mapped[int] = mapped_column(SEQ, primary_key=True, autoincrement=True)
    id: Mapped[uuid.UUID] = mapped_column(unique=True, default=uuid.uuid4)
    kind: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime]
    # What the event is about, for subscribers that look it up (e.g. "conversation", id).
    entity_type: Mapped[str | None] = mapped_column(String(64))
    entity_id: Mapped[str | None] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    dispatched_at: Mapped[datetime | None]
    # A relay that claimed the event and has not finished; past this time another may take it.
    lease_until: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(default=0)


class EventRecipient(Base):
    """Who is shown the event live (WebSocket) and on replay after a reconnect.

    ``seq`` is an outbox event's, written with it in one transaction (``_insert``), and without
    a foreign key: PostgreSQL checked one with a plan each pooled connection cached while the
    outbox was small, a scan of the whole outbox for every recipient row (decision 0023)."""

    __tablename__ = "event_recipients"
    __table_args__ = (Index("ix_event_recipients_user_seq", "user_id", "seq"),)

    seq: Mapped[int] = mapped_column(SEQ, primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)


class HandledEvent(Base):
    """A transactional subscriber's receipt, committed with its effect."""

    __tablename__ = "handled_events"

    event_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    subscriber: Mapped[str] = mapped_column(String(64), primary_key=True)
    at: Mapped[datetime]


@dataclass(frozen=True)
class Event:
    seq: int
    id: uuid.UUID
    kind: str
    at: datetime
    entity_type: str | None
    entity_id: str | None
    payload: dict[str, Any]
    recipients: tuple[uuid.UUID, ...] = ()

    def public(self) -> dict[str, Any]:
        """What a client is sent: the cursor, the kind and the payload."""
        return {
            "cursor": self.seq,
            "kind": self.kind,
            "at": self.at.isoformat(),
            "entity_type": self.entity_type,
            "entity_id": self.entity_id,
            "data": self.payload,
        }


_EMITTED = "yilian.events_emitted"


async def emit(
    db: AsyncSession,
    clock: Clock,
    kind: str,
    *,
    entity_type: str | None = None,
    entity_id: Any = None,
    payload: dict[str, Any] | None = None,
    recipients: Iterable[uuid.UUID] = (),
) -> OutboxEvent:
    """Record an event in the caller's transaction; it is delivered only if that commits (its
    ``seq`` is set then).

    ``payload`` is sent to the recipients' browsers: it carries ids and labels, never a
    patient identifier or clinical free text (clients fetch those through the API's policy).
    """
    row = OutboxEvent(
        id=uuid.uuid4(), kind=kind, at=clock.now(), entity_type=entity_type,
        entity_id=str(entity_id) if entity_id is not None else None, payload=payload or {},
    )
    commitorder.defer(db, "outbox", (row, sorted(set(recipients))))
    db.sync_session.info[_EMITTED] = True
    return row


@commitorder.writer("outbox")
def _insert(session: Session, queued: list[tuple[OutboxEvent, list[uuid.UUID]]]) -> None:
    session.add_all([row for row, _ in queued])
    session.flush()
    session.add_all([EventRecipient(seq=row.seq, user_id=user_id)
                     for row, users in queued for user_id in users])


# --- subscribers -------------------------------------------------------------------------------

TransactionalHandler = Callable[[AsyncSession, Event], Awaitable[None]]
PushHandler = Callable[[Event], Awaitable[None]]


@dataclass
class Subscriber:
    name: str
    kinds: frozenset[str] | None  # None: every kind
    handler: Callable[..., Awaitable[None]]
    transactional: bool

    def wants(self, kind: str) -> bool:
        return self.kinds is None or kind in self.kinds or f"{kind.split('.')[0]}.*" in self.kinds


@dataclass
class Registry:
    subscribers: dict[str, Subscriber] = field(default_factory=dict)
    # Called after a commit that emitted events, so the relay in this process runs at once.
    on_commit: list[Callable[[], None]] = field(default_factory=list)

    def add(self, sub: Subscriber) -> None:
        if sub.name in self.subscribers:
            raise ValueError(f"subscriber {sub.name} registered twice")
        self.subscribers[sub.name] = sub

    def matching(self, kind: str) -> list[Subscriber]:
        return [s for s in self.subscribers.values() if s.wants(kind)]


registry = Registry()


def subscribe(
    name: str, kinds: Iterable[str] | None = None
) -> Callable[[TransactionalHandler], TransactionalHandler]:
    """Register an idempotent handler run in its own transaction with a receipt row.

    ``kinds`` are event kinds, or "prefix.*"; None subscribes to every kind.
    """

    def register(fn: TransactionalHandler) -> TransactionalHandler:
        registry.add(Subscriber(name, frozenset(kinds) if kinds else None, fn, True))
        return fn

    return register


def subscribe_push(
    name: str, kinds: Iterable[str] | None = None
) -> Callable[[PushHandler], PushHandler]:
    """Register a handler without database effects (e.g. the realtime push)."""

    def register(fn: PushHandler) -> PushHandler:
        registry.add(Subscriber(name, frozenset(kinds) if kinds else None, fn, False))
        return fn

    return register


@event.listens_for(Session, "after_commit")
def _wake_relays(session: Session) -> None:
    if session.info.pop(_EMITTED, False):
        for wake in registry.on_commit:
            wake()


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(_EMITTED, None)
