"""Online visit counts: visits per month, answering organisation, department and mode; how they
ended; the wait (check-in → call), the text visits' response (booked → the doctor's first
message) and the refunds. No encrypted column is read; the counting is done here, the same on
SQLite and PostgreSQL. Read through GET /clinic/stats."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from statistics import median
from typing import Any, Literal, get_args

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from yilian.alliance import service as alliance
from yilian.cases.stats import check_range, reader_path
from yilian.clinic.visits.models import ClinicVisit, State
from yilian.core.authz import Actor
from yilian.core.clock import SHANGHAI, as_utc

Group = Literal["month", "organisation", "department", "mode"]
GROUPS: tuple[str, ...] = get_args(Group)


@dataclass
class Tally:
    key: str
    label: str
    booked: int = 0  # paid at least once (held-and-lapsed ones are not visits)
    finished: int = 0
    ended: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    refunds: int = 0
    refunded_fen: int = 0
    waits: list[float] = field(default_factory=list)  # minutes, check-in → call
    responses: list[float] = field(default_factory=list)  # minutes, booked → first reply

    @property
    def wait_median_minutes(self) -> float | None:
        return round(median(self.waits), 1) if self.waits else None

    @property
    def response_median_minutes(self) -> float | None:
        return round(median(self.responses), 1) if self.responses else None


class VisitStatsRow(BaseModel):
    key: str  # the month (YYYY-MM), organisation, department or mode
    label: str
    booked: int
    finished: int
    # How the others ended (cancelled, not_eligible, no_show, ...): state → visits.
    ended: dict[str, int]
    refunds: int
    refunded_fen: int
    wait_median_minutes: float | None
    response_median_minutes: float | None


class VisitStatsOut(BaseModel):
    group: str
    start: datetime
    end: datetime
    rows: list[VisitStatsRow]
    total: VisitStatsRow


def _row(t: Tally) -> VisitStatsRow:
    return VisitStatsRow(key=t.key, label=t.label, booked=t.booked, finished=t.finished,
                    ended=dict(t.ended), refunds=t.refunds, refunded_fen=t.refunded_fen,
                    wait_median_minutes=t.wait_median_minutes,
                    response_median_minutes=t.response_median_minutes)


def _minutes(a: datetime, b: datetime) -> float:
    return (as_utc(b) - as_utc(a)).total_seconds() / 60


def _group(group: str, r: Any, orgs: dict[uuid.UUID, str],
           departments: dict[uuid.UUID, str]) -> tuple[str, str]:
    if group == "month":
        month = as_utc(r.requested_at).astimezone(SHANGHAI).strftime("%Y-%m")
        return month, month
    if group == "organisation":
        return str(r.answering_org_id), orgs.get(r.answering_org_id, "")
    if group == "department":
        return str(r.department_id), departments.get(r.department_id, "")
    return r.mode.value, r.mode.value


async def counts(db: AsyncSession, actor: Actor, *, start: datetime, end: datetime,
                 group: str = "organisation") -> list[Tally]:
    """The visits booked from ``start`` until ``end`` at the organisations under the reader's
    grant, grouped by ``group`` (one of GROUPS)."""
    path = reader_path(actor, "online visit")
    check_range(start, end)
    if group not in GROUPS:
        raise ValueError(f"no grouping {group}")
    under = alliance.ids_under(path)
    rows = (await db.execute(select(
        ClinicVisit.state, ClinicVisit.requested_at, ClinicVisit.answering_org_id,
        ClinicVisit.department_id, ClinicVisit.mode, ClinicVisit.booked_at,
        ClinicVisit.checked_in_at, ClinicVisit.called_at, ClinicVisit.first_reply_at,
        ClinicVisit.refunded_fen).where(
        ClinicVisit.answering_org_id.in_(under), ClinicVisit.requested_at >= start,
        ClinicVisit.requested_at < end))).all()
    orgs = await alliance.names(db, {r.answering_org_id for r in rows})
    departments = await alliance.department_names(db, {r.department_id for r in rows})
    tallies: dict[str, Tally] = {}
    for r in rows:
        key, label = _group(group, r, orgs, departments)
        t = tallies.setdefault(key, Tally(key, label))
        if r.booked_at is None:
            continue
        t.booked += 1
        if r.state == State.finished:
            t.finished += 1
        elif r.state not in (State.booked, State.waiting, State.called, State.in_visit):
            t.ended[r.state.value] += 1
        if r.refunded_fen:
            t.refunds += 1
            t.refunded_fen += r.refunded_fen
        if r.checked_in_at and r.called_at:
            t.waits.append(_minutes(r.checked_in_at, r.called_at))
        if r.first_reply_at:
            t.responses.append(_minutes(r.booked_at, r.first_reply_at))
    return sorted(tallies.values(), key=lambda t: t.key)


def total(tallies: list[Tally]) -> Tally:
    """All the groups' visits together (the medians over every visit, not of the medians)."""
    t = Tally("total", "")
    for g in tallies:
        t.booked += g.booked
        t.finished += g.finished
        for state, n in g.ended.items():
            t.ended[state] += n
        t.refunds += g.refunds
        t.refunded_fen += g.refunded_fen
        t.waits += g.waits
        t.responses += g.responses
    return t


async def report(db: AsyncSession, actor: Actor, *, start: datetime, end: datetime,
                 group: str) -> VisitStatsOut:
    tallies = await counts(db, actor, start=start, end=end, group=group)
    return VisitStatsOut(group=group, start=start, end=end, rows=[_row(t) for t in tallies],
                    total=_row(total(tallies)))
