"""Two-way referral: requests up and down the alliance, the receiving side's answer, arrival,
treatment and the return to the community, tracked as one loop.

Each step goes through the case engine (``engine.step``: the referral under its row lock,
scope before state, the transition table's 422 / 409 / audited 403 and its guards), so of two
people accepting the same referral at once exactly one succeeds and the other is told it is
no longer waiting. A refusal leaves nothing changed.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from yilian.alliance import service as alliance
from yilian.alliance.service import LEVEL_RANK, AgreementService
from yilian.cases import engine, sla
from yilian.cases import service as cases
from yilian.cases.service import local_time
from yilian.consultation import reading as consultations
from yilian.core.authz import Actor
from yilian.core.clock import SHANGHAI, Clock, as_utc
from yilian.core.errors import Conflict, NotFound, ValidationFailed
from yilian.core.pagination import Page
from yilian.documents import service as documents
from yilian.identity import service as identity
from yilian.messaging.conversations import service as conversations
from yilian.patients import service as patients
from yilian.referral.kind import REFERRAL, office
from yilian.referral.models import Direction, Referral, Reservation, State
from yilian.referral.schemas import (
    AcceptIn,
    RedirectIn,
    ReferralIn,
    ReferralOut,
    ReferralSummary,
    ReraiseIn,
)
from yilian.referral.workflow import REFERRING_ROLES
from yilian.settings import Settings

CASE = REFERRAL.type
RESERVATION_AHEAD = timedelta(days=90)  # a bed or appointment held further ahead is no answer


# ---------------------------------------------------------------- the request


async def _check_target(db: AsyncSession, clock: Clock, source: Any,
                        target_id: uuid.UUID, direction: Direction, *, green_channel: bool,
                        skip_reason: str | None, field: str = "target_org_id") -> Any:
    """Up goes above, level by level unless an emergency or a stated reason; down goes below;
    either needs an agreement covering referral."""
    target = await alliance.find_organisation(db, target_id)
    if target is None or not target.active:
        raise ValidationFailed.field(field, "no such active organisation")
    rank, source_rank = LEVEL_RANK[target.level], LEVEL_RANK[source.level]
    if direction == Direction.up:
        if rank >= source_rank:
            raise ValidationFailed.field(field, "an up-referral goes to a higher level")
        parent = (await alliance.find_organisation(db, source.parent_id) if source.parent_id
                  else None)
        next_rank = LEVEL_RANK[parent.level] if parent else source_rank - 1
        if rank < next_rank and not (green_channel or skip_reason):
            raise ValidationFailed.field(
                "skip_reason", "referral goes level by level (逐级转诊): skipping a level needs "
                "the emergency green channel or a stated reason")
    elif rank <= source_rank:
        raise ValidationFailed.field(field, "a down-referral goes to a lower level")
    await cases.require_agreement(db, clock, source, target, AgreementService.referral,
                                  "referral", "双向转诊")
    return target


async def _check_department(db: AsyncSession, target: Any,
                            department_id: uuid.UUID | None, field: str) -> None:
    if department_id is None:
        return
    d = await alliance.find_department(db, department_id)
    if d is None or not d.active or d.organisation_id != target.id:
        raise ValidationFailed.field(field, "not an active department of the target organisation")


async def _down_from(db: AsyncSession, actor: Actor, data: ReferralIn) -> Referral | None:
    """The up-referral a return closes: treated here, for this patient, not returned yet."""
    if data.up_referral_id is None:
        return None
    up = await db.get(Referral, data.up_referral_id, with_for_update=True)
    if (up is None or up.direction != Direction.up or up.patient_id != data.patient_id
            or up.target_org_id != actor.org_id):
        raise ValidationFailed.field("up_referral_id",
                                     "not an up-referral of this patient to your organisation")
    if up.state != State.treated:
        raise Conflict("the patient can be returned once the treatment is recorded",
                       code="wrong-state", state=up.state.value, allowed_from=["treated"])
    pending = (await db.execute(select(Referral.id).where(
        Referral.up_referral_id == up.id,
        Referral.state.in_([State.requested, State.accepted])))).first()
    if pending:
        raise Conflict("a return is already under way for this referral", code="return-pending")
    return up


async def _issue_form(db: AsyncSession, clock: Clock, settings: Settings, actor: Actor,
                      r: Referral) -> None:
    """The signed referral form (转出) or return summary (回转), filed in the patient's record."""
    from yilian.referral import form_context

    source = await alliance.get_organisation(db, r.source_org_id)
    title = form_context.title(r)
    doc = await documents.issue(
        db, clock, settings, actor, kind=f"referral_{r.direction.value}", number_prefix="ZZD",
        organisation_id=source.id, organisation_name=source.name, entity_type=CASE,
        entity_id=r.id, patient_id=r.patient_id, title=title,
        pdf=await form_context.renderer(db, clock, r))
    r.document_id = doc.id
    await patients.file_document(db, clock, actor, r.patient_id, title=f"{title}（{doc.number}）",
                                 kind=f"referral_{r.direction.value}", organisation_id=source.id,
                                 source_type="document", source_id=str(doc.id))


async def create(db: AsyncSession, clock: Clock, settings: Settings, actor: Actor,
                 data: ReferralIn, *, previous: Referral | None = None) -> ReferralOut:
    r = await _new(db, clock, settings, actor, data, previous=previous)
    await db.commit()
    return await get(db, clock, actor, r.id)


async def _new(db: AsyncSession, clock: Clock, settings: Settings, actor: Actor,
               data: ReferralIn, *, previous: Referral | None) -> Referral:
    assert actor.org_id is not None  # REFER's roles are staff, who act at their grant's org
    source = await alliance.get_organisation(db, actor.org_id)
    up = None
    if data.direction == Direction.down:
        for name in ("green_channel", "skip_reason"):
            if getattr(data, name):
                raise ValidationFailed.field(name, "the green channel and skipping levels are "
                                             "for referrals up")
        if not data.follow_ups:
            raise ValidationFailed.field("follow_ups", "a return names at least one follow-up")
        up = await _down_from(db, actor, data)
    elif data.up_referral_id or data.follow_ups or data.medications or data.follow_up_plan:
        raise ValidationFailed.field("direction", "medications, follow-ups and the referral "
                                     "returned belong to a down-referral")
    patient = (await patients.find_patient(db, data.patient_id) if up is not None
               else await patients.require_in_scope(db, clock, actor, data.patient_id))
    if patient is None:
        raise NotFound("no such patient", code="patient-not-found")
    if data.target_org_id == source.id:
        raise ValidationFailed.field("target_org_id", "a referral goes to another organisation")
    if data.from_consultation_id is not None:
        await consultations.referral_source(db, actor, data.from_consultation_id, patient.id)
    target = await _check_target(db, clock, source, data.target_org_id, data.direction,
                                 green_channel=data.green_channel, skip_reason=data.skip_reason)
    await _check_department(db, target, data.target_department_id, "target_department_id")
    common, first_due = await engine.request(
        db, clock, actor, REFERRAL, data, patient_id=patient.id, answering_org_id=target.id,
        include_record=data.include_record and up is None)
    r = Referral(
        **common, direction=data.direction, state=State.requested, source_org_id=source.id,
        target_org_id=target.id, target_department_id=data.target_department_id,
        green_channel=data.green_channel, skip_reason=data.skip_reason,
        treatment=data.treatment, medications=[m.model_dump() for m in data.medications],
        follow_up_plan=data.follow_up_plan,
        follow_ups=[f.model_dump() for f in data.follow_ups],
        up_referral_id=up.id if up else None, previous_id=previous.id if previous else None,
        from_consultation_id=data.from_consultation_id, consent_file_id=data.consent.file_id,
        first_due=first_due)
    said = {"direction": r.direction.value, "org": target.name}
    if previous is not None:
        said["previous"] = previous.number
    code = ("referral_again_to" if previous else "referral_to") + (
        "_green" if r.green_channel else "")
    await engine.open_case(
        db, clock, actor, REFERRAL, r, action="request", said=(code, said),
        file_ids=[*data.file_ids, *([data.consent.file_id] if data.consent.file_id else [])],
        title=f"referral_{r.direction.value}",
        participants={actor.user_id: "referring_doctor"},
        detail={"direction": r.direction.value, "target": str(target.id),
                "green_channel": r.green_channel})
    await _issue_form(db, clock, settings, actor, r)
    await engine.tell(db, clock, REFERRAL, r, "requested", await office(db, clock, r), actor,
                      org=source.name)
    return r


# ---------------------------------------------------------------- steps


async def _done(db: AsyncSession, clock: Clock, actor: Actor, r: Referral) -> ReferralOut:
    await db.commit()
    return await get(db, clock, actor, r.id)


async def _receivers_in_conversation(db: AsyncSession, clock: Clock, actor: Actor,
                                     r: Referral) -> None:
    # Role codes the client words (conversation.roles).
    members = {r.requested_by: "referring_doctor"}
    if actor.user_id != r.requested_by:
        members[actor.user_id] = "receiver"
    await conversations.set_participants(db, clock, actor, case_type=CASE, case_id=r.id,
                                         participants=members)


async def accept(db: AsyncSession, clock: Clock, actor: Actor, referral_id: uuid.UUID,
                 data: AcceptIn) -> ReferralOut:
    r, _ = await engine.step(db, clock, actor, REFERRAL, referral_id, "accept")
    now = clock.now()
    if r.direction == Direction.up:
        if data.reservation is None:
            raise ValidationFailed.field("reservation", "reserve an appointment or a bed")
        if data.reserved_at is None or data.reserved_at <= now:
            raise ValidationFailed.field("reserved_at", "when the patient should come (future)")
        if data.reserved_at > now + RESERVATION_AHEAD:
            raise ValidationFailed.field("reserved_at",
                                         f"at most {RESERVATION_AHEAD.days} days ahead")
        if not data.reserved_place:
            raise ValidationFailed.field("reserved_place", "where the patient should go")
        r.reservation, r.reserved_at = data.reservation, data.reserved_at
        r.reserved_place, r.reservation_note = data.reserved_place, data.note
        said = ("reserved", {"reservation": data.reservation.value,
                             "time": local_time(r.reserved_at), "place": r.reserved_place})
    else:
        if data.reservation or data.reserved_at or data.reserved_place:
            raise ValidationFailed.field("reservation", "a return reserves nothing")
        r.reservation_note = data.note
        said = ("taken_in", {})
        await _create_follow_ups(db, clock, actor, r)
        await _file_return(db, clock, actor, r)
        if r.up_referral_id:
            await _close_loop(db, clock, actor, r)
    r.answered_by, r.answered_at = actor.user_id, now
    await cases.note_last_step(db, CASE, r.id, said[0], **said[1])
    await _receivers_in_conversation(db, clock, actor, r)
    await engine.tell(db, clock, REFERRAL, r, "accepted", [r.requested_by], actor,
                time=r.reserved_at or now, place=r.reserved_place or "")
    if r.direction == Direction.up:
        await engine.tell(db, clock, REFERRAL, r, "go_there", await identity.patient_accounts(db, r.patient_id), actor,
                    time=r.reserved_at, place=r.reserved_place,
                    org=(await alliance.get_organisation(db, r.target_org_id)).name)
    return await _done(db, clock, actor, r)


async def _create_follow_ups(db: AsyncSession, clock: Clock, actor: Actor, r: Referral) -> None:
    from yilian.followup import service as followup

    today = clock.now().astimezone(SHANGHAI).date()
    doctor = actor.user_id if actor.role in REFERRING_ROLES else None
    await followup.create_tasks(
        db, clock, actor, patient_id=r.patient_id, organisation_id=r.target_org_id,
        assignee_id=doctor, source_type=CASE, source_id=str(r.id),
        tasks=[followup.TaskSpec(title=f["title"], due_on=today + timedelta(days=f["days"]),
                                 detail=f.get("detail")) for f in r.follow_ups])


async def _file_return(db: AsyncSession, clock: Clock, actor: Actor, down: Referral) -> None:
    """The stay the return ends, in the patient's record (admission to discharge, the return
    summary signed), with its discharge list and diagnosis for the receiving clinic to
    reconcile: the list is the whole regimen, and a working diagnosis the stay replaced is
    proposed resolved."""
    up = await _linked(db, down.up_referral_id) if down.up_referral_id else None
    stay = up if up is not None and up.arrived_at is not None else None
    problems = [{"icd10": down.diagnosis_icd10, "description": down.diagnosis_text,
                 "status": "active"}]
    if up is not None and up.diagnosis_icd10 != down.diagnosis_icd10:
        problems.append({"icd10": up.diagnosis_icd10, "description": up.diagnosis_text,
                         "status": "resolved"})
    await patients.record_encounter(
        db, clock, actor, down.patient_id, patients.EncounterSpec(
            kind="outpatient" if stay and stay.reservation == Reservation.appointment
            else "inpatient",
            organisation_id=down.source_org_id,
            started_at=stay.arrived_at if stay and stay.arrived_at else down.requested_at,
            ended_at=stay.treated_at if stay else None, summary=down.summary,
            source_type=CASE, source_id=str(down.id), case_type=CASE, case_id=str(down.id),
            case_number=down.number, document_id=down.document_id),
        patients.Proposal(organisation_id=down.target_org_id, medications=down.medications,
                          complete=True, problems=problems))


async def _close_loop(db: AsyncSession, clock: Clock, actor: Actor, down: Referral) -> None:
    """The patient is back in the community: the platform closes the up-referral the return
    names."""
    assert down.up_referral_id is not None  # called only for a return that names one
    up = await engine.load(db, REFERRAL, down.up_referral_id, lock=True)
    if up.state != State.treated:
        return
    await engine.platform_step(db, clock, REFERRAL, up, "return",
                               said=("returned_by", {"number": down.number}),
                               detail={"down": str(down.id)})
    up.returned_at = up.closed_at = clock.now()
    await engine.tell(db, clock, REFERRAL, up, "returned", [up.requested_by], actor)


async def reject(db: AsyncSession, clock: Clock, actor: Actor, referral_id: uuid.UUID,
                 reason: str) -> ReferralOut:
    r, _ = await engine.step(db, clock, actor, REFERRAL, referral_id, "reject", note=reason)
    r.answered_by, r.answered_at = actor.user_id, clock.now()
    r.closed_at, r.close_reason = clock.now(), reason
    await engine.tell(db, clock, REFERRAL, r, "rejected", [r.requested_by], actor, reason=reason)
    return await _done(db, clock, actor, r)


async def redirect(db: AsyncSession, clock: Clock, actor: Actor, referral_id: uuid.UUID,
                   data: RedirectIn) -> ReferralOut:
    r, _ = await engine.step(db, clock, actor, REFERRAL, referral_id, "redirect", note=data.reason)
    if data.target_org_id is None and data.target_department_id is None:
        raise ValidationFailed.field("target_org_id", "name another department or organisation")
    source = await alliance.get_organisation(db, r.source_org_id)
    target = await alliance.get_organisation(db, r.target_org_id)
    if data.target_org_id is not None and data.target_org_id != r.target_org_id:
        target = await _check_target(db, clock, source, data.target_org_id, r.direction,
                                     green_channel=r.green_channel,
                                     skip_reason=r.skip_reason or data.reason)
        r.target_org_id = target.id
        first_due, complete_due = sla.deadlines(
            await sla.limits(db, target.id, CASE, r.urgency), clock.now())
        r.first_due, r.complete_due = first_due, complete_due
        r.first_escalated_at = r.complete_escalated_at = None
    await _check_department(db, target, data.target_department_id, "target_department_id")
    r.target_department_id = data.target_department_id
    await cases.note_last_step(db, CASE, r.id, "redirected_to", org=target.name)
    await engine.tell(db, clock, REFERRAL, r, "requested", await office(db, clock, r), actor,
                      org=source.name)
    await engine.tell(db, clock, REFERRAL, r, "redirected", [r.requested_by], actor, org=target.name,
                reason=data.reason)
    return await _done(db, clock, actor, r)


async def reraise(db: AsyncSession, clock: Clock, settings: Settings, actor: Actor,
                  referral_id: uuid.UUID, data: ReraiseIn) -> ReferralOut:
    """A rejected referral goes out again as a copy (new number, same request, its history
    linked), to the same or another organisation."""
    old, _ = await engine.step(db, clock, actor, REFERRAL, referral_id, "reraise", note=data.note)
    old.closed_at = old.closed_at or clock.now()
    copy = ReferralIn(
        direction=old.direction, urgency=old.urgency, patient_id=old.patient_id,
        target_org_id=data.target_org_id or old.target_org_id,
        target_department_id=(data.target_department_id if data.target_org_id
                              else data.target_department_id or old.target_department_id),
        green_channel=old.green_channel if data.green_channel is None else data.green_channel,
        skip_reason=data.skip_reason or old.skip_reason, reason=old.reason,
        diagnosis_icd10=old.diagnosis_icd10, diagnosis_text=old.diagnosis_text,
        summary=old.summary, treatment=old.treatment,
        consent={"by": old.consent_by, "name": old.consent_name,
                 "relation": old.consent_relation, "at": as_utc(old.consent_at)},
        include_record=old.record_snapshot is not None,
        medications=old.medications, follow_up_plan=old.follow_up_plan,
        follow_ups=old.follow_ups, up_referral_id=old.up_referral_id)
    new = await _new(db, clock, settings, actor, copy, previous=old)
    # Attached to the original (as the files are) and checked when it was sent.
    new.consent_file_id, new.from_consultation_id = old.consent_file_id, old.from_consultation_id
    # The files stay attached to the original; the copy shows them through its link to it.
    await cases.note_last_step(db, CASE, old.id, "reraised_as", number=new.number)
    await db.commit()
    return await get(db, clock, actor, new.id)


async def cancel(db: AsyncSession, clock: Clock, actor: Actor, referral_id: uuid.UUID,
                 reason: str) -> ReferralOut:
    r, _ = await engine.step(db, clock, actor, REFERRAL, referral_id, "cancel", note=reason)
    r.closed_at, r.close_reason = clock.now(), reason
    await conversations.close_for_case(db, clock, actor, case_type=CASE, case_id=r.id)
    await engine.tell(db, clock, REFERRAL, r, "cancelled", await office(db, clock, r), actor, reason=reason)
    return await _done(db, clock, actor, r)


async def arrive(db: AsyncSession, clock: Clock, actor: Actor, referral_id: uuid.UUID
                 ) -> ReferralOut:
    r, _ = await engine.step(db, clock, actor, REFERRAL, referral_id, "arrive")
    r.arrived_at = clock.now()
    await engine.tell(db, clock, REFERRAL, r, "arrived", [r.requested_by], actor)
    return await _done(db, clock, actor, r)


async def no_show(db: AsyncSession, clock: Clock, actor: Actor, referral_id: uuid.UUID
                  ) -> ReferralOut:
    r, _ = await engine.step(db, clock, actor, REFERRAL, referral_id, "no_show")
    await engine.tell(db, clock, REFERRAL, r, "no_show", [r.requested_by], actor)
    return await _done(db, clock, actor, r)


async def treat(db: AsyncSession, clock: Clock, actor: Actor, referral_id: uuid.UUID,
                outcome: str) -> ReferralOut:
    r, _ = await engine.step(db, clock, actor, REFERRAL, referral_id, "treat", note=outcome)
    r.treated_at, r.outcome = clock.now(), outcome
    await engine.tell(db, clock, REFERRAL, r, "treated", [r.requested_by], actor)
    return await _done(db, clock, actor, r)


async def add_material(db: AsyncSession, clock: Clock, actor: Actor, referral_id: uuid.UUID,
                       file_id: uuid.UUID) -> ReferralOut:
    r = await engine.add_material(db, clock, actor, REFERRAL, referral_id, file_id)
    return await _done(db, clock, actor, r)


# ---------------------------------------------------------------- reading


async def _summaries(db: AsyncSession, clock: Clock, rows: list[Referral],
                     late: set[uuid.UUID]) -> list[ReferralSummary]:
    depts = await alliance.department_names(db, {r.target_department_id for r in rows
                                                 if r.target_department_id})
    common = await engine.summary_fields(db, clock, REFERRAL, rows, late)
    return [ReferralSummary(
        **fields, direction=r.direction, green_channel=r.green_channel,
        target_department_id=r.target_department_id,
        target_department_name=depts.get(r.target_department_id) if r.target_department_id
        else None,
        reservation=r.reservation, reserved_at=r.reserved_at, first_due=r.first_due)
        for r, fields in zip(rows, common, strict=True)]


async def list_referrals(
    db: AsyncSession, clock: Clock, actor: Actor, *, direction: Direction | None = None,
    state: State | None = None, side: str | None = None, only_overdue: bool = False,
    urgency: str | None = None, patient_id: uuid.UUID | None = None, sort: str = "newest",
    cursor: str | None = None, limit: int = 20,
) -> Page[ReferralSummary]:
    rows, late, next_cursor = await engine.page(
        db, clock, actor, REFERRAL, state=state, urgency=urgency, patient_id=patient_id,
        only_overdue=only_overdue, sort=sort, cursor=cursor, limit=limit,
        filters={"direction": direction, "side": side})
    return Page(items=await _summaries(db, clock, rows, late), next_cursor=next_cursor)


async def _linked(db: AsyncSession, referral_id: uuid.UUID) -> Referral:
    """A referral another names (``up_referral_id``, ``previous_id``: foreign keys)."""
    r = await db.get(Referral, referral_id)
    assert r is not None
    return r


async def _loop(db: AsyncSession, r: Referral) -> list[Referral]:
    """The referrals of one loop in order: the re-raised originals, the up-referral, and the
    returns that close it."""
    head = r if r.up_referral_id is None else await _linked(db, r.up_referral_id)
    chain = [head]
    while chain[0].previous_id:
        chain.insert(0, await _linked(db, chain[0].previous_id))
    rows = list((await db.execute(select(Referral).where(Referral.up_referral_id == head.id)
                                  .order_by(Referral.requested_at, Referral.id))).scalars())
    return chain + rows


async def get(db: AsyncSession, clock: Clock, actor: Actor, referral_id: uuid.UUID
              ) -> ReferralOut:
    r, p = await engine.read(db, clock, actor, REFERRAL, referral_id)
    late = await engine.overdue_among(db, REFERRAL, [r.id], clock.now())
    summary = (await _summaries(db, clock, [r], late))[0]
    loop = await _loop(db, r)
    timeline = []
    for member in loop:
        steps = await cases.timeline(db, CASE, member.id)
        if member.id != r.id:
            for s in steps:
                s.number = member.number
        timeline += steps
    # In time order across the loop (steps at the same moment keep the loop's order); the
    # loop's closing step last, as it follows from the return's acceptance.
    timeline.sort(key=lambda s: (s.action == "return", s.at))
    numbers = {m.id: m.number for m in loop}
    down = next((m for m in loop if m.up_referral_id == r.id), None)
    nxt = next((m for m in loop if m.previous_id == r.id), None)
    people = await identity.display_names(db, {r.answered_by} if r.answered_by else set())
    docs = await documents.numbers(db, {r.document_id} if r.document_id else set())
    where = await alliance.reception(db, r.target_org_id, r.target_department_id)
    out = ReferralOut(
        **summary.model_dump(),
        # A re-raised copy shows the files of the original it copies.
        **await engine.detail_fields(db, clock, actor, REFERRAL, r, p, steps=timeline,
                                     files_of=[m.id for m in loop
                                               if m.id in (r.id, r.previous_id)]),
        treatment=r.treatment, skip_reason=r.skip_reason,
        medications=r.medications, follow_up_plan=r.follow_up_plan, follow_ups=r.follow_ups,
        up_referral_id=r.up_referral_id,
        up_referral_number=numbers.get(r.up_referral_id) if r.up_referral_id else None,
        from_consultation_id=r.from_consultation_id, consent_file_id=r.consent_file_id,
        from_consultation_number=(await consultations.number_of(db, r.from_consultation_id)
                                  if r.from_consultation_id else None),
        down_referral_id=down.id if down else None, previous_id=r.previous_id,
        previous_number=numbers.get(r.previous_id) if r.previous_id else None,
        next_id=nxt.id if nxt else None,
        answered_by_name=people.get(r.answered_by) if r.answered_by else None,
        answered_at=r.answered_at, target_phone=where.phone, target_address=where.address,
        target_department_location=where.location, reserved_place=r.reserved_place,
        reservation_note=r.reservation_note, arrived_at=r.arrived_at, treated_at=r.treated_at,
        outcome=r.outcome, returned_at=r.returned_at, document_id=r.document_id,
        document_number=docs.get(r.document_id) if r.document_id else None,
    )
    await db.commit()  # the access log's entry
    return out


async def departments(db: AsyncSession, actor: Actor, referral_id: uuid.UUID
                      ) -> list[dict[str, Any]]:
    r, _ = await engine.readable(db, actor, REFERRAL, referral_id)
    return [{"id": d.id, "name": d.name, "name_en": d.name_en}
            for d in await alliance.departments_of(db, r.target_org_id)]


async def targets(db: AsyncSession, clock: Clock, actor: Actor, direction: Direction
                  ) -> list[dict[str, Any]]:
    """Where the caller's organisation may refer to: covered by an agreement, above (up) or
    below (down); for up, whether it is the next level or skips one."""
    assert actor.org_id is not None  # REFER's roles are staff, who act at their grant's org
    source = await alliance.get_organisation(db, actor.org_id)
    parent = await alliance.find_organisation(db, source.parent_id) if source.parent_id else None
    next_rank = LEVEL_RANK[parent.level] if parent else LEVEL_RANK[source.level] - 1
    today: date = clock.now().astimezone(SHANGHAI).date()
    out = []
    for org in await alliance.active_organisations(db):
        if org.id == source.id:
            continue
        rank = LEVEL_RANK[org.level]
        if (direction == Direction.up) != (rank < LEVEL_RANK[source.level]):
            continue
        if not await alliance.agreement_covers(db, source.id, org.id, AgreementService.referral,
                                               today):
            continue
        out.append({"organisation_id": org.id, "name": org.name, "level": org.level.value,
                    "next_level": direction == Direction.down or rank == next_rank})
    return out
