"""The online clinic's schedule: doctors' cards, fee tiers by title, sessions (排班) split into
slots (号源), stopping a session (停诊) or handing it to another doctor (替诊), and finding a
doctor.

For the visit module: :func:`hold_slot`, :func:`hold_next_free`, :func:`confirm_slot`,
:func:`release_slot`, :func:`next_free_slot`, :func:`get_session` and :func:`get_slot` work in the caller's
transaction and never commit; taking a slot is one conditional UPDATE, so two bookings at once
cannot take one slot. A stopped or substituted session emits ``clinic.session_stopped`` /
``clinic.session_substituted`` with the visits holding its slots, for the visit module to tell
the patients and offer a move or a refund. :func:`session_counts` is for the statistics.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, and_, delete, func, or_, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from yilian.alliance import service as alliance
from yilian.clinic import policy, symptoms
from yilian.clinic.models import (
    ClinicMode,
    ClinicProfile,
    ClinicSession,
    ClinicSlot,
    FeeTier,
    SessionStatus,
)
from yilian.clinic.schemas import (
    ClinicDepartmentOut,
    ClinicSlotOut,
    DepartmentsOut,
    DoctorCard,
    FeesIn,
    FeesOut,
    FeeTierOut,
    OpenSessionOut,
    ProfileIn,
    ProfileOut,
    SessionIn,
    SessionOut,
    SessionPatch,
    SessionTimes,
)
from yilian.core import audit, events
from yilian.core.authz import Actor
from yilian.core.clock import SHANGHAI, Clock
from yilian.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from yilian.core.pagination import Page, paginate
from yilian.identity import service as identity

SESSION = "clinic_session"
STOPPED = "clinic.session_stopped"
SUBSTITUTED = "clinic.session_substituted"
WINDOW = timedelta(days=14)  # what a patient is shown ahead
MAX_AHEAD = timedelta(days=90)  # how far ahead sessions may be set
MAX_LENGTH = timedelta(hours=12)
HALF_DAYS = {"am": (time(8, 0), time(12, 0)), "pm": (time(14, 0), time(17, 30))}
_PG_LOCK_CLASS = 0x434C4E43  # "CLNC": one doctor's clinic schedule, while checked and extended

ELIGIBILITY = {
    "not-a-practitioner": "is not an active practitioner",
    "not-verified": "has not completed real-name verification",
    "practice-too-short": "has not recorded three years of independent practice "
                          "(互联网诊疗: 独立执业3年以上)",
}


# ---------------------------------------------------------------- refusals


def _session_not_found(session_id: uuid.UUID) -> NotFound:
    return NotFound(f"clinic session {session_id} does not exist", code="session-not-found")


def _stopped() -> Conflict:
    return Conflict("the session was stopped (停诊)", code="session-stopped",
                    title_zh="该号源所在出诊已停诊", title_en="The session was stopped")


def _past() -> Conflict:
    return Conflict("the session has begun or ended", code="session-past",
                    title_zh="该出诊已开始或已结束", title_en="The session has begun or ended")


def _has_bookings() -> Conflict:
    return Conflict("patients hold or booked slots of the session: stop it or hand it to another "
                    "doctor instead", code="session-has-bookings",
                    title_zh="已有患者预约该出诊，不能修改", title_en="The session has bookings")


def _shanghai(at: datetime, fmt: str) -> str:
    return at.astimezone(SHANGHAI).strftime(fmt)


# ---------------------------------------------------------------- for the visit module


@dataclass(frozen=True)
class SlotHold:
    """A slot held for a visit, with what the visit records of its session."""

    slot_id: uuid.UUID
    session_id: uuid.UUID
    doctor_id: uuid.UUID
    organisation_id: uuid.UUID
    department_id: uuid.UUID
    mode: ClinicMode
    fee_fen: int
    starts_at: datetime
    ends_at: datetime
    held_until: datetime


def _free(now: datetime):
    """A slot nobody has booked or holds now, and whose time is still to come."""
    return and_(ClinicSlot.booked_visit_id.is_(None),
                or_(ClinicSlot.held_by_visit_id.is_(None), ClinicSlot.held_until <= now),
                ClinicSlot.starts_at > now)


async def get_session(db: AsyncSession, session_id: uuid.UUID) -> ClinicSession:
    session = await db.get(ClinicSession, session_id)
    if session is None:
        raise _session_not_found(session_id)
    return session


async def get_slot(db: AsyncSession, slot_id: uuid.UUID) -> ClinicSlot:
    slot = await db.get(ClinicSlot, slot_id)
    if slot is None:
        raise NotFound(f"clinic slot {slot_id} does not exist", code="slot-not-found")
    return slot


async def next_free_slot(db: AsyncSession, clock: Clock,
                         session_id: uuid.UUID) -> ClinicSlot | None:
    """The earliest slot of an open session that may still be held; None when it is full."""
    return (await db.execute(
        select(ClinicSlot).join(ClinicSession, ClinicSession.id == ClinicSlot.session_id)
        .where(ClinicSlot.session_id == session_id, ClinicSession.status == SessionStatus.open,
               _free(clock.now()))
        .order_by(ClinicSlot.seq).limit(1)
    )).scalar_one_or_none()


async def hold_slot(db: AsyncSession, clock: Clock, slot_id: uuid.UUID, visit_id: uuid.UUID,
                    until: datetime) -> SlotHold:
    """Holds the slot for the visit until ``until`` (payment pending); no commit.

    The session row is read FOR SHARE, so a stop or substitution waits for the hold to commit
    and then finds its visit (and a hold after a stop sees the session stopped); the UPDATE's
    condition is the slot's lock (PostgreSQL re-checks it once a competing hold commits)."""
    now = clock.now()
    slot = await get_slot(db, slot_id)
    session = await _session_for_hold(db, slot.session_id, now, until)
    if slot.starts_at <= now:
        raise _past()
    if not await _take(db, slot, visit_id, until, now):
        if await next_free_slot(db, clock, session.id) is None:
            raise session_full()
        raise Conflict("the slot was taken; choose another", code="slot-taken",
                       title_zh="该号源已被预约", title_en="That slot is taken")
    return _held(session, slot, until)


async def hold_next_free(db: AsyncSession, clock: Clock, session_id: uuid.UUID,
                         visit_id: uuid.UUID, until: datetime, *, tries: int = 10) -> SlotHold:
    """Holds the session's earliest free slot for the visit; no commit.

    On PostgreSQL the slot is picked FOR UPDATE SKIP LOCKED: in a rush each booking takes a
    free slot no other booking in flight is taking, instead of all queueing on the first one.
    Only when every free-looking slot is being taken does it wait for one of those bookings to
    end (the UPDATE waits on the row), since one that fails gives its slot back."""
    now = clock.now()
    session = await _session_for_hold(db, session_id, now, until)
    postgres = db.get_bind().dialect.name == "postgresql"
    for _ in range(tries):
        slot = None
        if postgres:
            slot = (await db.execute(
                select(ClinicSlot).where(ClinicSlot.session_id == session_id, _free(now))
                .order_by(ClinicSlot.seq).limit(1)
                .with_for_update(skip_locked=True).execution_options(populate_existing=True)
            )).scalar_one_or_none()
        if slot is None:
            slot = await next_free_slot(db, clock, session_id)
        if slot is None:
            break
        if await _take(db, slot, visit_id, until, now):
            return _held(session, slot, until)
    raise session_full()


async def _session_for_hold(db: AsyncSession, session_id: uuid.UUID, now: datetime,
                            until: datetime) -> ClinicSession:
    if until <= now:
        raise ValueError("a hold must last into the future")
    session = (await db.execute(
        select(ClinicSession).where(ClinicSession.id == session_id)
        .with_for_update(read=True).execution_options(populate_existing=True)
    )).scalar_one()
    if session.status == SessionStatus.stopped:
        raise _stopped()
    if session.ends_at <= now:
        raise _past()
    return session


async def _take(db: AsyncSession, slot: ClinicSlot, visit_id: uuid.UUID, until: datetime,
                now: datetime) -> bool:
    taken = cast(CursorResult[Any], await db.execute(
        update(ClinicSlot)
        .where(ClinicSlot.id == slot.id,
               or_(_free(now), and_(ClinicSlot.held_by_visit_id == visit_id,
                                    ClinicSlot.booked_visit_id.is_(None))))
        .values(held_by_visit_id=visit_id, held_until=until)
        .execution_options(synchronize_session=False)
    ))
    if taken.rowcount != 1:
        return False
    await db.refresh(slot)
    return True


def _held(session: ClinicSession, slot: ClinicSlot, until: datetime) -> SlotHold:
    return SlotHold(slot_id=slot.id, session_id=session.id, doctor_id=session.doctor_id,
                    organisation_id=session.organisation_id,
                    department_id=session.department_id, mode=session.mode,
                    fee_fen=session.fee_fen, starts_at=slot.starts_at, ends_at=slot.ends_at,
                    held_until=until)


def session_full() -> Conflict:
    return Conflict("every slot of the session is taken", code="session-full",
                    title_zh="该出诊号源已满", title_en="The session is full")


async def confirm_slot(db: AsyncSession, slot_id: uuid.UUID, visit_id: uuid.UUID) -> bool:
    """Books the slot the visit holds (it was paid for); no commit. False when the hold lapsed
    and another visit took the slot; True again for a visit that already booked it."""
    done = cast(CursorResult[Any], await db.execute(
        update(ClinicSlot)
        .where(ClinicSlot.id == slot_id, ClinicSlot.held_by_visit_id == visit_id,
               ClinicSlot.booked_visit_id.is_(None))
        .values(booked_visit_id=visit_id, held_by_visit_id=None, held_until=None)
        .execution_options(synchronize_session=False)
    ))
    if done.rowcount == 1:
        return True
    booked = await db.execute(select(ClinicSlot.id).where(
        ClinicSlot.id == slot_id, ClinicSlot.booked_visit_id == visit_id))
    return booked.first() is not None


async def release_slot(db: AsyncSession, slot_id: uuid.UUID, visit_id: uuid.UUID) -> None:
    """Frees the slot if the visit holds or booked it (cancelled, moved, refunded); else
    nothing. No commit."""
    await db.execute(
        update(ClinicSlot)
        .where(ClinicSlot.id == slot_id, or_(ClinicSlot.held_by_visit_id == visit_id,
                                             ClinicSlot.booked_visit_id == visit_id))
        .values(held_by_visit_id=None, held_until=None, booked_visit_id=None)
        .execution_options(synchronize_session="fetch")
    )


@dataclass(frozen=True)
class Counts:
    sessions: int
    slots: int
    free: int  # neither booked nor held


async def session_counts(db: AsyncSession, org_id: uuid.UUID, day_from: date,
                         day_to: date) -> Counts:
    """Open sessions of the organisation starting on day_from..day_to (Beijing days, both
    included), their slots, and how many of those nobody holds or booked."""
    start = datetime.combine(day_from, time(0), SHANGHAI).astimezone(UTC)
    end = datetime.combine(day_to + timedelta(days=1), time(0), SHANGHAI).astimezone(UTC)
    in_range = and_(ClinicSession.organisation_id == org_id,
                    ClinicSession.status == SessionStatus.open,
                    ClinicSession.starts_at >= start, ClinicSession.starts_at < end)
    sessions = (await db.execute(select(func.count()).where(in_range))).scalar_one()
    slots, free = (await db.execute(
        select(func.count(ClinicSlot.id),
               func.count(ClinicSlot.id).filter(ClinicSlot.booked_visit_id.is_(None),
                                                ClinicSlot.held_by_visit_id.is_(None)))
        .join(ClinicSession, ClinicSession.id == ClinicSlot.session_id).where(in_range)
    )).one()
    return Counts(sessions=sessions, slots=slots, free=free)


# ---------------------------------------------------------------- profiles


async def _profile_out(db: AsyncSession, user_id: uuid.UUID,
                       profile: ClinicProfile | None) -> ProfileOut:
    names = await identity.display_names(db, {user_id})
    titles = await identity.practitioner_titles(db, {user_id})
    return ProfileOut(user_id=user_id, name=names.get(user_id, ""), title=titles[user_id],
                      specialties=profile.specialties if profile else [],
                      introduction=profile.introduction if profile else "")


async def _practitioner(db: AsyncSession, user_id: uuid.UUID) -> None:
    if (await identity.practitioner_titles(db, {user_id}))[user_id] is None:
        raise NotFound(f"no practitioner {user_id}", code="doctor-not-found")


async def get_profile(db: AsyncSession, user_id: uuid.UUID) -> ProfileOut:
    await _practitioner(db, user_id)
    return await _profile_out(db, user_id, await db.get(ClinicProfile, user_id))


async def _ensure_profile(db: AsyncSession, clock: Clock, user_id: uuid.UUID) -> None:
    """A doctor given a session is on the clinic's list, with an empty card until written."""
    if await db.get(ClinicProfile, user_id) is None:
        db.add(ClinicProfile(user_id=user_id, specialties=[], introduction="",
                             updated_at=clock.now(), updated_by=None))


async def put_profile(db: AsyncSession, clock: Clock, actor: Actor, user_id: uuid.UUID,
                      data: ProfileIn) -> ProfileOut:
    await _practitioner(db, user_id)
    org_ids = {*(await identity.home_organisations(db, {user_id})).values(),
               *await identity.registered_at(db, user_id)}
    paths = [(await alliance.get_organisation(db, oid)).path for oid in org_ids]
    if not policy.edits_profile(actor, user_id, paths):
        raise Forbidden("a doctor writes their own card; administrators those of the doctors of "
                        "their organisations").about("user", user_id)
    specialties = list(dict.fromkeys(s.strip() for s in data.specialties if s.strip()))
    await _lock_schedule(db, user_id)  # a first session makes the card too: one at a time
    profile = await db.get(ClinicProfile, user_id)
    if profile is None:
        profile = ClinicProfile(user_id=user_id)
        db.add(profile)
    profile.specialties, profile.introduction = specialties, data.introduction.strip()
    profile.updated_at, profile.updated_by = clock.now(), actor.user_id
    await audit.record(db, clock, actor, "clinic.profile", entity_type="user", entity_id=user_id,
                       detail={"specialties": specialties})
    out = await _profile_out(db, user_id, profile)
    await db.commit()
    return out


# ---------------------------------------------------------------- fees


async def _administered(db: AsyncSession, actor: Actor, org_id: uuid.UUID, what: str):
    org = await alliance.require_active_organisation(db, org_id, "organisation_id")
    if not policy.administers(actor, org.path):
        raise Forbidden(f"{what} are kept by the administrators of {org.name}").about(
            "organisation", org.id, org.id)
    return org


async def _tiers(db: AsyncSession, org_id: uuid.UUID) -> list[FeeTier]:
    rows = await db.execute(select(FeeTier).where(FeeTier.organisation_id == org_id))
    order = {t: i for i, t in enumerate(identity.TITLE_LABELS)}
    return sorted(rows.scalars(), key=lambda t: (order[t.title], t.mode or ""))


def _fees_out(org_id: uuid.UUID, tiers: Iterable[FeeTier]) -> FeesOut:
    return FeesOut(organisation_id=org_id, tiers=[
        FeeTierOut(title=t.title, title_label=identity.TITLE_LABELS[t.title][0], mode=t.mode,
                   fee_fen=t.fee_fen) for t in tiers])


async def get_fees(db: AsyncSession, org_id: uuid.UUID) -> FeesOut:
    """An organisation's 挂号费 are posted for everyone to read."""
    org = await alliance.find_organisation(db, org_id)
    if org is None:
        raise NotFound(f"organisation {org_id} does not exist", code="organisation-not-found")
    return _fees_out(org.id, await _tiers(db, org.id))


async def put_fees(db: AsyncSession, clock: Clock, actor: Actor, org_id: uuid.UUID,
                   data: FeesIn) -> FeesOut:
    """Replaces the organisation's tiers. Sessions already set keep the fee they were given."""
    org = await _administered(db, actor, org_id, "fees")
    keys = [(t.title, t.mode) for t in data.tiers]
    if len(set(keys)) != len(keys):
        raise ValidationFailed.field("tiers", "a title and mode appear twice")
    before = {(t.title, t.mode): t.fee_fen for t in await _tiers(db, org.id)}
    await db.execute(delete(FeeTier).where(FeeTier.organisation_id == org.id))
    now = clock.now()
    db.add_all(FeeTier(organisation_id=org.id, title=t.title, mode=t.mode, fee_fen=t.fee_fen,
                       updated_at=now, updated_by=actor.user_id) for t in data.tiers)
    await db.flush()

    def shown(tiers: dict) -> list[dict[str, Any]]:
        return [{"title": str(title), "mode": str(mode) if mode else None, "fee_fen": fee}
                for (title, mode), fee in tiers.items()]

    await audit.record(db, clock, actor, "clinic.fees", entity_type="organisation",
                       entity_id=org.id, subject_org_id=org.id,
                       detail={"before": shown(before),
                               "after": shown({(t.title, t.mode): t.fee_fen for t in data.tiers})})
    out = _fees_out(org.id, await _tiers(db, org.id))
    await db.commit()
    return out


async def _fee(db: AsyncSession, org_id: uuid.UUID, doctor_id: uuid.UUID,
               mode: ClinicMode) -> int:
    title = (await identity.practitioner_titles(db, {doctor_id}))[doctor_id]
    fees = {t.mode: t.fee_fen for t in await _tiers(db, org_id) if t.title == title}
    fee = fees.get(mode, fees.get(None))
    if fee is None:
        raise ValidationFailed(
            f"the organisation has no fee for the doctor's title ({title}) in mode {mode}: "
            "set its fee tiers first", code="fee-tier-missing",
            errors=[{"field": "doctor_id", "message": "no fee tier for the doctor's title"}],
            title_zh="未设置该职称的挂号费", title_en="No fee is set for the doctor's title")
    return fee


# ---------------------------------------------------------------- setting sessions


def _slot_times(now: datetime, t: SessionTimes, at: str = "") -> list[tuple[datetime, datetime]]:
    """The slots the request asks for (Beijing time → UTC), or the reason it is refused (its
    fields named under ``at``, where the times sit in the request)."""
    if t.half_day is not None:
        if t.start is not None or t.end is not None:
            raise ValidationFailed.field(at + "half_day",
                                         "give a half-day or start and end, not both")
        first, last = HALF_DAYS[t.half_day]
    elif t.start is None or t.end is None:
        raise ValidationFailed.field(at + "half_day", "give a half-day, or start and end")
    else:
        first, last = time.fromisoformat(t.start), time.fromisoformat(t.end)
    starts = datetime.combine(t.day, first, SHANGHAI).astimezone(UTC)
    ends = datetime.combine(t.day, last, SHANGHAI).astimezone(UTC)
    if ends <= starts:
        raise ValidationFailed.field(at + "end", "must be after start")
    if starts <= now:
        raise ValidationFailed(
            "the session would begin in the past", code="session-in-past",
            errors=[{"field": at + "day", "message": "the session would begin in the past"}],
            title_zh="不能为过去的时间排班", title_en="The session would begin in the past")
    if starts > now + MAX_AHEAD:
        raise ValidationFailed.field(at + "day", f"at most {MAX_AHEAD.days} days ahead")
    minutes = int((ends - starts).total_seconds()) // 60
    if t.slot_minutes is not None:
        if t.capacity * t.slot_minutes > minutes:
            raise ValidationFailed.field(
                at + "slot_minutes",
                f"{t.capacity} slots of {t.slot_minutes} minutes do not fit in {minutes} minutes")
        offsets = [i * t.slot_minutes for i in range(t.capacity + 1)]
    else:
        if t.capacity > minutes:
            raise ValidationFailed.field(
                at + "capacity", f"more slots than the {minutes} minutes of the session")
        offsets = [minutes * i // t.capacity for i in range(t.capacity + 1)]
    return [(starts + timedelta(minutes=a), starts + timedelta(minutes=b))
            for a, b in zip(offsets, offsets[1:], strict=False)]


async def _lock_schedule(db: AsyncSession, user_id: uuid.UUID) -> None:
    """Serialises changes to one doctor's sessions, so that two requests at once cannot both
    find a time free (SQLite has one writer at a time already)."""
    if db.get_bind().dialect.name == "postgresql":
        key = int.from_bytes(user_id.bytes[:4], "big", signed=True)
        await db.execute(text("SELECT pg_advisory_xact_lock(:c, :k)"),
                         {"c": _PG_LOCK_CLASS, "k": key})


async def _check_doctor(db: AsyncSession, doctor_id: uuid.UUID, org_id: uuid.UUID, org_name: str,
                        day: date, field: str) -> None:
    reason = await identity.online_clinic_refusal(db, doctor_id, day)
    if reason is not None:
        raise ValidationFailed(
            f"{field}: the doctor {ELIGIBILITY[reason]}", code="doctor-not-eligible",
            errors=[{"field": field, "message": ELIGIBILITY[reason]}], reason=reason,
            title_zh="该医生不具备互联网诊疗资格", title_en="The doctor may not hold an online clinic")
    if org_id not in await identity.registered_at(db, doctor_id):
        raise ValidationFailed(
            f"{field}: the doctor is not registered to practise at {org_name}",
            code="doctor-not-registered",
            errors=[{"field": field, "message": f"not registered to practise at {org_name}"}],
            title_zh="该医生未在本机构执业注册", title_en="The doctor does not practise here")


async def _check_department(db: AsyncSession, department_id: uuid.UUID,
                            org_id: uuid.UUID) -> None:
    dept = await alliance.find_department(db, department_id)
    if dept is None or not dept.active:
        raise ValidationFailed.field("department_id", "no such active department")
    if dept.organisation_id != org_id:
        raise ValidationFailed(
            "department_id: the department belongs to another organisation",
            code="department-elsewhere",
            errors=[{"field": "department_id", "message": "belongs to another organisation"}],
            title_zh="该科室不属于本机构", title_en="The department is another organisation's")


async def _refuse_overlap(db: AsyncSession, doctor_id: uuid.UUID, starts: datetime,
                          ends: datetime, but: uuid.UUID | None = None) -> None:
    """A doctor is in one session at a time, wherever it is held (多点执业)."""
    stmt = select(ClinicSession).where(
        ClinicSession.doctor_id == doctor_id, ClinicSession.status == SessionStatus.open,
        ClinicSession.starts_at < ends, ClinicSession.ends_at > starts)
    if but is not None:
        stmt = stmt.where(ClinicSession.id != but)
    clash = (await db.execute(stmt.order_by(ClinicSession.starts_at).limit(1))).scalar_one_or_none()
    if clash is not None:
        raise Conflict(
            f"overlaps the doctor's session {_shanghai(clash.starts_at, '%Y-%m-%d %H:%M')}–"
            f"{_shanghai(clash.ends_at, '%H:%M')} (Beijing time)", code="session-overlap",
            title_zh="与该医生已有的出诊时间重叠", title_en="Overlaps another session of the doctor")


def _new_slots(session_id: uuid.UUID, times: list[tuple[datetime, datetime]]) -> list[ClinicSlot]:
    return [ClinicSlot(session_id=session_id, seq=i + 1, starts_at=s, ends_at=e)
            for i, (s, e) in enumerate(times)]


async def create_session(db: AsyncSession, clock: Clock, actor: Actor,
                         data: SessionIn) -> SessionOut:
    org = await _administered(db, actor, data.organisation_id, "sessions")
    now = clock.now()
    times = _slot_times(now, data)
    await _check_department(db, data.department_id, org.id)
    await _check_doctor(db, data.doctor_id, org.id, org.name, data.day, "doctor_id")
    fee = await _fee(db, org.id, data.doctor_id, data.mode)
    await _lock_schedule(db, data.doctor_id)
    starts, ends = times[0][0], times[-1][1]
    await _refuse_overlap(db, data.doctor_id, starts, ends)
    session = ClinicSession(
        id=uuid.uuid4(), doctor_id=data.doctor_id, organisation_id=org.id,
        department_id=data.department_id, starts_at=starts, ends_at=ends, mode=data.mode,
        capacity=data.capacity, fee_fen=fee, status=SessionStatus.open, created_by=actor.user_id,
        created_at=now, updated_at=now)
    db.add(session)
    await db.flush()
    db.add_all(_new_slots(session.id, times))
    await _ensure_profile(db, clock, data.doctor_id)
    await audit.record(db, clock, actor, "clinic.session_create", entity_type=SESSION,
                       entity_id=session.id, subject_org_id=org.id,
                       detail={"doctor": str(data.doctor_id), "starts_at": starts.isoformat(),
                               "ends_at": ends.isoformat(), "mode": data.mode.value,
                               "capacity": data.capacity, "fee_fen": fee})
    await db.flush()
    [out] = await _session_outs(db, clock, [session])
    await db.commit()
    return out


async def _changeable(db: AsyncSession, clock: Clock, actor: Actor, session_id: uuid.UUID, *,
                      begun: bool = False):
    """A session the actor administers that is open and still to come (or, with ``begun``,
    not yet over: a doctor taken ill mid-session is stopped or replaced)."""
    session = await get_session(db, session_id)
    org = await alliance.get_organisation(db, session.organisation_id)
    if not policy.administers(actor, org.path):
        raise Forbidden("sessions are kept by the administrators of their organisation").about(
            SESSION, session.id, org.id)
    if session.status == SessionStatus.stopped:
        raise _stopped()
    if (session.ends_at if begun else session.starts_at) <= clock.now():
        raise _past()
    return session, org


async def patch_session(db: AsyncSession, clock: Clock, actor: Actor, session_id: uuid.UUID,
                        data: SessionPatch) -> SessionOut:
    session, org = await _changeable(db, clock, actor, session_id)
    now = clock.now()
    department_id = data.department_id or session.department_id
    mode = data.mode or session.mode
    if department_id != session.department_id:
        await _check_department(db, department_id, org.id)
    times = None
    if data.times is not None:
        times = _slot_times(now, data.times, "times.")
        await _check_doctor(db, session.doctor_id, org.id, org.name, data.times.day, "times")
        await _lock_schedule(db, session.doctor_id)
        await _refuse_overlap(db, session.doctor_id, times[0][0], times[-1][1], but=session.id)
    fee = await _fee(db, org.id, session.doctor_id, mode)
    if times is not None:
        # Slots nobody holds may go; if any is left, a patient holds or booked it.
        await db.execute(delete(ClinicSlot).where(
            ClinicSlot.session_id == session.id, ClinicSlot.booked_visit_id.is_(None),
            or_(ClinicSlot.held_by_visit_id.is_(None), ClinicSlot.held_until <= now)))
        left = await db.execute(select(ClinicSlot.id).where(ClinicSlot.session_id == session.id))
        if left.first() is not None:
            raise _has_bookings()
        db.add_all(_new_slots(session.id, times))
        session.starts_at, session.ends_at = times[0][0], times[-1][1]
        session.capacity = len(times)
    elif (await db.execute(select(ClinicSlot.id).where(
            ClinicSlot.session_id == session.id,
            or_(ClinicSlot.booked_visit_id.is_not(None), ClinicSlot.held_until > now)))).first():
        raise _has_bookings()
    session.department_id, session.mode, session.fee_fen = department_id, mode, fee
    session.updated_at = now
    await audit.record(db, clock, actor, "clinic.session_update", entity_type=SESSION,
                       entity_id=session.id, subject_org_id=org.id,
                       detail={"department": str(department_id), "mode": mode.value,
                               "starts_at": session.starts_at.isoformat(),
                               "ends_at": session.ends_at.isoformat(),
                               "capacity": session.capacity, "fee_fen": fee})
    await db.flush()
    [out] = await _session_outs(db, clock, [session])
    await db.commit()
    return out


async def _visits(db: AsyncSession, session_id: uuid.UUID) -> list[str]:
    """The visits holding or having booked slots of the session, for their patients to be told."""
    rows = await db.execute(
        select(ClinicSlot.booked_visit_id, ClinicSlot.held_by_visit_id)
        .where(ClinicSlot.session_id == session_id,
               or_(ClinicSlot.booked_visit_id.is_not(None),
                   ClinicSlot.held_by_visit_id.is_not(None)))
        .order_by(ClinicSlot.seq))
    return list(dict.fromkeys(str(v) for row in rows.all() for v in row if v is not None))


async def _claim(db: AsyncSession, session: ClinicSession, **values: Any) -> None:
    """Changes the open session in one conditional UPDATE: it waits for the holds in flight
    (they read the row FOR SHARE), so the visits read after it are all of them."""
    done = cast(CursorResult[Any], await db.execute(
        update(ClinicSession)
        .where(ClinicSession.id == session.id, ClinicSession.status == SessionStatus.open,
               ClinicSession.doctor_id == session.doctor_id)
        .values(**values).execution_options(synchronize_session=False)))
    if done.rowcount != 1:
        await db.refresh(session)
        raise _stopped() if session.status == SessionStatus.stopped else Conflict(
            "the session was changed meanwhile; reload it", code="session-changed")
    await db.refresh(session)


async def stop_session(db: AsyncSession, clock: Clock, actor: Actor, session_id: uuid.UUID,
                       reason: str) -> SessionOut:
    """停诊: the session takes no more bookings; its patients are to be told and offered
    another time or their money back (by the visit module, on ``clinic.session_stopped``)."""
    session, org = await _changeable(db, clock, actor, session_id, begun=True)
    now = clock.now()
    await _claim(db, session, status=SessionStatus.stopped, stopped_at=now,
                 stop_reason=reason.strip(), updated_at=now)
    visits = await _visits(db, session.id)
    await events.emit(db, clock, STOPPED, entity_type=SESSION, entity_id=session.id,
                      payload={"session_id": str(session.id), "doctor_id": str(session.doctor_id),
                               "organisation_id": str(org.id), "visit_ids": visits,
                               "reason": session.stop_reason},
                      recipients=[session.doctor_id])
    await audit.record(db, clock, actor, "clinic.session_stop", entity_type=SESSION,
                       entity_id=session.id, subject_org_id=org.id,
                       detail={"reason": session.stop_reason, "visits": visits})
    [out] = await _session_outs(db, clock, [session])
    await db.commit()
    return out


async def substitute(db: AsyncSession, clock: Clock, actor: Actor, session_id: uuid.UUID,
                     doctor_id: uuid.UUID, reason: str) -> SessionOut:
    """替诊: another eligible doctor of the organisation, free at that time, takes the session;
    its patients keep their slots and fees and are told (``clinic.session_substituted``)."""
    session, org = await _changeable(db, clock, actor, session_id, begun=True)
    if doctor_id == session.doctor_id:
        raise ValidationFailed.field("doctor_id", "already holds the session")
    day = session.starts_at.astimezone(SHANGHAI).date()
    await _check_doctor(db, doctor_id, org.id, org.name, day, "doctor_id")
    await _lock_schedule(db, doctor_id)
    await _refuse_overlap(db, doctor_id, session.starts_at, session.ends_at)
    previous = session.doctor_id
    await _claim(db, session, doctor_id=doctor_id,
                 substituted_from=session.substituted_from or previous,
                 substitute_reason=reason.strip(), updated_at=clock.now())
    await _ensure_profile(db, clock, doctor_id)
    visits = await _visits(db, session.id)
    await events.emit(db, clock, SUBSTITUTED, entity_type=SESSION, entity_id=session.id,
                      payload={"session_id": str(session.id), "organisation_id": str(org.id),
                               "from_doctor_id": str(previous), "doctor_id": str(doctor_id),
                               "visit_ids": visits, "reason": session.substitute_reason},
                      recipients=[previous, doctor_id])
    await audit.record(db, clock, actor, "clinic.session_substitute", entity_type=SESSION,
                       entity_id=session.id, subject_org_id=org.id,
                       detail={"from": str(previous), "to": str(doctor_id),
                               "reason": session.substitute_reason, "visits": visits})
    await db.flush()
    [out] = await _session_outs(db, clock, [session])
    await db.commit()
    return out


# ---------------------------------------------------------------- reading sessions


async def _free_counts(db: AsyncSession, now: datetime,
                       session_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, int]:
    ids = list(session_ids)
    if not ids:
        return {}
    rows = await db.execute(select(ClinicSlot.session_id, func.count())
                            .where(ClinicSlot.session_id.in_(ids), _free(now))
                            .group_by(ClinicSlot.session_id))
    return dict(rows.all())


@dataclass(frozen=True)
class _Names:
    doctors: dict[uuid.UUID, str]
    orgs: dict[uuid.UUID, str]
    departments: dict[uuid.UUID, str]


async def _names(db: AsyncSession, sessions: Sequence[ClinicSession]) -> _Names:
    return _Names(
        doctors=await identity.display_names(db, {s.doctor_id for s in sessions}),
        orgs=await alliance.names(db, {s.organisation_id for s in sessions}),
        departments=await alliance.department_names(db, {s.department_id for s in sessions}))


async def _session_outs(db: AsyncSession, clock: Clock,
                        sessions: Sequence[ClinicSession]) -> list[SessionOut]:
    names = await _names(db, sessions)
    free = await _free_counts(db, clock.now(), (s.id for s in sessions))
    return [SessionOut(
        id=s.id, doctor_id=s.doctor_id, doctor_name=names.doctors.get(s.doctor_id, ""),
        organisation_id=s.organisation_id, organisation_name=names.orgs.get(s.organisation_id, ""),
        department_id=s.department_id,
        department_name=names.departments.get(s.department_id, ""), starts_at=s.starts_at,
        ends_at=s.ends_at, mode=s.mode, capacity=s.capacity, fee_fen=s.fee_fen, status=s.status,
        stop_reason=s.stop_reason, substituted_from=s.substituted_from,
        free_slots=free.get(s.id, 0) if s.status == SessionStatus.open else 0,
    ) for s in sessions]


def _day_bounds(day_from: date | None, day_to: date | None) -> list[Any]:
    where = []
    if day_from is not None:
        where.append(ClinicSession.starts_at
                     >= datetime.combine(day_from, time(0), SHANGHAI).astimezone(UTC))
    if day_to is not None:
        where.append(ClinicSession.starts_at < datetime.combine(
            day_to, time(0), SHANGHAI).astimezone(UTC) + timedelta(days=1))
    return where


async def list_sessions(
    db: AsyncSession, clock: Clock, actor: Actor, *, organisation_id: uuid.UUID | None,
    department_id: uuid.UUID | None, doctor_id: uuid.UUID | None, day_from: date | None,
    day_to: date | None, mine: bool, cursor: str | None, limit: int,
) -> Page[SessionOut]:
    """Administrators: the sessions of the organisations they keep; a doctor: their own (as
    ``mine`` asks of anyone). By start time."""
    if day_from and day_to and day_to < day_from:
        raise ValidationFailed.field("day_to", "must not be before day_from")
    stmt = select(ClinicSession).where(*_day_bounds(day_from, day_to))
    if mine or actor.role not in policy.ADMINISTRATORS:
        stmt = stmt.where(ClinicSession.doctor_id == actor.user_id)
    else:
        assert actor.org_path is not None
        stmt = stmt.where(ClinicSession.organisation_id.in_(alliance.ids_under(actor.org_path)))
    if organisation_id is not None:
        stmt = stmt.where(ClinicSession.organisation_id == organisation_id)
    if department_id is not None:
        stmt = stmt.where(ClinicSession.department_id == department_id)
    if doctor_id is not None:
        stmt = stmt.where(ClinicSession.doctor_id == doctor_id)
    rows, next_cursor = await paginate(db, stmt, [ClinicSession.starts_at, ClinicSession.id],
                                       cursor=cursor, limit=limit)
    return Page(items=await _session_outs(db, clock, rows), next_cursor=next_cursor)


def _open_in_window(now: datetime) -> list[Any]:
    return [ClinicSession.status == SessionStatus.open, ClinicSession.ends_at > now,
            ClinicSession.starts_at < now + WINDOW]


async def doctor_sessions(db: AsyncSession, clock: Clock,
                          doctor_id: uuid.UUID) -> list[OpenSessionOut]:
    """The doctor's open sessions of the coming 14 days, each with its slots."""
    now = clock.now()
    sessions = list((await db.execute(
        select(ClinicSession).where(ClinicSession.doctor_id == doctor_id, *_open_in_window(now))
        .order_by(ClinicSession.starts_at, ClinicSession.id))).scalars())
    if not sessions:
        return []
    slots = (await db.execute(
        select(ClinicSlot, _free(now)).where(ClinicSlot.session_id.in_([s.id for s in sessions]))
        .order_by(ClinicSlot.session_id, ClinicSlot.seq))).all()
    by_session: dict[uuid.UUID, list[ClinicSlotOut]] = {s.id: [] for s in sessions}
    for slot, free in slots:
        by_session[slot.session_id].append(ClinicSlotOut(
            id=slot.id, seq=slot.seq, starts_at=slot.starts_at, ends_at=slot.ends_at,
            free=bool(free)))
    names = await _names(db, sessions)
    return [OpenSessionOut(
        id=s.id, organisation_id=s.organisation_id,
        organisation_name=names.orgs.get(s.organisation_id, ""), department_id=s.department_id,
        department_name=names.departments.get(s.department_id, ""), starts_at=s.starts_at,
        ends_at=s.ends_at, mode=s.mode, fee_fen=s.fee_fen,
        free_slots=sum(slot.free for slot in by_session[s.id]), slots=by_session[s.id],
    ) for s in sessions]


# ---------------------------------------------------------------- finding a doctor


async def _distinct(db: AsyncSession, column: Any, where: list[Any]) -> set[uuid.UUID]:
    return set((await db.execute(select(column).where(*where).distinct())).scalars())


async def find_doctors(
    db: AsyncSession, clock: Clock, *, organisation_id: uuid.UUID | None,
    department_id: uuid.UUID | None, department_code: str | None, name: str | None,
    symptom: str | None, mode: ClinicMode | None, cursor: str | None, limit: int,
) -> Page[DoctorCard]:
    """Doctors with open sessions in the coming 14 days that match every filter given; each
    card shows the earliest such session with a free slot (else the earliest one)."""
    now = clock.now()
    where = _open_in_window(now)
    if organisation_id is not None:
        where.append(ClinicSession.organisation_id == organisation_id)
    if department_id is not None:
        where.append(ClinicSession.department_id == department_id)
    if mode is not None:
        where.append(ClinicSession.mode == mode)
    codes: list[str] = []
    if department_code:
        codes.append(department_code.strip())
    if symptom:
        codes.extend(symptoms.suggest(symptom)[1] or ["-"])  # no word matched: nobody found
    if codes:
        depts = await alliance.departments_by_id(
            db, await _distinct(db, ClinicSession.department_id, where))
        where.append(ClinicSession.department_id.in_(
            [d.id for d in depts.values() if symptoms.serves(d.code, codes)]))
    if name and name.strip():
        doctors = await identity.display_names(
            db, await _distinct(db, ClinicSession.doctor_id, where))
        wanted = name.strip().casefold()
        where.append(ClinicSession.doctor_id.in_(
            [uid for uid, n in doctors.items() if wanted in n.casefold()]))
    stmt = select(ClinicProfile).where(
        ClinicProfile.user_id.in_(select(ClinicSession.doctor_id).where(*where)))
    profiles, next_cursor = await paginate(db, stmt, [ClinicProfile.user_id], cursor=cursor,
                                           limit=limit)
    return Page(items=await _cards(db, now, profiles, where), next_cursor=next_cursor)


async def _cards(db: AsyncSession, now: datetime, profiles: Sequence[ClinicProfile],
                 where: list[Any]) -> list[DoctorCard]:
    if not profiles:
        return []
    ids = [p.user_id for p in profiles]
    sessions = list((await db.execute(
        select(ClinicSession).where(*where, ClinicSession.doctor_id.in_(ids))
        .order_by(ClinicSession.starts_at, ClinicSession.id))).scalars())
    first_free = dict((await db.execute(
        select(ClinicSlot.session_id, func.min(ClinicSlot.starts_at))
        .where(ClinicSlot.session_id.in_([s.id for s in sessions]), _free(now))
        .group_by(ClinicSlot.session_id))).all())
    names = await _names(db, sessions)
    titles = await identity.practitioner_titles(db, set(ids))
    levels = {oid: org.level for oid in {s.organisation_id for s in sessions}
              if (org := await alliance.find_organisation(db, oid)) is not None}
    cards = []
    for profile in profiles:
        own = [s for s in sessions if s.doctor_id == profile.user_id]
        if not own:  # its last session ended or was stopped since the page was read
            continue
        shown = next((s for s in own if s.id in first_free), own[0])
        cards.append(DoctorCard(
            doctor_id=profile.user_id, name=names.doctors.get(profile.user_id, ""),
            title=titles[profile.user_id], organisation_id=shown.organisation_id,
            organisation_name=names.orgs.get(shown.organisation_id, ""),
            organisation_level=levels[shown.organisation_id], department_id=shown.department_id,
            department_name=names.departments.get(shown.department_id, ""),
            specialties=profile.specialties, introduction=profile.introduction,
            next_free_at=first_free.get(shown.id), fee_fen=shown.fee_fen,
            modes=sorted({s.mode for s in own}, key=list(ClinicMode).index)))
    return cards


NOTE_ZH = "以下为根据症状关键词给出的就诊科室建议，仅供参考，不是诊断；病情紧急请立即前往急诊或拨打120。"
NOTE_EN = ("A suggestion of departments from the words of your symptoms, not a diagnosis; in an "
           "emergency go to the emergency department or call 120.")


async def departments(db: AsyncSession, clock: Clock, symptom: str | None) -> DepartmentsOut:
    catalogue = {e.code: e for e in alliance.department_catalogue()}

    def out(code: str) -> ClinicDepartmentOut:
        entry = catalogue.get(code)
        return ClinicDepartmentOut(code=code, name=entry.name if entry else code,
                             name_en=entry.name_en if entry else code)

    if symptom is not None and symptom.strip():
        words, codes = symptoms.suggest(symptom)
        return DepartmentsOut(suggestion=True, matched=words,
                              departments=[out(c) for c in codes or [symptoms.GENERAL_PRACTICE]],
                              note_zh=NOTE_ZH, note_en=NOTE_EN)
    now = clock.now()
    depts = await alliance.departments_by_id(
        db, await _distinct(db, ClinicSession.department_id, _open_in_window(now)))
    # A custom department (a code of the hospital's own) is named as the hospital named it.
    held = {d.code: ClinicDepartmentOut(code=d.code, name=d.name, name_en=d.name_en)
            for d in depts.values()}
    return DepartmentsOut(suggestion=False, matched=[],
                          departments=[out(c) if c in catalogue else held[c] for c in sorted(held)],
                          note_zh=None, note_en=None)
