"""Consultation counts for the statistics page (seed 000's reports): how many were asked of whom,
how they ended, how many ran late and how long reports took.

One query reads the consultations in range (no encrypted column) with the names to show; the
counting is done here, identically on SQLite and PostgreSQL.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Row, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from yilian.alliance.models import Department, Organisation
from yilian.consultation.models import Consultation, State
from yilian.consultation.schemas import CountRow, StatsOut
from yilian.core.authz import Actor, Role
from yilian.core.clock import SHANGHAI, Clock, as_utc
from yilian.core.errors import Forbidden, ValidationFailed

GROUPS = ("organisation", "inviting_organisation", "department", "month")
MAX_DAYS = 400
# Who reads the counts: each for the organisations under their grant.
READERS = frozenset({Role.alliance_admin, Role.org_admin, Role.coordinator})
NO_DEPARTMENT = ("none", "未分诊")
CLOSED = {State.completed: "completed", State.declined: "declined",
          State.cancelled: "cancelled"}


@dataclass
class _Tally:
    key: str
    label: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(
        ("requested", "completed", "declined", "cancelled", "open", "overdue"), 0))
    hours: list[float] = field(default_factory=list)

    def row(self) -> CountRow:
        return CountRow(key=self.key, label=self.label, **self.counts,
                        turnaround_median_hours=_percentile(self.hours, 0.5),
                        turnaround_p90_hours=_percentile(self.hours, 0.9))


def overdue(state: State, scheduled_at: datetime | None, reported_at: datetime | None,
            schedule_due: datetime, complete_due: datetime, now: datetime) -> bool:
    """The rule the consultation list shows too: a declined or cancelled case is never
    overdue; a reported one is overdue when its report came after ``complete_due`` (late, even
    once completed); any other is overdue once ``now`` is past ``schedule_due`` with no time
    booked (``scheduled_at`` unset) or past ``complete_due`` with no report."""
    if state in (State.declined, State.cancelled):
        return False
    if reported_at is not None:
        return as_utc(reported_at) > as_utc(complete_due)
    return ((scheduled_at is None and now > as_utc(schedule_due))
            or now > as_utc(complete_due))


def _percentile(values: list[float], q: float) -> float | None:
    """Linear interpolation between the nearest ranks (as PostgreSQL's percentile_cont)."""
    if not values:
        return None
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q
    low, high = math.floor(pos), math.ceil(pos)
    value = ordered[low] + (ordered[high] - ordered[low]) * (pos - low)
    return round(value, 1)


def _month(at: datetime) -> str:
    return as_utc(at).astimezone(SHANGHAI).strftime("%Y-%m")


def _months(start: datetime, end: datetime) -> Iterable[str]:
    """Every Shanghai month the range [start, end) touches, in order."""
    first, last = start.astimezone(SHANGHAI), (end - timedelta(microseconds=1)).astimezone(
        SHANGHAI)
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        yield f"{year:04d}-{month:02d}"
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _validate(start: datetime, end: datetime, group_by: str) -> None:
    if group_by not in GROUPS:
        raise ValidationFailed.field("group_by", f"one of {', '.join(GROUPS)}")
    for name, value in (("start", start), ("end", end)):
        if value.tzinfo is None:
            raise ValidationFailed.field(name, "a time with its UTC offset")
    if end <= start:
        raise ValidationFailed.field("end", "must be after start")
    if end - start > timedelta(days=MAX_DAYS):
        raise ValidationFailed.field("end", f"the range may span at most {MAX_DAYS} days")


async def counts(db: AsyncSession, clock: Clock, actor: Actor, *, start: datetime,
                 end: datetime, group_by: str) -> StatsOut:
    """Consultations requested in [start, end), grouped by the invited organisation
    (``organisation``), the inviting one (``inviting_organisation``), the routed (or lead)
    department (``department``; "未分诊" for none yet) or the Shanghai month of the request
    (``month``; every month of the range, empty ones too).

    Each row counts those requested, completed, declined, cancelled and open (any other state,
    ``reported`` included); ``overdue`` as :func:`overdue` decides at ``clock.now()``; and the
    median and 90th percentile of hours from request to report over those reported (None when
    none was). A reader sees the consultations whose inviting or invited organisation lies
    under their grant."""
    if actor.role not in READERS or not actor.org_path:
        raise Forbidden("consultation statistics are for administrators and coordinators",
                        code="stats-not-allowed")
    _validate(start, end, group_by)
    now = clock.now()

    invited, inviting = aliased(Organisation), aliased(Organisation)
    c = Consultation
    rows = (await db.execute(
        select(c.state, c.requested_at, c.scheduled_at, c.reported_at, c.schedule_due,
               c.complete_due, c.invited_org_id, invited.name.label("invited_name"),
               c.inviting_org_id, inviting.name.label("inviting_name"), c.department_id,
               Department.name.label("department_name"))
        .join(invited, invited.id == c.invited_org_id)
        .join(inviting, inviting.id == c.inviting_org_id)
        .outerjoin(Department, Department.id == c.department_id)
        .where(c.requested_at >= start, c.requested_at < end,
               or_(invited.path.startswith(actor.org_path, autoescape=True),
                   inviting.path.startswith(actor.org_path, autoescape=True)))
    )).all()

    key_of: Callable[[Row], tuple[str, str]] = {
        "organisation": lambda r: (str(r.invited_org_id), r.invited_name),
        "inviting_organisation": lambda r: (str(r.inviting_org_id), r.inviting_name),
        "department": lambda r: ((str(r.department_id), r.department_name) if r.department_id
                                 else NO_DEPARTMENT),
        "month": lambda r: (_month(r.requested_at),) * 2,
    }[group_by]
    groups: dict[str, _Tally] = {}
    if group_by == "month":
        groups = {m: _Tally(m, m) for m in _months(start, end)}
    total = _Tally("total", "合计")
    for r in rows:
        key, label = key_of(r)
        tally = groups.setdefault(key, _Tally(key, label))
        for t in (tally, total):
            _count(t, r, now)

    ordered = sorted(groups.values(), key=(
        (lambda t: t.key) if group_by == "month" else (lambda t: (-t.counts["requested"],
                                                               t.label))))
    return StatsOut(group_by=group_by, start=start, end=end, rows=[t.row() for t in ordered],
                    total=total.row())


def _count(t: _Tally, r: Row, now: datetime) -> None:
    t.counts["requested"] += 1
    t.counts[CLOSED.get(r.state, "open")] += 1
    if overdue(r.state, r.scheduled_at, r.reported_at, r.schedule_due, r.complete_due, now):
        t.counts["overdue"] += 1
    if r.reported_at is not None:
        t.hours.append((as_utc(r.reported_at) - as_utc(r.requested_at)).total_seconds() / 3600)

