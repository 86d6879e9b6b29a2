"""HTTP endpoints of two-way referral: one per workflow step, so each has its own body."""

from __future__ import annotations

import uuid
from typing import Literal

from fastapi import Depends, Query
from sqlalchemy.ext.asyncio import AsyncSession

from yilian.cases.api import CaseRoutes, Empty
from yilian.cases.columns import Urgency
from yilian.cases.schemas import AttachIn, DepartmentChoice
from yilian.core.authz import Actor, current_actor
from yilian.core.clock import Clock
from yilian.core.deps import clock, db_session
from yilian.core.pagination import Page
from yilian.core.schemas import Moment
from yilian.referral import policy, schemas, service, stats
from yilian.referral.models import Direction, State

case = CaseRoutes("referral", step_policy=policy.STEP, out=schemas.ReferralOut)
router, BASE = case.router, case.base


case.create(schemas.ReferralIn, service.create, policy=policy.REFER, name="create")


@router.get(BASE, policy=policy.READ, response_model=Page[schemas.ReferralSummary])
async def list_referrals(
    direction: Direction | None = None, state: State | None = None,
    side: Literal["incoming", "outgoing"] | None = None, overdue: bool = False,
    urgency: Urgency | None = None, patient_id: uuid.UUID | None = None,
    sort: Literal["newest", "priority"] = "newest", cursor: str | None = None,
    limit: int = Query(20), actor: Actor = Depends(current_actor),
    db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
):
    return await service.list_referrals(
        db, clk, actor, direction=direction, state=state, side=side, only_overdue=overdue,
        urgency=urgency, patient_id=patient_id, sort=sort, cursor=cursor, limit=limit)


@router.get(BASE + "/targets", policy=policy.REFER, response_model=list[schemas.TargetOut])
async def targets(direction: Direction = Direction.up, actor: Actor = Depends(current_actor),
                  db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock)):
    return await service.targets(db, clk, actor, direction)


@router.get(BASE + "/dashboard", policy=policy.COUNT, response_model=list[schemas.OpenCount])
async def dashboard(actor: Actor = Depends(current_actor),
                    db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock)):
    return await stats.dashboard(db, clk, actor)


@router.get(BASE + "/stats", policy=policy.COUNT, response_model=schemas.ReferralStatsOut)
async def referral_stats(start: Moment, end: Moment,
                         actor: Actor = Depends(current_actor),
                         db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock)):
    return await stats.counts(db, clk, actor, start=start, end=end)


case.read("", service.get, policy=policy.READ,
          response_model=schemas.ReferralOut, name="get_referral")
case.read("/departments", lambda db, clk, actor, i: service.departments(db, actor, i),
          policy=policy.STEP, response_model=list[DepartmentChoice], name="departments")
case.step("/accept", schemas.AcceptIn,
          lambda db, clk, cfg, a, i, d: service.accept(db, clk, a, i, d),
          summary="Accept, reserving an appointment or a bed (receiving side)")
case.step("/reject", schemas.ReasonIn,
          lambda db, clk, cfg, a, i, d: service.reject(db, clk, a, i, d.reason),
          summary="Reject with a reason (receiving side)")
case.step("/redirect", schemas.RedirectIn,
          lambda db, clk, cfg, a, i, d: service.redirect(db, clk, a, i, d),
          summary="Redirect to another department or organisation (receiving side)")
case.step("/reraise", schemas.ReraiseIn,
          lambda db, clk, cfg, a, i, d: service.reraise(db, clk, cfg, a, i, d),
          summary="Raise a rejected referral again (answers with the new referral)")
case.step("/cancel", schemas.ReasonIn,
          lambda db, clk, cfg, a, i, d: service.cancel(db, clk, a, i, d.reason),
          summary="Cancel (referring side)")
case.step("/arrive", Empty, lambda db, clk, cfg, a, i, d: service.arrive(db, clk, a, i),
          summary="Confirm the patient arrived (receiving side)")
case.step("/no-show", Empty, lambda db, clk, cfg, a, i, d: service.no_show(db, clk, a, i),
          summary="Mark that the patient did not come (receiving side)")
case.step("/treat", schemas.TreatIn,
          lambda db, clk, cfg, a, i, d: service.treat(db, clk, a, i, d.outcome),
          summary="Record that the treatment is finished (receiving doctor)")
case.step("/attachments", AttachIn,
          lambda db, clk, cfg, a, i, d: service.add_material(db, clk, a, i, d.file_id),
          summary="Add a material (referring side)")
