"""Online visit counts: visits per month, answering organisation, department and mode; how they
ended; the wait (check-in → call), the text visits' response (booked → the doctor's first
message) and the refunds. No encrypted column is read; the counting is done here, the same on
SQLite and PostgreSQL. No route yet: the statistics page will call it."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from statistics import median
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from yilian.alliance import service as alliance
from yilian.cases.stats import check_range, reader_path
from yilian.clinic.visits.models import ClinicVisit, State
from yilian.core.authz import Actor
from yilian.core.clock import SHANGHAI, as_utc

GROUPS = ("month", "organisation", "department", "mode")


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
