"""Remote consultation as a case kind: who takes part, who reads, its time limits, who adds
materials, whom it tells. The steps themselves are in ``steps.py`` and ``report.py``; the
engine (``cases/engine.py``) runs them."""

from __future__ import annotations

import uuid

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from yilian.alliance import service as alliance
from yilian.cases import engine
from yilian.cases.columns import Urgency
from yilian.cases.engine import CaseKind, Deadline, Materials
from yilian.cases.sla import Limits
from yilian.consultation.models import (
    Consultation,
    ConsultationDepartment,
    ConsultationExpert,
    ConsultationReport,
    DepartmentAnswer,
    ExpertRole,
    Kind,
    State,
)
from yilian.consultation.notices import SMS_SAFE, TEXTS
from yilian.consultation.workflow import INVITING_ROLES, Parties, flow, inviting_side
from yilian.core.authz import Actor, Role
from yilian.core.clock import Clock
from yilian.identity import service as identity
from yilian.messaging.video import sfu as video

OPEN_STATES = frozenset(State) - {State.completed, State.declined, State.cancelled}
# Who at an organisation oversees its consultations (reads them, hears of overdue ones).
OVERSEERS = frozenset({Role.coordinator, Role.org_admin})


async def experts(db: AsyncSession, c: Consultation, *, active: bool = True
                  ) -> list[ConsultationExpert]:
    stmt = select(ConsultationExpert).where(ConsultationExpert.consultation_id == c.id)
    if active:
        stmt = stmt.where(ConsultationExpert.removed_at.is_(None))
    return list((await db.execute(stmt.order_by(ConsultationExpert.added_at,
                                                ConsultationExpert.id))).scalars())


async def departments_asked(db: AsyncSession, c: Consultation) -> list[ConsultationDepartment]:
    return list((await db.execute(
        select(ConsultationDepartment).where(ConsultationDepartment.consultation_id == c.id)
        .order_by(ConsultationDepartment.position))).scalars())


async def reports(db: AsyncSession, c: Consultation) -> list[ConsultationReport]:
    return list((await db.execute(select(ConsultationReport).where(
        ConsultationReport.consultation_id == c.id).order_by(ConsultationReport.version)
    )).scalars())


async def parties(db: AsyncSession, c: Consultation) -> Parties:
    """What the rules and guards read: the departments' heads and answers, the experts and
    whose opinion is still missing."""
    asked = await departments_asked(db, c)
    dept_ids = {d.department_id for d in asked} | ({c.department_id} if c.department_id else set())
    panel = await experts(db, c)
    missing: list[str] = []
    if c.kind == Kind.mdt:
        waiting = {e.user_id for e in panel if e.role == ExpertRole.secondary and e.opinion is None}
        missing = list((await identity.display_names(db, waiting)).values()) if waiting else []
    return Parties(
        case=c,
        heads=await alliance.department_heads(db, dept_ids),
        experts={e.user_id: e.role for e in panel},
        pending={d.department_id for d in asked if d.answer == DepartmentAnswer.pending},
        lead_accepted=any(d.lead and d.answer == DepartmentAnswer.accepted for d in asked),
        missing_opinions=missing,
    )


def takes_part(actor: Actor, c: Consultation, p: Parties) -> bool:
    """The inviting side's doctors; at the invited organisation, the experts taking part and
    the heads of the departments involved."""
    if actor.role in INVITING_ROLES and actor.org_id == c.inviting_org_id:
        return True
    return actor.org_id == c.invited_org_id and (
        actor.user_id in p.experts or actor.user_id in {h for h in p.heads.values() if h})


async def visible(db: AsyncSession, actor: Actor):
    """The SQL form of :func:`takes_part`, for lists."""
    clauses = []
    if actor.role in INVITING_ROLES:
        clauses.append(Consultation.inviting_org_id == actor.org_id)
    at_invited = Consultation.invited_org_id == actor.org_id
    clauses.append(and_(at_invited, exists().where(
        ConsultationExpert.consultation_id == Consultation.id,
        ConsultationExpert.user_id == actor.user_id,
        ConsultationExpert.removed_at.is_(None))))
    headed = await alliance.departments_headed_by(db, actor.user_id)
    if headed:
        clauses += [
            and_(at_invited, Consultation.department_id.in_(headed)),
            and_(at_invited, exists().where(
                ConsultationDepartment.consultation_id == Consultation.id,
                ConsultationDepartment.department_id.in_(headed))),
        ]
    return or_(*clauses)


async def overseers(db: AsyncSession, clock: Clock, org_id: uuid.UUID) -> list[uuid.UUID]:
    """The office of an organisation: its coordinators (or, without one, its admins)."""
    office = await identity.holders(db, clock, org_id, {Role.coordinator})
    if not office:
        office = await identity.holders(db, clock, org_id, {Role.org_admin})
    return [h.user_id for h in office]


async def followers(db: AsyncSession, clock: Clock, c: Consultation, p: Parties
                    ) -> set[uuid.UUID]:
    return ({c.requested_by, *p.experts, *(h for h in p.heads.values() if h)}
            | set(await overseers(db, clock, c.invited_org_id)))


async def _escalate_to(db: AsyncSession, clock: Clock, c: Consultation) -> list[uuid.UUID]:
    return await overseers(db, clock, c.invited_org_id)


async def _materials_added(db: AsyncSession, clock: Clock, actor: Actor, c: Consultation,
                           p: Parties) -> None:
    await engine.tell(db, clock, CONSULTATION, c, "info_supplied", p.experts, actor)


def _mine(value: bool, actor: Actor):
    return or_(Consultation.requested_by == actor.user_id,
               exists().where(ConsultationExpert.consultation_id == Consultation.id,
                              ConsultationExpert.user_id == actor.user_id,
                              ConsultationExpert.removed_at.is_(None)))


def _side(value: str, actor: Actor):
    column = Consultation.inviting_org_id if value == "inviting" else Consultation.invited_org_id
    return column.in_(alliance.ids_under(actor.org_path or "-"))


_open = Consultation.state.in_(list(OPEN_STATES))

CONSULTATION = engine.register(CaseKind(
    type="consultation", words="consultation", model=Consultation, prefix="HZ",
    flow=lambda c: flow(c.kind), subject_org=lambda c: c.inviting_org_id,
    view=parties, takes_part=takes_part, visible=visible, overseers=OVERSEERS,
    followers=followers,
    escalate_to=_escalate_to, texts=TEXTS, sms_safe=SMS_SAFE,
    # The inviting side adds materials until the report is out.
    materials=Materials(states=OPEN_STATES - {State.reported}, may=inviting_side,
                        who="the inviting side", until="only until the report is published",
                        then=_materials_added),
    deadlines=(
        Deadline("schedule", Consultation.schedule_due,
                 and_(_open, Consultation.scheduled_at.is_(None)),
                 Consultation.schedule_escalated_at, lambda c: "schedule"),
        # A report that came after the limit keeps the case overdue: it was late.
        Deadline("complete", Consultation.complete_due,
                 and_(_open, Consultation.reported_at.is_(None)),
                 Consultation.complete_escalated_at, lambda c: "complete",
                 met=Consultation.reported_at),
    ),
    # Routine: a time booked within 48 hours, the report within 3 working days; urgent: 6 and
    # 12 hours, round the clock.
    limits={Urgency.routine: Limits(48, None, 3), Urgency.urgent: Limits(6, 12, None)},
    filters={"kind": lambda value, actor: Consultation.kind == value, "mine": _mine,
             "side": _side},
    sorts={"newest": ((Consultation.requested_at, Consultation.id), True)},
))



async def _is_mdt(db: AsyncSession, consultation_id: uuid.UUID) -> bool:
    return await db.scalar(select(Consultation.kind).where(
        Consultation.id == consultation_id)) == Kind.mdt


# An MDT session's call goes through the SFU whatever its size; the chief expert (the expert of
# a single-specialty consultation) chairs the call.
video.register_room_policy(CONSULTATION.type, wants_sfu=_is_mdt,
                           chair_roles={ExpertRole.chief.value, ExpertRole.expert.value})
