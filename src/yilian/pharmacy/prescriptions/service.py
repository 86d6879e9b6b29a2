"""The e-prescription's steps: the visit's doctor writes and signs (the rules checked whole
first, nothing saved on a refusal), the dispensing organisation's pharmacist reviews, the
patient chooses delivery or pick-up and pays, the pharmacy dispenses from stock, the carrier or
the village clinic hands it over against the patient's code, and the medication list goes to
the record for confirmation.

Locks (decision 0014): the visit's row, then the prescription's (a new version voids the old
one under its lock), then the payment order, then stock batches by drug id."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from yilian.alliance import service as alliance
from yilian.cases import engine
from yilian.cases import service as cases
from yilian.cases.columns import Urgency
from yilian.cases.document import patient_on_paper
from yilian.cases.service import local_time
from yilian.clinic.visits import service as visits
from yilian.clinic.visits.kind import VISIT_KIND
from yilian.core.authz import Actor, Role
from yilian.core.clock import SHANGHAI, Clock
from yilian.core.errors import Conflict, ValidationFailed
from yilian.core.pagination import Page
from yilian.documents import service as documents
from yilian.identity import service as identity
from yilian.patients import service as patients
from yilian.payments import service as payments
from yilian.pharmacy.catalogue import service as catalogue
from yilian.pharmacy.catalogue.schemas import DrugInfo
from yilian.pharmacy.prescriptions import document
from yilian.pharmacy.prescriptions.kind import (
    PRESCRIPTION_KIND,
    clinic_doctors,
    patient_side_people,
    pharmacists,
)
from yilian.pharmacy.prescriptions.models import (
    Fulfilment,
    Prescription,
    PrescriptionLine,
    State,
    retention_years,
)
from yilian.pharmacy.prescriptions.schemas import (
    CheckOut,
    CheckoutIn,
    CollectIn,
    HandOverIn,
    LineOut,
    PassIn,
    PrescriptionIn,
    PrescriptionOut,
    PrescriptionSummary,
    QuoteLine,
    ReasonIn,
    RefusalOut,
    ReturnIn,
    WarningOut,
)
from yilian.pharmacy.rules.articles import REFUSALS
from yilian.pharmacy.rules.check import check as check_rules
from yilian.pharmacy.rules.facts import (
    FREQUENCIES,
    Context,
    CurrentMedication,
    DrugFacts,
    InvalidLine,
    Line,
    Outcome,
    Patient,
)
from yilian.settings import Settings

CASE = PRESCRIPTION_KIND.type
# Signing asks the doctor to have re-authenticated this recently (password and code: 实名).
SIGN_STEP_UP_SECONDS = 15 * 60
# What the patient pays for delivery (配送费), in fen; picking up at the clinic is free.
DELIVERY_FEE_FEN = 800
COLD_CHAIN_DELIVERY_FEE_FEN = 2000
DELIVERY_FEE_CODE = "delivery-fee"
# Where a patient may pick up: their home clinic at one of these levels.
PICKUP_LEVELS = frozenset({"village", "town", "community"})
# The review limit escalates the dispensing organisation's office (kind.py); the order of an
# approved prescription expires with its validity.


class PrescriptionRefused(ValidationFailed):
    code = "prescription-refused"
    title_zh = "处方不符合规定，未能开具"
    title_en = "The prescription breaks a rule"
    audited = True


class WarningsUndecided(ValidationFailed):
    code = "warnings-undecided"
    title_zh = "有用药提醒尚未确认"
    title_en = "Decide on each warning first"
    audited = True


class WrongCode(ValidationFailed):
    code = "wrong-code"
    title_zh = "取药码或签收码不正确"
    title_en = "Wrong code"
    audited = True


def _conflict(detail: str, code: str, zh: str, en: str) -> Conflict:
    return Conflict(detail, code=code, title_zh=zh, title_en=en)


# ---------------------------------------------------------------- the rules over a draft


def _facts(d: DrugInfo) -> DrugFacts:
    return DrugFacts(id=d.id, generic_name=d.generic_name, atc=d.atc, strength=d.strength,
                     strength_unit=d.strength_unit, unit=d.unit, package_size=d.package_size,
                     dosage_form=d.dosage_form, rx=d.rx, control=d.control,
                     antimicrobial=d.antimicrobial, cold_chain=d.cold_chain,
                     max_single_dose=d.max_single_dose, max_daily_dose=d.max_daily_dose)


async def _drugs(db: AsyncSession, org_id: uuid.UUID, data: PrescriptionIn
                 ) -> dict[uuid.UUID, DrugInfo]:
    """The lines' drugs in the dispensing organisation's catalogue, each on its list."""
    drugs = await catalogue.drugs_by_id(db, org_id, {line.drug_id for line in data.lines})
    errors = []
    for i, line in enumerate(data.lines):
        drug = drugs.get(line.drug_id)
        if drug is None:
            errors.append({"field": f"lines.{i}.drug_id",
                           "message": "not in the dispensing organisation's catalogue"})
        elif not drug.active:
            errors.append({"field": f"lines.{i}.drug_id", "message": "taken off the list"})
    if errors:
        raise ValidationFailed("; ".join(f"{e['field']}: {e['message']}" for e in errors),
                               errors=errors, code="drug-unavailable",
                               title_zh="药品不在本院目录中或已停用",
                               title_en="A drug is not on the catalogue")
    return drugs


def _lines(data: PrescriptionIn, drugs: dict[uuid.UUID, DrugInfo]) -> list[Line]:
    return [Line(drug=_facts(drugs[line.drug_id]), dose=line.dose, dose_unit=line.dose_unit,
                 route=line.route, frequency=line.frequency, days=line.days,
                 prn_max_per_day=line.prn_max_per_day) for line in data.lines]


def _age(birth: Any, today: Any) -> tuple[int, int]:
    months = (today.year - birth.year) * 12 + today.month - birth.month - (today.day < birth.day)
    return months // 12, months % 12


async def _patient(db: AsyncSession, clock: Clock, actor: Actor, org_id: uuid.UUID,
                   patient_id: uuid.UUID, data: PrescriptionIn) -> Patient:
    """The patient as the rules see them, from their record (a logged read)."""
    record = await patients.record_view(db, clock, actor, patient_id)
    found = await patients.find_patient(db, patient_id)
    assert found is not None  # the visit's patient
    years, months = _age(found.birth_date, clock.now().astimezone(SHANGHAI).date())
    taking = [m.name for m in record.medications if m.status == "active"]
    atc = await catalogue.atc_of_names(db, org_id, set(taking))
    return Patient(
        age_years=years, age_months=months,
        allergies=tuple(a.substance for a in record.allergies if a.status == "active"),
        current_medications=tuple(CurrentMedication(name, atc[name]) for name in taking
                                  if name in atc),
        guardian_present=bool(data.guardian_name),
        accompanying_physician_recorded=bool(data.accompanying_physician))


def _context(data: PrescriptionIn) -> Context:
    return Context(diagnoses=(data.diagnosis_text,), category=data.category, online=True,
                   chronic=data.chronic, long_term=data.long_term,
                   stable_assessment_recorded=bool(data.stable_assessment),
                   patient_confirmed=data.patient_confirmed, validity_days=data.validity_days,
                   validity_note=data.validity_note or "")


@dataclass(frozen=True)
class _Evaluated:
    drugs: dict[uuid.UUID, DrugInfo]
    outcome: Outcome
    warnings: list[WarningOut]
    undecided: int


async def _evaluate(db: AsyncSession, clock: Clock, actor: Actor, visit: visits.OpenVisit,
                    data: PrescriptionIn) -> _Evaluated:
    drugs = await _drugs(db, visit.answering_org_id, data)
    lines = _lines(data, drugs)
    patient = await _patient(db, clock, actor, visit.answering_org_id, visit.patient_id, data)
    try:
        outcome = check_rules(lines, patient, _context(data))
    except InvalidLine as e:
        raise ValidationFailed.field(f"lines.{e.line}.{e.field}", e.code) from e
    reasons = {(d.code, d.line): d.reason for d in data.decisions}
    warned = {(w.code, w.line) for w in outcome.warnings}
    stray = [k for k in reasons if k not in warned]
    if stray:
        raise ValidationFailed.field("decisions", "no such warning: " + ", ".join(
            f"{code} on line {line}" for code, line in stray))
    warnings = [WarningOut(code=w.code, line=w.line, params=w.params,
                           reason=reasons.get((w.code, w.line))) for w in outcome.warnings]
    return _Evaluated(drugs, outcome, warnings, sum(w.reason is None for w in warnings))


def _refusals(outcome: Outcome) -> list[RefusalOut]:
    return [RefusalOut(code=r.code, article_zh=REFUSALS[r.code].zh, article_en=REFUSALS[r.code].en,
                       line=r.line, params=r.params) for r in outcome.refusals]


async def check(db: AsyncSession, clock: Clock, settings: Settings, actor: Actor,
                data: PrescriptionIn) -> CheckOut:
    """What the rules say of a draft as the doctor writes it; nothing is saved (the record's
    read is logged)."""
    visit = await visits.visit_in_progress(db, actor, data.visit_id)
    found = await _evaluate(db, clock, actor, visit, data)
    stock = await catalogue.stock_of(db, clock, set(found.drugs))
    quotes = [QuoteLine(drug_id=d.id, code=d.code, generic_name=d.generic_name,
                        specification=d.specification, package_unit=d.package_unit,
                        quantity=q, unit_fen=d.price_fen, amount_fen=q * d.price_fen,
                        in_stock=stock[d.id], cold_chain=d.cold_chain)
              for line, q in zip(data.lines, found.outcome.quantities, strict=True)
              for d in [found.drugs[line.drug_id]]]
    await db.commit()  # the access log's entry
    return CheckOut(allowed=found.outcome.allowed, refusals=_refusals(found.outcome),
                    warnings=found.warnings, undecided=found.undecided, lines=quotes,
                    drugs_fen=sum(q.amount_fen for q in quotes))


# ---------------------------------------------------------------- writing and signing


def _valid_until(signed_at: datetime, days: int) -> datetime:
    """The end of the last day it is valid (Shanghai): the day of issue, or up to 3 days."""
    day = signed_at.astimezone(SHANGHAI).date() + timedelta(days=days)
    return datetime.combine(day, time(0), tzinfo=SHANGHAI)


def _years_after(day: date, years: int) -> date:
    """The same day ``years`` later (29 February: the 28th)."""
    return day.replace(year=day.year + years, day=min(day.day, 28) if day.month == 2 else day.day)


async def _slip(db: AsyncSession, clock: Clock, o: Prescription, lines: list[PrescriptionLine],
                org_name: str) -> document.SlipContext:
    names = await identity.display_names(db, {o.doctor_id})
    title = (await identity.practitioner_titles(db, {o.doctor_id})).get(o.doctor_id)
    departments = await alliance.department_names(db, {o.department_id})
    notes = []
    if o.validity_days > 1:
        notes.append(f"有效期延长至{o.validity_days}天：{o.validity_note}")
    if o.long_term:
        notes.append("长期处方：" + (o.stable_assessment or "") + ("（患者已确认）"
                                                                if o.patient_confirmed else ""))
    if o.guardian_name:
        notes.append(f"监护人：{o.guardian_name}；陪伴医师：{o.accompanying_physician}")
    for w in o.overrides:
        label = document.WARNING_LABELS[w["code"]]
        notes.append(f"医师确认用药（第{w['line'] + 1}行，{label}）：{w['reason']}")
    valid = local_time(o.valid_until - timedelta(seconds=1))
    return document.SlipContext(
        organisation=org_name, department=departments.get(o.department_id, ""),
        visit_number=o.visit_number, category=o.category, version=o.version,
        patient=await patient_on_paper(db, clock, o.patient_id),
        diagnosis=f"{o.diagnosis_icd10} {o.diagnosis_text}",
        lines=[document.SlipLine(
            name=f"{line.generic_name} {line.specification}",
            quantity=f"{line.quantity}{line.package_unit}",
            usage=document.usage(f"{line.dose.normalize():f}", line.dose_unit, line.route,
                                 line.frequency, line.days, line.prn_max_per_day))
            for line in lines],
        amount_yuan=f"{Decimal(o.drugs_fen) / 100:.2f}", validity=f"至{valid}",
        notes=notes, doctor=names.get(o.doctor_id, ""),
        doctor_title=identity.TITLE_LABELS[title][0] if title else None, signed_at=o.signed_at)


async def create(db: AsyncSession, clock: Clock, settings: Settings, actor: Actor,
                 data: PrescriptionIn) -> PrescriptionOut:
    """The doctor signs what they wrote: checked whole by the rules (a refusal or an undecided
    warning saves nothing), a new version voiding the one it replaces, the 处方笺 signed with
    the organisation's key and filed in the record, the dispensing pharmacists told."""
    visit = await visits.visit_in_progress(db, actor, data.visit_id)
    await identity.require_step_up(db, clock, actor, SIGN_STEP_UP_SECONDS,
                                   about=(VISIT_KIND.type, visit.id, visit.answering_org_id))
    if (data.replaces_id is None) != (data.void_reason is None):
        raise ValidationFailed.field("void_reason", "a new version says why the old one is void")
    found = await _evaluate(db, clock, actor, visit, data)
    if found.outcome.refusals or found.undecided:
        # The record's read stays logged; nothing else was written.
        await db.commit()
        if found.outcome.refusals:
            raise PrescriptionRefused(
                "; ".join(r.code for r in found.outcome.refusals),
                refusals=[r.model_dump() for r in _refusals(found.outcome)]).about(
                VISIT_KIND.type, visit.id, visit.answering_org_id)
        raise WarningsUndecided(
            f"{found.undecided} warnings without the doctor's decision",
            warnings=[w.model_dump() for w in found.warnings if w.reason is None]).about(
            VISIT_KIND.type, visit.id, visit.answering_org_id)
    version, replaced = 1, None
    if data.replaces_id is not None:
        replaced = await _void(db, clock, actor, data.replaces_id, data.void_reason or "",
                               visit_id=visit.id)
        version = replaced.version + 1
    return await _sign(db, clock, settings, actor, visit, data, found, version, replaced)


async def _sign(db: AsyncSession, clock: Clock, settings: Settings, actor: Actor,
                visit: visits.OpenVisit, data: PrescriptionIn, found: _Evaluated, version: int,
                replaced: Prescription | None) -> PrescriptionOut:
    now = clock.now()
    drugs = [found.drugs[line.drug_id] for line in data.lines]
    names = "、".join(dict.fromkeys(d.generic_name for d in drugs))
    request = cases.Request(urgency=Urgency.routine, reason=f"处方：{names}"[:500],
                            summary="", diagnosis_icd10=data.diagnosis_icd10,
                            diagnosis_text=data.diagnosis_text, consent=visit.consent)
    common, review_due = await engine.request(db, clock, actor, PRESCRIPTION_KIND, request,
                                              patient_id=visit.patient_id,
                                              answering_org_id=visit.answering_org_id,
                                              include_record=True)
    years = retention_years({d.control for d in drugs})
    amounts = [q * d.price_fen for q, d in zip(found.outcome.quantities, drugs, strict=True)]
    o = Prescription(
        id=uuid.uuid4(), **common, state=State.in_review,
        prescribing_org_id=visit.answering_org_id, dispensing_org_id=visit.answering_org_id,
        department_id=visit.department_id, visit_id=visit.id, visit_number=visit.number,
        doctor_id=actor.user_id, proxy_doctor_id=visit.proxy_doctor_id, version=version,
        replaces_id=replaced.id if replaced else None, category=data.category,
        chronic=data.chronic, long_term=data.long_term,
        stable_assessment=data.stable_assessment, patient_confirmed=data.patient_confirmed,
        guardian_name=data.guardian_name, accompanying_physician=data.accompanying_physician,
        validity_days=data.validity_days, validity_note=data.validity_note,
        valid_until=_valid_until(now, data.validity_days),
        overrides=[w.model_dump(mode="json") for w in found.warnings],
        countersign_required=bool(found.warnings), drugs_fen=sum(amounts),
        cold_chain=any(d.cold_chain for d in drugs), signed_at=now, review_due=review_due,
        review_codes=[], refunded_fen=0, delivery_fee_fen=0, usage_explained=False,
        retention_years=years, keep_until=_years_after(now.astimezone(SHANGHAI).date(), years))
    lines = [PrescriptionLine(
        prescription_id=o.id, position=i, drug_id=d.id, drug_code=d.code,
        generic_name=d.generic_name, specification=d.specification, package_unit=d.package_unit,
        dose=line.dose, dose_unit=line.dose_unit, route=line.route, frequency=line.frequency,
        days=line.days, prn_max_per_day=line.prn_max_per_day, quantity=q, unit_fen=d.price_fen,
        amount_fen=a, batches=[])
        for i, (line, d, q, a) in enumerate(zip(data.lines, drugs, found.outcome.quantities,
                                                amounts, strict=True))]
    participants = dict.fromkeys(await identity.patient_accounts(db, visit.patient_id),
                                 "patient")
    participants[actor.user_id] = "doctor"
    if visit.proxy_doctor_id:
        participants[visit.proxy_doctor_id] = "village_doctor"
    await engine.open_case(
        db, clock, actor, PRESCRIPTION_KIND, o, action="sign", said=None,
        file_ids=[], title=CASE, participants=participants,
        detail={"visit": str(visit.id), "version": version, "drugs": len(lines),
                "overrides": [f"{w.code}@{w.line}" for w in found.warnings],
                "replaces": str(replaced.id) if replaced else None})
    db.add_all(lines)
    await db.flush()
    org = await alliance.get_organisation(db, o.dispensing_org_id)
    doc = await documents.issue(
        db, clock, settings, actor, kind="prescription", number_prefix="CFJ",
        organisation_id=org.id, organisation_name=org.name, entity_type=CASE, entity_id=o.id,
        patient_id=o.patient_id, title=document.TITLE,
        pdf=document.render(await _slip(db, clock, o, lines, org.name)))
    o.document_id = doc.id
    await patients.file_document(db, clock, actor, o.patient_id,
                                 title=f"{document.TITLE}（{doc.number}）", kind="prescription",
                                 organisation_id=org.id, source_type="document",
                                 source_id=str(doc.id))
    # The sign step names its slip, and for a new version which one it is.
    if replaced:
        await cases.note_last_step(db, CASE, o.id, "prescription_version", number=doc.number,
                                   version=str(version))
    else:
        await cases.note_last_step(db, CASE, o.id, "document", number=doc.number)
    await engine.tell(db, clock, PRESCRIPTION_KIND, o, "to_review",
                      await pharmacists(db, clock, o), actor)
    return await _done(db, clock, actor, o)


async def _void(db: AsyncSession, clock: Clock, actor: Actor, prescription_id: uuid.UUID,
                reason: str, *, visit_id: uuid.UUID | None = None) -> Prescription:
    """The doctor voids a prescription not yet paid (no commit): its order is called off."""
    o, _ = await engine.step(db, clock, actor, PRESCRIPTION_KIND, prescription_id, "void",
                             note=reason)
    if visit_id is not None and o.visit_id != visit_id:
        raise _conflict("a new version is written in the same visit", "other-visit",
                        "新版本须在原复诊中开具", "Not the same visit")
    await _call_off_order(db, clock, actor, o, reason)
    o.closed_at, o.close_reason = clock.now(), reason
    await engine.tell(db, clock, PRESCRIPTION_KIND, o, "voided",
                      [*await patient_side_people(db, o), *await pharmacists(db, clock, o)],
                      actor, reason=reason)
    return o


async def void(db: AsyncSession, clock: Clock, actor: Actor, prescription_id: uuid.UUID,
               data: ReasonIn) -> PrescriptionOut:
    o = await _void(db, clock, actor, prescription_id, data.reason)
    return await _done(db, clock, actor, o)


async def _call_off_order(db: AsyncSession, clock: Clock, actor: Actor | None, o: Prescription,
                          reason: str) -> None:
    if o.order_id is None:
        return
    order = await payments.get_order(db, o.order_id)
    if order.state == payments.OrderState.pending:
        await payments.cancel_order(db, clock, order.id, reason=reason, actor=actor)


# ---------------------------------------------------------------- the pharmacist's review


async def pass_review(db: AsyncSession, clock: Clock, actor: Actor, prescription_id: uuid.UUID,
                      data: PassIn) -> PrescriptionOut:
    o, _ = await engine.step(db, clock, actor, PRESCRIPTION_KIND, prescription_id, "pass",
                             note=data.note)
    if o.countersign_required and not data.countersign_note:
        raise ValidationFailed(
            "countersign_note: the doctor kept a drug against a warning: sign it too (双签)",
            code="countersign-required",
            errors=[{"field": "countersign_note", "message": "required"}],
            title_zh="医师已确认超常用药，需药师双签并说明", title_en="Countersign first")
    o.reviewed_by, o.reviewed_at = actor.user_id, clock.now()
    o.review_note, o.countersign_note = data.note, data.countersign_note
    await engine.tell(db, clock, PRESCRIPTION_KIND, o, "approved",
                      await patient_side_people(db, o), actor,
                      time=local_time(o.valid_until - timedelta(seconds=1)))
    return await _done(db, clock, actor, o)


async def return_to_doctor(db: AsyncSession, clock: Clock, actor: Actor,
                           prescription_id: uuid.UUID, data: ReturnIn) -> PrescriptionOut:
    o, _ = await engine.step(db, clock, actor, PRESCRIPTION_KIND, prescription_id, "return",
                             note=data.note,
                             detail={"codes": [c.value for c in data.codes]})
    o.reviewed_by, o.reviewed_at = actor.user_id, clock.now()
    o.review_codes, o.review_note = [c.value for c in data.codes], data.note
    await engine.tell(db, clock, PRESCRIPTION_KIND, o, "returned", [o.doctor_id], actor,
                      reason=data.note)
    return await _done(db, clock, actor, o)


# ---------------------------------------------------------------- buying


async def _home_clinic(db: AsyncSession, o: Prescription) -> Any:
    """The patient's home clinic where they may pick up, or None."""
    home = await patients.home_of(db, o.patient_id)
    org = await alliance.get_organisation(db, home) if home else None
    return org if org is not None and org.level in PICKUP_LEVELS else None


def _delivery_fee(o: Prescription) -> int:
    return COLD_CHAIN_DELIVERY_FEE_FEN if o.cold_chain else DELIVERY_FEE_FEN


async def _pickup_clinic(db: AsyncSession, o: Prescription) -> Any:
    org = await _home_clinic(db, o)
    if org is None:
        raise _conflict("the patient has no village or community clinic to pick up at",
                        "no-pickup-clinic", "患者没有可取药的基层卫生室",
                        "No clinic to pick up at")
    return org


async def checkout(db: AsyncSession, clock: Clock, actor: Actor, prescription_id: uuid.UUID,
                   data: CheckoutIn) -> PrescriptionOut:
    """The patient chooses delivery or pick-up: the order (drugs, delivery) to pay."""
    o, _ = await engine.step(db, clock, actor, PRESCRIPTION_KIND, prescription_id, "checkout",
                             detail={"fulfilment": data.fulfilment.value})
    if data.fulfilment == Fulfilment.delivery:
        missing = [f for f in ("recipient", "recipient_phone", "address")
                   if getattr(data, f) is None]
        if missing:
            raise ValidationFailed("; ".join(f"{f}: required for delivery" for f in missing),
                                   errors=[{"field": f, "message": "required for delivery"}
                                           for f in missing])
        fee = _delivery_fee(o)
        o.recipient, o.recipient_phone, o.address = (data.recipient, data.recipient_phone,
                                                     data.address)
        o.pickup_org_id = None
    else:
        clinic = await _pickup_clinic(db, o)
        fee = 0
        o.recipient = o.recipient_phone = o.address = None
        o.pickup_org_id = clinic.id
    await _call_off_order(db, clock, actor, o, "another choice")
    lines = await _lines_of(db, [o.id])
    items = [payments.Item(code=line.drug_code, name=f"{line.generic_name} {line.specification}"
                           [:100], unit_fen=line.unit_fen, quantity=line.quantity)
             for line in lines[o.id]]
    if fee:
        items.append(payments.Item(code=DELIVERY_FEE_CODE, name="药品配送费", unit_fen=fee))
    order = await payments.create_order(
        db, clock, actor, organisation_id=o.dispensing_org_id, patient_id=o.patient_id,
        subject_type=CASE, subject_id=o.id, items=items, description=f"处方药品 {o.number}",
        expires_at=o.valid_until,
        payer_user_id=actor.user_id if actor.role != Role.patient else None)
    o.fulfilment, o.delivery_fee_fen, o.order_id = data.fulfilment, fee, order.id
    o.handover_code = f"{secrets.randbelow(10 ** 6):06d}"
    await engine.tell(db, clock, PRESCRIPTION_KIND, o, "checked_out", [], actor)
    return await _done(db, clock, actor, o)


async def on_paid(db: AsyncSession, clock: Clock, order: Any) -> bool:
    """The order is paid (in the payment's transaction): to the pharmacy. False when the
    prescription no longer wants this money (voided, lapsed, another order chosen)."""
    o = await engine.load(db, PRESCRIPTION_KIND, order.subject_id, lock=True)
    if o.order_id != order.id:
        return False
    if o.state != State.approved:
        return o.state not in (State.voided, State.cancelled, State.lapsed)
    await engine.platform_step(db, clock, PRESCRIPTION_KIND, o, "pay")
    o.paid_at = clock.now()
    await engine.tell(db, clock, PRESCRIPTION_KIND, o, "paid", await pharmacists(db, clock, o))
    return True


payments.register_subject(CASE, on_paid=on_paid)


async def after_lapse(db: AsyncSession, clock: Clock, o: Prescription) -> None:
    """Not paid while valid: its order is called off."""
    await _call_off_order(db, clock, None, o, "prescription lapsed")
    o.closed_at = clock.now()
    await engine.tell(db, clock, PRESCRIPTION_KIND, o, "lapsed",
                      await patient_side_people(db, o))


async def cancel(db: AsyncSession, clock: Clock, actor: Actor, prescription_id: uuid.UUID,
                 data: ReasonIn) -> PrescriptionOut:
    """The patient does not buy it."""
    o, _ = await engine.step(db, clock, actor, PRESCRIPTION_KIND, prescription_id, "cancel",
                             note=data.reason)
    await _call_off_order(db, clock, actor, o, data.reason)
    o.closed_at, o.close_reason = clock.now(), data.reason
    await engine.tell(db, clock, PRESCRIPTION_KIND, o, "cancelled",
                      [o.doctor_id, *await pharmacists(db, clock, o)], actor, reason=data.reason)
    return await _done(db, clock, actor, o)


async def refund(db: AsyncSession, clock: Clock, actor: Actor, prescription_id: uuid.UUID,
                 data: ReasonIn) -> PrescriptionOut:
    """Paid, nothing dispensed: refunded in full."""
    o, _ = await engine.step(db, clock, actor, PRESCRIPTION_KIND, prescription_id, "refund",
                             note=data.reason)
    assert o.order_id is not None  # paid
    made = await payments.refund(db, clock, o.order_id, amount_fen=None, reason=data.reason,
                                 actor=actor)
    o.refunded_fen += made.amount_fen
    o.closed_at, o.close_reason = clock.now(), data.reason
    await engine.tell(db, clock, PRESCRIPTION_KIND, o, "cancelled",
                      [o.doctor_id, *await patient_side_people(db, o),
                       *await pharmacists(db, clock, o)], actor, reason=data.reason)
    return await _done(db, clock, actor, o)


# ---------------------------------------------------------------- dispensing and handing over


async def dispense(db: AsyncSession, clock: Clock, actor: Actor, prescription_id: uuid.UUID
                   ) -> PrescriptionOut:
    """The pharmacy takes each line from stock, earliest expiry first, drugs in id order (the
    lock order); short of one, nothing is taken (409 ``out-of-stock``)."""
    o, _ = await engine.step(db, clock, actor, PRESCRIPTION_KIND, prescription_id, "dispense")
    lines = (await _lines_of(db, [o.id], lock=True))[o.id]
    for line in sorted(lines, key=lambda x: (x.drug_id, x.position)):
        try:
            taken = await catalogue.take(db, clock, actor, o.dispensing_org_id, line.drug_id,
                                         line.quantity)
        except catalogue.OutOfStock as e:
            # Which line is short, for the pharmacist's message.
            raise catalogue.OutOfStock(
                f"{line.generic_name} {line.specification}: {e.detail}", line=line.position,
                drug=f"{line.generic_name} {line.specification}", wanted=line.quantity,
                **e.extra) from e
        line.batches = [[t.batch_no, t.expires_on.isoformat(), t.packages] for t in taken]
    o.dispensed_at, o.dispensed_by = clock.now(), actor.user_id
    people = await patient_side_people(db, o)
    if o.fulfilment == Fulfilment.pickup:
        clinic = await alliance.get_organisation(db, o.pickup_org_id)
        await engine.tell(db, clock, PRESCRIPTION_KIND, o, "dispensed_pickup", people, actor,
                          organisation=clinic.name, code=o.handover_code)
        await engine.tell(db, clock, PRESCRIPTION_KIND, o, "to_arrive",
                          await clinic_doctors(db, clock, o), actor)
    else:
        await engine.tell(db, clock, PRESCRIPTION_KIND, o, "dispensed", people, actor)
    return await _done(db, clock, actor, o)


async def collect(db: AsyncSession, clock: Clock, actor: Actor, prescription_id: uuid.UUID,
                  data: CollectIn) -> PrescriptionOut:
    o, _ = await engine.step(db, clock, actor, PRESCRIPTION_KIND, prescription_id, "collect",
                             detail={"carrier": data.carrier, "tracking_no": data.tracking_no})
    o.carrier, o.tracking_no, o.collected_at = data.carrier, data.tracking_no, clock.now()
    await engine.tell(db, clock, PRESCRIPTION_KIND, o, "collected",
                      await patient_side_people(db, o), actor, carrier=data.carrier,
                      tracking_no=data.tracking_no, code=o.handover_code)
    return await _done(db, clock, actor, o)


async def transit(db: AsyncSession, clock: Clock, actor: Actor, prescription_id: uuid.UUID
                  ) -> PrescriptionOut:
    o, _ = await engine.step(db, clock, actor, PRESCRIPTION_KIND, prescription_id, "transit")
    o.in_transit_at = clock.now()
    await engine.tell(db, clock, PRESCRIPTION_KIND, o, "in_transit", [], actor)
    return await _done(db, clock, actor, o)


def _check_code(o: Prescription, code: str) -> None:
    if not o.handover_code or not secrets.compare_digest(o.handover_code, code):
        raise WrongCode("the code does not match", errors=[
            {"field": "code", "message": "does not match"}]).about(
            CASE, o.id, o.dispensing_org_id)


async def deliver(db: AsyncSession, clock: Clock, actor: Actor, prescription_id: uuid.UUID,
                  code: str) -> PrescriptionOut:
    """The courier's report: delivered against the patient's receipt code."""
    o, _ = await engine.step(db, clock, actor, PRESCRIPTION_KIND, prescription_id, "deliver")
    _check_code(o, code)
    return await _received(db, clock, actor, o)


async def confirm_receipt(db: AsyncSession, clock: Clock, actor: Actor,
                          prescription_id: uuid.UUID) -> PrescriptionOut:
    o, _ = await engine.step(db, clock, actor, PRESCRIPTION_KIND, prescription_id,
                             "confirm_receipt")
    return await _received(db, clock, actor, o)


async def arrive(db: AsyncSession, clock: Clock, actor: Actor, prescription_id: uuid.UUID
                 ) -> PrescriptionOut:
    o, _ = await engine.step(db, clock, actor, PRESCRIPTION_KIND, prescription_id, "arrive")
    o.arrived_at = clock.now()
    clinic = await alliance.get_organisation(db, o.pickup_org_id)
    await engine.tell(db, clock, PRESCRIPTION_KIND, o, "at_clinic",
                      await patient_side_people(db, o), actor, organisation=clinic.name,
                      code=o.handover_code)
    return await _done(db, clock, actor, o)


async def hand_over(db: AsyncSession, clock: Clock, actor: Actor, prescription_id: uuid.UUID,
                    data: HandOverIn) -> PrescriptionOut:
    """The village doctor hands the medicines over against the pick-up code, having explained
    how to take them."""
    o, _ = await engine.step(db, clock, actor, PRESCRIPTION_KIND, prescription_id, "hand_over")
    _check_code(o, data.code)
    if not data.usage_explained:
        raise ValidationFailed.field("usage_explained",
                                     "explain how to take them before handing them over")
    o.usage_explained = True
    return await _received(db, clock, actor, o)


async def _received(db: AsyncSession, clock: Clock, actor: Actor, o: Prescription
                    ) -> PrescriptionOut:
    """In the patient's hands: the medications go to the record's reconciliation."""
    now = clock.now()
    o.received_at, o.received_by, o.closed_at = now, actor.user_id, now
    lines = (await _lines_of(db, [o.id]))[o.id]
    await patients.propose(db, clock, actor, o.patient_id, source_type=CASE, source_id=str(o.id),
                           proposal=patients.Proposal(organisation_id=o.prescribing_org_id,
                                                      medications=[{
        "name": line.generic_name, "dose": f"{line.dose.normalize():f}{line.dose_unit}",
        "frequency": FREQUENCIES[line.frequency].zh} for line in lines]))
    await engine.tell(db, clock, PRESCRIPTION_KIND, o, "received",
                      [o.doctor_id, *await patient_side_people(db, o)], actor)
    return await _done(db, clock, actor, o)


# ---------------------------------------------------------------- reading


async def _lines_of(db: AsyncSession, ids: list[uuid.UUID], *, lock: bool = False
                    ) -> dict[uuid.UUID, list[PrescriptionLine]]:
    stmt = (select(PrescriptionLine).where(PrescriptionLine.prescription_id.in_(ids))
            .order_by(PrescriptionLine.prescription_id, PrescriptionLine.position))
    if lock:
        stmt = stmt.with_for_update()
    out: dict[uuid.UUID, list[PrescriptionLine]] = {i: [] for i in ids}
    for line in (await db.execute(stmt)).scalars():
        out[line.prescription_id].append(line)
    return out


async def _done(db: AsyncSession, clock: Clock, actor: Actor, o: Prescription
                ) -> PrescriptionOut:
    await db.commit()
    return await get(db, clock, actor, o.id)


async def _summaries(db: AsyncSession, clock: Clock, rows: list[Prescription],
                     late: set[uuid.UUID]) -> list[dict[str, Any]]:
    fields = await engine.summary_fields(db, clock, PRESCRIPTION_KIND, rows, late)
    doctors = await identity.display_names(db, {o.doctor_id for o in rows})
    clinics = await alliance.names(db, {o.pickup_org_id for o in rows if o.pickup_org_id})
    lines = await _lines_of(db, [o.id for o in rows])
    return [{**f, "visit_id": o.visit_id, "visit_number": o.visit_number,
             "doctor_id": o.doctor_id, "doctor_name": doctors.get(o.doctor_id, ""),
             "version": o.version, "drugs": [line.generic_name for line in lines[o.id]],
             "drugs_fen": o.drugs_fen, "delivery_fee_fen": o.delivery_fee_fen,
             "fulfilment": o.fulfilment, "pickup_org_id": o.pickup_org_id,
             "pickup_org_name": clinics.get(o.pickup_org_id) if o.pickup_org_id else None,
             "signed_at": o.signed_at, "review_due": o.review_due,
             "countersign_required": o.countersign_required, "cold_chain": o.cold_chain}
            for f, o in zip(fields, rows, strict=True)]


async def get(db: AsyncSession, clock: Clock, actor: Actor, prescription_id: uuid.UUID
              ) -> PrescriptionOut:
    o, p = await engine.read(db, clock, actor, PRESCRIPTION_KIND, prescription_id)
    [fields] = await _summaries(db, clock, [o], set(await engine.overdue_among(
        db, PRESCRIPTION_KIND, [o.id], clock.now())))
    lines = (await _lines_of(db, [o.id]))[o.id]
    people = await identity.display_names(db, {u for u in (o.reviewed_by, o.dispensed_by) if u})
    successor = (await db.execute(select(Prescription.id).where(
        Prescription.replaces_id == o.id))).scalar()
    patient_side = (actor.role == Role.patient
                    or (o.proxy_doctor_id is not None and actor.user_id == o.proxy_doctor_id))
    ships = patient_side or (actor.role == Role.pharmacist and actor.org_id == o.dispensing_org_id)
    out = PrescriptionOut(
        **fields, **await engine.detail_fields(db, clock, actor, PRESCRIPTION_KIND, o, p),
        lines=[LineOut.model_validate(line, from_attributes=True) for line in lines],
        proxy_doctor_id=o.proxy_doctor_id, delivery_fee_offer_fen=_delivery_fee(o),
        pickup_clinic_name=clinic.name if (clinic := await _home_clinic(db, o)) else None,
        category=o.category, chronic=o.chronic, long_term=o.long_term,
        stable_assessment=o.stable_assessment, patient_confirmed=o.patient_confirmed,
        guardian_name=o.guardian_name, accompanying_physician=o.accompanying_physician,
        validity_days=o.validity_days, validity_note=o.validity_note, valid_until=o.valid_until,
        overrides=[WarningOut(**w) for w in o.overrides], document_id=o.document_id,
        replaces_id=o.replaces_id, replaced_by_id=successor,
        reviewed_by_name=people.get(o.reviewed_by) if o.reviewed_by else None,
        reviewed_at=o.reviewed_at, review_codes=o.review_codes, review_note=o.review_note,
        countersign_note=o.countersign_note, order_id=o.order_id, paid_at=o.paid_at,
        refunded_fen=o.refunded_fen,
        recipient=o.recipient if ships else None,
        recipient_phone=o.recipient_phone if ships else None,
        address=o.address if ships else None,
        handover_code=o.handover_code if patient_side else None,
        dispensed_at=o.dispensed_at,
        dispensed_by_name=people.get(o.dispensed_by) if o.dispensed_by else None,
        carrier=o.carrier, tracking_no=o.tracking_no, collected_at=o.collected_at,
        in_transit_at=o.in_transit_at, arrived_at=o.arrived_at, received_at=o.received_at,
        usage_explained=o.usage_explained, retention_years=o.retention_years,
        keep_until=o.keep_until)
    await db.commit()  # the access log's entry
    return out


async def list_prescriptions(db: AsyncSession, clock: Clock, actor: Actor, *,
                             state: State | None, side: str | None, visit_id: uuid.UUID | None,
                             patient_id: uuid.UUID | None, sort: str, cursor: str | None,
                             limit: int) -> Page[PrescriptionSummary]:
    rows, late, next_cursor = await engine.page(
        db, clock, actor, PRESCRIPTION_KIND, state=state, patient_id=patient_id, sort=sort,
        cursor=cursor, limit=limit, filters={"side": side, "visit_id": visit_id})
    if actor.is_staff:
        await engine.log_listed(db, clock, actor, PRESCRIPTION_KIND, rows)
    items = [PrescriptionSummary(**f) for f in await _summaries(db, clock, rows, late)]
    await db.commit()
    return Page(items=items, next_cursor=next_cursor)
