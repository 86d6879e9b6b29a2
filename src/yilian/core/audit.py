"""The hash-chained audit log.

Each row's hash covers its own content and the previous row's hash, so editing, deleting or
re-ordering rows breaks the chain at the first touched row. A transaction's rows are queued and
appended just before it commits, under the commit-order lock (core/commitorder.py), so the
chain's critical section is a few inserts at the very end of the transaction. There is no
update or delete path in the application.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Index, Integer, String, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, Session, mapped_column

from yilian.core import commitorder
from yilian.core.authz import Actor
from yilian.core.clock import Clock
from yilian.core.db import Base

GENESIS = "0" * 64
ROUTE_NAME_LENGTH = 200


class AuditEntry(Base):
    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_at", "at"),
        Index("ix_audit_log_entity", "entity_type", "entity_id"),
        Index("ix_audit_log_actor", "actor_user_id"),
    )

    seq: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    at: Mapped[datetime]
    actor_user_id: Mapped[uuid.UUID | None]
    actor_username: Mapped[str | None] = mapped_column(String(64))
    grant_id: Mapped[uuid.UUID | None]
    role: Mapped[str | None] = mapped_column(String(32))
    org_id: Mapped[uuid.UUID | None]
    # A refusal names its route ("POST /api/v1/…/{id}/…") as the action or the entity.
    action: Mapped[str] = mapped_column(String(ROUTE_NAME_LENGTH))
    entity_type: Mapped[str | None] = mapped_column(String(64))
    entity_id: Mapped[str | None] = mapped_column(String(ROUTE_NAME_LENGTH))
    outcome: Mapped[str] = mapped_column(String(16))
    ip: Mapped[str | None] = mapped_column(String(64))
    # Flags a reader should notice, e.g. "break-glass" or "cross-org".
    flag: Mapped[str | None] = mapped_column(String(32))
    # For the patient's home organisation to find accesses to its patients.
    subject_org_id: Mapped[uuid.UUID | None]
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


def _canonical(e: AuditEntry) -> bytes:
    payload = {
        "seq": e.seq,
        "at": e.at.isoformat(),
        "actor_user_id": str(e.actor_user_id) if e.actor_user_id else None,
        "actor_username": e.actor_username,
        "grant_id": str(e.grant_id) if e.grant_id else None,
        "role": e.role,
        "org_id": str(e.org_id) if e.org_id else None,
        "action": e.action,
        "entity_type": e.entity_type,
        "entity_id": e.entity_id,
        "outcome": e.outcome,
        "ip": e.ip,
        "flag": e.flag,
        "subject_org_id": str(e.subject_org_id) if e.subject_org_id else None,
        "detail": e.detail or {},
        "prev_hash": e.prev_hash,
    }
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def entry_hash(e: AuditEntry) -> str:
    return hashlib.sha256(_canonical(e)).hexdigest()


async def record(
    db: AsyncSession,
    clock: Clock,
    actor: Actor | None,
    action: str,
    *,
    entity_type: str | None = None,
    entity_id: Any = None,
    outcome: str = "ok",
    flag: str | None = None,
    subject_org_id: uuid.UUID | None = None,
    detail: dict[str, Any] | None = None,
    ip: str | None = None,
) -> AuditEntry:
    """Queue one row in the caller's transaction: appended to the chain when it commits (its
    ``seq`` and ``hash`` are set then), gone if it rolls back."""
    entry = AuditEntry(
        at=clock.now(),
        actor_user_id=actor.user_id if actor else None,
        actor_username=actor.username if actor else None,
        grant_id=actor.grant_id if actor else None,
        role=str(actor.role) if actor and actor.role else None,
        org_id=actor.org_id if actor else None,
        action=action,
        entity_type=entity_type,
        entity_id=str(entity_id) if entity_id is not None else None,
        outcome=outcome,
        ip=ip or (actor.ip if actor else None),
        flag=flag,
        subject_org_id=subject_org_id,
        detail=detail or {},
    )
    commitorder.defer(db, "audit", entry)
    return entry


@commitorder.writer("audit")
def _append(session: Session, entries: list[AuditEntry]) -> None:
    last = session.execute(
        select(AuditEntry.seq, AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1)
    ).first()
    seq, prev = (last.seq, last.hash) if last else (0, GENESIS)
    for entry in entries:
        seq += 1
        entry.seq, entry.prev_hash = seq, prev
        entry.hash = prev = entry_hash(entry)
        session.add(entry)


@dataclass
class VerifyResult:
    ok: bool
    rows: int
    head: str
    bad_seq: int | None = None
    reason: str | None = None


async def verify(db: AsyncSession, batch: int = 5000) -> VerifyResult:
    """Walk the chain in order; stop at the first row that does not fit."""
    prev_hash, prev_seq, count, after = GENESIS, 0, 0, 0
    while True:
        rows = (
            await db.execute(
                select(AuditEntry).where(AuditEntry.seq > after).order_by(AuditEntry.seq).limit(batch)
            )
        ).scalars().all()
        if not rows:
            return VerifyResult(True, count, prev_hash)
        for e in rows:
            if e.seq != prev_seq + 1:
                return VerifyResult(False, count, prev_hash, e.seq, f"row {prev_seq + 1} is missing")
            if e.prev_hash != prev_hash:
                return VerifyResult(
                    False, count, prev_hash, e.seq, "does not link to the row before it"
                )
            if entry_hash(e) != e.hash:
                return VerifyResult(False, count, prev_hash, e.seq, "content does not match its hash")
            prev_hash, prev_seq = e.hash, e.seq
            count += 1
        after = rows[-1].seq
        db.expunge_all()
