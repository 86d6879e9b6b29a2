"""Remote consultation: the application, every step of both flows, reading and listing.

Each step loads the case under a row lock, checks the step against the flow's transition table
(cases.advance: 422 unknown, 409 wrong state, audited 403 wrong person), validates the body,
changes the case, records the timeline step, tells exactly the people concerned, and commits
once. A refusal at any point leaves nothing changed.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import and_, exists, false, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from yilian.alliance import service as alliance
from yilian.alliance.models import AgreementService, Department, Organisation
from yilian.cases import service as cases
from yilian.cases import sla
from yilian.consultation import notices, stats
from yilian.consultation.models import (
    Consultation,
    ConsultationDepartment,
    ConsultationExpert,
    ConsultationReport,
    DepartmentAnswer,
    ExpertRole,
    Kind,
    ReportKind,
    State,
)
from yilian.consultation.schemas import (
    ActionOut,
    AddendumIn,
    AnswerIn,
    ApplicationIn,
    AttachmentOut,
    CandidateOut,
    ConsultationOut,
    ConsultationSummary,
    DepartmentOut,
    DispatchIn,
    ExpertOut,
    ReportIn,
    ReportOut,
    SupplyInfoIn,
)
from yilian.consultation.workflow import (
    EXPERT_ROLES,
    INVITING_ROLES,
    Parties,
    flow,
    inviting_side,
)
from yilian.core import audit, events
from yilian.core.authz import Actor, Role
from yilian.core.clock import Clock, as_utc
from yilian.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from yilian.core.pagination import Page, paginate
from yilian.core.workflow import WrongState
from yilian.files import service as files
from yilian.identity import service as identity
from yilian.identity.models import PatientLink, Practitioner
from yilian.messaging.conversations import service as conversations
from yilian.messaging.notifications import service as notifications
from yilian.patients import service as patients
from yilian.scheduling import service as scheduling
from yilian.settings import Settings

CASE = "consultation"
NUMBER_PREFIX = "HZ"
OPEN_STATES = frozenset(State) - {State.completed, State.declined, State.cancelled}
# Materials can be added until the report is out (ATTACH is shown with the workflow's steps).
ATTACH_STATES = OPEN_STATES - {State.reported}
ATTACH = ActionOut(action="attach", zh="添加资料", en="Add material")
# Who at an organisation oversees its consultations (reads them, hears of overdue ones).
OVERSEERS = frozenset({Role.coordinator, Role.org_admin})
KIND_ZH = {Kind.single: "单学科会诊", Kind.mdt: "多学科会诊"}


# ---------------------------------------------------------------- loading and reading rules


async def _load(db: AsyncSession, consultation_id: uuid.UUID, *, lock: bool = False
                ) -> Consultation:
    stmt = select(Consultation).where(Consultation.id == consultation_id)
    if lock:
        stmt = stmt.with_for_update()
    c = (await db.execute(stmt)).scalar_one_or_none()
    if c is None:
        raise NotFound("no such consultation", code="consultation-not-found")
    return c


async def _experts(db: AsyncSession, c: Consultation, *, active: bool = True
                   ) -> list[ConsultationExpert]:
    stmt = select(ConsultationExpert).where(ConsultationExpert.consultation_id == c.id)
    if active:
        stmt = stmt.where(ConsultationExpert.removed_at.is_(None))
    return list((await db.execute(stmt.order_by(ConsultationExpert.added_at,
                                                ConsultationExpert.id))).scalars())


async def _departments(db: AsyncSession, c: Consultation) -> list[ConsultationDepartment]:
    return list((await db.execute(
        select(ConsultationDepartment).where(ConsultationDepartment.consultation_id == c.id)
        .order_by(ConsultationDepartment.position))).scalars())


async def _parties(db: AsyncSession, c: Consultation) -> Parties:
    asked = await _departments(db, c)
    dept_ids = {d.department_id for d in asked} | ({c.department_id} if c.department_id else set())
    return Parties(
        case=c,
        heads=await alliance.department_heads(db, dept_ids),
        experts={e.user_id: e.role for e in await _experts(db, c)},
        pending={d.department_id for d in asked if d.answer == DepartmentAnswer.pending},
    )


async def _paths(db: AsyncSession, c: Consultation) -> tuple[str, str]:
    inviting = await alliance.get_organisation(db, c.inviting_org_id)
    invited = await alliance.get_organisation(db, c.invited_org_id)
    return inviting.path, invited.path


async def _may_read(db: AsyncSession, actor: Actor, c: Consultation, p: Parties) -> bool:
    if actor.role == Role.patient:
        return c.patient_id in actor.patient_ids
    if actor.role in INVITING_ROLES and actor.org_id == c.inviting_org_id:
        return True
    inviting_path, invited_path = await _paths(db, c)
    if actor.role in OVERSEERS and actor.covers(inviting_path):
        return True
    if actor.role in OVERSEERS and actor.covers(invited_path):
        return True
    return actor.org_id == c.invited_org_id and (
        actor.user_id in p.experts or actor.user_id in {h for h in p.heads.values() if h})


async def _readable(db: AsyncSession, actor: Actor, consultation_id: uuid.UUID
                    ) -> tuple[Consultation, Parties]:
    c = await _load(db, consultation_id)
    p = await _parties(db, c)
    if not await _may_read(db, actor, c, p):
        raise Forbidden("this consultation is not shared with you").about(
            CASE, c.id, c.inviting_org_id)
    return c, p


async def relationship(db: AsyncSession, actor: Actor, patient_id: uuid.UUID) -> str | None:
    """The number of a consultation of the patient that ``actor`` takes part in for the
    inviting or the invited organisation: a reason to read the patient's record."""
    return (await db.execute(
        select(Consultation.number).where(
            Consultation.patient_id == patient_id, _visible_to(actor),
            or_(Consultation.inviting_org_id == actor.org_id,
                Consultation.invited_org_id == actor.org_id))
        .order_by(Consultation.number.desc()).limit(1))).scalar()


def _visible_to(actor: Actor):
    """The SQL form of :func:`_may_read`, for lists."""
    if actor.role == Role.patient:
        return Consultation.patient_id.in_(actor.patient_ids) if actor.patient_ids else false()
    under = alliance.ids_under(actor.org_path or "-")
    clauses = []
    if actor.role in INVITING_ROLES:
        clauses.append(Consultation.inviting_org_id == actor.org_id)
    if actor.role in OVERSEERS:
        clauses += [Consultation.inviting_org_id.in_(under), Consultation.invited_org_id.in_(under)]
    headed = select(Department.id).where(Department.head_user_id == actor.user_id)
    at_invited = Consultation.invited_org_id == actor.org_id
    clauses += [
        and_(at_invited, exists().where(
            ConsultationExpert.consultation_id == Consultation.id,
            ConsultationExpert.user_id == actor.user_id,
            ConsultationExpert.removed_at.is_(None))),
        and_(at_invited, Consultation.department_id.in_(headed)),
        and_(at_invited, exists().where(
            ConsultationDepartment.consultation_id == Consultation.id,
            ConsultationDepartment.department_id.in_(headed))),
    ]
    return or_(*clauses)


def overdue(c: Consultation, now: datetime) -> bool:
    return stats.overdue(c.state, c.scheduled_at, c.reported_at, c.schedule_due, c.complete_due,
                         now)


def _overdue_clause(now: datetime):
    return and_(
        Consultation.state.in_(list(OPEN_STATES)),
        or_(and_(Consultation.scheduled_at.is_(None), Consultation.schedule_due < now),
            and_(Consultation.reported_at.is_(None), Consultation.complete_due < now)),
    )


# ---------------------------------------------------------------- telling people


async def _overseers(db: AsyncSession, clock: Clock, org_id: uuid.UUID) -> list[uuid.UUID]:
    """The office of an organisation: its coordinators (or, without one, its admins)."""
    office = await identity.holders(db, clock, org_id, {Role.coordinator})
    if not office:
        office = await identity.holders(db, clock, org_id, {Role.org_admin})
    return [h.user_id for h in office]


async def _patient_accounts(db: AsyncSession, patient_id: uuid.UUID) -> list[uuid.UUID]:
    return list((await db.execute(select(PatientLink.user_id).where(
        PatientLink.patient_id == patient_id))).scalars())


async def _tell(db: AsyncSession, clock: Clock, c: Consultation, name: str,
                user_ids: Iterable[uuid.UUID | None], actor: Actor | None = None,
                **params: Any) -> None:
    """Notify (not the actor themself) and push a ``consultation.<name>`` event to everyone
    who follows the case, so open pages refresh."""
    people = {u for u in user_ids if u is not None and (actor is None or u != actor.user_id)}
    values = {"case_number": c.number, **params}
    if "reason" in values:
        values["reason"] = str(values["reason"])[:200]
    if people:
        await notifications.notify(
            db, clock, user_ids=people, template=notices.template_key(name),
            params={k: values[k] for k in notices.params_of(name)},
            entity_type=CASE, entity_id=c.id, link=f"/consultations/{c.id}")
    followers = await _followers(db, clock, c)
    await events.emit(db, clock, f"consultation.{name}", entity_type=CASE, entity_id=c.id,
                      payload={"state": c.state.value, "number": c.number},
                      recipients=followers | people)


async def _followers(db: AsyncSession, clock: Clock, c: Consultation) -> set[uuid.UUID]:
    p = await _parties(db, c)
    return ({c.requested_by, *p.experts, *(h for h in p.heads.values() if h)}
            | set(await _overseers(db, clock, c.invited_org_id)))


async def _sync_conversation(db: AsyncSession, clock: Clock, actor: Actor | None,
                             c: Consultation) -> None:
    """The case conversation's members: the applicant, the experts, and the office when the
    chief expert asked for a coordinator."""
    members: dict[uuid.UUID, str] = {c.requested_by: "邀请方医生"}
    labels = {ExpertRole.expert: "会诊专家", ExpertRole.chief: "首席专家",
              ExpertRole.secondary: "次席专家"}
    for e in await _experts(db, c):
        members[e.user_id] = labels[e.role]
    if c.coordinator_joins:
        for user_id in await _overseers(db, clock, c.invited_org_id):
            members.setdefault(user_id, "协调员")
    await conversations.set_participants(db, clock, actor, case_type=CASE, case_id=c.id,
                                         participants=members)


# ---------------------------------------------------------------- the application


async def apply(db: AsyncSession, clock: Clock, actor: Actor, data: ApplicationIn
                ) -> ConsultationOut:
    now = clock.now()
    patient = await patients.require_in_scope(db, clock, actor, data.patient_id)
    inviting = await alliance.get_organisation(db, actor.org_id)
    invited = await db.get(Organisation, data.invited_org_id)
    if invited is None or not invited.active:
        raise ValidationFailed.field("invited_org_id", "no such active organisation")
    if invited.id == inviting.id:
        raise ValidationFailed.field("invited_org_id",
                                     "a consultation invites another organisation")
    if not await alliance.agreement_covers(db, inviting.id, invited.id,
                                           AgreementService.consultation, now.date()):
        raise Forbidden(f"no alliance agreement covering remote consultation between "
                        f"{inviting.name} and {invited.name}", code="no-agreement",
                        title_zh="两机构间没有涵盖远程会诊的协作协议",
                        title_en="No agreement covers consultation").about(
            "organisation", invited.id, inviting.id)
    cases.check_consent(data.consent, now)
    for i, t in enumerate(data.preferred_times):
        if t.end <= t.start or t.start < now:
            raise ValidationFailed.field(f"preferred_times.{i}", "a future range, end after start")
        if t.end > now + scheduling.MAX_AHEAD:  # no doctor may offer a time further ahead
            raise ValidationFailed.field(f"preferred_times.{i}",
                                         f"at most {scheduling.MAX_AHEAD.days} days ahead")
    limits = await sla.limits(db, invited.id, CASE, data.urgency)
    schedule_due, complete_due = sla.deadlines(limits, now)
    c = Consultation(
        number=await cases.next_number(db, clock, NUMBER_PREFIX), kind=data.kind,
        urgency=data.urgency, state=State.requested, patient_id=patient.id,
        inviting_org_id=inviting.id, requested_by=actor.user_id, requested_at=now,
        invited_org_id=invited.id, reason=data.reason, purpose=data.purpose,
        summary=data.summary, diagnosis_icd10=data.diagnosis_icd10,
        diagnosis_text=data.diagnosis_text, wanted_specialty=data.wanted_specialty,
        wanted_title=data.wanted_title,
        preferred_times=[{"start": t.start.isoformat(), "end": t.end.isoformat()}
                         for t in data.preferred_times],
        record_snapshot=(await cases.record_snapshot(db, clock, actor, patient.id)
                         if data.include_record else None),
        consent_by=data.consent.by, consent_name=data.consent.name,
        consent_relation=data.consent.relation, consent_at=data.consent.at,
        consent_file_id=data.consent.file_id, schedule_due=schedule_due,
        complete_due=complete_due,
    )
    db.add(c)
    await db.flush()
    for file_id in dict.fromkeys([*data.file_ids, *([data.consent.file_id]
                                                    if data.consent.file_id else [])]):
        await files.attach(db, clock, actor, file_id, entity_type=CASE, entity_id=c.id)
    await cases.add_step(db, clock, actor, case_type=CASE, case_id=c.id, action="apply",
                         from_state=None, to_state=State.requested.value,
                         note=f"{KIND_ZH[c.kind]} → {invited.name}")
    await audit.record(db, clock, actor, "consultation.apply", entity_type=CASE, entity_id=c.id,
                       subject_org_id=inviting.id,
                       detail={"number": c.number, "kind": c.kind.value,
                               "invited": str(invited.id), "patient": str(patient.id)})
    await conversations.open_for_case(
        db, clock, actor, case_type=CASE, case_id=c.id, title=f"{KIND_ZH[c.kind]} {c.number}",
        subject_org_id=inviting.id, patient_id=patient.id,
        participants={actor.user_id: "邀请方医生"}, case_number=c.number)
    await _tell(db, clock, c, "requested", await _overseers(db, clock, invited.id), actor,
                org=inviting.name)
    await db.commit()
    return await get(db, clock, actor, c.id)


# ---------------------------------------------------------------- steps


async def _step(db: AsyncSession, clock: Clock, actor: Actor, consultation_id: uuid.UUID,
                action: str, *, note: str | None = None, detail: dict[str, Any] | None = None
                ) -> tuple[Consultation, Parties]:
    c = await _load(db, consultation_id, lock=True)
    p = await _parties(db, c)
    if not await _may_read(db, actor, c, p):  # an outsider learns nothing of the state
        raise Forbidden("this consultation is not shared with you").about(
            CASE, c.id, c.inviting_org_id)
    await cases.advance(db, clock, actor, flow(c.kind), p, c, action, case_type=CASE,
                        subject_org_id=c.inviting_org_id, note=note, detail=detail)
    return c, p


async def _done(db: AsyncSession, clock: Clock, actor: Actor, c: Consultation
                ) -> ConsultationOut:
    await db.commit()
    return await get(db, clock, actor, c.id)


async def _department(db: AsyncSession, c: Consultation, department_id: uuid.UUID,
                      field: str) -> Department:
    d = await db.get(Department, department_id)
    if d is None or not d.active or d.organisation_id != c.invited_org_id:
        raise ValidationFailed.field(field, "not an active department of the invited organisation")
    return d


async def _candidate(db: AsyncSession, clock: Clock, c: Consultation, user_id: uuid.UUID,
                     field: str) -> identity.Holder:
    for h in await identity.holders(db, clock, c.invited_org_id, EXPERT_ROLES):
        if h.user_id == user_id and h.verified:
            return h
    raise ValidationFailed.field(
        field, "not a verified specialist or MDT expert of the invited organisation")


async def _close(db: AsyncSession, clock: Clock, actor: Actor, c: Consultation,
                 reason: str | None) -> None:
    c.closed_at, c.close_reason = clock.now(), reason
    if c.slot_id and c.state in (State.declined, State.cancelled):
        await scheduling.release(db, c.slot_id, case_type=CASE, case_id=c.id)
    await conversations.close_for_case(db, clock, actor, case_type=CASE, case_id=c.id)


async def route(db: AsyncSession, clock: Clock, actor: Actor, consultation_id: uuid.UUID,
                department_id: uuid.UUID) -> ConsultationOut:
    c, _ = await _step(db, clock, actor, consultation_id, "route")
    d = await _department(db, c, department_id, "department_id")
    c.department_id = d.id
    await cases.note_last_step(db, CASE, c.id, d.name)
    heads = await alliance.department_heads(db, {d.id})
    await _tell(db, clock, c, "routed", [heads.get(d.id)], actor, department=d.name)
    return await _done(db, clock, actor, c)




async def decline(db: AsyncSession, clock: Clock, actor: Actor,
                  consultation_id: uuid.UUID, reason: str) -> ConsultationOut:
    c, p = await _step(db, clock, actor, consultation_id, "decline", note=reason)
    await _close(db, clock, actor, c, reason)
    await _tell(db, clock, c, "declined", [c.requested_by, *p.experts], actor, reason=reason)
    return await _done(db, clock, actor, c)


async def return_(db: AsyncSession, clock: Clock, actor: Actor,
                  consultation_id: uuid.UUID, reason: str) -> ConsultationOut:
    c, _ = await _step(db, clock, actor, consultation_id, "return", note=reason)
    c.department_id = None
    await _tell(db, clock, c, "returned", await _overseers(db, clock, c.invited_org_id), actor,
                reason=reason)
    return await _done(db, clock, actor, c)


async def _remove_experts(db: AsyncSession, clock: Clock, c: Consultation,
                          user_ids: set[uuid.UUID] | None = None) -> None:
    for e in await _experts(db, c):
        if user_ids is None or e.user_id in user_ids:
            e.removed_at = clock.now()


async def assign(db: AsyncSession, clock: Clock, actor: Actor, consultation_id: uuid.UUID,
                 expert_id: uuid.UUID) -> ConsultationOut:
    c, _ = await _step(db, clock, actor, consultation_id, "assign")
    h = await _candidate(db, clock, c, expert_id, "expert_id")
    if c.expert_id == h.user_id:
        raise Conflict("this expert is assigned already", code="already-assigned")
    await _remove_experts(db, clock, c)
    await db.flush()
    await _add_expert(db, clock, c, h.user_id, ExpertRole.expert, c.department_id)
    c.expert_id = h.user_id
    await cases.note_last_step(db, CASE, c.id, h.name)
    await _sync_conversation(db, clock, actor, c)
    await _tell(db, clock, c, "assigned", [h.user_id, c.requested_by], actor, expert=h.name)
    return await _done(db, clock, actor, c)


async def _add_expert(db: AsyncSession, clock: Clock, c: Consultation, user_id: uuid.UUID,
                      role: ExpertRole, department_id: uuid.UUID | None) -> None:
    """An expert joins (again): a removed row comes back rather than a second row."""
    row = (await db.execute(select(ConsultationExpert).where(
        ConsultationExpert.consultation_id == c.id,
        ConsultationExpert.user_id == user_id))).scalar_one_or_none()
    if row is None:
        db.add(ConsultationExpert(consultation_id=c.id, user_id=user_id, role=role,
                                  department_id=department_id, added_at=clock.now()))
    else:
        row.role, row.department_id, row.removed_at = role, department_id, None
        row.added_at = clock.now()


async def withdraw(db: AsyncSession, clock: Clock, actor: Actor,
                   consultation_id: uuid.UUID, reason: str) -> ConsultationOut:
    c, _ = await _step(db, clock, actor, consultation_id, "withdraw", note=reason)
    if c.slot_id:
        await scheduling.release(db, c.slot_id, case_type=CASE, case_id=c.id)
    c.slot_id = c.starts_at = c.ends_at = c.scheduled_at = None
    await _remove_experts(db, clock, c)
    c.expert_id = None
    await db.flush()
    await _sync_conversation(db, clock, actor, c)
    heads = await alliance.department_heads(db, {c.department_id} if c.department_id else set())
    await _tell(db, clock, c, "withdrawn",
                [*heads.values(), *await _overseers(db, clock, c.invited_org_id),
                 c.requested_by], actor, reason=reason)
    return await _done(db, clock, actor, c)


async def dispatch(db: AsyncSession, clock: Clock, actor: Actor,
                   consultation_id: uuid.UUID, data: DispatchIn) -> ConsultationOut:
    c, _ = await _step(db, clock, actor, consultation_id, "dispatch")
    if data.lead_department_id in data.supporting_department_ids:
        raise ValidationFailed.field("supporting_department_ids", "the lead department is not "
                                     "also a supporting one")
    if len(set(data.supporting_department_ids)) != len(data.supporting_department_ids):
        raise ValidationFailed.field("supporting_department_ids", "a department is named twice")
    lead = await _department(db, c, data.lead_department_id, "lead_department_id")
    supporting = [await _department(db, c, d, f"supporting_department_ids.{i}")
                  for i, d in enumerate(data.supporting_department_ids)]
    asked = {d.department_id: d for d in await _departments(db, c)}
    now, position = clock.now(), len(asked)
    for d, is_lead in [(lead, True), *((s, False) for s in supporting)]:
        row = asked.get(d.id)
        if row is None:
            db.add(ConsultationDepartment(consultation_id=c.id, department_id=d.id, lead=is_lead,
                                          position=position, answer=DepartmentAnswer.pending,
                                          asked_at=now))
            position += 1
        elif is_lead and row.answer == DepartmentAnswer.rejected:
            raise ValidationFailed.field("lead_department_id", "this department has rejected")
        else:
            row.lead = is_lead
    for row in asked.values():
        if row.department_id != lead.id:
            row.lead = False
    c.department_id = lead.id
    await db.flush()
    await cases.note_last_step(db, CASE, c.id,
                               "、".join([f"{lead.name}（主）", *(s.name for s in supporting)]))
    heads = await alliance.department_heads(db, {lead.id, *(s.id for s in supporting)})
    for d in [lead, *supporting]:
        await _tell(db, clock, c, "dispatched", [heads.get(d.id)], actor, department=d.name)
    return await _done(db, clock, actor, c)


async def answer(db: AsyncSession, clock: Clock, actor: Actor,
                 consultation_id: uuid.UUID, data: AnswerIn) -> ConsultationOut:
    c, p = await _step(db, clock, actor, consultation_id, "answer",
                       detail={"department": str(data.department_id), "accept": data.accept})
    row = next((d for d in await _departments(db, c) if d.department_id == data.department_id),
               None)
    if row is None:
        raise ValidationFailed.field("department_id", "this department was not asked")
    if row.answer != DepartmentAnswer.pending:
        raise Conflict("this department has answered already", code="already-answered",
                       title_zh="该科室已审核", title_en="Already answered")
    if not (p.heads.get(row.department_id) == actor.user_id
            or (actor.role == Role.coordinator and actor.org_id == c.invited_org_id)):
        raise Forbidden("only the head of this department or the office may answer for it",
                        code="not-your-step").about(CASE, c.id, c.inviting_org_id)
    dept = await db.get(Department, row.department_id)
    now = clock.now()
    if data.accept:
        if row.lead and data.chief_id is None:
            raise ValidationFailed.field("chief_id", "the lead department names the chief expert")
        if not row.lead and data.chief_id is not None:
            raise ValidationFailed.field("chief_id", "only the lead department names the chief")
        if not row.lead and not data.expert_ids:
            raise ValidationFailed.field("expert_ids", "name at least one secondary expert")
        if data.chief_id in data.expert_ids or len(set(data.expert_ids)) != len(data.expert_ids):
            raise ValidationFailed.field("expert_ids", "each expert once, the chief not among them")
        if data.chief_id is not None:
            chief = await _candidate(db, clock, c, data.chief_id, "chief_id")
            await _add_expert(db, clock, c, chief.user_id, ExpertRole.chief, row.department_id)
            c.expert_id = chief.user_id
        for i, user_id in enumerate(data.expert_ids):
            h = await _candidate(db, clock, c, user_id, f"expert_ids.{i}")
            if p.experts.get(h.user_id) == ExpertRole.chief:
                raise ValidationFailed.field(f"expert_ids.{i}", "this is the chief expert")
            await _add_expert(db, clock, c, h.user_id, ExpertRole.secondary, row.department_id)
        row.answer = DepartmentAnswer.accepted
    else:
        if not data.reason:
            raise ValidationFailed.field("reason", "a rejection gives its reason")
        if data.chief_id or data.expert_ids:
            raise ValidationFailed.field("expert_ids", "a rejection names no experts")
        row.answer, row.reason = DepartmentAnswer.rejected, data.reason
    row.answered_by, row.answered_at = actor.user_id, now
    answer_note = "接受" if data.accept else f"拒绝：{data.reason}"
    await cases.note_last_step(db, CASE, c.id, f"{dept.name}：{answer_note}")
    await _tell(db, clock, c, "answered", await _overseers(db, clock, c.invited_org_id), actor,
                department=dept.name)
    return await _done(db, clock, actor, c)


async def confirm_panel(db: AsyncSession, clock: Clock, actor: Actor,
                        consultation_id: uuid.UUID) -> ConsultationOut:
    c, p = await _step(db, clock, actor, consultation_id, "confirm_panel")
    asked = await _departments(db, c)
    if p.pending:
        raise Conflict("some departments have not answered yet", code="answers-pending",
                       title_zh="仍有科室未审核", title_en="Answers pending")
    if not any(d.lead and d.answer == DepartmentAnswer.accepted for d in asked):
        raise Conflict("the lead department has not accepted; send the MDT to another lead "
                       "department or decline it", code="lead-not-accepted",
                       title_zh="主会诊科室未接受", title_en="The lead department has not accepted")
    await _sync_conversation(db, clock, actor, c)
    await _tell(db, clock, c, "panel", [c.requested_by, *p.experts], actor)
    return await _done(db, clock, actor, c)


async def _book_slot(db: AsyncSession, clock: Clock, c: Consultation, slot_id: uuid.UUID
                     ) -> None:
    slot = await scheduling.book(db, clock, slot_id, expert_ids={c.expert_id} if c.expert_id
                                 else set(), case_type=CASE, case_id=c.id)
    c.slot_id, c.starts_at, c.ends_at = slot.id, slot.starts_at, slot.ends_at
    c.scheduled_at = clock.now()


async def book(db: AsyncSession, clock: Clock, actor: Actor, consultation_id: uuid.UUID,
               slot_id: uuid.UUID) -> ConsultationOut:
    c, p = await _step(db, clock, actor, consultation_id, "book")
    await _book_slot(db, clock, c, slot_id)
    await cases.note_last_step(db, CASE, c.id, _local(c.starts_at))
    await conversations.post_system_message(db, clock, case_type=CASE, case_id=c.id,
                                            text=f"会诊时间已预约：{_local(c.starts_at)}")
    await _tell(db, clock, c, "scheduled", [c.requested_by, *p.experts], actor, time=c.starts_at)
    return await _done(db, clock, actor, c)


async def reschedule(db: AsyncSession, clock: Clock, actor: Actor, consultation_id: uuid.UUID,
                     slot_id: uuid.UUID, reason: str
                     ) -> ConsultationOut:
    c, p = await _step(db, clock, actor, consultation_id, "reschedule", note=reason)
    old = c.slot_id
    await _book_slot(db, clock, c, slot_id)
    if old and old != c.slot_id:
        await scheduling.release(db, old, case_type=CASE, case_id=c.id)
    await cases.note_last_step(db, CASE, c.id, f"{_local(c.starts_at)}：{reason}")
    await conversations.post_system_message(db, clock, case_type=CASE, case_id=c.id,
                                            text=f"会诊时间改为：{_local(c.starts_at)}")
    await _tell(db, clock, c, "scheduled", [c.requested_by, *p.experts], actor, time=c.starts_at)
    return await _done(db, clock, actor, c)


def _local(value: datetime | None) -> str:
    from yilian.core.clock import SHANGHAI

    return as_utc(value).astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M") if value else ""


async def request_info(db: AsyncSession, clock: Clock, actor: Actor,
                       consultation_id: uuid.UUID, request: str) -> ConsultationOut:
    c, _ = await _step(db, clock, actor, consultation_id, "request_info", note=request)
    c.info_request = request
    await conversations.post_system_message(db, clock, case_type=CASE, case_id=c.id,
                                            text=f"专家要求补充资料：{request}")
    await _tell(db, clock, c, "info_requested", [c.requested_by], actor, reason=request)
    return await _done(db, clock, actor, c)


async def supply_info(db: AsyncSession, clock: Clock, actor: Actor,
                      consultation_id: uuid.UUID, data: SupplyInfoIn) -> ConsultationOut:
    c, p = await _step(db, clock, actor, consultation_id, "supply_info", note=data.note)
    for file_id in dict.fromkeys(data.file_ids):
        await files.attach(db, clock, actor, file_id, entity_type=CASE, entity_id=c.id)
    c.info_request = None
    await conversations.post_system_message(db, clock, case_type=CASE, case_id=c.id,
                                            text=f"邀请方已补充资料：{data.note}")
    await _tell(db, clock, c, "info_supplied", p.experts, actor)
    return await _done(db, clock, actor, c)


async def add_material(db: AsyncSession, clock: Clock, actor: Actor, consultation_id: uuid.UUID,
                       file_id: uuid.UUID) -> ConsultationOut:
    """The inviting side adds a document until the report is out (not a state change)."""
    c = await _load(db, consultation_id, lock=True)
    p = await _parties(db, c)
    if not inviting_side(actor, p):
        raise Forbidden("only the inviting side adds materials", code="not-your-step").about(
            CASE, c.id, c.inviting_org_id)
    if c.state not in ATTACH_STATES:
        raise WrongState("materials can be added only until the report is published",
                         state=c.state.value, allowed_from=sorted(s.value for s in ATTACH_STATES))
    info = await files.attach(db, clock, actor, file_id, entity_type=CASE, entity_id=c.id)
    await cases.add_step(db, clock, actor, case_type=CASE, case_id=c.id, action="attach",
                         from_state=c.state.value, to_state=c.state.value, note=info.filename)
    await _tell(db, clock, c, "info_supplied", p.experts, actor)
    return await _done(db, clock, actor, c)


async def start(db: AsyncSession, clock: Clock, actor: Actor,
                consultation_id: uuid.UUID) -> ConsultationOut:
    c, p = await _step(db, clock, actor, consultation_id, "start")
    await conversations.post_system_message(db, clock, case_type=CASE, case_id=c.id,
                                            text="会诊开始，请进入视频会诊。")
    await _tell(db, clock, c, "started", [c.requested_by, *p.experts], actor)
    return await _done(db, clock, actor, c)


async def set_coordinator(db: AsyncSession, clock: Clock, actor: Actor,
                          consultation_id: uuid.UUID, joins: bool) -> ConsultationOut:
    c, _ = await _step(db, clock, actor, consultation_id, "coordinator",
                       note="需要协调员参与" if joins else "不需要协调员参与")
    c.coordinator_joins = joins
    await _sync_conversation(db, clock, actor, c)
    await _tell(db, clock, c, "coordinator", [], actor)
    return await _done(db, clock, actor, c)


async def opinion(db: AsyncSession, clock: Clock, actor: Actor,
                  consultation_id: uuid.UUID, text: str) -> ConsultationOut:
    c, _ = await _step(db, clock, actor, consultation_id, "opinion")
    row = next(e for e in await _experts(db, c) if e.user_id == actor.user_id)
    row.opinion, row.opinion_at = text, clock.now()
    await _tell(db, clock, c, "opinion", [c.expert_id], actor)
    return await _done(db, clock, actor, c)


async def acknowledge(db: AsyncSession, clock: Clock, actor: Actor,
                      consultation_id: uuid.UUID) -> ConsultationOut:
    c, p = await _step(db, clock, actor, consultation_id, "acknowledge")
    now = clock.now()
    for r in await _reports(db, c):
        if r.published_at is not None and r.acknowledged_at is None:
            r.acknowledged_at, r.acknowledged_by = now, actor.user_id
    await _close(db, clock, actor, c, None)
    await _tell(db, clock, c, "acknowledged", p.experts, actor)
    return await _done(db, clock, actor, c)


async def cancel(db: AsyncSession, clock: Clock, actor: Actor,
                 consultation_id: uuid.UUID, reason: str) -> ConsultationOut:
    c, p = await _step(db, clock, actor, consultation_id, "cancel", note=reason)
    await _close(db, clock, actor, c, reason)
    heads = [h for h in p.heads.values() if h]
    await _tell(db, clock, c, "cancelled",
                [*p.experts, *heads, *await _overseers(db, clock, c.invited_org_id)], actor,
                reason=reason)
    return await _done(db, clock, actor, c)


# ---------------------------------------------------------------- the report


async def _reports(db: AsyncSession, c: Consultation) -> list[ConsultationReport]:
    return list((await db.execute(select(ConsultationReport).where(
        ConsultationReport.consultation_id == c.id).order_by(ConsultationReport.version)
    )).scalars())


async def save_draft(db: AsyncSession, clock: Clock, actor: Actor,
                     consultation_id: uuid.UUID, data: ReportIn) -> ConsultationOut:
    c = await _load(db, consultation_id, lock=True)
    p = await _parties(db, c)
    # Only the one who may publish writes the draft, and only while publishing is possible.
    flow(c.kind).check(actor, p, c.state, "publish", about=(CASE, c.id, c.inviting_org_id))
    draft = next((r for r in await _reports(db, c) if r.published_at is None), None)
    values = dict(findings=data.findings, opinion=data.opinion,
                  diagnoses=[d.model_dump() for d in data.diagnoses],
                  recommendations=data.recommendations, referral_advised=data.referral_advised,
                  written_by=actor.user_id, updated_at=clock.now())
    if draft is None:
        db.add(ConsultationReport(consultation_id=c.id, version=1, kind=ReportKind.report,
                                  **values))
    else:
        for k, v in values.items():
            setattr(draft, k, v)
    await audit.record(db, clock, actor, "consultation.draft", entity_type=CASE, entity_id=c.id,
                       subject_org_id=c.inviting_org_id)
    return await _done(db, clock, actor, c)


async def publish(db: AsyncSession, clock: Clock, settings: Settings, actor: Actor,
                  consultation_id: uuid.UUID) -> ConsultationOut:
    c, p = await _step(db, clock, actor, consultation_id, "publish")
    draft = next((r for r in await _reports(db, c) if r.published_at is None), None)
    if draft is None:
        raise Conflict("write the report before publishing it", code="no-draft",
                       title_zh="尚未撰写会诊报告", title_en="No report written yet")
    if c.kind == Kind.mdt:
        missing = [e for e in await _experts(db, c)
                   if e.role == ExpertRole.secondary and e.opinion is None]
        if missing:
            names = await identity.display_names(db, {e.user_id for e in missing})
            raise Conflict("the secondary experts' opinions are not all in: "
                           + ", ".join(names.values()), code="opinions-missing",
                           title_zh="次席专家意见尚未全部录入",
                           title_en="Specialty opinions missing", missing=sorted(names.values()))
    now = clock.now()
    draft.published_at = c.reported_at = now
    doc = await _issue(db, clock, settings, actor, c, draft, supersedes=None)
    await _tell(db, clock, c, "reported", [c.requested_by], actor, document_number=doc.number)
    await _tell(db, clock, c, "report_ready", await _patient_accounts(db, c.patient_id), actor,
                document_number=doc.number)
    return await _done(db, clock, actor, c)


async def addendum(db: AsyncSession, clock: Clock, settings: Settings, actor: Actor,
                  consultation_id: uuid.UUID, data: AddendumIn
                   ) -> ConsultationOut:
    c, p = await _step(db, clock, actor, consultation_id, "addendum")
    published = [r for r in await _reports(db, c) if r.published_at is not None]
    last = published[-1]
    row = ConsultationReport(
        consultation_id=c.id, version=last.version + 1, kind=ReportKind.addendum,
        findings=data.findings or "", opinion=data.opinion,
        diagnoses=[], recommendations=data.recommendations or "",
        referral_advised=last.referral_advised, written_by=actor.user_id,
        updated_at=clock.now(), published_at=clock.now())
    db.add(row)
    await db.flush()
    doc = await _issue(db, clock, settings, actor, c, row, supersedes=last.document_id)
    await _tell(db, clock, c, "addendum",
                [c.requested_by, *await _patient_accounts(db, c.patient_id)], actor,
                document_number=doc.number)
    return await _done(db, clock, actor, c)


async def _issue(db: AsyncSession, clock: Clock, settings: Settings, actor: Actor,
                 c: Consultation, report: ConsultationReport, *, supersedes: uuid.UUID | None):
    """Render, sign and record the report (or addendum), and file it in the patient's record."""
    from yilian.consultation import report_context
    from yilian.documents import service as documents

    invited = await alliance.get_organisation(db, c.invited_org_id)
    render = await report_context.renderer(db, clock, c, report, supersedes)
    title = "远程会诊报告" if report.kind == ReportKind.report else "远程会诊报告补充说明"
    doc = await documents.issue(
        db, clock, settings, actor, kind=f"consultation_{report.kind.value}",
        number_prefix="HZBG", organisation_id=invited.id, organisation_name=invited.name,
        entity_type=CASE, entity_id=c.id, patient_id=c.patient_id, title=title, pdf=render,
        supersedes_id=supersedes)
    report.document_id = doc.id
    await patients.file_document(db, clock, actor, c.patient_id, title=f"{title}（{doc.number}）",
                                 kind="consultation_report", organisation_id=invited.id,
                                 source_type="document", source_id=str(doc.id))
    await cases.note_last_step(db, CASE, c.id, doc.number)
    return doc


# ---------------------------------------------------------------- reading


async def may_read(db: AsyncSession, actor: Actor, consultation_id: Any) -> bool:
    """For the files and documents of a consultation (their registered readers)."""
    try:
        c = await _load(db, uuid.UUID(str(consultation_id)))
    except (NotFound, ValueError):
        return False
    return await _may_read(db, actor, c, await _parties(db, c))


async def _summaries(db: AsyncSession, clock: Clock, rows: list[Consultation]
                     ) -> list[ConsultationSummary]:
    now = clock.now()
    orgs = await alliance.names(db, {r.inviting_org_id for r in rows}
                                | {r.invited_org_id for r in rows})
    people = await identity.display_names(
        db, {r.requested_by for r in rows} | {r.expert_id for r in rows if r.expert_id})
    pats = await patients.names(db, {r.patient_id for r in rows})
    dept_ids = {r.department_id for r in rows if r.department_id}
    depts = dict((await db.execute(select(Department.id, Department.name).where(
        Department.id.in_(dept_ids)))).all()) if dept_ids else {}
    return [ConsultationSummary(
        id=r.id, number=r.number, kind=r.kind, urgency=r.urgency, state=r.state,
        patient_id=r.patient_id, patient_name=pats.get(r.patient_id, ""),
        inviting_org_id=r.inviting_org_id, inviting_org_name=orgs.get(r.inviting_org_id, ""),
        invited_org_id=r.invited_org_id, invited_org_name=orgs.get(r.invited_org_id, ""),
        requested_by_name=people.get(r.requested_by, ""), wanted_specialty=r.wanted_specialty,
        department_name=depts.get(r.department_id) if r.department_id else None,
        expert_name=people.get(r.expert_id) if r.expert_id else None,
        requested_at=r.requested_at, starts_at=r.starts_at, schedule_due=r.schedule_due,
        complete_due=r.complete_due, overdue=overdue(r, now)) for r in rows]


async def list_consultations(
    db: AsyncSession, clock: Clock, actor: Actor, *, state: State | None = None,
    kind: Kind | None = None, urgency: str | None = None, only_overdue: bool = False,
    mine: bool = False, side: str | None = None, patient_id: uuid.UUID | None = None,
    cursor: str | None = None, limit: int = 20,
) -> Page[ConsultationSummary]:
    stmt = select(Consultation).where(_visible_to(actor))
    if state is not None:
        stmt = stmt.where(Consultation.state == state)
    if kind is not None:
        stmt = stmt.where(Consultation.kind == kind)
    if urgency is not None:
        stmt = stmt.where(Consultation.urgency == urgency)
    if only_overdue:
        stmt = stmt.where(_overdue_clause(clock.now()))
    if patient_id is not None:
        stmt = stmt.where(Consultation.patient_id == patient_id)
    under = alliance.ids_under(actor.org_path or "-")
    if side == "inviting":
        stmt = stmt.where(Consultation.inviting_org_id.in_(under))
    elif side == "invited":
        stmt = stmt.where(Consultation.invited_org_id.in_(under))
    if mine:
        stmt = stmt.where(or_(
            Consultation.requested_by == actor.user_id,
            exists().where(ConsultationExpert.consultation_id == Consultation.id,
                           ConsultationExpert.user_id == actor.user_id,
                           ConsultationExpert.removed_at.is_(None))))
    rows, next_cursor = await paginate(db, stmt, [Consultation.requested_at, Consultation.id],
                                       cursor=cursor, limit=limit, descending=True)
    return Page(items=await _summaries(db, clock, rows), next_cursor=next_cursor)


async def _report_out(db: AsyncSession, rows: list[ConsultationReport]) -> list[ReportOut]:
    from yilian.documents.models import IssuedDocument

    people = await identity.display_names(db, {r.written_by for r in rows})
    doc_ids = {r.document_id for r in rows if r.document_id}
    numbers = dict((await db.execute(select(IssuedDocument.id, IssuedDocument.number).where(
        IssuedDocument.id.in_(doc_ids)))).all()) if doc_ids else {}
    return [ReportOut(
        id=r.id, version=r.version, kind=r.kind, findings=r.findings, opinion=r.opinion,
        diagnoses=r.diagnoses, recommendations=r.recommendations,
        referral_advised=r.referral_advised, written_by_name=people.get(r.written_by, ""),
        updated_at=r.updated_at, published_at=r.published_at, document_id=r.document_id,
        document_number=numbers.get(r.document_id) if r.document_id else None,
        acknowledged_at=r.acknowledged_at) for r in rows]


async def get(db: AsyncSession, clock: Clock, actor: Actor, consultation_id: uuid.UUID
              ) -> ConsultationOut:
    c, p = await _readable(db, actor, consultation_id)
    await cases.log_read(db, clock, actor, case_type=CASE, case_id=c.id, number=c.number,
                         patient_id=c.patient_id)
    summary = (await _summaries(db, clock, [c]))[0]
    patient_view = actor.role == Role.patient
    experts = await _experts(db, c)
    asked = await _departments(db, c)
    dept_ids = {d.department_id for d in asked} | {e.department_id for e in experts
                                                   if e.department_id}
    depts = {d.id: d for d in (await db.execute(select(Department).where(
        Department.id.in_(dept_ids)))).scalars()} if dept_ids else {}
    people = await identity.display_names(
        db, {e.user_id for e in experts} | {d.answered_by for d in asked if d.answered_by})
    titles = dict((await db.execute(select(Practitioner.user_id, Practitioner.title).where(
        Practitioner.user_id.in_({e.user_id for e in experts})))).all()) if experts else {}
    reports = await _reports(db, c)
    published = [r for r in reports if r.published_at is not None]
    draft = next((r for r in reports if r.published_at is None and r.written_by == actor.user_id),
                 None)
    attachments = [] if patient_view else [
        AttachmentOut(file_id=f.id, filename=f.filename, content_type=f.content_type,
                      size=f.size, is_image=f.is_image)
        for f in await files.attached_to(db, CASE, c.id)]
    conv = await conversations.find_for_case(db, CASE, c.id)
    out = ConsultationOut(
        **summary.model_dump(),
        reason=c.reason, purpose=c.purpose, summary=c.summary,
        diagnosis_icd10=c.diagnosis_icd10, diagnosis_text=c.diagnosis_text,
        wanted_title=c.wanted_title, preferred_times=c.preferred_times,
        record_snapshot=(json.loads(c.record_snapshot)
                         if c.record_snapshot and not patient_view else None),
        consent_by=c.consent_by, consent_name=c.consent_name,
        consent_relation=c.consent_relation, consent_at=c.consent_at,
        department_id=c.department_id, expert_id=c.expert_id, ends_at=c.ends_at,
        slot_id=c.slot_id, coordinator_joins=c.coordinator_joins, info_request=c.info_request,
        close_reason=c.close_reason, reported_at=c.reported_at, closed_at=c.closed_at,
        departments=[DepartmentOut(
            department_id=d.department_id, name=depts[d.department_id].name,
            name_en=depts[d.department_id].name_en, lead=d.lead, answer=d.answer,
            reason=d.reason, answered_by_name=people.get(d.answered_by) if d.answered_by else None,
            answered_at=d.answered_at) for d in asked],
        experts=[ExpertOut(
            user_id=e.user_id, name=people.get(e.user_id, ""), title=titles.get(e.user_id),
            role=e.role, department_id=e.department_id,
            department_name=depts[e.department_id].name if e.department_id in depts else None,
            opinion=None if patient_view else e.opinion, opinion_at=e.opinion_at)
            for e in experts],
        reports=await _report_out(db, published),
        draft=(await _report_out(db, [draft]))[0] if draft else None,
        attachments=attachments,
        timeline=[] if patient_view else await cases.timeline(db, CASE, c.id),
        conversation_id=conv.id if conv and not patient_view else None,
        actions=[*(ActionOut(action=t.action, zh=t.zh, en=t.en)
                   for t in flow(c.kind).available(actor, p, c.state)),
                 *([ATTACH] if inviting_side(actor, p) and c.state in ATTACH_STATES else [])],
    )
    await db.commit()  # the access log's entry
    return out


async def candidates(db: AsyncSession, clock: Clock, actor: Actor, consultation_id: uuid.UUID
                     ) -> list[CandidateOut]:
    c, p = await _readable(db, actor, consultation_id)
    if actor.org_id != c.invited_org_id:
        raise Forbidden("only the invited organisation names experts").about(
            CASE, c.id, c.inviting_org_id)
    return [CandidateOut(user_id=h.user_id, name=h.name, title=h.title, role=h.role.value)
            for h in await identity.holders(db, clock, c.invited_org_id, EXPERT_ROLES)
            if h.verified]


async def departments(db: AsyncSession, clock: Clock, actor: Actor, consultation_id: uuid.UUID
                      ) -> list[dict[str, Any]]:
    c, _ = await _readable(db, actor, consultation_id)
    rows = (await db.execute(select(Department).where(
        Department.organisation_id == c.invited_org_id, Department.active.is_(True))
        .order_by(Department.code))).scalars()
    return [{"id": d.id, "name": d.name, "name_en": d.name_en} for d in rows]


# ---------------------------------------------------------------- time limits


async def escalate_overdue(db: AsyncSession, clock: Clock, *, batch: int = 200) -> int:
    """Tells the invited organisation's office, once per limit, of cases past it. Returns how
    many escalations were made."""
    now = clock.now()
    rows = (await db.execute(select(Consultation).where(
        Consultation.state.in_(list(OPEN_STATES)),
        or_(and_(Consultation.scheduled_at.is_(None), Consultation.schedule_due < now,
                 Consultation.schedule_escalated_at.is_(None)),
            and_(Consultation.reported_at.is_(None), Consultation.complete_due < now,
                 Consultation.complete_escalated_at.is_(None))))
        .order_by(Consultation.schedule_due).limit(batch).with_for_update(skip_locked=True)
    )).scalars().all()
    made = 0
    for c in rows:
        for limit, due, attr, met in [
            ("预约", c.schedule_due, "schedule_escalated_at", c.scheduled_at),
            ("完成", c.complete_due, "complete_escalated_at", c.reported_at),
        ]:
            if met is not None or getattr(c, attr) is not None or as_utc(due) >= now:
                continue
            setattr(c, attr, now)
            made += 1
            await cases.add_step(db, clock, None, case_type=CASE, case_id=c.id,
                                 action="escalate", from_state=c.state.value,
                                 to_state=c.state.value, note=f"超过{limit}时限")
            await audit.record(db, clock, None, "consultation.escalate", entity_type=CASE,
                               entity_id=c.id, subject_org_id=c.inviting_org_id,
                               detail={"limit": attr.split("_")[0], "due": as_utc(due).isoformat()})
            await _tell(db, clock, c, "overdue", await _overseers(db, clock, c.invited_org_id),
                        limit=limit, time=as_utc(due))
    await db.commit()
    return made
