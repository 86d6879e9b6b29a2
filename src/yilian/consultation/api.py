"""HTTP endpoints of remote consultation: one per workflow step, so each has its own body."""

from __future__ import annotations

import uuid
from typing import Literal

from fastapi import Depends, Query
from sqlalchemy.ext.asyncio import AsyncSession

from yilian.cases.api import CaseRoutes, Empty
from yilian.cases.columns import Urgency
from yilian.cases.schemas import AttachIn
from yilian.consultation import policy, reading, report, stats, steps
from yilian.consultation.models import Kind, State
from yilian.consultation.schemas import (
    AddendumIn,
    AnswerIn,
    ApplicationIn,
    AssignIn,
    BookIn,
    CandidateOut,
    ConsultationOut,
    ConsultationSummary,
    CoordinatorIn,
    DispatchIn,
    InfoRequestIn,
    OpinionIn,
    ReasonIn,
    ReportIn,
    RescheduleIn,
    RouteIn,
    StatsOut,
    SupplyInfoIn,
)
from yilian.core.authz import API_PREFIX, Actor, PolicyRouter, current_actor
from yilian.core.clock import Clock
from yilian.core.deps import clock, db_session
from yilian.core.pagination import Page
from yilian.core.schemas import Moment

router = PolicyRouter(prefix=API_PREFIX, tags=["consultation"])
BASE = "/consultations"
ONE = BASE + "/{consultation_id}"


@router.post(BASE, policy=policy.APPLY, response_model=ConsultationOut, status_code=201)
async def apply(data: ApplicationIn, actor: Actor = Depends(current_actor),
                db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock)):
    return await steps.apply(db, clk, actor, data)


@router.get(BASE, policy=policy.READ, response_model=Page[ConsultationSummary])
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


@router.get(BASE + "/stats", policy=policy.STATS, response_model=StatsOut)
async def consultation_stats(
    start: Moment, end: Moment,
    group_by: Literal["organisation", "inviting_organisation", "department", "month"] = "month",
    actor: Actor = Depends(current_actor), db: AsyncSession = Depends(db_session),
    clk: Clock = Depends(clock),
):
    return await stats.counts(db, clk, actor, start=start, end=end, group_by=group_by)


case = CaseRoutes(router, ONE, "consultation_id", step_policy=policy.STEP, out=ConsultationOut)
case.read("", reading.get, policy=policy.READ, response_model=ConsultationOut,
          name="get_consultation")
case.read("/candidates", reading.candidates, policy=policy.STEP,
          response_model=list[CandidateOut], name="candidates")
case.read("/departments", reading.departments, policy=policy.STEP, response_model=list[dict],
          name="departments")
case.step("/route", RouteIn,
      lambda db, clk, cfg, a, i, d: steps.route(db, clk, a, i, d.department_id),
      summary="Route to a department (office)")
case.step("/decline", ReasonIn, lambda db, clk, cfg, a, i, d: steps.decline(db, clk, a, i, d.reason),
      summary="Decline (office)")
case.step("/return", ReasonIn, lambda db, clk, cfg, a, i, d: steps.return_(db, clk, a, i, d.reason),
      summary="Hand back to the office (department)")
case.step("/assign", AssignIn, lambda db, clk, cfg, a, i, d: steps.assign(db, clk, a, i, d.expert_id),
      summary="Assign an expert (department)")
case.step("/withdraw", ReasonIn,
      lambda db, clk, cfg, a, i, d: steps.withdraw(db, clk, a, i, d.reason),
      summary="Hand back the assignment (expert)")
case.step("/dispatch", DispatchIn, lambda db, clk, cfg, a, i, d: steps.dispatch(db, clk, a, i, d),
      summary="Send an MDT to departments (office)")
case.step("/answer", AnswerIn, lambda db, clk, cfg, a, i, d: steps.answer(db, clk, a, i, d),
      summary="Accept or reject an MDT for a department")
case.step("/confirm-panel", Empty,
      lambda db, clk, cfg, a, i, d: steps.confirm_panel(db, clk, a, i),
      summary="Confirm the MDT panel (office)")
case.step("/book", BookIn, lambda db, clk, cfg, a, i, d: steps.book(db, clk, a, i, d.slot_id),
      summary="Book the time (inviting side)")
case.step("/reschedule", RescheduleIn,
      lambda db, clk, cfg, a, i, d: steps.reschedule(db, clk, a, i, d.slot_id, d.reason),
      summary="Move to another time")
case.step("/request-info", InfoRequestIn,
      lambda db, clk, cfg, a, i, d: steps.request_info(db, clk, a, i, d.request),
      summary="Ask the inviting side for more information (expert)")
case.step("/supply-info", SupplyInfoIn,
      lambda db, clk, cfg, a, i, d: steps.supply_info(db, clk, a, i, d),
      summary="Supply the information asked for (inviting side)")
case.step("/attachments", AttachIn,
      lambda db, clk, cfg, a, i, d: steps.add_material(db, clk, a, i, d.file_id),
      summary="Add a material (inviting side)")
case.step("/start", Empty, lambda db, clk, cfg, a, i, d: steps.start(db, clk, a, i),
      summary="Start the session (expert)")
case.step("/coordinator", CoordinatorIn,
      lambda db, clk, cfg, a, i, d: steps.set_coordinator(db, clk, a, i, d.joins),
      summary="Decide whether a coordinator takes part (chief expert)")
case.step("/opinion", OpinionIn,
      lambda db, clk, cfg, a, i, d: steps.opinion(db, clk, a, i, d.opinion),
      summary="Enter a specialty opinion (secondary expert)")
case.step("/publish", Empty, lambda db, clk, cfg, a, i, d: report.publish(db, clk, cfg, a, i),
      summary="Sign and publish the report (expert / chief)")
case.step("/acknowledge", Empty, lambda db, clk, cfg, a, i, d: steps.acknowledge(db, clk, a, i),
      summary="Acknowledge the report (inviting side)")
case.step("/cancel", ReasonIn, lambda db, clk, cfg, a, i, d: steps.cancel(db, clk, a, i, d.reason),
      summary="Cancel (inviting side)")
case.step("/addenda", AddendumIn,
      lambda db, clk, cfg, a, i, d: report.addendum(db, clk, cfg, a, i, d),
      summary="Add a signed addendum to the published report")


@router.put(ONE + "/draft", policy=policy.STEP, response_model=ConsultationOut)
async def save_draft(consultation_id: uuid.UUID, data: ReportIn,
                     actor: Actor = Depends(current_actor),
                     db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock)):
    return await report.save_draft(db, clk, actor, consultation_id, data)

