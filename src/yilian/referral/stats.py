"""Referral counts for the statistics page and the open-referral dashboard: how many went up
and down between whom, how they were answered, how long acceptance took, who did not come and
how many patients went back to the community.

Each reads the referrals it needs in one query (no encrypted column) with the names to show;
the counting is done here, identically on SQLite and PostgreSQL.
"""

from __future__ import annotations

import statistics
import uuid
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Row, and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from yilian.alliance import service as alliance
from yilian.cases import engine
from yilian.cases.stats import check_range, reader_path
from yilian.core.authz import Actor
from yilian.core.clock import Clock, as_utc
from yilian.referral.kind import OPEN_STATES, REFERRAL
from yilian.referral.models import Direction, Referral, State
from yilian.referral.schemas import OpenCount, PairRow, ReferralStatsOut

# A referral answered and then refused: rejected, or re-raised after its rejection.
REFUSED = frozenset({State.rejected, State.reraised})


@dataclass
class _Tally:
    requested: int = 0
    up: int = 0
    down: int = 0
    accepted: int = 0
    rejected: int = 0
    no_shows: int = 0
    treated: int = 0
    returned: int = 0
    hours: list[float] = field(default_factory=list)

    def add(self, r: Row) -> None:
        self.requested += 1
        if r.direction == Direction.up:
            self.up += 1
        else:
            self.down += 1
        if r.answered_at is not None:
            if r.state in REFUSED:
                self.rejected += 1
            else:
                self.accepted += 1
                self.hours.append(
                    (as_utc(r.answered_at) - as_utc(r.requested_at)).total_seconds() / 3600)
        if r.state == State.no_show:
            self.no_shows += 1
        if r.direction == Direction.up and r.treated_at is not None:
            self.treated += 1
        if r.returned_at is not None:
            self.returned += 1

    @property
    def acceptance_rate(self) -> float | None:
        return _rate(self.accepted, self.accepted + self.rejected)

    @property
    def hours_median(self) -> float | None:
        return round(statistics.median(self.hours), 1) if self.hours else None


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


async def counts(db: AsyncSession, clock: Clock, actor: Actor, *, start: datetime,
                 end: datetime) -> ReferralStatsOut:
    """Referrals requested in [start, end) whose source or target organisation lies under the
    reader's grant, in total and per (source, target, direction), busiest pair first.

    - ``up`` / ``down``: how many were requested each way (``requested`` in a pair).
    - Answered: ``answered_at`` is set, which only accepting or rejecting does (a redirect
      leaves the referral waiting). Of those, ``rejected`` are the ones now rejected or
      re-raised (a re-raise follows only a rejection); every other answered one was
      ``accepted``, whatever happened after (arrived, treated, no-show, cancelled after
      acceptance, returned). A re-raised copy is a referral of its own, counted again.
    - ``acceptance_rate``: accepted ÷ answered, to three decimals; None when none was answered.
    - ``hours_to_acceptance_median``: the median of hours from request to acceptance over the
      accepted ones, to one decimal; None when none was accepted.
    - ``no_shows``: up-referrals whose state is now ``no_show`` (a patient who came after all
      is counted as arrived).
    - ``returned`` (pairs): up-referrals whose patient went back down (``returned_at`` set).
    - ``returned_to_community_rate``: of the up-referrals in range that were treated
      (``treated_at`` set), the share returned; None when none was treated.
    """
    under = alliance.ids_under(reader_path(actor, "referral"))
    check_range(start, end)
    r = Referral
    rows = (await db.execute(
        select(r.direction, r.state, r.requested_at, r.answered_at, r.treated_at,
               r.returned_at, r.source_org_id, r.target_org_id)
        .where(r.requested_at >= start, r.requested_at < end,
               or_(r.source_org_id.in_(under), r.target_org_id.in_(under)))
    )).all()
    names = await alliance.names(db, {row.source_org_id for row in rows}
                                 | {row.target_org_id for row in rows})

    total = _Tally()
    pairs: dict[tuple[uuid.UUID, uuid.UUID, Direction], tuple[Row, _Tally]] = {}
    for row in rows:
        total.add(row)
        key = (row.source_org_id, row.target_org_id, row.direction)
        pairs.setdefault(key, (row, _Tally()))[1].add(row)

    ordered = sorted(pairs.values(), key=lambda p: (
        -p[1].requested, names.get(p[0].source_org_id, ""), names.get(p[0].target_org_id, ""),
        p[0].direction.value))
    return ReferralStatsOut(
        start=start, end=end, up=total.up, down=total.down,
        acceptance_rate=total.acceptance_rate,
        hours_to_acceptance_median=total.hours_median, no_shows=total.no_shows,
        returned_to_community_rate=_rate(total.returned, total.treated),
        pairs=[PairRow(
            source_org_id=first.source_org_id,
            source_org_name=names.get(first.source_org_id, ""),
            target_org_id=first.target_org_id,
            target_org_name=names.get(first.target_org_id, ""),
            direction=first.direction, requested=t.requested, accepted=t.accepted,
            rejected=t.rejected, no_shows=t.no_shows, returned=t.returned,
            acceptance_rate=t.acceptance_rate, hours_to_acceptance_median=t.hours_median)
            for first, t in ordered],
    )


async def dashboard(db: AsyncSession, clock: Clock, actor: Actor) -> list[OpenCount]:
    """Open referrals per organisation under the reader's grant, in the tree's order (the
    reader's own organisation first); organisations with nothing open are left out.

    - ``incoming_requested`` / ``incoming_accepted`` / ``incoming_arrived``: referrals to the
      organisation waiting for its answer, up-referrals accepted whose patient has not come
      yet, and those arrived and not yet treated.
    - ``outgoing_open``: referrals from the organisation not yet closed: up ones requested,
      accepted, arrived, no-show or treated (waiting for the return); down ones requested (a
      return is done once the clinic takes the patient in).
    - ``overdue``: referrals to the organisation late by the rule the referral list shows
      (``engine.overdue``): unanswered past the first limit, or past the second limit
      without the patient arriving (up) or being taken in (down). The limits are the receiving
      organisation's, so lateness is counted there only.
    """
    path = reader_path(actor, "referral")
    under = alliance.ids_under(path)
    r = Referral
    rows = (await db.execute(
        select(r.direction, r.state, r.source_org_id, r.target_org_id,
               engine.overdue_mark(REFERRAL, clock.now()))
        .where(or_(and_(r.direction == Direction.up, r.state.in_(OPEN_STATES)),
                   and_(r.direction == Direction.down, r.state == State.requested)),
               or_(r.source_org_id.in_(under), r.target_org_id.in_(under)))
    )).all()
    org = {org_id: await alliance.get_organisation(db, org_id)
           for org_id in {row.source_org_id for row in rows} | {row.target_org_id for row in rows}}

    orgs: dict[uuid.UUID, tuple[str, OpenCount]] = {}

    def count_of(org_id: uuid.UUID, name: str, org_path: str) -> OpenCount:
        return orgs.setdefault(org_id, (org_path, OpenCount(
            organisation_id=org_id, organisation_name=name, incoming_requested=0,
            incoming_accepted=0, incoming_arrived=0, outgoing_open=0, overdue=0)))[1]

    for row in rows:
        target, source = org[row.target_org_id], org[row.source_org_id]
        if target.path.startswith(path):
            c = count_of(target.id, target.name, target.path)
            if row.state == State.requested:
                c.incoming_requested += 1
            elif row.state == State.accepted:
                c.incoming_accepted += 1
            elif row.state == State.arrived:
                c.incoming_arrived += 1
            if row.overdue:
                c.overdue += 1
        if source.path.startswith(path):
            count_of(source.id, source.name, source.path).outgoing_open += 1
    # An organisation's only open referral may be one it treated and has not returned yet,
    # which no column counts.
    return [c for _, c in sorted(orgs.values(), key=lambda o: o[0])
            if c.incoming_requested or c.incoming_accepted or c.incoming_arrived
            or c.outgoing_open or c.overdue]
