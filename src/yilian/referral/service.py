"""Two-way referral: requests up and down the alliance, the receiving side's answer, arrival,
treatment and the return to the community, tracked as one loop.

Each step loads the referral under a row lock and goes through cases.advance (the transition
table's 422 / 409 / audited 403), so of two people accepting the same referral at once exactly
one succeeds and the other is told it is no longer waiting. A refusal leaves nothing changed.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, false, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from yilian.alliance import service as alliance
from yilian.alliance.models import (
    LEVEL_RANK,
    AgreementService,
    Department,
    Organisation,
    OrgLevel,
)
from yilian.cases import service as cases
from yilian.cases import sla
from yilian.core import audit, events
from yilian.core.authz import Actor, Role
from yilian.core.clock import SHANGHAI, Clock, as_utc
from yilian.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from yilian.core.pagination import Page, paginate
from yilian.core.workflow import Workflow
from yilian.files import service as files
from yilian.identity import service as identity
from yilian.identity.models import PatientLink
from yilian.messaging.conversations import service as conversations
from yilian.messaging.notifications import service as notifications
from yilian.patients import service as patients
from yilian.patients.models import Patient
from yilian.referral import notices
from yilian.referral.models import Direction, Referral, Reservation, State
from yilian.referral.schemas import (
    AcceptIn,
    ActionOut,
    AttachmentOut,
    RedirectIn,
    ReferralIn,
    ReferralOut,
    ReferralSummary,
    ReraiseIn,
)
from yilian.referral.workflow import (
    ARRIVAL_ROLES,
    DOWN,
    REFERRING_ROLES,
    UP,
    Parties,
    referring_side,
)
from yilian.settings import Settings

CASE = "referral"
NUMBER_PREFIX = "ZZ"
OPEN_STATES = frozenset({State.requested, State.accepted, State.arrived, State.no_show,
                         State.treated})
OVERSEERS = frozenset({Role.coordinator, Role.org_admin})
# A patient who has not come this long after the reserved time is flagged as not arrived.
NO_SHOW_GRACE = timedelta(hours=4)
RESERVATION_AHEAD = timedelta(days=90)  # a bed or appointment held further ahead is no answer
DIRECTION_ZH = {Direction.up: "上转", Direction.down: "下转"}


def flow(direction: Direction) -> Workflow[State]:
    return UP if direction == Direction.up else DOWN


# ---------------------------------------------------------------- loading and reading rules


async def _load(db: AsyncSession, referral_id: uuid.UUID, *, lock: bool = False) -> Referral:
    stmt = select(Referral).where(Referral.id == referral_id)
    if lock:
        stmt = stmt.with_for_update()
    r = (await db.execute(stmt)).scalar_one_or_none()
    if r is None:
        raise NotFound("no such referral", code="referral-not-found")
    return r


async def _parties(db: AsyncSession, r: Referral) -> Parties:
    heads = await alliance.department_heads(
        db, {r.target_department_id} if r.target_department_id else set())
    target = await alliance.get_organisation(db, r.target_org_id)
    return Parties(case=r, department_head=heads.get(r.target_department_id),
                   clinic=LEVEL_RANK[target.level] >= LEVEL_RANK[OrgLevel.town])


async def _own_parties(db: AsyncSession, actor: Actor, r: Referral) -> bool:
    """The patient, the doctors and ward of either end, and the offices overseeing them."""
    if actor.role == Role.patient:
        return r.patient_id in actor.patient_ids
    if actor.role in REFERRING_ROLES and actor.org_id == r.source_org_id:
        return True
    if actor.role in ARRIVAL_ROLES and actor.org_id == r.target_org_id:
        return True
    if actor.role in OVERSEERS:
        for org_id in (r.source_org_id, r.target_org_id):
            if actor.covers((await alliance.get_organisation(db, org_id)).path):
                return True
    return False


async def _may_read(db: AsyncSession, actor: Actor, r: Referral) -> bool:
    """Its own parties, and those of the referral it is linked with in the same loop (the
    village doctor follows the patient through the county's return, and back)."""
    if await _own_parties(db, actor, r):
        return True
    linked = [r.up_referral_id, r.previous_id] if r.up_referral_id or r.previous_id else []
    linked += list((await db.execute(select(Referral.id).where(or_(
        Referral.up_referral_id == r.id, Referral.previous_id == r.id)))).scalars())
    for other_id in filter(None, linked):
        other = await db.get(Referral, other_id)
        if other is not None and await _own_parties(db, actor, other):
            return True
    return False


async def _readable(db: AsyncSession, actor: Actor, referral_id: uuid.UUID) -> Referral:
    r = await _load(db, referral_id)
    if not await _may_read(db, actor, r):
        raise Forbidden("this referral is not shared with you").about(CASE, r.id, r.source_org_id)
    return r


async def relationship(db: AsyncSession, actor: Actor, patient_id: uuid.UUID) -> str | None:
    """The number of a referral of the patient that ``actor`` takes part in for the referring
    or the receiving organisation: a reason to read the patient's record."""
    return (await db.execute(
        select(Referral.number).where(
            Referral.patient_id == patient_id, _visible_to(actor),
            or_(Referral.source_org_id == actor.org_id, Referral.target_org_id == actor.org_id))
        .order_by(Referral.number.desc()).limit(1))).scalar()


def _visible_to(actor: Actor):
    """The SQL form of :func:`_own_parties`, for lists."""
    if actor.role == Role.patient:
        return Referral.patient_id.in_(actor.patient_ids) if actor.patient_ids else false()
    clauses = []
    if actor.role in REFERRING_ROLES:
        clauses.append(Referral.source_org_id == actor.org_id)
    if actor.role in ARRIVAL_ROLES:
        clauses.append(Referral.target_org_id == actor.org_id)
    if actor.role in OVERSEERS:
        under = alliance.ids_under(actor.org_path or "-")
        clauses += [Referral.source_org_id.in_(under), Referral.target_org_id.in_(under)]
    return or_(*clauses) if clauses else false()


def overdue(r: Referral, now: datetime) -> bool:
    """Waiting for an answer past the first limit, or (up) not arrived / (down) not taken in
    past the second."""
    if r.state == State.requested:
        return now > as_utc(r.first_due) or now > as_utc(r.complete_due)
    if r.direction == Direction.up and r.state in (State.accepted, State.no_show):
        return now > as_utc(r.complete_due)
    return False


def _overdue_clause(now: datetime):
    return or_(
        and_(Referral.state == State.requested,
             or_(Referral.first_due < now, Referral.complete_due < now)),
        and_(Referral.direction == Direction.up,
             Referral.state.in_([State.accepted, State.no_show]), Referral.complete_due < now),
    )


# ---------------------------------------------------------------- telling people


async def _office(db: AsyncSession, clock: Clock, r: Referral) -> list[uuid.UUID]:
    """Who receives at the target: the named department's head and the coordinators, or (a
    clinic without either) its doctors."""
    p = await _parties(db, r)
    people = [h.user_id for h in await identity.holders(db, clock, r.target_org_id,
                                                         {Role.coordinator})]
    if p.department_head:
        people.append(p.department_head)
    if not people:
        people = [h.user_id for h in await identity.holders(
            db, clock, r.target_org_id, {Role.grassroots_doctor, Role.family_doctor})]
    return people


async def _patient_accounts(db: AsyncSession, patient_id: uuid.UUID) -> list[uuid.UUID]:
    return list((await db.execute(select(PatientLink.user_id).where(
        PatientLink.patient_id == patient_id))).scalars())


async def _tell(db: AsyncSession, clock: Clock, r: Referral, name: str,
                user_ids: Iterable[uuid.UUID | None], actor: Actor | None, **params: Any) -> None:
    people = {u for u in user_ids if u is not None and (actor is None or u != actor.user_id)}
    values = {"case_number": r.number, **params}
    if "reason" in values:
        values["reason"] = str(values["reason"])[:200]
    if people:
        await notifications.notify(
            db, clock, user_ids=people, template=notices.template_key(name),
            params={k: values[k] for k in notices.params_of(name)},
            entity_type=CASE, entity_id=r.id, link=f"/referrals/{r.id}")
    followers = {r.requested_by, *await _office(db, clock, r)}
    await events.emit(db, clock, f"referral.{name}", entity_type=CASE, entity_id=r.id,
                      payload={"state": r.state.value, "number": r.number},
                      recipients=followers | people)


# ---------------------------------------------------------------- the request


async def _check_target(db: AsyncSession, clock: Clock, source: Organisation,
                        target_id: uuid.UUID, direction: Direction, *, green_channel: bool,
                        skip_reason: str | None, field: str = "target_org_id") -> Organisation:
    """Up goes above, level by level unless an emergency or a stated reason; down goes below;
    either needs an agreement covering referral."""
    target = await db.get(Organisation, target_id)
    if target is None or not target.active:
        raise ValidationFailed.field(field, "no such active organisation")
    rank, source_rank = LEVEL_RANK[target.level], LEVEL_RANK[source.level]
    if direction == Direction.up:
        if rank >= source_rank:
            raise ValidationFailed.field(field, "an up-referral goes to a higher level")
        parent = await db.get(Organisation, source.parent_id) if source.parent_id else None
        next_rank = LEVEL_RANK[parent.level] if parent else source_rank - 1
        if rank < next_rank and not (green_channel or skip_reason):
            raise ValidationFailed.field(
                "skip_reason", "referral goes level by level (逐级转诊): skipping a level needs "
                "the emergency green channel or a stated reason")
    elif rank <= source_rank:
        raise ValidationFailed.field(field, "a down-referral goes to a lower level")
    if not await alliance.agreement_covers(db, source.id, target.id, AgreementService.referral,
                                           clock.now().astimezone(SHANGHAI).date()):
        raise Forbidden(f"no alliance agreement covering referral between {source.name} and "
                        f"{target.name}", code="no-agreement",
                        title_zh="两机构间没有涵盖双向转诊的协作协议",
                        title_en="No agreement covers referral").about(
            "organisation", target.id, source.id)
    return target


async def _check_department(db: AsyncSession, target: Organisation,
                            department_id: uuid.UUID | None, field: str) -> None:
    if department_id is None:
        return
    d = await db.get(Department, department_id)
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
    from yilian.documents import service as documents
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
    now = clock.now()
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
    patient = (await db.get(Patient, data.patient_id) if up is not None
               else await patients.require_in_scope(db, clock, actor, data.patient_id))
    if patient is None:
        raise NotFound("no such patient", code="patient-not-found")
    if data.target_org_id == source.id:
        raise ValidationFailed.field("target_org_id", "a referral goes to another organisation")
    target = await _check_target(db, clock, source, data.target_org_id, data.direction,
                                 green_channel=data.green_channel, skip_reason=data.skip_reason)
    await _check_department(db, target, data.target_department_id, "target_department_id")
    cases.check_consent(data.consent, now)
    limits = await sla.limits(db, target.id, CASE, data.urgency)
    first_due, complete_due = sla.deadlines(limits, now)
    r = Referral(
        number=await cases.next_number(db, clock, NUMBER_PREFIX), direction=data.direction,
        urgency=data.urgency, state=State.requested, patient_id=patient.id,
        source_org_id=source.id, requested_by=actor.user_id, requested_at=now,
        target_org_id=target.id, target_department_id=data.target_department_id,
        green_channel=data.green_channel, skip_reason=data.skip_reason, reason=data.reason,
        diagnosis_icd10=data.diagnosis_icd10, diagnosis_text=data.diagnosis_text,
        summary=data.summary, treatment=data.treatment,
        record_snapshot=(await cases.record_snapshot(db, clock, actor, patient.id)
                         if data.include_record and up is None else None),
        consent_by=data.consent.by, consent_name=data.consent.name,
        consent_relation=data.consent.relation, consent_at=data.consent.at,
        medications=[m.model_dump() for m in data.medications],
        follow_up_plan=data.follow_up_plan,
        follow_ups=[f.model_dump() for f in data.follow_ups],
        up_referral_id=up.id if up else None, previous_id=previous.id if previous else None,
        first_due=first_due, complete_due=complete_due,
    )
    db.add(r)
    await db.flush()
    for file_id in dict.fromkeys(data.file_ids):
        await files.attach(db, clock, actor, file_id, entity_type=CASE, entity_id=r.id)
    note = f"{DIRECTION_ZH[r.direction]} → {target.name}"
    if previous is not None:
        note += f"（重新发起自 {previous.number}）"
    if r.green_channel:
        note += "（绿色通道）"
    await cases.add_step(db, clock, actor, case_type=CASE, case_id=r.id, action="request",
                         from_state=None, to_state=State.requested.value, note=note)
    await audit.record(db, clock, actor, "referral.request", entity_type=CASE, entity_id=r.id,
                       subject_org_id=source.id,
                       detail={"number": r.number, "direction": r.direction.value,
                               "target": str(target.id), "patient": str(patient.id),
                               "green_channel": r.green_channel})
    await _issue_form(db, clock, settings, actor, r)
    await conversations.open_for_case(
        db, clock, actor, case_type=CASE, case_id=r.id,
        title=f"{DIRECTION_ZH[r.direction]}转诊 {r.number}", subject_org_id=source.id,
        patient_id=patient.id, participants={actor.user_id: "转出医生"}, case_number=r.number)
    await _tell(db, clock, r, "requested", await _office(db, clock, r), actor, org=source.name)
    return r


# ---------------------------------------------------------------- steps


async def _step(db: AsyncSession, clock: Clock, actor: Actor, referral_id: uuid.UUID,
                action: str, *, note: str | None = None, detail: dict[str, Any] | None = None
                ) -> Referral:
    r = await _load(db, referral_id, lock=True)
    if not await _may_read(db, actor, r):  # an outsider learns nothing of the state
        raise Forbidden("this referral is not shared with you").about(CASE, r.id, r.source_org_id)
    await cases.advance(db, clock, actor, flow(r.direction), await _parties(db, r), r, action,
                        case_type=CASE, subject_org_id=r.source_org_id, note=note,
                        detail=detail)
    return r


async def _done(db: AsyncSession, clock: Clock, actor: Actor, r: Referral) -> ReferralOut:
    await db.commit()
    return await get(db, clock, actor, r.id)


def _local(value: datetime | None) -> str:
    return as_utc(value).astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M") if value else ""


async def _receivers_in_conversation(db: AsyncSession, clock: Clock, actor: Actor,
                                     r: Referral) -> None:
    members = {r.requested_by: "转出医生"}
    if actor.user_id != r.requested_by:
        members[actor.user_id] = "接收方"
    await conversations.set_participants(db, clock, actor, case_type=CASE, case_id=r.id,
                                         participants=members)


async def accept(db: AsyncSession, clock: Clock, actor: Actor, referral_id: uuid.UUID,
                 data: AcceptIn) -> ReferralOut:
    r = await _step(db, clock, actor, referral_id, "accept")
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
        kind = "床位" if data.reservation == Reservation.bed else "门诊"
        note = f"预留{kind}：{_local(r.reserved_at)} {r.reserved_place}"
    else:
        if data.reservation or data.reserved_at or data.reserved_place:
            raise ValidationFailed.field("reservation", "a return reserves nothing")
        r.reservation_note = data.note
        note = "基层接收"
        await _create_follow_ups(db, clock, actor, r)
        if r.up_referral_id:
            await _close_loop(db, clock, actor, r)
    r.answered_by, r.answered_at = actor.user_id, now
    await cases.note_last_step(db, CASE, r.id, note)
    await _receivers_in_conversation(db, clock, actor, r)
    await _tell(db, clock, r, "accepted", [r.requested_by], actor,
                time=r.reserved_at or now, place=r.reserved_place or "")
    if r.direction == Direction.up:
        await _tell(db, clock, r, "go_there", await _patient_accounts(db, r.patient_id), actor,
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


async def _close_loop(db: AsyncSession, clock: Clock, actor: Actor, down: Referral) -> None:
    """The patient is back in the community: the up-referral the return names is closed."""
    up = await _load(db, down.up_referral_id, lock=True)
    if up.state != State.treated:
        return
    up.state, up.returned_at, up.closed_at = State.returned, clock.now(), clock.now()
    await cases.add_step(db, clock, actor, case_type=CASE, case_id=up.id, action="return",
                         from_state=State.treated.value, to_state=State.returned.value,
                         note=f"{down.number}")
    await audit.record(db, clock, actor, "referral.return", entity_type=CASE, entity_id=up.id,
                       subject_org_id=up.source_org_id, detail={"down": str(down.id)})
    await _tell(db, clock, up, "returned", [up.requested_by], actor)




async def reject(db: AsyncSession, clock: Clock, actor: Actor, referral_id: uuid.UUID,
                 reason: str) -> ReferralOut:
    r = await _step(db, clock, actor, referral_id, "reject", note=reason)
    r.answered_by, r.answered_at = actor.user_id, clock.now()
    r.closed_at, r.close_reason = clock.now(), reason
    await _tell(db, clock, r, "rejected", [r.requested_by], actor, reason=reason)
    return await _done(db, clock, actor, r)


async def redirect(db: AsyncSession, clock: Clock, actor: Actor, referral_id: uuid.UUID,
                   data: RedirectIn) -> ReferralOut:
    r = await _step(db, clock, actor, referral_id, "redirect", note=data.reason)
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
    await cases.note_last_step(db, CASE, r.id, f"改转 {target.name}：{data.reason}")
    await _tell(db, clock, r, "requested", await _office(db, clock, r), actor, org=source.name)
    await _tell(db, clock, r, "redirected", [r.requested_by], actor, org=target.name,
                reason=data.reason)
    return await _done(db, clock, actor, r)


async def reraise(db: AsyncSession, clock: Clock, settings: Settings, actor: Actor,
                  referral_id: uuid.UUID, data: ReraiseIn) -> ReferralOut:
    """A rejected referral goes out again as a copy (new number, same request, its history
    linked), to the same or another organisation."""
    old = await _step(db, clock, actor, referral_id, "reraise", note=data.note)
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
    # The files stay attached to the original; the copy shows them through its link to it.
    await cases.note_last_step(db, CASE, old.id, f"→ {new.number}")
    await db.commit()
    return await get(db, clock, actor, new.id)


async def cancel(db: AsyncSession, clock: Clock, actor: Actor, referral_id: uuid.UUID,
                 reason: str) -> ReferralOut:
    r = await _step(db, clock, actor, referral_id, "cancel", note=reason)
    r.closed_at, r.close_reason = clock.now(), reason
    await conversations.close_for_case(db, clock, actor, case_type=CASE, case_id=r.id)
    await _tell(db, clock, r, "cancelled", await _office(db, clock, r), actor, reason=reason)
    return await _done(db, clock, actor, r)


async def arrive(db: AsyncSession, clock: Clock, actor: Actor, referral_id: uuid.UUID
                 ) -> ReferralOut:
    r = await _step(db, clock, actor, referral_id, "arrive")
    r.arrived_at = clock.now()
    await _tell(db, clock, r, "arrived", [r.requested_by], actor)
    return await _done(db, clock, actor, r)


async def no_show(db: AsyncSession, clock: Clock, actor: Actor, referral_id: uuid.UUID
                  ) -> ReferralOut:
    r = await _step(db, clock, actor, referral_id, "no_show")
    if r.reserved_at is None or clock.now() < as_utc(r.reserved_at):
        raise Conflict("the reserved time has not come yet", code="not-yet-due",
                       title_zh="预约时间未到", title_en="Not yet due")
    await _tell(db, clock, r, "no_show", [r.requested_by], actor)
    return await _done(db, clock, actor, r)


async def treat(db: AsyncSession, clock: Clock, actor: Actor, referral_id: uuid.UUID,
                outcome: str) -> ReferralOut:
    r = await _step(db, clock, actor, referral_id, "treat", note=outcome)
    r.treated_at, r.outcome = clock.now(), outcome
    await _tell(db, clock, r, "treated", [r.requested_by], actor)
    return await _done(db, clock, actor, r)


async def add_material(db: AsyncSession, clock: Clock, actor: Actor, referral_id: uuid.UUID,
                       file_id: uuid.UUID) -> ReferralOut:
    r = await _load(db, referral_id, lock=True)
    if not referring_side(actor, await _parties(db, r)):
        raise Forbidden("only the referring side adds materials", code="not-your-step").about(
            CASE, r.id, r.source_org_id)
    if r.state not in (State.requested, State.accepted):
        raise Conflict("materials can be added until the patient arrives", code="wrong-state",
                       state=r.state.value, allowed_from=["accepted", "requested"])
    info = await files.attach(db, clock, actor, file_id, entity_type=CASE, entity_id=r.id)
    await cases.add_step(db, clock, actor, case_type=CASE, case_id=r.id, action="attach",
                         from_state=r.state.value, to_state=r.state.value, note=info.filename)
    return await _done(db, clock, actor, r)


# ---------------------------------------------------------------- reading


async def may_read(db: AsyncSession, actor: Actor, referral_id: Any) -> bool:
    try:
        r = await _load(db, uuid.UUID(str(referral_id)))
    except (NotFound, ValueError):
        return False
    return await _may_read(db, actor, r)


async def _summaries(db: AsyncSession, clock: Clock, rows: list[Referral]
                     ) -> list[ReferralSummary]:
    now = clock.now()
    orgs = await alliance.names(db, {r.source_org_id for r in rows}
                                | {r.target_org_id for r in rows})
    people = await identity.display_names(db, {r.requested_by for r in rows})
    pats = await patients.names(db, {r.patient_id for r in rows})
    dept_ids = {r.target_department_id for r in rows if r.target_department_id}
    depts = dict((await db.execute(select(Department.id, Department.name).where(
        Department.id.in_(dept_ids)))).all()) if dept_ids else {}
    return [ReferralSummary(
        id=r.id, number=r.number, direction=r.direction, urgency=r.urgency,
        green_channel=r.green_channel, state=r.state, patient_id=r.patient_id,
        patient_name=pats.get(r.patient_id, ""), source_org_id=r.source_org_id,
        source_org_name=orgs.get(r.source_org_id, ""), target_org_id=r.target_org_id,
        target_org_name=orgs.get(r.target_org_id, ""),
        target_department_id=r.target_department_id,
        target_department_name=depts.get(r.target_department_id) if r.target_department_id
        else None,
        requested_by_name=people.get(r.requested_by, ""), diagnosis_icd10=r.diagnosis_icd10,
        requested_at=r.requested_at, reservation=r.reservation, reserved_at=r.reserved_at,
        first_due=r.first_due, complete_due=r.complete_due, overdue=overdue(r, now))
        for r in rows]


async def list_referrals(
    db: AsyncSession, clock: Clock, actor: Actor, *, direction: Direction | None = None,
    state: State | None = None, side: str | None = None, only_overdue: bool = False,
    urgency: str | None = None, patient_id: uuid.UUID | None = None, sort: str = "newest",
    cursor: str | None = None, limit: int = 20,
) -> Page[ReferralSummary]:
    stmt = select(Referral).where(_visible_to(actor))
    if direction is not None:
        stmt = stmt.where(Referral.direction == direction)
    if state is not None:
        stmt = stmt.where(Referral.state == state)
    if urgency is not None:
        stmt = stmt.where(Referral.urgency == urgency)
    if patient_id is not None:
        stmt = stmt.where(Referral.patient_id == patient_id)
    if only_overdue:
        stmt = stmt.where(_overdue_clause(clock.now()))
    # The queues are the caller's own organisation's (overseers see the rest under 全部).
    if side == "incoming":
        stmt = stmt.where(Referral.target_org_id == actor.org_id)
    elif side == "outgoing":
        stmt = stmt.where(Referral.source_org_id == actor.org_id)
    if sort == "priority":
        # The earliest limit first: urgent and green-channel requests have the shortest.
        rows, next_cursor = await paginate(db, stmt, [Referral.first_due, Referral.id],
                                           cursor=cursor, limit=limit)
    else:
        rows, next_cursor = await paginate(db, stmt, [Referral.requested_at, Referral.id],
                                           cursor=cursor, limit=limit, descending=True)
    return Page(items=await _summaries(db, clock, rows), next_cursor=next_cursor)


async def _loop(db: AsyncSession, r: Referral) -> list[Referral]:
    """The referrals of one loop in order: the re-raised originals, the up-referral, and the
    returns that close it."""
    head = r if r.up_referral_id is None else await db.get(Referral, r.up_referral_id)
    chain = [head]
    while chain[0].previous_id:
        chain.insert(0, await db.get(Referral, chain[0].previous_id))
    rows = list((await db.execute(select(Referral).where(Referral.up_referral_id == head.id)
                                  .order_by(Referral.requested_at, Referral.id))).scalars())
    return chain + rows


async def get(db: AsyncSession, clock: Clock, actor: Actor, referral_id: uuid.UUID
              ) -> ReferralOut:
    r = await _readable(db, actor, referral_id)
    await cases.log_read(db, clock, actor, case_type=CASE, case_id=r.id, number=r.number,
                         patient_id=r.patient_id)
    summary = (await _summaries(db, clock, [r]))[0]
    patient_view = actor.role == Role.patient
    loop = await _loop(db, r)
    timeline = []
    if not patient_view:
        for member in loop:
            steps = await cases.timeline(db, CASE, member.id)
            if member.id != r.id:
                for s in steps:
                    s.note = f"[{member.number}] {s.note or ''}".strip()
            timeline += steps
        # In time order across the loop (steps at the same moment keep the loop's order); the
        # loop's closing step last, as it follows from the return's acceptance.
        timeline.sort(key=lambda s: (s.action == "return", s.at))
    numbers = {m.id: m.number for m in loop}
    down = next((m for m in loop if m.up_referral_id == r.id), None)
    nxt = next((m for m in loop if m.previous_id == r.id), None)
    people = await identity.display_names(db, {r.answered_by} if r.answered_by else set())
    doc_number = None
    if r.document_id:
        from yilian.documents.models import IssuedDocument

        doc = await db.get(IssuedDocument, r.document_id)
        doc_number = doc.number if doc else None
    attachments = [] if patient_view else [
        AttachmentOut(file_id=f.id, filename=f.filename, content_type=f.content_type,
                      size=f.size, is_image=f.is_image)
        for m in loop if m.id in (r.id, r.previous_id)
        for f in await files.attached_to(db, CASE, m.id)]
    conv = await conversations.find_for_case(db, CASE, r.id)
    p = await _parties(db, r)
    actions = [ActionOut(action=t.action, zh=t.zh, en=t.en)
               for t in flow(r.direction).available(actor, p, r.state)]
    if referring_side(actor, p) and r.state in (State.requested, State.accepted):
        actions.append(ActionOut(action="attach", zh="添加资料", en="Add material"))
    out = ReferralOut(
        **summary.model_dump(), reason=r.reason, diagnosis_text=r.diagnosis_text,
        summary=r.summary, treatment=r.treatment, skip_reason=r.skip_reason,
        record_snapshot=(json.loads(r.record_snapshot)
                         if r.record_snapshot and not patient_view else None),
        consent_by=r.consent_by.value, consent_name=r.consent_name,
        consent_relation=r.consent_relation, consent_at=r.consent_at,
        medications=r.medications, follow_up_plan=r.follow_up_plan, follow_ups=r.follow_ups,
        up_referral_id=r.up_referral_id,
        up_referral_number=numbers.get(r.up_referral_id) if r.up_referral_id else None,
        down_referral_id=down.id if down else None, previous_id=r.previous_id,
        previous_number=numbers.get(r.previous_id) if r.previous_id else None,
        next_id=nxt.id if nxt else None,
        answered_by_name=people.get(r.answered_by) if r.answered_by else None,
        answered_at=r.answered_at, reserved_place=r.reserved_place,
        reservation_note=r.reservation_note, arrived_at=r.arrived_at, treated_at=r.treated_at,
        outcome=r.outcome, returned_at=r.returned_at, closed_at=r.closed_at,
        close_reason=r.close_reason, document_id=r.document_id, document_number=doc_number,
        attachments=attachments, timeline=timeline,
        conversation_id=conv.id if conv and not patient_view else None,
        actions=[] if patient_view else actions,
    )
    await db.commit()  # the access log's entry
    return out


async def departments(db: AsyncSession, actor: Actor, referral_id: uuid.UUID
                      ) -> list[dict[str, Any]]:
    r = await _readable(db, actor, referral_id)
    rows = (await db.execute(select(Department).where(
        Department.organisation_id == r.target_org_id, Department.active.is_(True))
        .order_by(Department.code))).scalars()
    return [{"id": d.id, "name": d.name, "name_en": d.name_en} for d in rows]


async def targets(db: AsyncSession, clock: Clock, actor: Actor, direction: Direction
                  ) -> list[dict[str, Any]]:
    """Where the caller's organisation may refer to: covered by an agreement, above (up) or
    below (down); for up, whether it is the next level or skips one."""
    source = await alliance.get_organisation(db, actor.org_id)
    parent = await db.get(Organisation, source.parent_id) if source.parent_id else None
    next_rank = LEVEL_RANK[parent.level] if parent else LEVEL_RANK[source.level] - 1
    today: date = clock.now().astimezone(SHANGHAI).date()
    out = []
    for org in (await db.execute(select(Organisation).where(
            Organisation.active.is_(True), Organisation.id != source.id)
            .order_by(Organisation.path))).scalars():
        rank = LEVEL_RANK[org.level]
        if (direction == Direction.up) != (rank < LEVEL_RANK[source.level]):
            continue
        if not await alliance.agreement_covers(db, source.id, org.id, AgreementService.referral,
                                               today):
            continue
        out.append({"organisation_id": org.id, "name": org.name, "level": org.level.value,
                    "next_level": direction == Direction.down or rank == next_rank})
    return out


# ---------------------------------------------------------------- time limits


async def sweep(db: AsyncSession, clock: Clock, *, batch: int = 200) -> int:
    """Flags patients who did not come (and tells the referrer), and escalates each late step
    once to the receiving organisation's office. Returns how many changes were made."""
    now = clock.now()
    made = 0
    missed = (await db.execute(select(Referral).where(
        Referral.direction == Direction.up, Referral.state == State.accepted,
        Referral.reserved_at < now - NO_SHOW_GRACE).limit(batch)
        .with_for_update(skip_locked=True))).scalars().all()
    for r in missed:
        r.state = State.no_show
        await cases.add_step(db, clock, None, case_type=CASE, case_id=r.id, action="no_show",
                             from_state=State.accepted.value, to_state=State.no_show.value,
                             note=f"预约时间 {_local(r.reserved_at)} 后未到院")
        await audit.record(db, clock, None, "referral.no_show", entity_type=CASE,
                           entity_id=r.id, subject_org_id=r.source_org_id)
        await _tell(db, clock, r, "no_show", [r.requested_by], None)
        made += 1
    late = (await db.execute(select(Referral).where(or_(
        and_(Referral.state == State.requested, Referral.first_due < now,
             Referral.first_escalated_at.is_(None)),
        and_(or_(and_(Referral.direction == Direction.up,
                      Referral.state.in_([State.requested, State.accepted, State.no_show])),
                 and_(Referral.direction == Direction.down, Referral.state == State.requested)),
             Referral.complete_due < now, Referral.complete_escalated_at.is_(None))))
        .limit(batch).with_for_update(skip_locked=True))).scalars().all()
    for r in late:
        arriving = (r.state in (State.requested, State.accepted, State.no_show)
                    if r.direction == Direction.up else r.state == State.requested)
        for limit, due, attr, pending in [
            ("接收", r.first_due, "first_escalated_at", r.state == State.requested),
            ("到院" if r.direction == Direction.up else "基层接收", r.complete_due,
             "complete_escalated_at", arriving),
        ]:
            if not pending or getattr(r, attr) is not None or as_utc(due) >= now:
                continue
            setattr(r, attr, now)
            made += 1
            await cases.add_step(db, clock, None, case_type=CASE, case_id=r.id,
                                 action="escalate", from_state=r.state.value,
                                 to_state=r.state.value, note=f"超过{limit}时限")
            await audit.record(db, clock, None, "referral.escalate", entity_type=CASE,
                               entity_id=r.id, subject_org_id=r.source_org_id,
                               detail={"limit": attr.split("_")[0]})
            office = [h.user_id for h in await identity.holders(db, clock, r.target_org_id,
                                                                  {Role.coordinator})]
            await _tell(db, clock, r, "overdue", office, None, limit=limit, time=as_utc(due))
    await db.commit()
    return made
