"""The online visit: the only place its state changes. Booking holds a slot (clinic service) and
makes the order to pay (payments service) in one transaction; the payment's hook books it; the
patient side checks in on the day; the session's doctor (re-authenticated within the last four
hours) calls, starts and signs the outpatient record, or ends the visit with a reason. Refunds
follow the step: in full when the visit had not started or was not eligible.

Locks: a visit's row (engine.step) before its order (payments) and its slot (clinic); booking
takes the slot before the case and order counters.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from yilian.alliance import service as alliance
from yilian.cases import engine
from yilian.cases import service as cases
from yilian.cases.columns import ConsentBy, Urgency
from yilian.cases.document import patient_on_paper
from yilian.cases.schemas import ConsentIn
from yilian.cases.service import local_time
from yilian.clinic import service as schedule
from yilian.clinic.models import ClinicMode, ClinicSession, SessionStatus
from yilian.clinic.policy import DOCTOR_ROLES
from yilian.clinic.visits import document
from yilian.clinic.visits.kind import (
    OPEN_STATES,
    REPLY_WITHIN,
    VISIT_KIND,
    patient_side_of,
    patient_side_people,
)
from yilian.clinic.visits.models import ClinicVisit, ProofKind, State, VisitCall
from yilian.clinic.visits.schemas import (
    BoardItem,
    BoardOut,
    CallIn,
    CallOut,
    MoveIn,
    MoveOption,
    OutpatientRecordIn,
    OutpatientRecordOut,
    ProofIn,
    QueueItem,
    QueueOut,
    QueuePlace,
    VisitIn,
    VisitOut,
    VisitSummary,
)
from yilian.clinic.visits.workflow import PROXY_ROLES, VISIT, patient_side, session_doctor
from yilian.core import audit, events
from yilian.core.authz import Actor, Role
from yilian.core.clock import Clock, as_utc
from yilian.core.errors import Conflict, Forbidden, NotFound, Problem, ValidationFailed
from yilian.core.pagination import Page
from yilian.documents import service as documents
from yilian.identity import service as identity
from yilian.messaging.conversations import service as conversations
from yilian.patients import service as patients
from yilian.payments import service as payments
from yilian.settings import Settings

CASE = VISIT_KIND.type
HOLD = timedelta(minutes=15)
# After 停诊 the patient side chooses to move the visit or take the refund within this.
CHOOSE_WITHIN = timedelta(hours=24)
# Calling and starting ask the doctor to have re-authenticated this recently (实名).
STEP_UP_SECONDS = 4 * 3600
DEFAULT_VISIT_MINUTES = 10
FEE_CODE = "online-visit-fee"
# A slot taken by someone else meanwhile: try the next free one this many times.
SLOT_TRIES = 10
QUEUE_EVENT = f"{CASE}.queue"
WAITING = (State.waiting, State.called)


def _refuse(detail: str, code: str, zh: str, en: str, cls: type[Problem] = Conflict) -> Problem:
    return cls(detail, code=code, title_zh=zh, title_en=en)


# ---------------------------------------------------------------- booking


async def _booker(db: AsyncSession, actor: Actor, patient_id: uuid.UUID) -> uuid.UUID | None:
    """Who books: the patient's own account or a proxy of it; or a verified village or
    grassroots doctor of the patient's home organisation (代问诊, the patient with them).
    Returns the proxy doctor, if one."""
    if actor.role == Role.patient:
        if patient_id not in actor.patient_ids:
            raise Forbidden("you book for your own record or one you act for",
                            code="not-your-patient")
        return None
    if actor.role not in PROXY_ROLES or not actor.clinically_verified:
        raise Forbidden("patients book, or their village doctor with them", code="forbidden")
    home = await patients.home_of(db, patient_id)
    if home is None:
        raise NotFound("no such patient", code="patient-not-found")
    if home != actor.org_id:
        raise Forbidden("a village doctor books for the patients of their own clinic",
                        code="not-your-patient").about("patient", patient_id, home)
    return actor.user_id


async def _check_proof(db: AsyncSession, clock: Clock, actor: Actor, data: VisitIn
                       ) -> tuple[ProofIn, str, str]:
    """The proof of a diagnosed disease, and the (ICD-10, words) the visit carries as its
    diagnosis."""
    proof = data.proof
    if proof is None:
        raise ValidationFailed(
            "proof: an online visit follows up a diagnosed disease; give a diagnosis of the "
            "record or upload an outpatient record or discharge summary", code="proof-required",
            errors=[{"field": "proof", "message": "required"}],
            title_zh="线上复诊需提供已确诊的诊断依据", title_en="Proof of diagnosis required")
    if proof.kind == ProofKind.record_diagnosis:
        if proof.problem_id is None or proof.file_ids:
            raise ValidationFailed.field("proof.problem_id", "name one problem of the record")
        record = await patients.record_view(db, clock, actor, data.patient_id)
        found = next((p for p in record.problems if p.id == proof.problem_id
                      and p.status == "active"), None)
        if found is None:
            raise ValidationFailed(
                "proof.problem_id: not an active diagnosis of the patient's record",
                code="proof-not-the-patients",
                errors=[{"field": "proof.problem_id", "message": "not in the patient's record"}],
                title_zh="诊断依据不属于该患者", title_en="Not a diagnosis of this patient")
        return proof, found.icd10, found.description
    if not proof.file_ids or proof.problem_id is not None:
        raise ValidationFailed.field("proof.file_ids", "upload the outpatient record or "
                                     "discharge summary")
    return proof, "Z09", "复诊（依据上传的门诊病历或出院小结）"


async def _active_in_session(db: AsyncSession, patient_id: uuid.UUID, session_id: uuid.UUID
                             ) -> bool:
    return (await db.execute(select(ClinicVisit.id).where(
        ClinicVisit.patient_id == patient_id, ClinicVisit.session_id == session_id,
        ClinicVisit.state.in_(list(OPEN_STATES))).limit(1))).first() is not None


async def _hold(db: AsyncSession, clock: Clock, session_id: uuid.UUID,
                slot_id: uuid.UUID | None, visit_id: uuid.UUID, until: datetime
                ) -> schedule.SlotHold:
    """The slot asked for, or the session's next free one."""
    if slot_id is None:
        return await schedule.hold_next_free(db, clock, session_id, visit_id, until,
                                             tries=SLOT_TRIES)
    slot = await schedule.get_slot(db, slot_id)
    if slot.session_id != session_id:
        raise ValidationFailed.field("slot_id", "is a slot of another session")
    return await schedule.hold_slot(db, clock, slot_id, visit_id, until)


async def _participants(db: AsyncSession, v: ClinicVisit, doctor_id: uuid.UUID
                        ) -> dict[uuid.UUID, str]:
    """The visit's conversation (and video room): the patient's accounts, the doctor, the
    village doctor who booked."""
    people = dict.fromkeys(await identity.patient_accounts(db, v.patient_id), "patient")
    people[doctor_id] = "doctor"
    if v.proxy_doctor_id:
        people[v.proxy_doctor_id] = "village_doctor"
    return people


async def create(db: AsyncSession, clock: Clock, settings: Settings, actor: Actor,
                 data: VisitIn) -> VisitOut:
    proxy = await _booker(db, actor, data.patient_id)
    session = await schedule.get_session(db, data.session_id)
    now = clock.now()
    if session.status != SessionStatus.open:
        raise _refuse("the session was stopped (停诊)", "session-stopped", "该号源所在出诊已停诊",
                      "The session was stopped")
    if as_utc(session.ends_at) <= now:
        raise _refuse("the session has ended", "session-past", "该出诊已开始或已结束",
                      "The session has begun or ended")
    if data.mode is not None and data.mode != session.mode:
        raise ValidationFailed(f"mode: the session is held by {session.mode.value}",
                               code="mode-not-offered",
                               errors=[{"field": "mode", "message": "not offered"}],
                               title_zh="该出诊不提供此问诊方式", title_en="Mode not offered")
    # A full session is refused before anything else is read: in a rush for a popular doctor
    # most bookings are these. The slot is held before the record is read for the proof, so
    # that the bookings in flight when the session fills are refused without that read too.
    if data.slot_id is None and await schedule.next_free_slot(db, clock, session.id) is None:
        raise schedule.session_full()
    if await _active_in_session(db, data.patient_id, session.id):
        raise _refuse("the patient already has a visit in this session", "already-booked",
                      "该患者在本次出诊已有预约", "Already booked in this session")
    visit_id = uuid.uuid4()
    hold = await _hold(db, clock, data.session_id, data.slot_id, visit_id, now + HOLD)
    proof, icd10, diagnosis = await _check_proof(db, clock, actor, data)
    patient = await patients.find_patient(db, data.patient_id)
    assert patient is not None  # the booker's check found its home
    request = cases.Request(
        urgency=Urgency.routine, reason=data.complaint or "互联网复诊", summary="",
        diagnosis_icd10=icd10, diagnosis_text=diagnosis,
        consent=ConsentIn(by=ConsentBy.patient, name=patient.name, at=now))
    common, _ = await engine.request(db, clock, actor, VISIT_KIND, request,
                                     patient_id=patient.id, answering_org_id=hold.organisation_id,
                                     include_record=True)
    order = await payments.create_order(
        db, clock, actor, organisation_id=hold.organisation_id, patient_id=patient.id,
        subject_type=CASE, subject_id=visit_id,
        items=[payments.Item(code=FEE_CODE, name="互联网复诊诊查费", unit_fen=hold.fee_fen)],
        description=f"互联网复诊 {common['number']}", expires_at=hold.held_until,
        payer_user_id=actor.user_id if proxy else None)
    common["complete_due"] = as_utc(hold.ends_at) + timedelta(hours=48)
    v = ClinicVisit(
        id=visit_id, **common, state=State.held,
        requesting_org_id=actor.org_id if proxy else patient.home_organisation_id,
        answering_org_id=hold.organisation_id, department_id=hold.department_id,
        session_id=hold.session_id, slot_id=hold.slot_id, slot_starts_at=hold.starts_at,
        doctor_id=hold.doctor_id, mode=hold.mode, fee_fen=hold.fee_fen, order_id=order.id,
        hold_until=hold.held_until, proxy_doctor_id=proxy, proof_kind=proof.kind,
        proof_problem_id=proof.problem_id, proof_file_ids=[str(f) for f in proof.file_ids], missed_count=0, refunded_fen=0)
    participants = dict.fromkeys(await identity.patient_accounts(db, patient.id), "patient")
    participants[hold.doctor_id] = "doctor"
    if proxy:
        participants[proxy] = "village_doctor"
    await engine.open_case(
        db, clock, actor, VISIT_KIND, v, action="book",
        said=("visit_booked", {"time": local_time(hold.starts_at)}),
        file_ids=proof.file_ids, title=CASE, participants=participants,
        detail={"session": str(hold.session_id), "slot": str(hold.slot_id),
                "order": str(order.id), "proxy": str(proxy) if proxy else None})
    await engine.tell(db, clock, VISIT_KIND, v, "held", await patient_side_people(db, v), actor,
                      time=local_time(v.hold_until))
    await db.commit()
    return await get(db, clock, actor, v.id)


# ---------------------------------------------------------------- payment (the hook)


async def on_paid(db: AsyncSession, clock: Clock, order: Any) -> bool:
    """The visit's order is paid (in the payment's transaction): the held slot is booked.
    False when the visit no longer wants the money: the hold lapsed, or its slot went to
    someone else; payments then refunds it in full."""
    v = await engine.load(db, VISIT_KIND, order.subject_id, lock=True)
    if v.state != State.held:
        return v.state in (State.booked, State.waiting, State.called, State.in_visit,
                           State.finished)
    if not await schedule.confirm_slot(db, v.slot_id, v.id):
        await engine.platform_step(db, clock, VISIT_KIND, v, "lapse",
                                   said=("hold_lapsed", {"time": local_time(v.hold_until)}))
        v.closed_at, v.outcome = clock.now(), "lapsed"
        await engine.tell(db, clock, VISIT_KIND, v, "lapsed", await patient_side_people(db, v))
        return False
    await engine.platform_step(db, clock, VISIT_KIND, v, "pay")
    v.booked_at = clock.now()
    time = local_time(v.slot_starts_at)
    await engine.tell(db, clock, VISIT_KIND, v, "booked", await patient_side_people(db, v),
                      time=time)
    await engine.tell(db, clock, VISIT_KIND, v, "new_booking", [v.doctor_id], time=time)
    return True


payments.register_subject(CASE, on_paid=on_paid)


# ---------------------------------------------------------------- the platform's steps


async def _settle(db: AsyncSession, clock: Clock, v: ClinicVisit, actor: Actor | None,
                  reason: str, *, refund: bool) -> None:
    """The order of a visit that ends: cancelled while unpaid; refunded in full if asked."""
    order = await payments.get_order(db, v.order_id)
    if order.state == payments.OrderState.pending:
        await payments.cancel_order(db, clock, order.id, reason=reason, actor=actor)
    elif refund and order.state in payments.REFUNDABLE:
        made = await payments.refund(db, clock, order.id, amount_fen=None, reason=reason,
                                     actor=actor)
        v.refunded_fen += made.amount_fen


async def after_lapse(db: AsyncSession, clock: Clock, v: ClinicVisit) -> None:
    """An unpaid hold lapsed: the slot is free for others, the order cancelled."""
    await schedule.release_slot(db, v.slot_id, v.id)
    await _settle(db, clock, v, None, "hold lapsed", refund=False)
    v.closed_at, v.outcome = clock.now(), "lapsed"
    await engine.tell(db, clock, VISIT_KIND, v, "lapsed", await patient_side_people(db, v))


async def after_platform_end(db: AsyncSession, clock: Clock, v: ClinicVisit, outcome: str, *,
                             refund: bool) -> None:
    """A visit the platform ended (unanswered, or open too long)."""
    await _settle(db, clock, v, None, outcome, refund=refund)
    v.closed_at, v.outcome = clock.now(), outcome
    await conversations.close_for_case(db, clock, None, case_type=CASE, case_id=v.id)
    await engine.tell(db, clock, VISIT_KIND, v, outcome,
                      [*await patient_side_people(db, v), v.doctor_id])
    await _push_queue(db, clock, v.session_id)


async def session_stopped(db: AsyncSession, clock: Clock, visit_ids: list[uuid.UUID],
                          reason: str) -> None:
    """停诊: each visit not yet started gives up its slot. An unpaid hold is called off; a paid
    visit waits (its conversation kept) for the patient side to move it to another session or
    take the refund, until CHOOSE_WITHIN has passed (then the platform refunds it). A visit
    already with the doctor goes on."""
    now = clock.now()
    for visit_id in visit_ids:
        v = await engine.load(db, VISIT_KIND, visit_id, lock=True)
        if VISIT.step(v.state, "session_stopped") is None:
            continue
        await engine.platform_step(db, clock, VISIT_KIND, v, "session_stopped")
        await schedule.release_slot(db, v.slot_id, v.id)
        v.close_reason = reason
        if v.state == State.stopped:
            v.choose_by = now + CHOOSE_WITHIN
            await engine.tell(db, clock, VISIT_KIND, v, "stopped_choose",
                              await patient_side_people(db, v), reason=reason,
                              time=local_time(v.choose_by))
            continue
        await _settle(db, clock, v, None, "session stopped", refund=True)
        v.closed_at, v.outcome = now, "session_stopped"
        await conversations.close_for_case(db, clock, None, case_type=CASE, case_id=v.id)
        await engine.tell(db, clock, VISIT_KIND, v, "session_stopped",
                          await patient_side_people(db, v), reason=reason)


async def after_stop_refund(db: AsyncSession, clock: Clock, v: ClinicVisit) -> None:
    """Not moved in time after 停诊: refunded in full."""
    await _settle(db, clock, v, None, "session stopped, not moved", refund=True)
    v.closed_at, v.outcome = clock.now(), "session_stopped"
    await conversations.close_for_case(db, clock, None, case_type=CASE, case_id=v.id)
    await engine.tell(db, clock, VISIT_KIND, v, "stop_refunded",
                      await patient_side_people(db, v))


async def session_substituted(db: AsyncSession, clock: Clock, visit_ids: list[uuid.UUID],
                              doctor_id: uuid.UUID) -> None:
    """替诊: the substitute joins each open visit's conversation; the patients are told. The
    visit's rules read the session's doctor, so the substitute takes its steps from now."""
    name = (await identity.display_names(db, {doctor_id})).get(doctor_id, "")
    for visit_id in visit_ids:
        v = await engine.load(db, VISIT_KIND, visit_id, lock=True)
        if v.state not in OPEN_STATES:
            continue
        await conversations.open_for_case(
            db, clock, None, case_type=CASE, case_id=v.id, title=CASE,
            subject_org_id=v.answering_org_id, patient_id=v.patient_id,
            participants=await _participants(db, v, doctor_id), case_number=v.number)
        await engine.tell(db, clock, VISIT_KIND, v, "substituted",
                          await patient_side_people(db, v), doctor=name)


async def note_reply(db: AsyncSession, conversation_id: uuid.UUID, sender_id: uuid.UUID,
                     at: datetime) -> None:
    """A message in a visit's conversation: the doctor's first one answers a text visit."""
    candidates = (await db.execute(
        select(ClinicVisit).join(ClinicSession, ClinicSession.id == ClinicVisit.session_id)
        .where(ClinicSession.doctor_id == sender_id, ClinicVisit.mode == ClinicMode.text,
               ClinicVisit.first_reply_at.is_(None),
               ClinicVisit.state.in_([State.waiting, State.called, State.in_visit]))
    )).scalars().all()
    for v in candidates:
        conversation = await conversations.find_for_case(db, CASE, v.id)
        if conversation is not None and conversation.id == conversation_id:
            v.first_reply_at = at


# ---------------------------------------------------------------- the patient side


async def check_in(db: AsyncSession, clock: Clock, actor: Actor, visit_id: uuid.UUID
                   ) -> VisitOut:
    v, _ = await engine.step(db, clock, actor, VISIT_KIND, visit_id, "check_in")
    now = clock.now()
    v.checked_in_at, v.checked_in_by, v.queue_at = now, actor.user_id, v.slot_starts_at
    if v.mode == ClinicMode.text:
        v.first_reply_due = now + REPLY_WITHIN
    await engine.tell(db, clock, VISIT_KIND, v, "checked_in", [v.doctor_id], actor)
    await _push_queue(db, clock, v.session_id)
    return await _done(db, clock, actor, v)


async def cancel(db: AsyncSession, clock: Clock, actor: Actor, visit_id: uuid.UUID,
                 reason: str) -> VisitOut:
    """Before the visit starts: the slot is released and what was paid refunded in full."""
    v, _ = await engine.step(db, clock, actor, VISIT_KIND, visit_id, "cancel", note=reason)
    await schedule.release_slot(db, v.slot_id, v.id)
    await _settle(db, clock, v, actor, "cancelled by the patient side", refund=True)
    v.closed_at, v.close_reason, v.outcome = clock.now(), reason, "cancelled"
    await conversations.close_for_case(db, clock, actor, case_type=CASE, case_id=v.id)
    await engine.tell(db, clock, VISIT_KIND, v, "cancelled",
                      [*await patient_side_people(db, v), v.doctor_id], actor)
    await _push_queue(db, clock, v.session_id)
    return await _done(db, clock, actor, v)


def _move_targets(v: ClinicVisit, now: datetime) -> list[Any]:
    """Where a stopped visit may go: another open session of its organisation, of the same
    doctor or department, not yet over, in the window patients are shown."""
    return [ClinicSession.id != v.session_id, ClinicSession.status == SessionStatus.open,
            ClinicSession.organisation_id == v.answering_org_id,
            or_(ClinicSession.doctor_id == v.doctor_id,
                ClinicSession.department_id == v.department_id),
            ClinicSession.ends_at > now, ClinicSession.starts_at < now + schedule.WINDOW]


async def move_options(db: AsyncSession, clock: Clock, actor: Actor, visit_id: uuid.UUID
                       ) -> list[MoveOption]:
    """The sessions a stopped visit may move to, each with its free slots and whether its fee
    is the one paid (one that differs is shown, not offered)."""
    v, p = await engine.read(db, clock, actor, VISIT_KIND, visit_id)
    if not patient_side(actor, p):
        raise Forbidden("the patient side moves a visit", code="not-your-step",
                        title_zh="您无权执行这一步", title_en="This step is not yours to take"
                        ).about(CASE, v.id, v.answering_org_id)
    if v.state != State.stopped:
        await db.commit()  # the access log's entry
        return []
    targets = (await db.execute(select(ClinicSession.id, ClinicSession.doctor_id)
                                .where(*_move_targets(v, clock.now())))).all()
    allowed = {session_id for session_id, _ in targets}
    names = await identity.display_names(db, {doctor for _, doctor in targets})
    out = [MoveOption(**s.model_dump(), doctor_id=d, doctor_name=names.get(d, ""),
                      same_fee=s.fee_fen == v.fee_fen)
           for d in {doctor for _, doctor in targets}
           for s in await schedule.doctor_sessions(db, clock, d)
           if s.id in allowed and s.free_slots > 0]
    await db.commit()
    return sorted(out, key=lambda o: (not o.same_fee, o.starts_at, str(o.id)))


async def move(db: AsyncSession, clock: Clock, actor: Actor, visit_id: uuid.UUID,
               data: MoveIn) -> VisitOut:
    """After 停诊: the visit takes a slot of another session of the same doctor or department
    (one conditional UPDATE holds it, so two patients after the last slot cannot both win),
    keeping its payment; a session at another fee is refused (fee-differs: take the refund and
    book it instead)."""
    v, _ = await engine.step(db, clock, actor, VISIT_KIND, visit_id, "move",
                             detail={"to_session": str(data.session_id)})
    target = await schedule.get_session(db, data.session_id)
    about = (CASE, v.id, v.answering_org_id)
    if target.id == v.session_id:
        raise ValidationFailed.field("session_id", "is the stopped session")
    if target.organisation_id != v.answering_org_id or (
            target.doctor_id != v.doctor_id and target.department_id != v.department_id):
        raise _refuse("move to a session of the same doctor or department",
                      "not-same-doctor-or-department", "只能改约同一医生或同一科室的出诊",
                      "Only the same doctor or department").about(*about)
    if target.fee_fen != v.fee_fen:
        raise Conflict(f"the session's fee is {target.fee_fen} fen, {v.fee_fen} were paid: "
                       "take the refund and book it instead", code="fee-differs",
                       title_zh="该出诊诊查费不同，请申请退款后重新预约",
                       title_en="Different fee: take the refund and book it instead",
                       fee_fen=target.fee_fen, paid_fen=v.fee_fen)
    if await _active_in_session(db, v.patient_id, target.id):
        raise _refuse("the patient already has a visit in this session", "already-booked",
                      "该患者在本次出诊已有预约", "Already booked in this session")
    hold = await _hold(db, clock, target.id, data.slot_id, v.id, clock.now() + HOLD)
    booked = await schedule.confirm_slot(db, hold.slot_id, v.id)
    assert booked  # held in this transaction
    v.session_id, v.slot_id, v.slot_starts_at = hold.session_id, hold.slot_id, hold.starts_at
    v.doctor_id, v.department_id, v.mode = hold.doctor_id, hold.department_id, hold.mode
    v.choose_by, v.checked_in_at, v.called_at, v.queue_at = None, None, None, None
    v.missed_count, v.first_reply_due = 0, None
    v.complete_due = as_utc(hold.ends_at) + timedelta(hours=48)
    await conversations.open_for_case(
        db, clock, actor, case_type=CASE, case_id=v.id, title=CASE,
        subject_org_id=v.answering_org_id, patient_id=v.patient_id,
        participants=await _participants(db, v, hold.doctor_id), case_number=v.number)
    time = local_time(hold.starts_at)
    await engine.tell(db, clock, VISIT_KIND, v, "moved", await patient_side_people(db, v),
                      actor, time=time)
    await engine.tell(db, clock, VISIT_KIND, v, "new_booking", [v.doctor_id], time=time)
    return await _done(db, clock, actor, v)


async def add_material(db: AsyncSession, clock: Clock, actor: Actor, visit_id: uuid.UUID,
                       file_id: uuid.UUID) -> VisitOut:
    v = await engine.add_material(db, clock, actor, VISIT_KIND, visit_id, file_id)
    return await _done(db, clock, actor, v)


# ---------------------------------------------------------------- the doctor


async def _doctor_step(db: AsyncSession, clock: Clock, actor: Actor, visit_id: uuid.UUID,
                       action: str, *, note: str | None = None, step_up: bool = False
                       ) -> ClinicVisit:
    v, _ = await engine.step(db, clock, actor, VISIT_KIND, visit_id, action, note=note)
    if step_up:
        await identity.require_step_up(db, clock, actor, STEP_UP_SECONDS,
                                       about=(CASE, v.id, v.answering_org_id))
    return v


async def _session_of_doctor(db: AsyncSession, clock: Clock, actor: Actor,
                             session_id: uuid.UUID) -> ClinicSession:
    """The session, for its doctor (after 替诊 the substitute) only, really-name verified."""
    session = await schedule.get_session(db, session_id)
    if (actor.user_id != session.doctor_id or actor.role not in DOCTOR_ROLES
            or not actor.clinically_verified):
        raise Forbidden("only the session's doctor calls its patients", code="not-your-step",
                        title_zh="您无权执行这一步", title_en="This step is not yours to take"
                        ).about("clinic_session", session.id, session.organisation_id)
    return session


async def call_next(db: AsyncSession, clock: Clock, actor: Actor, session_id: uuid.UUID
                    ) -> VisitOut:
    """The doctor calls the first waiting patient of the session."""
    session = await _session_of_doctor(db, clock, actor, session_id)
    await identity.require_step_up(db, clock, actor, STEP_UP_SECONDS,
                                   about=("clinic_session", session.id, session.organisation_id))
    first = (await db.execute(
        select(ClinicVisit.id).where(ClinicVisit.session_id == session.id,
                                     ClinicVisit.state == State.waiting)
        .order_by(ClinicVisit.missed_count, ClinicVisit.queue_at, ClinicVisit.id).limit(1)
    )).scalar()
    if first is None:
        raise _refuse("nobody is waiting", "queue-empty", "当前没有候诊患者", "Nobody is waiting")
    v = await _doctor_step(db, clock, actor, first, "call")
    v.called_at = clock.now()
    await engine.tell(db, clock, VISIT_KIND, v, "called", await patient_side_people(db, v),
                      actor)
    await _push_queue(db, clock, v.session_id)
    return await _done(db, clock, actor, v)


async def miss(db: AsyncSession, clock: Clock, actor: Actor, visit_id: uuid.UUID) -> VisitOut:
    """The called patient did not answer: back in the queue behind the others once; the
    second time the visit ends (no refund: the time was kept for them)."""
    current = await engine.load(db, VISIT_KIND, visit_id)
    action = "miss" if current.missed_count == 0 else "no_show"
    v = await _doctor_step(db, clock, actor, visit_id, action)
    v.missed_count += 1
    if action == "miss":
        v.queue_at = clock.now()
        await engine.tell(db, clock, VISIT_KIND, v, "missed", await patient_side_people(db, v),
                          actor)
    else:
        v.closed_at, v.outcome = clock.now(), "no_show"
        await schedule.release_slot(db, v.slot_id, v.id)
        await conversations.close_for_case(db, clock, actor, case_type=CASE, case_id=v.id)
        await engine.tell(db, clock, VISIT_KIND, v, "no_show", await patient_side_people(db, v),
                          actor)
    await _push_queue(db, clock, v.session_id)
    return await _done(db, clock, actor, v)


async def start(db: AsyncSession, clock: Clock, actor: Actor, visit_id: uuid.UUID) -> VisitOut:
    """The doctor starts, having confirmed the patient is eligible for an online follow-up."""
    v = await _doctor_step(db, clock, actor, visit_id, "start", step_up=True)
    v.started_at, v.started_by = clock.now(), actor.user_id
    await engine.tell(db, clock, VISIT_KIND, v, "started", await patient_side_people(db, v),
                      actor)
    return await _done(db, clock, actor, v)


async def not_eligible(db: AsyncSession, clock: Clock, actor: Actor, visit_id: uuid.UUID,
                       reason: str) -> VisitOut:
    """首诊, a new problem, or an examination needed: the fee back in full, the patient
    pointed to an offline booking or a referral."""
    v = await _end_by_doctor(db, clock, actor, visit_id, "not_eligible", reason, refund=True)
    return await _done(db, clock, actor, v)


async def refer_offline(db: AsyncSession, clock: Clock, actor: Actor, visit_id: uuid.UUID,
                        reason: str) -> VisitOut:
    """'Please come in person': the fee back when the visit had not started."""
    v = await _end_by_doctor(db, clock, actor, visit_id, "refer_offline", reason,
                             refund=None, notice="referred_offline")
    return await _done(db, clock, actor, v)


async def _end_by_doctor(db: AsyncSession, clock: Clock, actor: Actor, visit_id: uuid.UUID,
                         action: str, reason: str, *, refund: bool | None,
                         notice: str | None = None) -> ClinicVisit:
    """``refund`` None: in full when the visit had not started (read under the step's lock)."""
    v = await _doctor_step(db, clock, actor, visit_id, action, note=reason)
    await _settle(db, clock, v, actor, action,
                  refund=v.started_at is None if refund is None else refund)
    v.closed_at, v.close_reason, v.outcome = clock.now(), reason, action
    await conversations.close_for_case(db, clock, actor, case_type=CASE, case_id=v.id)
    await engine.tell(db, clock, VISIT_KIND, v, notice or action,
                      await patient_side_people(db, v), actor, reason=reason)
    await _push_queue(db, clock, v.session_id)
    return v


async def finish(db: AsyncSession, clock: Clock, settings: Settings, actor: Actor,
                 visit_id: uuid.UUID, data: OutpatientRecordIn) -> VisitOut:
    """The doctor signs the outpatient record: rendered, signed with the organisation's key,
    filed in the patient's record as an online encounter with its diagnosis proposed."""
    v = await _doctor_step(db, clock, actor, visit_id, "finish")
    now = clock.now()
    v.chief_complaint, v.history, v.examination = (data.chief_complaint, data.history,
                                                   data.examination)
    v.record_icd10, v.record_diagnosis, v.advice = (data.diagnosis_icd10, data.diagnosis_text,
                                                    data.advice)
    v.finished_at, v.outcome = now, "finished"
    org = await alliance.get_organisation(db, v.answering_org_id)
    doc = await documents.issue(
        db, clock, settings, actor, kind="outpatient_record", number_prefix="FZBL",
        organisation_id=org.id, organisation_name=org.name, entity_type=CASE, entity_id=v.id,
        patient_id=v.patient_id, title=document.TITLE,
        pdf=document.render(await _record_context(db, clock, v, org.name, now)))
    v.document_id = doc.id
    await patients.file_document(db, clock, actor, v.patient_id,
                                 title=f"{document.TITLE}（{doc.number}）",
                                 kind="outpatient_record", organisation_id=org.id,
                                 source_type="document", source_id=str(doc.id))
    await cases.note_last_step(db, CASE, v.id, "document", number=doc.number)
    await patients.record_encounter(
        db, clock, actor, v.patient_id, patients.EncounterSpec(
            kind="online", organisation_id=org.id, started_at=v.started_at or now, ended_at=now,
            summary=f"{data.diagnosis_icd10} {data.diagnosis_text}", source_type=CASE,
            source_id=str(v.id), case_type=CASE, case_id=str(v.id), case_number=v.number,
            document_id=doc.id),
        patients.Proposal(organisation_id=v.requesting_org_id, problems=[
            {"icd10": data.diagnosis_icd10, "description": data.diagnosis_text,
             "status": "active"}]))
    await conversations.close_for_case(db, clock, actor, case_type=CASE, case_id=v.id)
    await engine.tell(db, clock, VISIT_KIND, v, "finished", await patient_side_people(db, v),
                      actor, document_number=doc.number)
    await _push_queue(db, clock, v.session_id)
    return await _done(db, clock, actor, v)


async def _record_context(db: AsyncSession, clock: Clock, v: ClinicVisit, org_name: str,
                          signed_at: datetime) -> document.RecordContext:
    doctor = v.started_by or v.doctor_id
    people = {doctor, *([v.proxy_doctor_id] if v.proxy_doctor_id else [])}
    names = await identity.display_names(db, people)
    title = (await identity.practitioner_titles(db, {doctor})).get(doctor)
    departments = await alliance.department_names(db, {v.department_id})
    return document.RecordContext(
        organisation=org_name, department=departments.get(v.department_id, ""),
        visit_number=v.number, mode=v.mode, doctor=names.get(doctor, ""),
        doctor_title=identity.TITLE_LABELS[title][0] if title else None,
        proxy_doctor=names.get(v.proxy_doctor_id) if v.proxy_doctor_id else None,
        patient=await patient_on_paper(db, clock, v.patient_id),
        started_at=v.started_at or signed_at, signed_at=signed_at,
        chief_complaint=v.chief_complaint or "", history=v.history or "",
        examination=v.examination or "", diagnosis_icd10=v.record_icd10 or "",
        diagnosis_text=v.record_diagnosis or "", advice=v.advice or "")


@dataclass(frozen=True)
class OpenVisit:
    """A visit as its doctor's prescription reads it (the pharmacy never reads this table)."""

    id: uuid.UUID
    number: str
    patient_id: uuid.UUID
    requesting_org_id: uuid.UUID
    answering_org_id: uuid.UUID
    department_id: uuid.UUID
    proxy_doctor_id: uuid.UUID | None
    consent: ConsentIn


async def visit_in_progress(db: AsyncSession, actor: Actor, visit_id: uuid.UUID) -> OpenVisit:
    """The visit under its lock, for its session's doctor while it is open (就诊中): a
    prescription is written then, in person, never after the visit or by anyone else."""
    v, p = await engine.readable(db, actor, VISIT_KIND, visit_id, lock=True)
    if not session_doctor(actor, p):
        raise Forbidden("only the visit's doctor prescribes in it", code="not-your-visit",
                        title_zh="仅接诊医师可在本次复诊中开具处方",
                        title_en="Only the visit's doctor prescribes").about(
            CASE, v.id, v.answering_org_id)
    if v.state != State.in_visit:
        raise Conflict("a prescription is written while the visit is open",
                       code="visit-not-open", title_zh="仅可在接诊中开具处方",
                       title_en="The visit is not open")
    return OpenVisit(id=v.id, number=v.number, patient_id=v.patient_id,
                     requesting_org_id=v.requesting_org_id,
                     answering_org_id=v.answering_org_id, department_id=v.department_id,
                     proxy_doctor_id=v.proxy_doctor_id, consent=ConsentIn(by=v.consent_by, name=v.consent_name,
                                       relation=v.consent_relation, at=v.consent_at))


async def log_call(db: AsyncSession, clock: Clock, actor: Actor, visit_id: uuid.UUID,
                   data: CallIn) -> VisitOut:
    """A phone visit's call, logged by its doctor while the visit is on."""
    v, p = await engine.readable(db, actor, VISIT_KIND, visit_id, lock=True)
    # Whoever may sign the record, while it can be signed, logs its calls.
    VISIT.check(actor, p, v.state, "finish", now=clock.now(),
                about=(CASE, v.id, v.answering_org_id))
    if v.mode != ClinicMode.phone:
        raise _refuse("calls are logged for phone visits", "not-a-phone-visit",
                      "仅电话问诊可登记通话", "Not a phone visit")
    if data.started_at > clock.now():
        raise ValidationFailed.field("started_at", "is in the future")
    # The doctor phones once the patient was called (or, at the latest, when the visit began).
    called = v.called_at or v.started_at
    if called is not None and data.started_at < called:
        raise ValidationFailed.field("started_at", "is before the patient was called")
    call = VisitCall(visit_id=v.id, started_at=data.started_at, minutes=data.minutes,
                     note=data.note or None, recorded_by=actor.user_id,
                     recorded_at=clock.now())
    db.add(call)
    await db.flush()
    await audit.record(db, clock, actor, f"{CASE}.call_log", entity_type=CASE, entity_id=v.id,
                       subject_org_id=v.answering_org_id,
                       detail={"call": str(call.id), "minutes": data.minutes})
    return await _done(db, clock, actor, v)


# ---------------------------------------------------------------- the queue


async def _queue(db: AsyncSession, session_id: uuid.UUID) -> list[ClinicVisit]:
    """Checked-in visits of the session: the one called, then those waiting by slot time, the
    missed ones after."""
    return list((await db.execute(
        select(ClinicVisit).where(ClinicVisit.session_id == session_id,
                                  ClinicVisit.state.in_(WAITING))
        .order_by((ClinicVisit.state == State.waiting), ClinicVisit.missed_count,
                  ClinicVisit.queue_at, ClinicVisit.id))).scalars())


async def _average_minutes(db: AsyncSession, session_id: uuid.UUID) -> int:
    """The average length of the session's finished visits so far (default 10 minutes)."""
    rows = (await db.execute(select(ClinicVisit.started_at, ClinicVisit.finished_at).where(
        ClinicVisit.session_id == session_id, ClinicVisit.finished_at.is_not(None),
        ClinicVisit.started_at.is_not(None)))).all()
    lengths = [(as_utc(end) - as_utc(begin)).total_seconds() for begin, end in rows
               if begin is not None and end is not None]
    if not lengths:
        return DEFAULT_VISIT_MINUTES
    return max(1, round(sum(lengths) / len(lengths) / 60))


def _positions(queue: list[ClinicVisit]) -> dict[uuid.UUID, int]:
    waiting = [v for v in queue if v.state == State.waiting]
    return {v.id: i + 1 for i, v in enumerate(waiting)}


def _places(queue: list[ClinicVisit], average_minutes: int) -> dict[uuid.UUID, QueuePlace]:
    """Where each waiting visit of the queue stands, from one reading of the queue."""
    in_room = sum(1 for q in queue if q.state == State.called)
    return {visit_id: QueuePlace(position=position, ahead=position - 1 + in_room,
                                 estimated_wait_minutes=(position - 1 + in_room) * average_minutes)
            for visit_id, position in _positions(queue).items()}


async def _place(db: AsyncSession, v: ClinicVisit) -> QueuePlace | None:
    if v.state != State.waiting:
        return None
    places = _places(await _queue(db, v.session_id), await _average_minutes(db, v.session_id))
    return places[v.id]


async def _push_queue(db: AsyncSession, clock: Clock, session_id: uuid.UUID) -> None:
    """Each waiting patient's page hears its new place (and the doctor's, the queue changed)."""
    queue = await _queue(db, session_id)
    session = await schedule.get_session(db, session_id)
    # Read once for the whole queue: per patient it grew with the square of the queue.
    places = _places(queue, await _average_minutes(db, session_id))
    people = await patient_side_of(db, queue)
    for v in queue:
        place = places.get(v.id)
        await events.emit(db, clock, QUEUE_EVENT, entity_type=CASE, entity_id=v.id,
                          payload={"session_id": str(session_id), "state": v.state.value,
                                   "position": place.position if place else None,
                                   "ahead": place.ahead if place else None,
                                   "estimated_wait_minutes":
                                       place.estimated_wait_minutes if place else None},
                          recipients=people[v.id])
    await events.emit(db, clock, QUEUE_EVENT, entity_type="clinic_session",
                      entity_id=session_id, payload={"session_id": str(session_id)},
                      recipients=[session.doctor_id])


async def queue(db: AsyncSession, clock: Clock, actor: Actor, session_id: uuid.UUID
                ) -> QueueOut:
    """The doctor's queue of the session (patients' names: each in their access log)."""
    session = await _session_of_doctor(db, clock, actor, session_id)
    rows = await _queue(db, session.id)
    positions = _positions(rows)
    names = await patients.names(db, {v.patient_id for v in rows})
    await engine.log_listed(db, clock, actor, VISIT_KIND, rows)
    out = QueueOut(session_id=session.id, doctor_id=session.doctor_id,
                   average_minutes=await _average_minutes(db, session.id), items=[
                       QueueItem(visit_id=v.id, number=v.number,
                                 patient_name=names.get(v.patient_id, ""), state=v.state,
                                 slot_starts_at=v.slot_starts_at, checked_in_at=v.checked_in_at,
                                 missed_count=v.missed_count, mode=v.mode,
                                 position=positions.get(v.id)) for v in rows])
    await db.commit()
    return out


def mask_name(name: str) -> str:
    """张三 → 张*, 张小三 → 张*三: enough for a patient to know their line on a screen."""
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


BOARD_ROLES = PROXY_ROLES | {Role.nurse, Role.coordinator, Role.org_admin}


async def board(db: AsyncSession, clock: Clock, actor: Actor, organisation_id: uuid.UUID
                ) -> BoardOut:
    """A village clinic's screen: its own patients waiting in any session, names masked."""
    if actor.role not in BOARD_ROLES or actor.org_id != organisation_id:
        raise Forbidden("the screen of a clinic is for its own staff", code="forbidden")
    rows = list((await db.execute(
        select(ClinicVisit).where(ClinicVisit.requesting_org_id == organisation_id,
                                  ClinicVisit.state.in_(WAITING))
        .order_by(ClinicVisit.slot_starts_at, ClinicVisit.id))).scalars())
    names = await patients.names(db, {v.patient_id for v in rows})
    sessions = {v.session_id: await schedule.get_session(db, v.session_id) for v in rows}
    doctors = await identity.display_names(db, {s.doctor_id for s in sessions.values()})
    positions: dict[uuid.UUID, int] = {}
    for session_id in sessions:
        positions |= _positions(await _queue(db, session_id))
    return BoardOut(organisation_id=organisation_id, items=[
        BoardItem(number=v.number, patient=mask_name(names.get(v.patient_id, "")),
                  state=v.state, position=positions.get(v.id),
                  doctor_name=doctors.get(sessions[v.session_id].doctor_id, ""),
                  slot_starts_at=v.slot_starts_at) for v in rows])


# ---------------------------------------------------------------- reading


async def _done(db: AsyncSession, clock: Clock, actor: Actor, v: ClinicVisit) -> VisitOut:
    await db.commit()
    return await get(db, clock, actor, v.id)


async def _summaries(db: AsyncSession, clock: Clock, rows: list[ClinicVisit],
                     late: set[uuid.UUID]) -> list[dict[str, Any]]:
    fields = await engine.summary_fields(db, clock, VISIT_KIND, rows, late)
    doctors = await identity.display_names(db, {v.doctor_id for v in rows})
    return [{**f, "session_id": v.session_id, "slot_starts_at": v.slot_starts_at,
             "doctor_id": v.doctor_id, "doctor_name": doctors.get(v.doctor_id, ""),
             "mode": v.mode, "fee_fen": v.fee_fen} for f, v in zip(fields, rows, strict=True)]


async def _calls(db: AsyncSession, v: ClinicVisit) -> list[CallOut]:
    rows = list((await db.execute(select(VisitCall).where(VisitCall.visit_id == v.id)
                                  .order_by(VisitCall.started_at, VisitCall.id))).scalars())
    if not rows:
        return []
    patient = await patients.find_patient(db, v.patient_id)
    phone = patients.mask_phone(patient.phone if patient else None)
    names = await identity.display_names(db, {c.recorded_by for c in rows})
    return [CallOut(id=c.id, started_at=c.started_at, minutes=c.minutes, note=c.note,
                    phone=phone, recorded_by_name=names.get(c.recorded_by, ""))
            for c in rows]


async def get(db: AsyncSession, clock: Clock, actor: Actor, visit_id: uuid.UUID) -> VisitOut:
    v, p = await engine.read(db, clock, actor, VISIT_KIND, visit_id)
    [fields] = await _summaries(db, clock, [v], set())
    record = None if v.record_icd10 is None else OutpatientRecordOut(
        chief_complaint=v.chief_complaint or "", history=v.history or "",
        examination=v.examination or "", diagnosis_icd10=v.record_icd10,
        diagnosis_text=v.record_diagnosis or "", advice=v.advice or "")
    starter = (await identity.display_names(db, {v.started_by})).get(v.started_by) \
        if v.started_by else None
    detail = await engine.detail_fields(db, clock, actor, VISIT_KIND, v, p)
    out = VisitOut(
        **fields, **detail,
        slot_id=v.slot_id, department_id=v.department_id, order_id=v.order_id,
        hold_until=v.hold_until, booked_at=v.booked_at, proxy_doctor_id=v.proxy_doctor_id,
        proof_kind=v.proof_kind, proof_problem_id=v.proof_problem_id,
        proof_file_ids=[uuid.UUID(f) for f in v.proof_file_ids],
        checked_in_at=v.checked_in_at, called_at=v.called_at, missed_count=v.missed_count,
        started_at=v.started_at, started_by=v.started_by, started_by_name=starter,
        finished_at=v.finished_at, outcome=v.outcome, first_reply_due=v.first_reply_due,
        first_reply_at=v.first_reply_at, refunded_fen=v.refunded_fen, choose_by=v.choose_by,
        record=record,
        document_id=v.document_id, queue=await _place(db, v), calls=await _calls(db, v))
    await db.commit()  # the access log's entry
    return out


async def list_visits(db: AsyncSession, clock: Clock, actor: Actor, *, state: State | None,
                      session_id: uuid.UUID | None, patient_id: uuid.UUID | None,
                      sort: str, cursor: str | None, limit: int) -> Page[VisitSummary]:
    rows, late, next_cursor = await engine.page(
        db, clock, actor, VISIT_KIND, state=state, patient_id=patient_id, sort=sort,
        cursor=cursor, limit=limit, filters={"session_id": session_id})
    if actor.is_staff:
        await engine.log_listed(db, clock, actor, VISIT_KIND, rows)
    items = [VisitSummary(**f) for f in await _summaries(db, clock, rows, late)]
    await db.commit()
    return Page(items=items, next_cursor=next_cursor)

