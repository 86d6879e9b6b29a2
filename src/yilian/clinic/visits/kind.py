"""The online visit as a case kind: who takes part, who reads, the platform's timed steps (an
unpaid hold lapses, an unanswered text visit is refunded, a visit of a stopped session not moved
in time is refunded, a visit open 48 hours closes), who adds materials, whom it tells. The steps
are in ``service.py``; the engine runs them."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import and_, false, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from yilian.cases import engine
from yilian.cases.columns import Urgency
from yilian.cases.engine import CaseKind, Materials, TimedStep
from yilian.cases.service import local_time
from yilian.cases.sla import Limits
from yilian.clinic import service as schedule
from yilian.clinic.models import ClinicMode, ClinicSession
from yilian.clinic.policy import DOCTOR_ROLES
from yilian.clinic.visits.models import ClinicVisit, State
from yilian.clinic.visits.notices import SMS_SAFE, TEXTS
from yilian.clinic.visits.workflow import PROXY_ROLES, VISIT, Parties, patient_side
from yilian.core.authz import Actor, Role
from yilian.core.clock import Clock
from yilian.identity import service as identity

OPEN_STATES = frozenset({State.held, State.booked, State.waiting, State.called, State.in_visit,
                         State.stopped})
# Who reads the visits at either organisation without taking part.
OVERSEERS = frozenset({Role.coordinator, Role.org_admin})
# A visit started and not finished this long is closed by the platform.
OPEN_AT_MOST = timedelta(hours=48)
# A text visit's doctor answers within this after check-in.
REPLY_WITHIN = timedelta(hours=24)


async def parties(db: AsyncSession, v: ClinicVisit) -> Parties:
    session = await schedule.get_session(db, v.session_id)
    return Parties(case=v, doctor_id=session.doctor_id)


def takes_part(actor: Actor, v: ClinicVisit, p: Parties) -> bool:
    """The session's doctor (and the one it was booked with), the village doctor who booked."""
    if actor.role in DOCTOR_ROLES and actor.user_id in (p.doctor_id, v.doctor_id):
        return True
    return actor.role in PROXY_ROLES and actor.user_id == v.proxy_doctor_id


async def visible(db: AsyncSession, actor: Actor):
    """The SQL form of :func:`takes_part`, for lists."""
    mine = ClinicVisit.session_id.in_(
        select(ClinicSession.id).where(ClinicSession.doctor_id == actor.user_id))
    clauses = []
    if actor.role in DOCTOR_ROLES:
        clauses += [ClinicVisit.doctor_id == actor.user_id, mine]
    if actor.role in PROXY_ROLES:
        clauses.append(ClinicVisit.proxy_doctor_id == actor.user_id)
    return or_(*clauses) if clauses else false()


async def patient_side_people(db: AsyncSession, v: ClinicVisit) -> list[uuid.UUID]:
    """The patient's accounts (their own and their proxies') and the village doctor who
    booked."""
    return (await patient_side_of(db, [v]))[v.id]


async def patient_side_of(db: AsyncSession, visits: list[ClinicVisit]
                          ) -> dict[uuid.UUID, list[uuid.UUID]]:
    """``patient_side_people`` of each visit, in one query."""
    accounts = await identity.accounts_of_patients(db, {v.patient_id for v in visits})
    return {v.id: [*accounts[v.patient_id], *([v.proxy_doctor_id] if v.proxy_doctor_id else [])]
            for v in visits}


async def _followers(db: AsyncSession, clock: Clock, v: ClinicVisit, p: Parties
                     ) -> set[uuid.UUID]:
    return {p.doctor_id, *await patient_side_people(db, v)}


async def _coordinators(db: AsyncSession, clock: Clock, v: ClinicVisit) -> list[uuid.UUID]:
    return [h.user_id for h in await identity.holders(db, clock, v.answering_org_id,
                                                      {Role.coordinator})]


def _lapsing(now: datetime):
    return and_(ClinicVisit.state == State.held, ClinicVisit.hold_until <= now)


def _unanswered(now: datetime):
    return and_(ClinicVisit.mode == ClinicMode.text,
                ClinicVisit.state.in_([State.waiting, State.called, State.in_visit]),
                ClinicVisit.first_reply_at.is_(None), ClinicVisit.first_reply_due <= now)


def _unchosen(now: datetime):
    return and_(ClinicVisit.state == State.stopped, ClinicVisit.choose_by <= now)


def _open_too_long(now: datetime):
    return and_(ClinicVisit.state == State.in_visit, ClinicVisit.started_at <= now - OPEN_AT_MOST)


async def _after_lapse(db: AsyncSession, clock: Clock, v: ClinicVisit) -> None:
    from yilian.clinic.visits import service

    await service.after_lapse(db, clock, v)


async def _after_unanswered(db: AsyncSession, clock: Clock, v: ClinicVisit) -> None:
    from yilian.clinic.visits import service

    await service.after_platform_end(db, clock, v, "unanswered", refund=True)


async def _after_stop_refund(db: AsyncSession, clock: Clock, v: ClinicVisit) -> None:
    from yilian.clinic.visits import service

    await service.after_stop_refund(db, clock, v)


async def _after_close(db: AsyncSession, clock: Clock, v: ClinicVisit) -> None:
    from yilian.clinic.visits import service

    await service.after_platform_end(db, clock, v, "closed", refund=False)


VISIT_KIND = engine.register(CaseKind(
    type="online_visit", words="online visit", model=ClinicVisit, prefix="FZ",
    flow=lambda v: VISIT, subject_org=lambda v: v.answering_org_id,
    view=parties, takes_part=takes_part, visible=visible, overseers=OVERSEERS,
    followers=_followers, escalate_to=_coordinators, texts=TEXTS, sms_safe=SMS_SAFE,
    materials=Materials(states=frozenset({State.held, State.booked, State.waiting}),
                        may=patient_side, who="the patient side",
                        until="until the doctor calls"),
    deadlines=(),
    # The first limit is the text visit's answer; the second, the visit's end.
    limits={Urgency.routine: Limits(24, 48, None), Urgency.urgent: Limits(24, 48, None)},
    timed=(
        TimedStep("lapse", _lapsing, lambda v: ("hold_lapsed", {"time": local_time(v.hold_until)}),
                  _after_lapse),
        TimedStep("unanswered", _unanswered,
                  lambda v: ("no_reply_by", {"time": local_time(v.first_reply_due)}),
                  _after_unanswered),
        TimedStep("stop_refund", _unchosen,
                  lambda v: ("not_moved_by", {"time": local_time(v.choose_by)}),
                  _after_stop_refund),
        TimedStep("close", _open_too_long, lambda v: ("open_too_long", {}), _after_close),
    ),
    patient_acts=True,
    filters={"session_id": lambda value, actor: ClinicVisit.session_id == value},
    sorts={"time": ((ClinicVisit.slot_starts_at, ClinicVisit.id), False),
           "newest": ((ClinicVisit.requested_at, ClinicVisit.id), True)},
))
