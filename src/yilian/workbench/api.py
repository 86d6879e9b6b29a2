"""The workbench route."""

from __future__ import annotations

from fastapi import Depends
from sqlalchemy.ext.asyncio import AsyncSession

from yilian.core.authz import API_PREFIX, Actor, PolicyRouter, current_actor
from yilian.core.clock import Clock
from yilian.core.deps import clock, db_session
from yilian.workbench import policy, service
from yilian.workbench.schemas import Workbench

router = PolicyRouter(prefix=API_PREFIX, tags=["workbench"])


@router.get("/workbench", policy=policy.READ, response_model=Workbench)
async def workbench(actor: Actor = Depends(current_actor),
                    db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock)):
    return await service.workbench(db, clk, actor)
