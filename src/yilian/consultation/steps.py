"""Remote consultation: the application and every step of both flows.

Each step goes through the case engine (``engine.step``: the case under its row lock, scope
before state, the transition table's 422 / 409 / audited 403 and its guards), then validates
the body, changes the case, tells exactly the people concerned, and commits once. A refusal at
any point leaves nothing changed. The report's steps are in ``report.py``.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from yilian.alliance import service as alliance
from yilian.cases import engine
from yilian.cases import service as cases
from yilian.cases.service import local_time
from yilian.consultation import reading
from yilian.consultation.kind import (
    CONSULTATION,
    departments_asked,
    experts,
    overseers,
    reports,
)
from yilian.consultation.models import (
    Consultation,
    ConsultationDepartment,
    ConsultationExpert,
    DepartmentAnswer,
    ExpertRole,
    State,
)
from yilian.consultation.schemas import (
    AnswerIn,
    ApplicationIn,
    ConsultationOut,
    DispatchIn,
    SupplyInfoIn,
)
from yilian.consultation.workflow import EXPERT_ROLES, Parties
from yilian.core.authz import Actor, Role
from yilian.core.clock import Clock, as_utc
from yilian.core.errors import Conflict, Forbidden, ValidationFailed
from yilian.files import service as files
from yilian.identity import service as identity
from yilian.messaging.conversations import service as conversations
from yilian.patients import service as patients
from yilian.scheduling import service as scheduling

CASE = CONSULTATION.type
# Starting a session further than this from its booked time needs the starter's confirmation.
SESSION_TIME_TOLERANCE = timedelta(minutes=15)
# The consultation page opens the video call when its address carries this.
JOIN_QUERY = "join=1"


async def _participants(db: AsyncSession, clock: Clock, c: Consultation
                        ) -> dict[uuid.UUID, str]:
    """Who takes part in the session, with their part: the applicant, the experts, and the
    office when the chief expert asked for a coordinator."""
    # Role codes the client words (conversation.roles).
    members: dict[uuid.UUID, str] = {c.requested_by: "inviting_doctor"}
    for e in await experts(db, c):
        members[e.user_id] = e.role.value
    if c.coordinator_joins:
        for user_id in await overseers(db, clock, c.invited_org_id):
            members.setdefault(user_id, "coordinator")
    if c.patient_joins:
        for user_id in await identity.patient_accounts(db, c.patient_id):
            members.setdefault(user_id, "patient")
    return members


async def _sync_conversation(db: AsyncSession, clock: Clock, actor: Actor | None,
                             c: Consultation) -> None:
    """The case conversation's members are the session's participants."""
    await conversations.set_participants(db, clock, actor, case_type=CASE, case_id=c.id,
                                         participants=await _participants(db, clock, c))



async def apply(db: AsyncSession, clock: Clock, actor: Actor, data: ApplicationIn
                ) -> ConsultationOut:
    now = clock.now()
    patient = await patients.require_in_scope(db, clock, actor, data.patient_id)
    assert actor.org_id is not None  # APPLY's roles are staff, who act at their grant's org
    inviting = await alliance.get_organisation(db, actor.org_id)
    invited = await alliance.find_organisation(db, data.invited_org_id)
    if invited is None or not invited.active:
        raise ValidationFailed.field("invited_org_id", "no such active organisation")
    if invited.id == inviting.id:
        raise ValidationFailed.field("invited_org_id",
                                     "a consultation invites another organisation")
    await cases.require_agreement(db, clock, inviting, invited,
                                  alliance.AgreementService.consultation,
                                  "remote consultation", "远程会诊")
    for i, t in enumerate(data.preferred_times):
        if t.end <= t.start or t.start < now:
            raise ValidationFailed.field(f"preferred_times.{i}", "a future range, end after start")
        if t.end > now + scheduling.MAX_AHEAD:  # no doctor may offer a time further ahead
            raise ValidationFailed.field(f"preferred_times.{i}",
                                         f"at most {scheduling.MAX_AHEAD.days} days ahead")
    common, schedule_due = await engine.request(
        db, clock, actor, CONSULTATION, data, patient_id=patient.id,
        answering_org_id=invited.id, include_record=data.include_record)
    c = Consultation(
        **common, kind=data.kind, state=State.requested, inviting_org_id=inviting.id,
        invited_org_id=invited.id, purpose=data.purpose, wanted_specialty=data.wanted_specialty,
        wanted_title=data.wanted_title,
        preferred_times=[{"start": t.start.isoformat(), "end": t.end.isoformat()}
                         for t in data.preferred_times],
        consent_file_id=data.consent.file_id, schedule_due=schedule_due,
        patient_joins=data.patient_joins)
    await engine.open_case(
        db, clock, actor, CONSULTATION, c, action="apply",
        said=("consultation_to", {"kind": c.kind.value, "org": invited.name}),
        file_ids=[*data.file_ids, *([data.consent.file_id] if data.consent.file_id else [])],
        title=f"consultation_{c.kind.value}", participants={actor.user_id: "inviting_doctor"},
        detail={"kind": c.kind.value, "invited": str(invited.id)})
    await engine.tell(db, clock, CONSULTATION, c, "requested",
                      await overseers(db, clock, invited.id), actor, org=inviting.name)
    await db.commit()
    return await reading.get(db, clock, actor, c.id)


async def _done(db: AsyncSession, clock: Clock, actor: Actor, c: Consultation
                ) -> ConsultationOut:
    await db.commit()
    return await reading.get(db, clock, actor, c.id)


async def _department(db: AsyncSession, c: Consultation, department_id: uuid.UUID,
                      field: str) -> Any:
    d = await alliance.find_department(db, department_id)
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
    c, _ = await engine.step(db, clock, actor, CONSULTATION, consultation_id, "route")
    d = await _department(db, c, department_id, "department_id")
    c.department_id = d.id
    await cases.note_last_step(db, CASE, c.id, "department", name=d.name)
    heads = await alliance.department_heads(db, {d.id})
    await engine.tell(db, clock, CONSULTATION, c, "routed", [heads.get(d.id)], actor, department=d.name)
    return await _done(db, clock, actor, c)




async def decline(db: AsyncSession, clock: Clock, actor: Actor,
                  consultation_id: uuid.UUID, reason: str) -> ConsultationOut:
    c, p = await engine.step(db, clock, actor, CONSULTATION, consultation_id, "decline", note=reason)
    await _close(db, clock, actor, c, reason)
    await engine.tell(db, clock, CONSULTATION, c, "declined", [c.requested_by, *p.experts], actor, reason=reason)
    return await _done(db, clock, actor, c)


async def return_(db: AsyncSession, clock: Clock, actor: Actor,
                  consultation_id: uuid.UUID, reason: str) -> ConsultationOut:
    c, _ = await engine.step(db, clock, actor, CONSULTATION, consultation_id, "return", note=reason)
    c.department_id = None
    await engine.tell(db, clock, CONSULTATION, c, "returned", await overseers(db, clock, c.invited_org_id), actor,
                reason=reason)
    return await _done(db, clock, actor, c)


async def _remove_experts(db: AsyncSession, clock: Clock, c: Consultation,
                          user_ids: set[uuid.UUID] | None = None) -> None:
    for e in await experts(db, c):
        if user_ids is None or e.user_id in user_ids:
            e.removed_at = clock.now()


async def assign(db: AsyncSession, clock: Clock, actor: Actor, consultation_id: uuid.UUID,
                 expert_id: uuid.UUID) -> ConsultationOut:
    c, _ = await engine.step(db, clock, actor, CONSULTATION, consultation_id, "assign")
    h = await _candidate(db, clock, c, expert_id, "expert_id")
    if c.expert_id == h.user_id:
        raise Conflict("this expert is assigned already", code="already-assigned")
    await _remove_experts(db, clock, c)
    await db.flush()
    await _add_expert(db, clock, c, h.user_id, ExpertRole.expert, c.department_id)
    c.expert_id = h.user_id
    await cases.note_last_step(db, CASE, c.id, "expert", name=h.name)
    await _sync_conversation(db, clock, actor, c)
    await engine.tell(db, clock, CONSULTATION, c, "assigned", [h.user_id, c.requested_by], actor, expert=h.name)
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
    c, _ = await engine.step(db, clock, actor, CONSULTATION, consultation_id, "withdraw", note=reason)
    if c.slot_id:
        await scheduling.release(db, c.slot_id, case_type=CASE, case_id=c.id)
    c.slot_id = c.starts_at = c.ends_at = c.scheduled_at = None
    await _remove_experts(db, clock, c)
    c.expert_id = None
    await db.flush()
    await _sync_conversation(db, clock, actor, c)
    heads = await alliance.department_heads(db, {c.department_id} if c.department_id else set())
    await engine.tell(db, clock, CONSULTATION, c, "withdrawn",
                [*heads.values(), *await overseers(db, clock, c.invited_org_id),
                 c.requested_by], actor, reason=reason)
    return await _done(db, clock, actor, c)


async def dispatch(db: AsyncSession, clock: Clock, actor: Actor,
                   consultation_id: uuid.UUID, data: DispatchIn) -> ConsultationOut:
    c, _ = await engine.step(db, clock, actor, CONSULTATION, consultation_id, "dispatch")
    if data.lead_department_id in data.supporting_department_ids:
        raise ValidationFailed.field("supporting_department_ids", "the lead department is not "
                                     "also a supporting one")
    if len(set(data.supporting_department_ids)) != len(data.supporting_department_ids):
        raise ValidationFailed.field("supporting_department_ids", "a department is named twice")
    lead = await _department(db, c, data.lead_department_id, "lead_department_id")
    supporting = [await _department(db, c, d, f"supporting_department_ids.{i}")
                  for i, d in enumerate(data.supporting_department_ids)]
    asked = {d.department_id: d for d in await departments_asked(db, c)}
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
    if supporting:
        await cases.note_last_step(db, CASE, c.id, "departments", lead=lead.name,
                                   others=" / ".join(s.name for s in supporting))
    else:
        await cases.note_last_step(db, CASE, c.id, "department", name=lead.name)
    heads = await alliance.department_heads(db, {lead.id, *(s.id for s in supporting)})
    for d in [lead, *supporting]:
        await engine.tell(db, clock, CONSULTATION, c, "dispatched", [heads.get(d.id)], actor, department=d.name)
    return await _done(db, clock, actor, c)


async def answer(db: AsyncSession, clock: Clock, actor: Actor,
                 consultation_id: uuid.UUID, data: AnswerIn) -> ConsultationOut:
    c, p = await engine.step(db, clock, actor, CONSULTATION, consultation_id, "answer",
                       detail={"department": str(data.department_id), "accept": data.accept})
    row = next((d for d in await departments_asked(db, c) if d.department_id == data.department_id),
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
    dept = await alliance.find_department(db, row.department_id)
    assert dept is not None  # the asked department's row references it (foreign key)
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
    if data.accept:
        await cases.note_last_step(db, CASE, c.id, "department_accepted", department=dept.name)
    else:
        await cases.note_last_step(db, CASE, c.id, "department_rejected", department=dept.name,
                                   reason=data.reason or "")
    await engine.tell(db, clock, CONSULTATION, c, "answered", await overseers(db, clock, c.invited_org_id), actor,
                department=dept.name)
    return await _done(db, clock, actor, c)


async def confirm_panel(db: AsyncSession, clock: Clock, actor: Actor,
                        consultation_id: uuid.UUID) -> ConsultationOut:
    c, p = await engine.step(db, clock, actor, CONSULTATION, consultation_id, "confirm_panel")
    await _sync_conversation(db, clock, actor, c)
    await engine.tell(db, clock, CONSULTATION, c, "panel", [c.requested_by, *p.experts], actor)
    return await _done(db, clock, actor, c)


async def _book_slot(db: AsyncSession, clock: Clock, c: Consultation, slot_id: uuid.UUID
                     ) -> None:
    slot = await scheduling.book(db, clock, slot_id, expert_ids={c.expert_id} if c.expert_id
                                 else set(), case_type=CASE, case_id=c.id)
    c.slot_id, c.starts_at, c.ends_at = slot.id, slot.starts_at, slot.ends_at
    c.scheduled_at = clock.now()


async def _tell_booked(db: AsyncSession, clock: Clock, actor: Actor, c: Consultation,
                       p: Parties) -> None:
    """The time, to the applicant and the experts and, in words of their own, to the patient."""
    await engine.tell(db, clock, CONSULTATION, c, "scheduled", [c.requested_by, *p.experts], actor,
                      time=c.starts_at)
    await engine.tell(db, clock, CONSULTATION, c, "patient_booked",
                      await identity.patient_accounts(db, c.patient_id), actor, time=c.starts_at)


async def book(db: AsyncSession, clock: Clock, actor: Actor, consultation_id: uuid.UUID,
               slot_id: uuid.UUID) -> ConsultationOut:
    c, p = await engine.step(db, clock, actor, CONSULTATION, consultation_id, "book")
    await _book_slot(db, clock, c, slot_id)
    await cases.note_last_step(db, CASE, c.id, "booked_for", time=local_time(c.starts_at))
    await conversations.post_system_message(db, clock, case_type=CASE, case_id=c.id,
                                            code="booked", time=local_time(c.starts_at))
    await _tell_booked(db, clock, actor, c, p)
    return await _done(db, clock, actor, c)


async def reschedule(db: AsyncSession, clock: Clock, actor: Actor, consultation_id: uuid.UUID,
                     slot_id: uuid.UUID, reason: str
                     ) -> ConsultationOut:
    c, p = await engine.step(db, clock, actor, CONSULTATION, consultation_id, "reschedule", note=reason)
    old = c.slot_id
    await _book_slot(db, clock, c, slot_id)
    if old and old != c.slot_id:
        await scheduling.release(db, old, case_type=CASE, case_id=c.id)
    await cases.note_last_step(db, CASE, c.id, "booked_for", time=local_time(c.starts_at))
    await conversations.post_system_message(db, clock, case_type=CASE, case_id=c.id,
                                            code="rebooked", time=local_time(c.starts_at))
    await _tell_booked(db, clock, actor, c, p)
    return await _done(db, clock, actor, c)


async def request_info(db: AsyncSession, clock: Clock, actor: Actor,
                       consultation_id: uuid.UUID, request: str) -> ConsultationOut:
    c, _ = await engine.step(db, clock, actor, CONSULTATION, consultation_id, "request_info", note=request)
    c.info_request = request
    await conversations.post_system_message(db, clock, case_type=CASE, case_id=c.id,
                                            code="info_requested", request=request)
    await engine.tell(db, clock, CONSULTATION, c, "info_requested", [c.requested_by], actor, reason=request)
    return await _done(db, clock, actor, c)


async def supply_info(db: AsyncSession, clock: Clock, actor: Actor,
                      consultation_id: uuid.UUID, data: SupplyInfoIn) -> ConsultationOut:
    c, p = await engine.step(db, clock, actor, CONSULTATION, consultation_id, "supply_info", note=data.note)
    for file_id in dict.fromkeys(data.file_ids):
        await files.attach(db, clock, actor, file_id, entity_type=CASE, entity_id=c.id)
    c.info_request = None
    await conversations.post_system_message(db, clock, case_type=CASE, case_id=c.id,
                                            code="info_supplied", note=data.note)
    await engine.tell(db, clock, CONSULTATION, c, "info_supplied", p.experts, actor)
    return await _done(db, clock, actor, c)


async def add_material(db: AsyncSession, clock: Clock, actor: Actor, consultation_id: uuid.UUID,
                       file_id: uuid.UUID) -> ConsultationOut:
    c = await engine.add_material(db, clock, actor, CONSULTATION, consultation_id, file_id)
    return await _done(db, clock, actor, c)


async def start(db: AsyncSession, clock: Clock, actor: Actor, consultation_id: uuid.UUID,
                *, confirm_off_time: bool = False) -> ConsultationOut:
    """Starts the session and rings every participant, with a link that opens the video.
    Far from the booked time the starter may have the wrong case or find nobody there, so
    that takes a confirmation."""
    c, _ = await engine.step(db, clock, actor, CONSULTATION, consultation_id, "start")
    assert c.starts_at is not None  # the table starts only a booked ("scheduled") consultation
    if not confirm_off_time and abs(clock.now() - as_utc(c.starts_at)) > SESSION_TIME_TOLERANCE:
        booked = local_time(c.starts_at)
        raise Conflict(f"the session is booked for {booked} (Asia/Shanghai); starting now "
                       "needs confirm_off_time", code="session-off-time",
                       title_zh=f"会诊预约时间为 {booked}，与现在相差超过"
                                f"{SESSION_TIME_TOLERANCE.seconds // 60}分钟",
                       title_en=f"The session is booked for {booked}, more than "
                                f"{SESSION_TIME_TOLERANCE.seconds // 60} minutes from now",
                       starts_at=as_utc(c.starts_at).isoformat())
    await conversations.post_system_message(db, clock, case_type=CASE, case_id=c.id,
                                            code="started")
    patient_side = set(await identity.patient_accounts(db, c.patient_id))
    staff = set(await _participants(db, clock, c)) - patient_side
    await engine.tell(db, clock, CONSULTATION, c, "started", staff, actor, link_query=JOIN_QUERY)
    # A patient taking part is asked in, like the panel; otherwise only told.
    await engine.tell(db, clock, CONSULTATION, c,
                      "patient_invited" if c.patient_joins else "patient_started", patient_side,
                      actor, link_query=JOIN_QUERY if c.patient_joins else None)
    return await _done(db, clock, actor, c)


async def set_coordinator(db: AsyncSession, clock: Clock, actor: Actor,
                          consultation_id: uuid.UUID, joins: bool) -> ConsultationOut:
    c, _ = await engine.step(db, clock, actor, CONSULTATION, consultation_id, "coordinator",
                       said=("coordinator_joins" if joins else "coordinator_stays_out", {}))
    c.coordinator_joins = joins
    await _sync_conversation(db, clock, actor, c)
    await engine.tell(db, clock, CONSULTATION, c, "coordinator", [], actor)
    return await _done(db, clock, actor, c)


async def opinion(db: AsyncSession, clock: Clock, actor: Actor,
                  consultation_id: uuid.UUID, text: str) -> ConsultationOut:
    c, _ = await engine.step(db, clock, actor, CONSULTATION, consultation_id, "opinion")
    row = next(e for e in await experts(db, c) if e.user_id == actor.user_id)
    row.opinion, row.opinion_at = text, clock.now()
    await engine.tell(db, clock, CONSULTATION, c, "opinion", [c.expert_id], actor)
    return await _done(db, clock, actor, c)


async def acknowledge(db: AsyncSession, clock: Clock, actor: Actor,
                      consultation_id: uuid.UUID) -> ConsultationOut:
    c, p = await engine.step(db, clock, actor, CONSULTATION, consultation_id, "acknowledge")
    now = clock.now()
    for r in await reports(db, c):
        if r.published_at is not None and r.acknowledged_at is None:
            r.acknowledged_at, r.acknowledged_by = now, actor.user_id
    await _close(db, clock, actor, c, None)
    await engine.tell(db, clock, CONSULTATION, c, "acknowledged", p.experts, actor)
    return await _done(db, clock, actor, c)


async def cancel(db: AsyncSession, clock: Clock, actor: Actor,
                 consultation_id: uuid.UUID, reason: str) -> ConsultationOut:
    c, p = await engine.step(db, clock, actor, CONSULTATION, consultation_id, "cancel", note=reason)
    await _close(db, clock, actor, c, reason)
    heads = [h for h in p.heads.values() if h]
    await engine.tell(db, clock, CONSULTATION, c, "cancelled",
                [*p.experts, *heads, *await overseers(db, clock, c.invited_org_id)], actor,
                reason=reason)
    return await _done(db, clock, actor, c)


