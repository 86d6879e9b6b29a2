"""Availability routes: any staff member reads a doctor's times (to book one for a case);
doctors and the schedulers of their organisations offer and withdraw them. The service then
decides by organisation scope; the route policies are the first gate only."""

from __future__ import annotations

import uuid

from fastapi import Depends, Query
from sqlalchemy.ext.asyncio import AsyncSession

from yilian.core.authz import API_PREFIX, STAFF_ROLES, Actor, PolicyRouter, current_actor, roles
from yilian.core.clock import Clock
from yilian.core.deps import clock, db_session
from yilian.core.schemas import Moment
from yilian.scheduling import policy, service
from yilian.scheduling.schemas import DoctorOut, SlotOut, SlotsIn

router = PolicyRouter(prefix=API_PREFIX, tags=["availability"])
READ = roles("read doctors' availability", STAFF_ROLES)
OFFER = roles("offer availability", policy.DOCTOR_ROLES | policy.SCHEDULER_ROLES)
WITHDRAW = roles("withdraw availability", STAFF_ROLES)
SCHEDULE = roles("schedule doctors", policy.SCHEDULER_ROLES)


@router.get("/availability", policy=READ, response_model=list[SlotOut])
async def list_slots(
    user_id: uuid.UUID | None = Query(None, description="the doctor; yourself when omitted"),
    start: Moment | None = Query(None, description="from (default: now)"),
    end: Moment | None = Query(None, description="until (default: 14 days after start; "
                                                        "at most 62 days after it)"),
    free: bool | None = Query(None, description="true: only bookable times; false: only "
                                                "booked ones"),
    actor: Actor = Depends(current_actor), db: AsyncSession = Depends(db_session),
    clk: Clock = Depends(clock),
):
    return await service.list_slots(db, clk, actor, user_id=user_id, start=start, end=end,
                                    free=free)


@router.post("/availability", policy=OFFER, response_model=list[SlotOut], status_code=201)
async def create_slots(
    body: SlotsIn, actor: Actor = Depends(current_actor), db: AsyncSession = Depends(db_session),
    clk: Clock = Depends(clock),
):
    return await service.create_slots(db, clk, actor, body)


@router.get("/availability/doctors", policy=SCHEDULE, response_model=list[DoctorOut])
async def list_doctors(
    organisation_id: uuid.UUID | None = Query(
        None, description="default: your active role's organisation"),
    actor: Actor = Depends(current_actor), db: AsyncSession = Depends(db_session),
    clk: Clock = Depends(clock),
):
    return await service.list_doctors(db, clk, actor, organisation_id)


@router.delete("/availability/{slot_id}", policy=WITHDRAW, response_model=SlotOut)
async def withdraw_slot(
    slot_id: uuid.UUID, actor: Actor = Depends(current_actor),
    db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
):
    return await service.withdraw(db, clk, actor, slot_id)
