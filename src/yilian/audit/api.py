"""Audit routes: read and verify, for auditors only."""

from __future__ import annotations

from typing import Literal

from fastapi import Depends, Query
from sqlalchemy.ext.asyncio import AsyncSession

from yilian.audit import service
from yilian.audit.schemas import AuditRow, VerifyOut
from yilian.core.authz import API_PREFIX, Actor, PolicyRouter, Role, current_actor, roles
from yilian.core.deps import db_session
from yilian.core.pagination import Page
from yilian.core.schemas import Moment

router = PolicyRouter(prefix=API_PREFIX, tags=["audit"])
AUDITORS = roles("read the audit log", {Role.auditor})


@router.get("/audit", policy=AUDITORS, response_model=Page[AuditRow])
async def search_audit(
    actor_name: str | None = Query(None, alias="actor", max_length=64),
    action: str | None = Query(None, max_length=64),
    entity_type: str | None = Query(None, max_length=64),
    entity_id: str | None = Query(None, max_length=64),
    outcome: Literal["ok", "denied", "failed"] | None = None,
    flag: str | None = Query(None, max_length=32),
    since: Moment | None = None,
    until: Moment | None = None,
    cursor: str | None = Query(None, max_length=500),
    limit: int = Query(50, ge=1, le=200),
    actor: Actor = Depends(current_actor),
    db: AsyncSession = Depends(db_session),
):
    rows, nxt = await service.search(
        db, actor, actor_name=actor_name, action=action, entity_type=entity_type,
        entity_id=entity_id, outcome=outcome, flag=flag, since=since, until=until,
        cursor=cursor, limit=limit,
    )
    return Page(items=[AuditRow.model_validate(r, from_attributes=True) for r in rows],
                next_cursor=nxt)


@router.get("/audit/verify", policy=AUDITORS, response_model=VerifyOut)
async def verify_chain(db: AsyncSession = Depends(db_session)):
    r = await service.verify(db)
    return VerifyOut(ok=r.ok, rows=r.rows, head=r.head, bad_seq=r.bad_seq, reason=r.reason)
