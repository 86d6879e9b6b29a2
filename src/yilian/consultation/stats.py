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

from yilian.alliance import service as alliance
from yilian.cases import engine
from yilian.cases.stats import check_range, reader_path
from yilian.consultation.kind import CONSULTATION
from yilian.consultation.models import Consultation, State
from yilian.consultation.schemas import CountRow, StatsOut
from yilian.core.authz import Actor
from yilian.core.clock import SHANGHAI, Clock, as_utc
from yilian.core.errors import ValidationFailed

GROUPS = ("organisation", "inviting_organisation", "department", "month")
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
    check_range(start, end)


async def counts(db: AsyncSession, clock: Clock, actor: Actor, *, start: datetime,
                 end: datetime, group_by: str) -> StatsOut:
    """Consultations requested in [start, end), grouped by the invited organisation
    (``organisation``), the inviting one (``inviting_organisation``), the routed (or lead)
    department (``department``; "未分诊" for none yet) or the Shanghai month of the request
    (``month``; every month of the range, empty ones too).

    Each row counts those requested, completed, declined, cancelled and open (any other state,
    ``reported`` included); ``overdue`` as the list marks it (``engine.overdue``) at ``clock.now()``; and the
    median and 90th percentile of hours from request to report over those reported (None when
    none was). A reader sees the consultations whose inviting or invited organisation lies
    under their grant."""
    path = reader_path(actor, "consultation")
    _validate(start, end, group_by)
    now = clock.now()

    c = Consultation
    under = alliance.ids_under(path)
    rows = (await db.execute(
        select(c.state, c.requested_at, c.reported_at, c.invited_org_id, c.inviting_org_id,
               c.department_id, engine.overdue_mark(CONSULTATION, now))
        .where(c.requested_at >= start, c.requested_at < end,
               or_(c.invited_org_id.in_(under), c.inviting_org_id.in_(under)))
    )).all()
    orgs = await alliance.names(db, {r.invited_org_id for r in rows}
                                | {r.inviting_org_id for r in rows})
    depts = await alliance.department_names(db, {r.department_id for r in rows
                                                 if r.department_id})

    key_of: Callable[[Row], tuple[str, str]] = {
        "organisation": lambda r: (str(r.invited_org_id), orgs.get(r.invited_org_id, "")),
        "inviting_organisation": lambda r: (str(r.inviting_org_id),
                                            orgs.get(r.inviting_org_id, "")),
        "department": lambda r: ((str(r.department_id), depts.get(r.department_id, ""))
                                 if r.department_id else NO_DEPARTMENT),
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
            _count(t, r)

    ordered = sorted(groups.values(), key=(
        (lambda t: t.key) if group_by == "month" else (lambda t: (-t.counts["requested"],
                                                               t.label))))
    return StatsOut(group_by=group_by, start=start, end=end, rows=[t.row() for t in ordered],
                    total=total.row())


def _count(t: _Tally, r: Row) -> None:
    t.counts["requested"] += 1
    t.counts[CLOSED.get(r.state, "open")] += 1
    if r.overdue:
        t.counts["overdue"] += 1
    if r.reported_at is not None:
        t.hours.append((as_utc(r.reported_at) - as_utc(r.requested_at)).total_seconds() / 3600)

