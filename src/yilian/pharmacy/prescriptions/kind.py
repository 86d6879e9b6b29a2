"""The prescription as a case kind: who takes part (the doctor who signed it, the dispensing
organisation's pharmacists, the village clinic's doctors where it is picked up), who reads, the
review's time limit and its escalation, the platform's lapse of an unpaid prescription. The
steps are in ``service.py``; the engine runs them."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import and_, false, or_
from sqlalchemy.ext.asyncio import AsyncSession

from yilian.cases import engine
from yilian.cases.columns import Urgency
from yilian.cases.engine import CaseKind, Deadline, Materials, TimedStep
from yilian.cases.service import local_time
from yilian.cases.sla import Limits
from yilian.clinic.policy import DOCTOR_ROLES
from yilian.clinic.visits.workflow import PROXY_ROLES
from yilian.core.authz import Actor, Role
from yilian.core.clock import Clock
from yilian.identity import service as identity
from yilian.pharmacy.prescriptions.models import Prescription, State
from yilian.pharmacy.prescriptions.notices import SMS_SAFE, TEXTS
from yilian.pharmacy.prescriptions.workflow import PRESCRIPTION, Parties, prescriber

OVERSEERS = frozenset({Role.coordinator, Role.org_admin})
# The pharmacy's queues: what waits for each of its steps.
PHARMACY_STATES = {"review": (State.in_review,), "dispense": (State.paid,),
                   "ship": (State.dispensed, State.collected, State.in_transit)}


async def parties(db: AsyncSession, o: Prescription) -> Parties:
    return Parties(case=o)


def takes_part(actor: Actor, o: Prescription, p: Parties) -> bool:
    if actor.role in DOCTOR_ROLES and actor.user_id == o.doctor_id:
        return True
    if actor.role == Role.pharmacist and actor.org_id == o.dispensing_org_id:
        return True
    return actor.role in PROXY_ROLES and (
        actor.user_id == o.proxy_doctor_id
        or (o.pickup_org_id is not None and actor.org_id == o.pickup_org_id))


async def visible(db: AsyncSession, actor: Actor):
    """The SQL form of :func:`takes_part`, for lists."""
    clauses = []
    if actor.role in DOCTOR_ROLES:
        clauses.append(Prescription.doctor_id == actor.user_id)
    if actor.role == Role.pharmacist and actor.org_id is not None:
        clauses.append(Prescription.dispensing_org_id == actor.org_id)
    if actor.role in PROXY_ROLES:
        clauses.append(Prescription.proxy_doctor_id == actor.user_id)
        if actor.org_id is not None:
            clauses.append(Prescription.pickup_org_id == actor.org_id)
    return or_(*clauses) if clauses else false()


async def patient_side_people(db: AsyncSession, o: Prescription) -> list[uuid.UUID]:
    """The patient's accounts (their own and their proxies'), and the village doctor who booked
    the visit with them."""
    accounts = (await identity.accounts_of_patients(db, {o.patient_id}))[o.patient_id]
    return [*accounts, *([o.proxy_doctor_id] if o.proxy_doctor_id else [])]


async def pharmacists(db: AsyncSession, clock: Clock, o: Prescription) -> list[uuid.UUID]:
    return [h.user_id for h in await identity.holders(db, clock, o.dispensing_org_id,
                                                      {Role.pharmacist})]


async def clinic_doctors(db: AsyncSession, clock: Clock, o: Prescription) -> list[uuid.UUID]:
    if o.pickup_org_id is None:
        return []
    return [h.user_id for h in await identity.holders(db, clock, o.pickup_org_id,
                                                      set(PROXY_ROLES))]


async def _followers(db: AsyncSession, clock: Clock, o: Prescription, p: Parties
                     ) -> set[uuid.UUID]:
    return {o.doctor_id, *await patient_side_people(db, o), *await pharmacists(db, clock, o),
            *await clinic_doctors(db, clock, o)}


async def _office(db: AsyncSession, clock: Clock, o: Prescription) -> list[uuid.UUID]:
    """Who is told the review is late: the dispensing organisation's office."""
    return [h.user_id for h in await identity.holders(db, clock, o.dispensing_org_id,
                                                      set(OVERSEERS))]


def _lapsing(now: datetime):
    return and_(Prescription.state == State.approved, Prescription.valid_until <= now)


async def _after_lapse(db: AsyncSession, clock: Clock, o: Prescription) -> None:
    from yilian.pharmacy.prescriptions import service

    await service.after_lapse(db, clock, o)


def _side(value: str, actor: Actor):
    """The pharmacy's queue of one step, or the prescriptions to pick up at the actor's clinic."""
    if value == "pickup":
        return and_(Prescription.pickup_org_id == actor.org_id,
                    Prescription.state.in_([State.dispensed, State.at_clinic]))
    return and_(Prescription.dispensing_org_id == actor.org_id,
                Prescription.state.in_(PHARMACY_STATES[value]))


PRESCRIPTION_KIND = engine.register(CaseKind(
    type="prescription", words="prescription", model=Prescription, prefix="CF",
    flow=lambda o: PRESCRIPTION, subject_org=lambda o: o.dispensing_org_id,
    view=parties, takes_part=takes_part, visible=visible, overseers=OVERSEERS,
    followers=_followers, escalate_to=_office, texts=TEXTS, sms_safe=SMS_SAFE,
    # Nothing is added to a signed prescription: a change is a new version.
    materials=Materials(states=frozenset(), may=prescriber, who="nobody",
                        until="ever: a change is a new version"),
    deadlines=(Deadline("review", Prescription.review_due, Prescription.state == State.in_review,
                        Prescription.review_escalated_at, lambda o: "review",
                        met=Prescription.reviewed_at),),
    # The review within an hour; the whole prescription (paid, dispensed, received) in 3 days.
    limits={Urgency.routine: Limits(1, 72, None), Urgency.urgent: Limits(1, 72, None)},
    timed=(TimedStep("lapse", _lapsing,
                     lambda o: ("not_paid_by", {"time": local_time(o.valid_until)}),
                     _after_lapse),),
    patient_acts=True,
    filters={"side": _side, "visit_id": lambda value, actor: Prescription.visit_id == value},
    sorts={"oldest": ((Prescription.signed_at, Prescription.id), False),
           "newest": ((Prescription.signed_at, Prescription.id), True)},
))
