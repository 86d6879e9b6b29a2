"""Reading the audit log. There is deliberately no way to change it here."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import false, select
from sqlalchemy.ext.asyncio import AsyncSession

from yilian.alliance import service as alliance
from yilian.core import accesslog, audit
from yilian.core.accesslog import AccessEntry
from yilian.core.audit import AuditEntry
from yilian.core.authz import Actor, Role
from yilian.core.clock import Clock
from yilian.core.errors import ValidationFailed
from yilian.core.pagination import paginate


def _rows(table, actor: Actor, *, actor_name: str | None, action: str | None,
          since: datetime | None, until: datetime | None, **equal):
    """The rows of the audit or access log this auditor may see, filtered: by who, by the
    beginning of the action, in a time range, and by the exact values given in ``equal``."""
    if since and until and since > until:
        raise ValidationFailed.field("until", "is before since")
    stmt = select(table)
    if actor.role != Role.auditor or not actor.org_path:
        stmt = stmt.where(false())
    elif not actor.at_root:
        # An auditor below the alliance root sees what happened at, or to patients of, its scope.
        scope = alliance.ids_under(actor.org_path)
        stmt = stmt.where(table.org_id.in_(scope) | table.subject_org_id.in_(scope))
    if actor_name:
        stmt = stmt.where(table.actor_username == actor_name)
    if action:
        stmt = stmt.where(table.action.startswith(action, autoescape=True))
    if since:
        stmt = stmt.where(table.at >= since)
    if until:
        stmt = stmt.where(table.at < until)
    return stmt.where(*(getattr(table, k) == v for k, v in equal.items() if v))


async def search(
    db: AsyncSession, actor: Actor, *, actor_name: str | None, action: str | None,
    entity_type: str | None, entity_id: str | None, outcome: str | None, flag: str | None,
    since: datetime | None, until: datetime | None, cursor: str | None, limit: int,
) -> tuple[list[AuditEntry], str | None]:
    stmt = _rows(AuditEntry, actor, actor_name=actor_name, action=action, since=since,
                 until=until, entity_type=entity_type, entity_id=entity_id, outcome=outcome,
                 flag=flag)
    return await paginate(db, stmt, [AuditEntry.seq], cursor=cursor, limit=limit)


async def search_access(
    db: AsyncSession, actor: Actor, *, patient_id: uuid.UUID | None, actor_name: str | None,
    action: str | None, basis: str | None, since: datetime | None, until: datetime | None,
    cursor: str | None, limit: int,
) -> tuple[list[AccessEntry], str | None]:
    """Reads of patient data, newest first."""
    stmt = _rows(AccessEntry, actor, actor_name=actor_name, action=action, since=since,
                 until=until, patient_id=patient_id, basis=basis)
    return await paginate(db, stmt, [AccessEntry.seq], cursor=cursor, limit=limit,
                          descending=True)


async def verify(db: AsyncSession, clock: Clock
                 ) -> tuple[audit.VerifyResult, accesslog.SealCheck]:
    return await audit.verify(db), await accesslog.verify(db, clock)
