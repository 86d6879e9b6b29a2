"""Availability slots: doctors (or the schedulers of their organisations) offer times, cases book
them one at a time, and an unbooked time can be withdrawn.

:func:`book`, :func:`release` and :func:`get_slot` are for the case modules (consultation,
later referral and online visits): they work in the caller's transaction and never commit; the
caller audits the booking as a step of its case. The rest serves this module's API.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, and_, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from yilian.alliance import service as alliance
from yilian.core import audit
from yilian.core.authz import Actor
from yilian.core.clock import SHANGHAI, Clock
from yilian.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from yilian.identity import service as identity
from yilian.scheduling import policy
from yilian.scheduling.models import AvailabilitySlot
from yilian.scheduling.schemas import DoctorOut, SlotOut, SlotsIn

DEFAULT_WINDOW = timedelta(days=14)
MAX_WINDOW = timedelta(days=62)
MAX_RANGE = timedelta(hours=12)
MAX_AHEAD = timedelta(days=90)
_PG_LOCK_CLASS = 0x534C4F54  # "SLOT": one doctor's schedule, while it is checked and extended


def _not_found(slot_id: uuid.UUID) -> NotFound:
    return NotFound(f"availability slot {slot_id} does not exist", code="slot-not-found")


def _free():
    return and_(AvailabilitySlot.booked_case_id.is_(None), AvailabilitySlot.withdrawn_at.is_(None))


async def _reload(db: AsyncSession, slot_id: uuid.UUID) -> AvailabilitySlot:
    """The row as the database now has it (after an UPDATE that bypassed the session)."""
    slot = await db.get(AvailabilitySlot, slot_id, populate_existing=True)
    if slot is None:
        raise _not_found(slot_id)
    return slot


# ---------------------------------------------------------------- for the case modules


async def get_slot(db: AsyncSession, slot_id: uuid.UUID) -> AvailabilitySlot:
    slot = await db.get(AvailabilitySlot, slot_id)
    if slot is None:
        raise _not_found(slot_id)
    return slot


async def book(
    db: AsyncSession, clock: Clock, slot_id: uuid.UUID, *, expert_ids: set[uuid.UUID],
    case_type: str, case_id: uuid.UUID,
) -> AvailabilitySlot:
    """Takes a future slot of one of the case's experts for the case (no commit).

    The conditional UPDATE is the lock: of two bookings at once only one finds the slot free
    (PostgreSQL re-checks the condition on the row once the first booking commits; SQLite runs
    one writer at a time)."""
    if not 0 < len(case_type) <= 32:
        raise ValueError(f"bad case type {case_type!r}")
    slot = await get_slot(db, slot_id)
    if slot.user_id not in expert_ids:
        raise ValidationFailed.field("slot_id", "the time is not one offered by this case's experts")
    now = clock.now()
    if slot.starts_at <= now:
        raise ValidationFailed.field("slot_id", "the time has begun or passed")
    taken = cast(CursorResult[Any], await db.execute(
        update(AvailabilitySlot)
        .where(AvailabilitySlot.id == slot_id, _free())
        .values(booked_case_type=case_type, booked_case_id=case_id, booked_at=now)
        .execution_options(synchronize_session=False)
    ))
    if taken.rowcount != 1:
        raise Conflict("the time was booked or withdrawn; choose another", code="slot-taken",
                       title_zh="该时段已被预约", title_en="That time is taken")
    return await _reload(db, slot_id)


async def release(db: AsyncSession, slot_id: uuid.UUID, *, case_type: str,
                  case_id: uuid.UUID) -> None:
    """Frees the slot if this case holds it (the case was rescheduled or closed); else nothing."""
    await db.execute(
        update(AvailabilitySlot)
        .where(AvailabilitySlot.id == slot_id, AvailabilitySlot.booked_case_type == case_type,
               AvailabilitySlot.booked_case_id == case_id)
        .values(booked_case_type=None, booked_case_id=None, booked_at=None)
        .execution_options(synchronize_session="fetch")
    )


# ---------------------------------------------------------------- reading


def _out(actor: Actor, slot: AvailabilitySlot, org_path: str, org_name: str,
         user_name: str) -> SlotOut:
    shown = policy.sees_booking(actor, slot.user_id, org_path)
    return SlotOut(
        id=slot.id, user_id=slot.user_id, user_name=user_name,
        organisation_id=slot.organisation_id, organisation_name=org_name,
        starts_at=slot.starts_at, ends_at=slot.ends_at,
        booked=slot.booked_case_id is not None,
        booked_case_type=slot.booked_case_type if shown else None,
        booked_case_id=slot.booked_case_id if shown else None,
        withdrawn=slot.withdrawn_at is not None,
    )


async def _outs(db: AsyncSession, actor: Actor, slots: list[AvailabilitySlot], org_path: str,
                org_name: str) -> list[SlotOut]:
    names = await identity.display_names(db, {s.user_id for s in slots})
    return [_out(actor, s, org_path, org_name, names.get(s.user_id, "")) for s in slots]


def _window(now: datetime, start: datetime | None, end: datetime | None
            ) -> tuple[datetime, datetime]:
    start = start or now
    try:
        end = end or start + DEFAULT_WINDOW
        start - MAX_RANGE  # the query reaches back this far (slots that began before start)
    except OverflowError:
        raise ValidationFailed.field("start", "out of the range of dates") from None
    if end <= start:
        raise ValidationFailed.field("end", "must be after start")
    if end - start > MAX_WINDOW:
        raise ValidationFailed.field("end", f"at most {MAX_WINDOW.days} days after start")
    return start, end


async def list_slots(
    db: AsyncSession, clock: Clock, actor: Actor, *, user_id: uuid.UUID | None,
    start: datetime | None, end: datetime | None, free: bool | None,
) -> list[SlotOut]:
    """A doctor's (by default the caller's own) current slots overlapping [start, end), in time
    order; ``free``: only those still bookable, or only booked ones."""
    now = clock.now()
    start, end = _window(now, start, end)
    stmt = alliance.with_organisation(select(AvailabilitySlot), AvailabilitySlot.organisation_id)
    stmt = stmt.where(
        AvailabilitySlot.user_id == (user_id or actor.user_id),
        AvailabilitySlot.withdrawn_at.is_(None),
        AvailabilitySlot.starts_at < end,
        # A slot lasts at most MAX_RANGE: this bound lets the (user_id, starts_at) index serve.
        AvailabilitySlot.starts_at >= start - MAX_RANGE,
        AvailabilitySlot.ends_at > start,
    ).order_by(AvailabilitySlot.starts_at, AvailabilitySlot.id)
    if free is True:
        stmt = stmt.where(AvailabilitySlot.booked_case_id.is_(None),
                          AvailabilitySlot.starts_at > now)
    elif free is False:
        stmt = stmt.where(AvailabilitySlot.booked_case_id.is_not(None))
    rows = (await db.execute(stmt)).all()
    names = await identity.display_names(db, {slot.user_id for slot, _, _ in rows})
    return [_out(actor, slot, path, name, names.get(slot.user_id, ""))
            for slot, path, name in rows]


# ---------------------------------------------------------------- offering and withdrawing


def _named(org_id: uuid.UUID | None) -> uuid.UUID:
    """The organisation a request names (or the caller's own): unknown or deactivated ones are
    refused by the alliance module."""
    if org_id is None:
        raise ValidationFailed.field("organisation_id", "name the organisation")
    return org_id


def _shanghai(at: datetime, fmt: str) -> str:
    return at.astimezone(SHANGHAI).strftime(fmt)


def _slot_times(now: datetime, data: SlotsIn) -> list[tuple[datetime, datetime]]:
    """The slots a request asks for, or the reason it is refused."""
    try:
        starts, ends = data.starts_at.astimezone(UTC), data.ends_at.astimezone(UTC)
    except OverflowError:
        raise ValidationFailed.field("starts_at", "out of the range of dates") from None
    for field, value in (("starts_at", starts), ("ends_at", ends)):
        if value.second or value.microsecond:
            raise ValidationFailed.field(field, "give the time in whole minutes")
    if ends <= starts:
        raise ValidationFailed.field("ends_at", "must be after starts_at")
    if ends - starts > MAX_RANGE:
        hours = MAX_RANGE.seconds // 3600
        raise ValidationFailed.field("ends_at", f"at most {hours} hours after starts_at")
    if starts <= now:
        raise ValidationFailed.field("starts_at", "must be in the future")
    if starts > now + MAX_AHEAD:
        raise ValidationFailed.field("starts_at", f"at most {MAX_AHEAD.days} days ahead")
    step = timedelta(minutes=data.slot_minutes) if data.slot_minutes else ends - starts
    if (ends - starts) % step:
        raise ValidationFailed.field(
            "slot_minutes", f"the range is not a whole number of {data.slot_minutes}-minute slots")
    return [(starts + i * step, starts + (i + 1) * step) for i in range((ends - starts) // step)]


async def _lock_schedule(db: AsyncSession, user_id: uuid.UUID) -> None:
    """Serialises changes to one doctor's schedule, so that two requests at once cannot both
    find a time free and both offer it (SQLite has one writer at a time already)."""
    if db.get_bind().dialect.name == "postgresql":
        key = int.from_bytes(user_id.bytes[:4], "big", signed=True)
        await db.execute(text("SELECT pg_advisory_xact_lock(:c, :k)"),
                         {"c": _PG_LOCK_CLASS, "k": key})


async def create_slots(db: AsyncSession, clock: Clock, actor: Actor,
                       data: SlotsIn) -> list[SlotOut]:
    user_id = data.user_id or actor.user_id
    org = await alliance.require_active_organisation(
        db, _named(data.organisation_id or actor.org_id), "organisation_id")
    if not policy.may_offer(actor, user_id, org.path):
        raise Forbidden("you may enter your own times, or those of the doctors of the "
                        "organisations you coordinate").about("user", user_id, org.id)
    now = clock.now()
    times = _slot_times(now, data)
    doctor = next((h for h in await identity.holders(db, clock, org.id, policy.DOCTOR_ROLES)
                   if h.user_id == user_id), None)
    if doctor is None:
        raise ValidationFailed.field("user_id", f"holds no doctor's role at {org.name}")
    if not doctor.verified:
        if user_id == actor.user_id:
            raise Forbidden("real-name verification is required before offering times",
                            code="not-verified", title_zh="尚未完成实名认证，不能执行诊疗操作",
                            title_en="Real-name verification required")
        raise ValidationFailed.field("user_id", "has not completed real-name verification")

    await _lock_schedule(db, user_id)
    starts, ends = times[0][0], times[-1][1]
    clash = (await db.execute(
        select(AvailabilitySlot).where(
            AvailabilitySlot.user_id == user_id, AvailabilitySlot.withdrawn_at.is_(None),
            AvailabilitySlot.starts_at < ends, AvailabilitySlot.ends_at > starts,
        ).order_by(AvailabilitySlot.starts_at).limit(1)
    )).scalar_one_or_none()
    if clash is not None:
        raise Conflict(
            f"overlaps the time {_shanghai(clash.starts_at, '%Y-%m-%d %H:%M')}–"
            f"{_shanghai(clash.ends_at, '%H:%M')} (Beijing time) already offered",
            code="slot-overlap", title_zh="与已有时段重叠", title_en="Overlaps a time already offered")

    slots = [AvailabilitySlot(user_id=user_id, organisation_id=org.id, starts_at=s, ends_at=e,
                              created_by=actor.user_id, created_at=now) for s, e in times]
    db.add_all(slots)
    await db.flush()
    await audit.record(
        db, clock, actor, "availability.create", entity_type="user", entity_id=user_id,
        subject_org_id=org.id,
        detail={"organisation_id": str(org.id), "starts_at": starts.isoformat(),
                "ends_at": ends.isoformat(), "slot_ids": [str(s.id) for s in slots]},
    )
    out = await _outs(db, actor, slots, org.path, org.name)
    await db.commit()
    return out


async def withdraw(db: AsyncSession, clock: Clock, actor: Actor, slot_id: uuid.UUID) -> SlotOut:
    """Takes an unbooked time off the schedule (withdrawing it again changes nothing)."""
    slot = await get_slot(db, slot_id)
    org = await alliance.get_organisation(db, slot.organisation_id)
    if not policy.may_withdraw(actor, slot.user_id, org.path):
        raise Forbidden("only the doctor or a coordinator of the slot's organisation may "
                        "withdraw it").about("availability_slot", slot.id, org.id)
    if slot.withdrawn_at is None:
        done = cast(CursorResult[Any], await db.execute(
            update(AvailabilitySlot).where(AvailabilitySlot.id == slot_id, _free())
            .values(withdrawn_at=clock.now()).execution_options(synchronize_session=False)
        ))
        slot = await _reload(db, slot_id)
        if done.rowcount == 1:
            await audit.record(
                db, clock, actor, "availability.withdraw", entity_type="availability_slot",
                entity_id=slot.id, subject_org_id=org.id,
                detail={"user_id": str(slot.user_id), "starts_at": slot.starts_at.isoformat()},
            )
        elif slot.booked_case_id is not None:
            raise Conflict("the time is booked; reschedule or cancel the case first",
                           code="slot-booked", title_zh="该时段已被预约，不能撤回",
                           title_en="The time is booked and cannot be withdrawn")
    out = (await _outs(db, actor, [slot], org.path, org.name))[0]
    await db.commit()
    return out


async def list_doctors(db: AsyncSession, clock: Clock, actor: Actor,
                       organisation_id: uuid.UUID | None) -> list[DoctorOut]:
    """The doctors a scheduler may enter times for at one of its organisations."""
    org = await alliance.require_active_organisation(
        db, _named(organisation_id or actor.org_id), "organisation_id")
    if not policy.schedules_for(actor, org.path):
        raise Forbidden("that organisation is outside the ones you coordinate").about(
            "organisation", org.id, org.id)
    return [DoctorOut(user_id=h.user_id, name=h.name, role=h.role, verified=h.verified)
            for h in await identity.holders(db, clock, org.id, policy.DOCTOR_ROLES)]
