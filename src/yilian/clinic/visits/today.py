"""The coordinator's 今日门诊 board: the day's online clinic sessions (Beijing day) at the
organisations a coordinator or administrator covers, or in the departments a head runs, each
with its visits counted by state and the average wait so far. Only counts and staff names: no
patient is named, so nothing goes into an access log."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, time, timedelta
from typing import Any, Literal

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from yilian.alliance import service as alliance
from yilian.clinic.models import ClinicMode, ClinicSession, SessionStatus
from yilian.clinic.policy import DOCTOR_ROLES
from yilian.clinic.visits.models import ClinicVisit, State
from yilian.core.authz import ADMIN_ROLES, Actor, Role
from yilian.core.clock import SHANGHAI, Clock, as_utc
from yilian.core.errors import Forbidden
from yilian.identity import service as identity

# Who oversees every session of the organisations they cover; a doctor heading a department
# sees that department's sessions.
OVERSEERS = frozenset({Role.coordinator, *ADMIN_ROLES})
READERS = OVERSEERS | DOCTOR_ROLES
# The board's columns: each state a visit can be in, once paid, under the column it counts in.
COLUMNS: dict[State, str] = {
    State.booked: "booked", State.waiting: "waiting", State.called: "in_visit",
    State.in_visit: "in_visit", State.finished: "finished", State.no_show: "no_show",
    State.cancelled: "cancelled", State.not_eligible: "ended", State.referred_offline: "ended",
    State.closed: "ended", State.unanswered: "ended", State.stopped: "stopped"}


class VisitCounts(BaseModel):
    booked: int = 0  # paid, not checked in yet
    waiting: int = 0
    in_visit: int = 0  # called or in the visit
    finished: int = 0
    no_show: int = 0
    cancelled: int = 0  # cancelled by the patient side, or refunded after another ending
    ended: int = 0  # not eligible, sent offline, closed or unanswered, without a refund
    stopped: int = 0  # 停诊: the patient side has yet to move it or take the refund


class TodaySession(BaseModel):
    id: uuid.UUID
    organisation_id: uuid.UUID
    organisation_name: str
    department_id: uuid.UUID
    department_name: str
    doctor_id: uuid.UUID
    doctor_name: str
    # The doctor the session was first given to, when another holds it now (替诊).
    substituted_from_name: str | None
    mode: ClinicMode
    starts_at: datetime
    ends_at: datetime
    status: Literal["open", "stopped", "substituted"]
    stop_reason: str | None
    capacity: int
    counts: VisitCounts
    # Check-in → call, over the visits called so far; None before the first call.
    average_wait_minutes: float | None


class TodayOut(BaseModel):
    day: str  # YYYY-MM-DD, Beijing time
    organisation_id: uuid.UUID | None
    sessions: list[TodaySession]
    counts: VisitCounts
    average_wait_minutes: float | None


def _forbidden() -> Forbidden:
    return Forbidden("the day's clinic board is for the organisation's coordinators, "
                     "administrators and department heads", code="forbidden")


async def _scope(db: AsyncSession, actor: Actor, organisation_id: uuid.UUID | None
                 ) -> list[Any]:
    """The conditions on the sessions the actor may see (403 when none)."""
    if actor.role not in READERS or actor.org_path is None or actor.org_id is None:
        raise _forbidden()
    if organisation_id is not None:
        org = await alliance.get_organisation(db, organisation_id)
        if not actor.covers(org.path):
            raise _forbidden()
    if actor.role in OVERSEERS:
        where: list[Any] = [ClinicSession.organisation_id.in_(alliance.ids_under(actor.org_path))]
        if organisation_id is not None:
            where.append(ClinicSession.organisation_id == organisation_id)
        return where
    # A head's departments are those of the hospital they are granted at.
    headed = [d.id for d in await alliance.departments_of(db, organisation_id or actor.org_id)
              if d.head_user_id == actor.user_id]
    if not headed:
        raise _forbidden()
    return [ClinicSession.department_id.in_(headed)]


def _average(waits: list[float]) -> float | None:
    return round(sum(waits) / len(waits), 1) if waits else None


def _status(s: ClinicSession) -> Literal["open", "stopped", "substituted"]:
    if s.status == SessionStatus.stopped:
        return "stopped"
    return "substituted" if s.substituted_from else "open"


async def today(db: AsyncSession, clock: Clock, actor: Actor,
                organisation_id: uuid.UUID | None) -> TodayOut:
    where = await _scope(db, actor, organisation_id)
    day = clock.now().astimezone(SHANGHAI).date()
    start = datetime.combine(day, time(0), SHANGHAI).astimezone(UTC)
    sessions = list((await db.execute(select(ClinicSession).where(
        *where, ClinicSession.starts_at >= start,
        ClinicSession.starts_at < start + timedelta(days=1))
        .order_by(ClinicSession.starts_at, ClinicSession.id))).scalars())
    visits = (await db.execute(select(
        ClinicVisit.session_id, ClinicVisit.state, ClinicVisit.refunded_fen,
        ClinicVisit.checked_in_at, ClinicVisit.called_at).where(
        ClinicVisit.session_id.in_([s.id for s in sessions]),
        ClinicVisit.booked_at.is_not(None)))).all()
    counts = {s.id: VisitCounts() for s in sessions}
    waits: dict[uuid.UUID, list[float]] = {s.id: [] for s in sessions}
    total = VisitCounts()
    for v in visits:
        column = "cancelled" if v.refunded_fen and v.state != State.finished \
            else COLUMNS.get(v.state)
        if column is None:
            continue
        for c in (counts[v.session_id], total):
            setattr(c, column, getattr(c, column) + 1)
        if v.checked_in_at and v.called_at:
            waits[v.session_id].append(
                (as_utc(v.called_at) - as_utc(v.checked_in_at)).total_seconds() / 60)
    doctors = await identity.display_names(
        db, {s.doctor_id for s in sessions} | {s.substituted_from for s in sessions
                                              if s.substituted_from})
    orgs = await alliance.names(db, {s.organisation_id for s in sessions})
    departments = await alliance.department_names(db, {s.department_id for s in sessions})
    return TodayOut(
        day=day.isoformat(), organisation_id=organisation_id, counts=total,
        average_wait_minutes=_average([w for ws in waits.values() for w in ws]),
        sessions=[TodaySession(
            id=s.id, organisation_id=s.organisation_id,
            organisation_name=orgs.get(s.organisation_id, ""), department_id=s.department_id,
            department_name=departments.get(s.department_id, ""), doctor_id=s.doctor_id,
            doctor_name=doctors.get(s.doctor_id, ""),
            substituted_from_name=doctors.get(s.substituted_from) if s.substituted_from
            else None,
            mode=s.mode, starts_at=s.starts_at, ends_at=s.ends_at, status=_status(s),
            stop_reason=s.stop_reason, capacity=s.capacity, counts=counts[s.id],
            average_wait_minutes=_average(waits[s.id])) for s in sessions])
