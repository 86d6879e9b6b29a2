"""HTTP endpoints of remote consultation: one per workflow step, so each has its own body."""

from __future__ import annotations

import uuid
from typing import Literal

from fastapi import Depends, Query
from sqlalchemy.ext.asyncio import AsyncSession

from yilian.cases.api import CaseRoutes, Empty
from yilian.cases.columns import Urgency
from yilian.cases.schemas import AttachIn, DepartmentChoice
from yilian.consultation import policy, reading, report, schemas, stats, steps
from yilian.consultation.models import Kind, State
from yilian.core.authz import Actor, current_actor
from yilian.core.clock import Clock
from yilian.core.deps import clock, db_session
from yilian.core.pagination import Page
from yilian.core.schemas import Moment

case = CaseRoutes("consultation", step_policy=policy.STEP, out=schemas.ConsultationOut)
router, BASE = case.router, case.base


case.create(schemas.ApplicationIn,
            lambda db, clk, cfg, actor, data: steps.apply(db, clk, actor, data),
            policy=policy.APPLY, name="apply")


@router.get(BASE, policy=policy.READ, response_model=Page[schemas.ConsultationSummary])
async def list_consultations(
    state: State | None = None, kind: Kind | None = None, urgency: Urgency | None = None,
    overdue: bool = False, mine: bool = False,
    side: Literal["inviting", "invited"] | None = None, patient_id: uuid.UUID | None = None,
    cursor: str | None = None, limit: int = Query(20),
    actor: Actor = Depends(current_actor), db: AsyncSession = Depends(db_session),
    clk: Clock = Depends(clock),
):
    return await reading.list_consultations(
        db, clk, actor, state=state, kind=kind, urgency=urgency, only_overdue=overdue,
        mine=mine, side=side, patient_id=patient_id, cursor=cursor, limit=limit)


@router.get(BASE + "/stats", policy=policy.STATS, response_model=schemas.StatsOut)
async def consultation_stats(
    start: Moment, end: Moment,
    group_by: Literal["organisation", "inviting_organisation", "department", "month"] = "month",
    actor: Actor = Depends(current_actor), db: AsyncSession = Depends(db_session),
    clk: Clock = Depends(clock),
):
    return await stats.counts(db, clk, actor, start=start, end=end, group_by=group_by)


case.read("", reading.get, policy=policy.READ, response_model=schemas.ConsultationOut,
          name="get_consultation")
case.read("/candidates", reading.candidates, policy=policy.STEP,
          response_model=list[schemas.CandidateOut], name="candidates")
case.read("/departments", reading.departments, policy=policy.STEP,
          response_model=list[DepartmentChoice],
          name="departments")
case.step("/route", schemas.RouteIn,
          lambda db, clk, cfg, a, i, d: steps.route(db, clk, a, i, d.department_id),
          summary="Route to a department (office)")
case.step("/decline", schemas.ReasonIn,
          lambda db, clk, cfg, a, i, d: steps.decline(db, clk, a, i, d.reason),
          summary="Decline (office)")
case.step("/return", schemas.ReasonIn,
          lambda db, clk, cfg, a, i, d: steps.return_(db, clk, a, i, d.reason),
          summary="Hand back to the office (department)")
case.step("/assign", schemas.AssignIn,
          lambda db, clk, cfg, a, i, d: steps.assign(db, clk, a, i, d.expert_id),
          summary="Assign an expert (department)")
case.step("/withdraw", schemas.ReasonIn,
          lambda db, clk, cfg, a, i, d: steps.withdraw(db, clk, a, i, d.reason),
          summary="Hand back the assignment (expert)")
case.step("/dispatch", schemas.DispatchIn,
          lambda db, clk, cfg, a, i, d: steps.dispatch(db, clk, a, i, d),
          summary="Send an MDT to departments (office)")
case.step("/answer", schemas.AnswerIn, lambda db, clk, cfg, a, i, d: steps.answer(db, clk, a, i, d),
          summary="Accept or reject an MDT for a department")
case.step("/confirm-panel", Empty,
          lambda db, clk, cfg, a, i, d: steps.confirm_panel(db, clk, a, i),
          summary="Confirm the MDT panel (office)")
case.step("/book", schemas.BookIn,
          lambda db, clk, cfg, a, i, d: steps.book(db, clk, a, i, d.slot_id),
          summary="Book the time (inviting side)")
case.step("/reschedule", schemas.RescheduleIn,
          lambda db, clk, cfg, a, i, d: steps.reschedule(db, clk, a, i, d.slot_id, d.reason),
          summary="Move to another time")
case.step("/request-info", schemas.InfoRequestIn,
          lambda db, clk, cfg, a, i, d: steps.request_info(db, clk, a, i, d.request),
          summary="Ask the inviting side for more information (expert)")
case.step("/supply-info", schemas.SupplyInfoIn,
          lambda db, clk, cfg, a, i, d: steps.supply_info(db, clk, a, i, d),
          summary="Supply the information asked for (inviting side)")
case.step("/attachments", AttachIn,
          lambda db, clk, cfg, a, i, d: steps.add_material(db, clk, a, i, d.file_id),
          summary="Add a material (inviting side)")
case.step("/start", schemas.StartIn,
          lambda db, clk, cfg, a, i, d: steps.start(db, clk, a, i,
                                                    confirm_off_time=d.confirm_off_time),
          summary="Start the session and ring the participants (expert)")
case.step("/coordinator", schemas.CoordinatorIn,
          lambda db, clk, cfg, a, i, d: steps.set_coordinator(db, clk, a, i, d.joins),
          summary="Decide whether a coordinator takes part (chief expert)")
case.step("/opinion", schemas.OpinionIn,
          lambda db, clk, cfg, a, i, d: steps.opinion(db, clk, a, i, d.opinion),
          summary="Enter a specialty opinion (secondary expert)")
case.step("/publish", Empty, lambda db, clk, cfg, a, i, d: report.publish(db, clk, cfg, a, i),
          summary="Sign and publish the report (expert / chief)")
case.step("/acknowledge", Empty, lambda db, clk, cfg, a, i, d: steps.acknowledge(db, clk, a, i),
          summary="Acknowledge the report (inviting side)")
case.step("/cancel", schemas.ReasonIn,
          lambda db, clk, cfg, a, i, d: steps.cancel(db, clk, a, i, d.reason),
          summary="Cancel (inviting side)")
case.step("/addenda", schemas.AddendumIn,
          lambda db, clk, cfg, a, i, d: report.addendum(db, clk, cfg, a, i, d),
          summary="Add a signed addendum to the published report")


@router.put(case.one + "/draft", policy=policy.STEP, response_model=schemas.ConsultationOut)
async def save_draft(consultation_id: uuid.UUID, data: schemas.ReportIn,
                     actor: Actor = Depends(current_actor),
                     db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock)):
    return await report.save_draft(db, clk, actor, consultation_id, data)

