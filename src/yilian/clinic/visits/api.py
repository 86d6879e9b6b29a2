"""HTTP endpoints of the online visit: booking, one POST per step, the session's queue and a
village clinic's screen."""

from __future__ import annotations

import uuid
from typing import Literal

from fastapi import Depends, Query
from sqlalchemy.ext.asyncio import AsyncSession

from yilian.cases.api import CaseRoutes, Empty
from yilian.cases.schemas import AttachIn
from yilian.clinic.visits import policy, schemas, service, stats, today
from yilian.clinic.visits.kind import VISIT_KIND
from yilian.clinic.visits.models import State
from yilian.core.authz import Actor, current_actor
from yilian.core.clock import Clock
from yilian.core.deps import clock, db_session
from yilian.core.pagination import Page
from yilian.core.schemas import Moment


class VisitRoutes(CaseRoutes):
    """The kind's routes under the clinic's path (/clinic/visits) rather than /online_visits."""

    def __init__(self) -> None:
        super().__init__(VISIT_KIND.type, step_policy=policy.STEP, out=schemas.VisitOut)
        self.base = "/clinic/visits"
        self.id_name = "visit_id"
        self.one = f"{self.base}/{{visit_id}}"


case = VisitRoutes()
router, BASE = case.router, case.base
SESSION = "/clinic/sessions/{session_id}"

case.create(schemas.VisitIn, service.create, policy=policy.BOOK, name="book_visit")


@router.get(BASE, policy=policy.READ, response_model=Page[schemas.VisitSummary])
async def list_visits(
    state: State | None = None, session_id: uuid.UUID | None = None,
    patient_id: uuid.UUID | None = None, sort: Literal["time", "newest"] = "time",
    cursor: str | None = None, limit: int = Query(20, ge=1, le=100),
    actor: Actor = Depends(current_actor), db: AsyncSession = Depends(db_session),
    clk: Clock = Depends(clock),
):
    return await service.list_visits(db, clk, actor, state=state, session_id=session_id,
                                     patient_id=patient_id, sort=sort, cursor=cursor,
                                     limit=limit)


@router.get(SESSION + "/queue", policy=policy.DOCTOR, response_model=schemas.QueueOut)
async def queue(session_id: uuid.UUID, actor: Actor = Depends(current_actor),
                db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock)):
    return await service.queue(db, clk, actor, session_id)


@router.post(SESSION + "/call-next", policy=policy.DOCTOR, response_model=schemas.VisitOut)
async def call_next(session_id: uuid.UUID, actor: Actor = Depends(current_actor),
                    db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock)):
    return await service.call_next(db, clk, actor, session_id)


@router.get("/clinic/queue-board", policy=policy.BOARD, response_model=schemas.BoardOut)
async def queue_board(organisation_id: uuid.UUID, actor: Actor = Depends(current_actor),
                      db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock)):
    return await service.board(db, clk, actor, organisation_id)


case.read("", service.get, policy=policy.READ, response_model=schemas.VisitOut,
          name="get_visit")
case.step("/check-in", Empty, lambda db, clk, cfg, a, i, d: service.check_in(db, clk, a, i),
          summary="Check in on the day (the patient, a proxy or the village doctor)")
case.step("/cancel", schemas.VisitReasonIn,
          lambda db, clk, cfg, a, i, d: service.cancel(db, clk, a, i, d.reason),
          summary="Cancel before the visit starts: refunded in full (the patient side)")
case.step("/move", schemas.MoveIn,
          lambda db, clk, cfg, a, i, d: service.move(db, clk, a, i, d),
          summary="After 停诊: move to another session of the doctor or department at the same "
                  "fee, keeping the payment (the patient side)")


@router.get(case.one + "/move-options", policy=policy.MOVE,
            response_model=list[schemas.MoveOption])
async def move_options(visit_id: uuid.UUID, actor: Actor = Depends(current_actor),
                       db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock)):
    """After 停诊: the sessions of the doctor or department with free slots (none otherwise)."""
    return await service.move_options(db, clk, actor, visit_id)


case.step("/miss", Empty, lambda db, clk, cfg, a, i, d: service.miss(db, clk, a, i),
          summary="The called patient did not answer: back in the queue once (the doctor)")
case.step("/start", Empty, lambda db, clk, cfg, a, i, d: service.start(db, clk, a, i),
          summary="Start the visit, eligibility confirmed (the doctor, re-authenticated)")
case.step("/finish", schemas.OutpatientRecordIn,
          lambda db, clk, cfg, a, i, d: service.finish(db, clk, cfg, a, i, d),
          summary="Sign the outpatient record (the doctor)")
case.step("/not-eligible", schemas.VisitReasonIn,
          lambda db, clk, cfg, a, i, d: service.not_eligible(db, clk, a, i, d.reason),
          summary="Not eligible for an online follow-up: refunded in full (the doctor)")
case.step("/refer-offline", schemas.VisitReasonIn,
          lambda db, clk, cfg, a, i, d: service.refer_offline(db, clk, a, i, d.reason),
          summary="Please come in person (the doctor)")
case.step("/calls", schemas.CallIn,
          lambda db, clk, cfg, a, i, d: service.log_call(db, clk, a, i, d),
          summary="Log a phone visit's call (the doctor)")
case.step("/attachments", AttachIn,
          lambda db, clk, cfg, a, i, d: service.add_material(db, clk, a, i, d.file_id),
          summary="Add a material (the patient side, until the doctor calls)")


@router.get("/clinic/today", policy=policy.TODAY, response_model=today.TodayOut)
async def today_board(
    organisation_id: uuid.UUID | None = Query(
        None, description="one organisation (default: all those the reader covers)"),
    actor: Actor = Depends(current_actor), db: AsyncSession = Depends(db_session),
    clk: Clock = Depends(clock),
):
    return await today.today(db, clk, actor, organisation_id)


@router.get("/clinic/stats", policy=policy.STATS, response_model=stats.VisitStatsOut)
async def visit_stats(
    start: Moment, end: Moment, group: stats.Group = "organisation",
    actor: Actor = Depends(current_actor), db: AsyncSession = Depends(db_session),
):
    return await stats.report(db, actor, start=start, end=end, group=group)
