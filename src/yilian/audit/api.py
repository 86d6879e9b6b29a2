"""Audit routes: read and verify, for auditors only."""

from __future__ import annotations

import uuid
from typing import Literal

from fastapi import Depends, Query
from sqlalchemy.ext.asyncio import AsyncSession

from yilian.audit import service
from yilian.audit.schemas import AccessRow, AuditRow, VerifyOut
from yilian.core.accesslog import Basis
from yilian.core.authz import API_PREFIX, Actor, PolicyRouter, Role, current_actor, roles
from yilian.core.clock import Clock
from yilian.core.deps import clock, db_session
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


@router.get("/audit/access-log", policy=roles("read the access log", {Role.auditor}),
            response_model=Page[AccessRow])
async def search_access_log(
    patient_id: uuid.UUID | None = None,
    actor_name: str | None = Query(None, alias="actor", max_length=64),
    action: str | None = Query(None, max_length=64),
    basis: Basis | None = None,
    since: Moment | None = None,
    until: Moment | None = None,
    cursor: str | None = Query(None, max_length=500),
    limit: int = Query(50, ge=1, le=200),
    actor: Actor = Depends(current_actor),
    db: AsyncSession = Depends(db_session),
):
    rows, nxt = await service.search_access(
        db, actor, patient_id=patient_id, actor_name=actor_name, action=action,
        basis=basis.value if basis else None, since=since, until=until, cursor=cursor,
        limit=limit)
    return Page(items=[AccessRow(**{k: getattr(r, k) for k in AccessRow.model_fields
                                    if k != "sealed"}, sealed=r.batch_id is not None)
                       for r in rows], next_cursor=nxt)


@router.get("/audit/verify", policy=AUDITORS, response_model=VerifyOut)
async def verify_chain(db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock)):
    r, access = await service.verify(db, clk)
    return VerifyOut(ok=r.ok, rows=r.rows, head=r.head, bad_seq=r.bad_seq, reason=r.reason,
                     access_ok=access.ok, access_rows=access.rows,
                     access_unsealed=access.unsealed, access_problem=access.problem)
