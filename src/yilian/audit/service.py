"""Reading the audit log. There is deliberately no way to change it here."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from yilian.alliance import service as alliance
from yilian.core import accesslog, audit
from yilian.core.accesslog import AccessEntry
from yilian.core.audit import AuditEntry
from yilian.core.authz import Actor, Role
from yilian.core.clock import Clock
from yilian.core.errors import ValidationFailed
from yilian.core.pagination import paginate


async def search(
    db: AsyncSession, actor: Actor, *, actor_name: str | None, action: str | None,
    entity_type: str | None, entity_id: str | None, outcome: str | None, flag: str | None,
    since: datetime | None, until: datetime | None, cursor: str | None, limit: int,
) -> tuple[list[AuditEntry], str | None]:
    if since and until and since > until:
        raise ValidationFailed.field("until", "is before since")
    stmt = _scoped(select(AuditEntry), AuditEntry, actor)
    if actor_name:
        stmt = stmt.where(AuditEntry.actor_username == actor_name)
    if action:
        stmt = stmt.where(AuditEntry.action.startswith(action, autoescape=True))
    if entity_type:
        stmt = stmt.where(AuditEntry.entity_type == entity_type)
    if entity_id:
        stmt = stmt.where(AuditEntry.entity_id == entity_id)
    if outcome:
        stmt = stmt.where(AuditEntry.outcome == outcome)
    if flag:
        stmt = stmt.where(AuditEntry.flag == flag)
    if since:
        stmt = stmt.where(AuditEntry.at >= since)
    if until:
        stmt = stmt.where(AuditEntry.at < until)
    return await paginate(db, stmt, [AuditEntry.seq], cursor=cursor, limit=limit)


def _scoped(stmt, table, actor: Actor):
    if actor.role != Role.auditor or not actor.org_path:
        return stmt.where(False)
    if not actor.at_root:
        # An auditor below the alliance root sees what happened at, or to patients of, its scope.
        scope = alliance.ids_under(actor.org_path)
        return stmt.where(table.org_id.in_(scope) | table.subject_org_id.in_(scope))
    return stmt


async def search_access(
    db: AsyncSession, actor: Actor, *, patient_id: uuid.UUID | None, actor_name: str | None,
    action: str | None, basis: str | None, since: datetime | None, until: datetime | None,
    cursor: str | None, limit: int,
) -> tuple[list[AccessEntry], str | None]:
    """Reads of patient data, newest first."""
    if since and until and since > until:
        raise ValidationFailed.field("until", "is before since")
    stmt = _scoped(select(AccessEntry), AccessEntry, actor)
    if patient_id:
        stmt = stmt.where(AccessEntry.patient_id == patient_id)
    if actor_name:
        stmt = stmt.where(AccessEntry.actor_username == actor_name)
    if action:
        stmt = stmt.where(AccessEntry.action.startswith(action, autoescape=True))
    if basis:
        stmt = stmt.where(AccessEntry.basis == basis)
    if since:
        stmt = stmt.where(AccessEntry.at >= since)
    if until:
        stmt = stmt.where(AccessEntry.at < until)
    return await paginate(db, stmt, [AccessEntry.seq], cursor=cursor, limit=limit,
                          descending=True)


async def verify(db: AsyncSession, clock: Clock
                 ) -> tuple[audit.VerifyResult, accesslog.SealCheck]:
    return await audit.verify(db), await accesslog.verify(db, clock)
