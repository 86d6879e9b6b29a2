"""Online clinic routes: finding a doctor (any signed-in user, patients above all), the doctors'
cards, fees and sessions (kept by administrators; a doctor reads their own sessions and writes
their own card). The service decides by organisation scope; the route policies are the first
gate only."""

from __future__ import annotations

import uuid

from fastapi import Depends, Query
from sqlalchemy.ext.asyncio import AsyncSession

from yilian.clinic import policy, service
from yilian.clinic.models import ClinicMode
from yilian.clinic.schemas import (
    DepartmentsOut,
    DoctorCard,
    FeesIn,
    FeesOut,
    OpenSessionOut,
    ProfileIn,
    ProfileOut,
    SessionIn,
    SessionOut,
    SessionPatch,
    StopIn,
    SubstituteIn,
)
from yilian.core.authz import API_PREFIX, Actor, PolicyRouter, current_actor, roles, signed_in
from yilian.core.clock import Clock
from yilian.core.deps import clock, db_session
from yilian.core.pagination import MAX_LIMIT, Page
from yilian.core.schemas import Day

router = PolicyRouter(prefix=API_PREFIX + "/clinic", tags=["clinic"])
FIND = signed_in("find an online clinic doctor")
READ = signed_in("read online clinic cards and fees")
KEEP = roles("keep online clinic sessions and fees", policy.ADMINISTRATORS)
SESSIONS = roles("read online clinic sessions", policy.ADMINISTRATORS | policy.DOCTOR_ROLES)
CARD = roles("write an online clinic card", policy.ADMINISTRATORS | policy.DOCTOR_ROLES)


@router.get("/doctors", policy=FIND, response_model=Page[DoctorCard])
async def find_doctors(
    organisation_id: uuid.UUID | None = None,
    department_id: uuid.UUID | None = None,
    department_code: str | None = Query(None, max_length=16, description="e.g. 03.04"),
    name: str | None = Query(None, max_length=64, description="part of the doctor's name"),
    symptom: str | None = Query(None, max_length=200, description="e.g. 头痛, 胸闷"),
    mode: ClinicMode | None = None,
    cursor: str | None = Query(None, max_length=200), limit: int = Query(20, ge=1, le=MAX_LIMIT),
    db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
):
    return await service.find_doctors(
        db, clk, organisation_id=organisation_id, department_id=department_id,
        department_code=department_code, name=name, symptom=symptom, mode=mode, cursor=cursor,
        limit=limit)


@router.get("/doctors/{user_id}/sessions", policy=FIND, response_model=list[OpenSessionOut])
async def doctor_sessions(user_id: uuid.UUID, db: AsyncSession = Depends(db_session),
                          clk: Clock = Depends(clock)):
    return await service.doctor_sessions(db, clk, user_id)


@router.get("/departments", policy=FIND, response_model=DepartmentsOut)
async def departments(
    symptom: str | None = Query(None, max_length=200,
                                description="what troubles the patient, in their words"),
    db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
):
    return await service.departments(db, clk, symptom)


@router.get("/sessions", policy=SESSIONS, response_model=Page[SessionOut])
async def list_sessions(
    organisation_id: uuid.UUID | None = None, department_id: uuid.UUID | None = None,
    doctor_id: uuid.UUID | None = None,
    day_from: Day | None = Query(None, description="first day (Beijing time)"),
    day_to: Day | None = Query(None, description="last day (Beijing time)"),
    mine: bool = Query(False, description="only my own sessions (a doctor sees only these)"),
    cursor: str | None = Query(None, max_length=200), limit: int = Query(50, ge=1, le=MAX_LIMIT),
    actor: Actor = Depends(current_actor), db: AsyncSession = Depends(db_session),
    clk: Clock = Depends(clock),
):
    return await service.list_sessions(
        db, clk, actor, organisation_id=organisation_id, department_id=department_id,
        doctor_id=doctor_id, day_from=day_from, day_to=day_to, mine=mine, cursor=cursor,
        limit=limit)


@router.post("/sessions", policy=KEEP, response_model=SessionOut, status_code=201)
async def create_session(
    body: SessionIn, actor: Actor = Depends(current_actor),
    db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
):
    return await service.create_session(db, clk, actor, body)


@router.patch("/sessions/{session_id}", policy=KEEP, response_model=SessionOut)
async def patch_session(
    session_id: uuid.UUID, body: SessionPatch, actor: Actor = Depends(current_actor),
    db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
):
    return await service.patch_session(db, clk, actor, session_id, body)


@router.post("/sessions/{session_id}/stop", policy=KEEP, response_model=SessionOut)
async def stop_session(
    session_id: uuid.UUID, body: StopIn, actor: Actor = Depends(current_actor),
    db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
):
    return await service.stop_session(db, clk, actor, session_id, body.reason)


@router.post("/sessions/{session_id}/substitute", policy=KEEP, response_model=SessionOut)
async def substitute(
    session_id: uuid.UUID, body: SubstituteIn, actor: Actor = Depends(current_actor),
    db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
):
    return await service.substitute(db, clk, actor, session_id, body.doctor_id, body.reason)


@router.get("/fees/{organisation_id}", policy=READ, response_model=FeesOut)
async def get_fees(organisation_id: uuid.UUID, db: AsyncSession = Depends(db_session)):
    return await service.get_fees(db, organisation_id)


@router.put("/fees/{organisation_id}", policy=KEEP, response_model=FeesOut)
async def put_fees(
    organisation_id: uuid.UUID, body: FeesIn, actor: Actor = Depends(current_actor),
    db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
):
    return await service.put_fees(db, clk, actor, organisation_id, body)


@router.get("/profiles/{user_id}", policy=READ, response_model=ProfileOut)
async def get_profile(user_id: uuid.UUID, db: AsyncSession = Depends(db_session)):
    return await service.get_profile(db, user_id)


@router.put("/profiles/{user_id}", policy=CARD, response_model=ProfileOut)
async def put_profile(
    user_id: uuid.UUID, body: ProfileIn, actor: Actor = Depends(current_actor),
    db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
):
    return await service.put_profile(db, clk, actor, user_id, body)
