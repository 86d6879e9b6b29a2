"""The access log: every read of a patient's data, for the patient and the auditor to see.

A read appends one row in the request's own transaction (a plain insert, no lock), so it is as
durable as the request and costs little. A periodic job seals the rows written since its last
run into the audit chain: it gives them a batch id and appends one chain entry holding the
batch's row count and the SHA-256 of its rows, so `yilian audit verify` detects an edited,
deleted or added access entry as it does an audit row (docs/decisions/0017).
"""

from __future__ import annotations

import enum
import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import (
    BigInteger,
    Index,
    Integer,
    String,
    Table,
    event,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, Session, mapped_column

from yilian.core import audit
from yilian.core.audit import AuditEntry
from yilian.core.authz import Actor
from yilian.core.clock import Clock
from yilian.core.db import Base, Direct, str_enum
from yilian.core.jobs import JobContext
from yilian.core.scheduler import periodic

SEAL_ACTION = "access_log.seal"
SEAL_ENTITY = "access_log_batch"
# Rows younger than this may still be in transactions that have not committed; older unsealed
# rows mean the sealing job is not running.
SEAL_GRACE = timedelta(minutes=10)


class Basis(enum.StrEnum):
    """Why the reader may read: the reason shown to the patient beside each read."""

    self_ = "self"
    proxy = "proxy"
    network = "network"  # the home organisation and those above it up to the county
    case = "case"  # a consultation, referral or other case the reader takes part in
    consent = "consent"
    break_glass = "break-glass"


class AccessEntry(Base):
    __tablename__ = "access_log"
    __table_args__ = (
        Index("ix_access_log_patient", "patient_id", "seq"),
        Index("ix_access_log_actor", "actor_user_id", "seq"),
        Index("ix_access_log_batch", "batch_id"),
    )

    seq: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    at: Mapped[datetime]
    patient_id: Mapped[uuid.UUID]
    subject_org_id: Mapped[uuid.UUID | None]
    actor_user_id: Mapped[uuid.UUID]
    actor_username: Mapped[str] = mapped_column(String(64))
    role: Mapped[str | None] = mapped_column(String(32))
    org_id: Mapped[uuid.UUID | None]
    # What was read ("record.read", "patient.identifiers", "consultation.read", ...).
    action: Mapped[str] = mapped_column(String(64))
    entity_type: Mapped[str | None] = mapped_column(String(64))
    entity_id: Mapped[str | None] = mapped_column(String(64))
    basis: Mapped[Basis] = mapped_column(str_enum(Basis, "access_basis"))
    # What the basis refers to: a case number, a consent id, a break-glass id.
    basis_ref: Mapped[str | None] = mapped_column(String(64))
    # The purpose the reader stated (revealing identifiers).
    purpose: Mapped[str | None] = mapped_column(String(200))
    ip: Mapped[str | None] = mapped_column(String(64))
    batch_id: Mapped[uuid.UUID | None]


@dataclass(slots=True)
class PendingRead:
    """A read logged in a transaction that has not committed yet: the row it will insert."""

    at: datetime
    patient_id: uuid.UUID
    subject_org_id: uuid.UUID | None
    actor_user_id: uuid.UUID
    actor_username: str
    role: str | None
    org_id: uuid.UUID | None
    action: str
    entity_type: str | None
    entity_id: str | None
    basis: Basis
    basis_ref: str | None
    purpose: str | None
    ip: str | None


_QUEUE = "yilian.access_log"
_COLUMNS = list(PendingRead.__slots__)
# Built once: a Core insert of plain rows, one statement (executemany for several) per commit,
# instead of an ORM unit of work per read (docs/decisions/0016). (SQLAlchemy types __table__ as
# any FromClause; a declarative model's is a Table.)
_INSERT = insert(cast(Table, AccessEntry.__table__)).inline()
_INSERT_DIRECT = Direct(_INSERT, column_keys=_COLUMNS)


def log(db: AsyncSession, clock: Clock, actor: Actor, patient_id: uuid.UUID,
        subject_org_id: uuid.UUID | None, action: str, basis: Basis, *,
        basis_ref: str | None = None, entity_type: str | None = None, entity_id: Any = None,
        purpose: str | None = None) -> PendingRead:
    """Append a read to the caller's transaction: inserted just before it commits (first among
    the transaction's writes, without any lock), dropped if it rolls back."""
    entry = PendingRead(
        clock.now(), patient_id, subject_org_id, actor.user_id, actor.username,
        str(actor.role) if actor.role else None, actor.org_id, action, entity_type,
        str(entity_id) if entity_id is not None else None, basis, basis_ref, purpose, actor.ip,
    )
    db.sync_session.info.setdefault(_QUEUE, []).append(entry)
    return entry


def _row(entry: PendingRead) -> dict[str, Any]:
    return {name: getattr(entry, name) for name in _COLUMNS}


async def write_pending(db: AsyncSession) -> None:
    """Insert the reads logged so far now rather than in the commit hook: on a session without
    a transaction (core.db.make_statement_sessionmaker) straight on the driver's connection."""
    entries = db.sync_session.info.pop(_QUEUE, None)
    if entries:
        await _INSERT_DIRECT.execute(db, [_row(e) for e in entries])


@event.listens_for(Session, "before_commit", insert=True)
def _insert_reads(session: Session) -> None:
    """Before the other commit hooks (the commit-order lock is the last lock: 0014)."""
    entries = session.info.pop(_QUEUE, None)
    if not entries:
        return
    rows = [_row(e) for e in entries]
    session.connection().execute(_INSERT, rows[0] if len(rows) == 1 else rows)


@event.listens_for(Session, "after_rollback")
def _discard(session: Session) -> None:
    session.info.pop(_QUEUE, None)


def _canonical(e: AccessEntry) -> str:
    def s(v: Any) -> str | None:
        return None if v is None else str(v)

    return json.dumps([e.seq, e.at.isoformat(), s(e.patient_id), s(e.subject_org_id),
                       s(e.actor_user_id), e.actor_username, e.role, s(e.org_id), e.action,
                       e.entity_type, e.entity_id, str(e.basis), e.basis_ref, e.purpose, e.ip],
                      ensure_ascii=False, separators=(",", ":"))


def digest(entries: list[AccessEntry]) -> str:
    h = hashlib.sha256()
    for e in entries:
        h.update(_canonical(e).encode())
        h.update(b"\n")
    return h.hexdigest()


async def seal(db: AsyncSession, clock: Clock, *, batch: int = 5000) -> int:
    """Seal up to ``batch`` unsealed rows into the audit chain; how many were sealed.

    Rows are taken by "not sealed yet", not by a range of numbers: a transaction that commits
    late with a lower number is sealed by the next run instead of being skipped."""
    stmt = (select(AccessEntry).where(AccessEntry.batch_id.is_(None))
            .order_by(AccessEntry.seq).limit(batch))
    if db.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True)
    rows = list((await db.execute(stmt)).scalars())
    if not rows:
        await db.rollback()
        return 0
    batch_id = uuid.uuid4()
    await db.execute(update(AccessEntry).where(AccessEntry.seq.in_([r.seq for r in rows]))
                     .values(batch_id=batch_id))
    await audit.record(db, clock, None, SEAL_ACTION, entity_type=SEAL_ENTITY, entity_id=batch_id,
                       detail={"count": len(rows), "first": rows[0].seq, "last": rows[-1].seq,
                               "sha256": digest(rows)})
    await db.commit()
    return len(rows)


@dataclass
class SealCheck:
    ok: bool
    batches: int
    rows: int
    unsealed: int
    stale_unsealed: int
    problem: str | None = None


async def verify(db: AsyncSession, clock: Clock) -> SealCheck:
    """Every sealed batch still has exactly the rows it was sealed with, and no row claims a
    batch the chain does not hold. (The chain itself is checked by ``audit.verify``.)"""
    seals = (await db.execute(
        select(AuditEntry.entity_id, AuditEntry.detail, AuditEntry.seq)
        .where(AuditEntry.action == SEAL_ACTION).order_by(AuditEntry.seq))).all()
    sealed_ids: set[str] = set()
    rows_total = 0
    for batch_id, detail, seq in seals:
        sealed_ids.add(batch_id)
        rows = list((await db.execute(
            select(AccessEntry).where(AccessEntry.batch_id == uuid.UUID(batch_id))
            .order_by(AccessEntry.seq))).scalars())
        rows_total += len(rows)
        if len(rows) != detail.get("count") or digest(rows) != detail.get("sha256"):
            return SealCheck(False, len(sealed_ids), rows_total, 0, 0,
                             f"access-log batch sealed in audit row {seq} does not match "
                             f"its rows ({len(rows)} rows, {detail.get('count')} sealed)")
        db.expunge_all()
    claimed = (await db.execute(
        select(AccessEntry.batch_id).where(AccessEntry.batch_id.is_not(None)).distinct())).scalars()
    strays = [str(b) for b in claimed if str(b) not in sealed_ids]
    if strays:
        return SealCheck(False, len(sealed_ids), rows_total, 0, 0,
                         f"access-log rows claim batch {strays[0]}, which the chain never sealed")
    unsealed = (await db.execute(select(func.count()).select_from(AccessEntry)
                                 .where(AccessEntry.batch_id.is_(None)))).scalar_one()
    stale = (await db.execute(select(func.count()).select_from(AccessEntry).where(
        AccessEntry.batch_id.is_(None), AccessEntry.at < clock.now() - SEAL_GRACE))).scalar_one()
    return SealCheck(True, len(sealed_ids), rows_total, unsealed, stale)


@periodic("access-log.seal", every=timedelta(minutes=1))
async def seal_pending(ctx: JobContext) -> None:
    while True:
        async with ctx.sessionmaker() as db:
            if await seal(db, ctx.clock) == 0:
                return
