"""Two-way referral as a case kind: who takes part, who reads (the whole loop), its time
limits, the platform's no-show step, who adds materials, whom it tells. The steps are in
``service.py``; the engine (``cases/engine.py``) runs them."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import and_, false, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from yilian.alliance import service as alliance
from yilian.cases import engine
from yilian.cases.columns import Urgency
from yilian.cases.engine import CaseKind, Deadline, Materials, TimedStep
from yilian.cases.service import local_time
from yilian.cases.sla import Limits
from yilian.core.authz import Actor, Role
from yilian.core.clock import Clock
from yilian.identity import service as identity
from yilian.referral.models import Direction, Referral, State
from yilian.referral.notices import SMS_SAFE, TEXTS
from yilian.referral.workflow import (
    ARRIVAL_ROLES,
    DOWN,
    REFERRING_ROLES,
    UP,
    Parties,
    referring_side,
)

OPEN_STATES = frozenset({State.requested, State.accepted, State.arrived, State.no_show,
                         State.treated})
OVERSEERS = frozenset({Role.coordinator, Role.org_admin})
# A patient who has not come this long after the reserved time is flagged as not arrived.
NO_SHOW_GRACE = timedelta(hours=4)


async def parties(db: AsyncSession, r: Referral) -> Parties:
    heads = await alliance.department_heads(
        db, {r.target_department_id} if r.target_department_id else set())
    target = await alliance.get_organisation(db, r.target_org_id)
    head = heads.get(r.target_department_id) if r.target_department_id else None
    return Parties(case=r, department_head=head,
                   clinic=alliance.LEVEL_RANK[target.level]
                   >= alliance.LEVEL_RANK[alliance.OrgLevel.town])


def takes_part(actor: Actor, r: Referral, p: Parties | None = None) -> bool:
    """The doctors of either end, and the ward of the receiving one."""
    return ((actor.role in REFERRING_ROLES and actor.org_id == r.source_org_id)
            or (actor.role in ARRIVAL_ROLES and actor.org_id == r.target_org_id))


async def _in_the_loop(db: AsyncSession, actor: Actor, r: Referral) -> bool:
    """A party of the referral it is linked with in the same loop (the village doctor follows
    the patient through the county's return, and back)."""
    linked = [r.up_referral_id, r.previous_id]
    linked += list((await db.execute(select(Referral.id).where(or_(
        Referral.up_referral_id == r.id, Referral.previous_id == r.id)))).scalars())
    for other_id in filter(None, linked):
        other = await db.get(Referral, other_id)
        if other is not None and await engine.party(db, actor, REFERRAL, other):
            return True
    return False


async def visible(db: AsyncSession, actor: Actor):
    """The SQL form of :func:`takes_part`, for lists."""
    clauses = []
    if actor.role in REFERRING_ROLES:
        clauses.append(Referral.source_org_id == actor.org_id)
    if actor.role in ARRIVAL_ROLES:
        clauses.append(Referral.target_org_id == actor.org_id)
    return or_(*clauses) if clauses else false()


async def office(db: AsyncSession, clock: Clock, r: Referral) -> list[uuid.UUID]:
    """Who receives at the target: the named department's head and the coordinators, or (a
    clinic without either) its doctors."""
    p = await parties(db, r)
    people = [h.user_id for h in await identity.holders(db, clock, r.target_org_id,
                                                         {Role.coordinator})]
    if p.department_head:
        people.append(p.department_head)
    if not people:
        people = [h.user_id for h in await identity.holders(
            db, clock, r.target_org_id, {Role.grassroots_doctor, Role.family_doctor})]
    return people


async def _followers(db: AsyncSession, clock: Clock, r: Referral, p: Parties) -> set[uuid.UUID]:
    return {r.requested_by, *await office(db, clock, r)}


async def _coordinators(db: AsyncSession, clock: Clock, r: Referral) -> list[uuid.UUID]:
    return [h.user_id for h in await identity.holders(db, clock, r.target_org_id,
                                                      {Role.coordinator})]


def _not_come(now: datetime):
    return and_(Referral.direction == Direction.up, Referral.state == State.accepted,
                Referral.reserved_at < now - NO_SHOW_GRACE)


async def _tell_not_come(db: AsyncSession, clock: Clock, r: Referral) -> None:
    await engine.tell(db, clock, REFERRAL, r, "no_show", [r.requested_by])


def _side(value: str, actor: Actor):
    column = Referral.target_org_id if value == "incoming" else Referral.source_org_id
    return column == actor.org_id


_up = Referral.direction == Direction.up

REFERRAL = engine.register(CaseKind(
    type="referral", words="referral", model=Referral, prefix="ZZ",
    flow=lambda r: UP if r.direction == Direction.up else DOWN,
    subject_org=lambda r: r.source_org_id,
    view=parties, takes_part=takes_part, visible=visible, overseers=OVERSEERS,
    also_reads=_in_the_loop, followers=_followers,
    escalate_to=_coordinators, texts=TEXTS, sms_safe=SMS_SAFE,
    materials=Materials(states=frozenset({State.requested, State.accepted}),
                        may=referring_side, who="the referring side",
                        until="until the patient arrives"),
    deadlines=(
        # Answered (accepted, rejected, redirected) by the first limit.
        Deadline("first", Referral.first_due, Referral.state == State.requested,
                 Referral.first_escalated_at, lambda r: "answer"),
        # Arrived (up) or taken in at the clinic (down) by the second.
        Deadline("complete", Referral.complete_due, or_(
            and_(_up, Referral.state.in_([State.requested, State.accepted, State.no_show])),
            and_(~_up, Referral.state == State.requested)),
            Referral.complete_escalated_at,
            lambda r: "arrive" if r.direction == Direction.up else "take_in"),
    ),
    # The first limit is the receiving organisation's answer; routine: within 24 hours, the
    # patient there within 5 working days; urgent: 2 and 24 hours.
    limits={Urgency.routine: Limits(24, None, 5), Urgency.urgent: Limits(2, 24, None)},
    timed=(TimedStep("no_show", _not_come,
                     lambda r: ("no_show_after", {"time": local_time(r.reserved_at)}),
                     _tell_not_come),),
    # The queues are the caller's own organisation's (overseers see the rest under 全部).
    filters={"direction": lambda value, actor: Referral.direction == value, "side": _side},
    sorts={"newest": ((Referral.requested_at, Referral.id), True),
           # The earliest limit first: urgent and green-channel requests have the shortest.
           "priority": ((Referral.first_due, Referral.id), False)},
))
