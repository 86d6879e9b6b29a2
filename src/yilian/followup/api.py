"""Follow-up task routes: the list (staff in scope, a patient their own) and completing one."""

from __future__ import annotations

import uuid
from typing import Literal

from fastapi import Depends, Query
from sqlalchemy.ext.asyncio import AsyncSession

from yilian.core.authz import API_PREFIX, Actor, PolicyRouter, current_actor
from yilian.core.clock import Clock
from yilian.core.deps import clock, db_session
from yilian.core.pagination import MAX_LIMIT, Page
from yilian.followup import policy, service
from yilian.followup.schemas import CompleteIn, TaskOut

router = PolicyRouter(prefix=API_PREFIX, tags=["followup"])
BASE = "/followup-tasks"


@router.get(BASE, policy=policy.READ, response_model=Page[TaskOut])
async def list_tasks(
    state: Literal["open", "done"] | None = None,
    mine: bool = Query(False, description="only those I am to do: assigned to me, or to "
                                          "nobody at my organisation"),
    patient_id: uuid.UUID | None = None,
    cursor: str | None = Query(None, max_length=200), limit: int = Query(20, ge=1, le=MAX_LIMIT),
    actor: Actor = Depends(current_actor), db: AsyncSession = Depends(db_session),
    clk: Clock = Depends(clock),
):
    return await service.list_tasks(db, clk, actor, state=state, mine=mine,
                                    patient_id=patient_id, cursor=cursor, limit=limit)


@router.post(BASE + "/{task_id}/complete", policy=policy.COMPLETE, response_model=TaskOut)
async def complete(
    task_id: uuid.UUID, data: CompleteIn, actor: Actor = Depends(current_actor),
    db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
):
    return await service.complete(db, clk, actor, task_id, data.note)
