"""Routes of the shared case parts: an organisation's time limits (SLA).

The route policies admit the roles concerned; the service then checks that the actor's grant
covers the organisation (cases/policy.py).
"""

from __future__ import annotations

import uuid

from fastapi import Depends
from sqlalchemy.ext.asyncio import AsyncSession

from yilian.cases import sla
from yilian.cases.policy import SLA_READERS, SLA_WRITERS
from yilian.cases.schemas import SlaIn, SlaOut
from yilian.core.authz import API_PREFIX, Actor, PolicyRouter, current_actor, roles
from yilian.core.clock import Clock
from yilian.core.deps import clock, db_session

router = PolicyRouter(prefix=API_PREFIX, tags=["cases"])
READ_SLA = roles("read an organisation's time limits", SLA_READERS)
SET_SLA = roles("set an organisation's time limits", SLA_WRITERS)


@router.get("/organisations/{org_id}/sla", policy=READ_SLA, response_model=SlaOut)
async def get_sla(
    org_id: uuid.UUID, actor: Actor = Depends(current_actor),
    db: AsyncSession = Depends(db_session),
):
    return await sla.get_sla(db, actor, org_id)


@router.put("/organisations/{org_id}/sla", policy=SET_SLA, response_model=SlaOut)
async def set_sla(
    org_id: uuid.UUID, body: SlaIn, actor: Actor = Depends(current_actor),
    db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
):
    return await sla.set_sla(db, clk, actor, org_id, body)
