"""Patient index and record rules: identity checks, scope, consent, break-glass, audit."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import phonenumbers
from sqlalchemy import bindparam, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from stdnum import numdb
from stdnum.cn import ric
from stdnum.exceptions import ValidationError as StdnumError

from yilian.alliance import service as alliance
from yilian.core import accesslog, audit, errors, people
from yilian.core.accesslog import AccessEntry
from yilian.core.audit import AuditEntry
from yilian.core.authz import Actor, Role
from yilian.core.clock import SHANGHAI, Clock
from yilian.core.crypto import blind_index
from yilian.core.db import Direct
from yilian.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from yilian.core.pagination import paginate
from yilian.patients import policy
from yilian.patients.models import SEX_ZH as SEX_ZH  # re-exported: other modules print it
from yilian.patients.models import (
    Allergy,
    BreakGlass,
    Consent,
    Encounter,
    Medication,
    Patient,
    Problem,
    Reconciliation,
    ReconciliationState,
    RecordDocument,
    RecordStatus,
    Sex,
)
from yilian.patients.policy import Access
from yilian.patients.schemas import (
    AccessLogEntry,
    AllergyIn,
    AllergyOut,
    ConsentIn,
    ConsentOut,
    DocumentOut,
    EncounterIn,
    EncounterOut,
    MedicationIn,
    MedicationOut,
    MedicationVersion,
    PatientIdentifiers,
    PatientIn,
    PatientOut,
    PatientPatch,
    PatientSummary,
    ProblemIn,
    ProblemOut,
    ProblemVersion,
    RecordAccess,
    RecordOut,
)

BREAK_GLASS_HOURS = 4
MAX_CONSENT_DAYS = 366
ENCOUNTER_CLOCK_SKEW = timedelta(minutes=10)  # the writer's clock may run a little ahead
RID = "patients.resident_id"
PHONE = "patients.phone"


# ---------------------------------------------------------------- identifiers


_REGIONS = numdb.get("cn/loc")


def _known_region(code: str) -> bool:
    """The 6-digit division code was in use at some time. Codes are assigned when the ID is
    issued, not at birth, so python-stdnum's check against the birth year would refuse real
    IDs of people born before their county got its current code."""
    found = _REGIONS.info(code)
    return len(found) >= 2 and bool(found[0][1]) and bool(found[1][1])


def normalise_resident_id(value: str, birth_date: date | None = None, sex: Sex | None = None) -> str:
    """A valid 18-character resident ID (check digit, region, birth date), matching the person."""
    compact = ric.compact(value or "")
    if len(compact) != 18 or not compact[:17].isdigit():
        raise ValidationFailed.field("resident_id", "must be the 18-character resident ID")
    if ric.calc_check_digit(compact) != compact[-1]:
        raise ValidationFailed.field("resident_id", "the check digit is wrong")
    try:
        born = ric.get_birth_date(compact)
    except StdnumError:
        raise ValidationFailed.field("resident_id", "the birth date in it is impossible") from None
    if not _known_region(compact[:6]):
        raise ValidationFailed.field("resident_id", "the region code in it does not exist")
    if birth_date is not None and born != birth_date:
        raise ValidationFailed.field("birth_date", "does not match the resident ID")
    if sex in (Sex.male, Sex.female):
        id_sex = Sex.male if int(compact[16]) % 2 else Sex.female
        if id_sex != sex:
            raise ValidationFailed.field("sex", "does not match the resident ID")
    return compact


def normalise_phone(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    try:
        number = phonenumbers.parse(value, "CN")
    except phonenumbers.NumberParseException:
        raise ValidationFailed.field("phone", "is not a phone number") from None
    if not phonenumbers.is_valid_number(number):
        raise ValidationFailed.field("phone", "is not a valid phone number")
    return str(number.national_number) if number.country_code == 86 else phonenumbers.format_number(
        number, phonenumbers.PhoneNumberFormat.E164
    )


def mask_resident_id(value: str) -> str:
    return value[:6] + "*" * 8 + value[-4:]


def mask_phone(value: str | None) -> str | None:
    if not value:
        return None
    return value[:3] + "*" * (len(value) - 7) + value[-4:] if len(value) >= 8 else "*" * len(value)


def mask_text(value: str | None, keep: int = 6) -> str | None:
    """An address or a number shown in part: its beginning (the district), then stars."""
    if not value:
        return None
    return value[:keep] + "****" if len(value) > keep else "*" * len(value)


def age_on(birth: date, today: date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


# ---------------------------------------------------------------- reading


async def names(db: AsyncSession, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not ids:
        return {}
    rows = await db.execute(select(Patient.id, Patient.name).where(Patient.id.in_(ids)))
    return dict(rows.all())


async def find_patient(db: AsyncSession, patient_id: uuid.UUID) -> Patient | None:
    """The patient row, for a module that has already decided the reader may see it (no
    scope check, no access log); None when there is no such id."""
    return await db.get(Patient, patient_id)


# Per request (database session): home organisation id -> (path, name), so that reading a
# patient costs one query, scope decision and display name included.
_HOMES = "patients.homes"


async def _load(db: AsyncSession, patient_id: uuid.UUID) -> Patient:
    stmt = alliance.with_organisation(select(Patient), Patient.home_organisation_id)
    row = (await db.execute(stmt.where(Patient.id == patient_id))).first()
    if row is None:
        raise NotFound(f"patient {patient_id} does not exist", code="patient-not-found")
    patient, path, name = row
    db.info.setdefault(_HOMES, {})[patient.home_organisation_id] = (path, name)
    return patient


# Built once: reading a patient for display is one Core select of the columns it shows, with its
# home organisation's path (the scope decision) and name, rather than an ORM object with its
# identity map and change tracking (docs/decisions/0016). The encrypted columns are decrypted by
# their column type; the masked forms are made from them.
_P = Patient.__table__.c  # table columns: no ORM loading layer
_PATIENT_ROW = Direct(alliance.with_organisation_columns(
    select(_P.id, _P.name, _P.sex, _P.birth_date, _P.resident_id, _P.phone, _P.address,
           _P.home_organisation_id, _P.insurance_no),
    _P.home_organisation_id, "home").where(_P.id == bindparam("patient_id")))


async def _load_row(db: AsyncSession, patient_id: uuid.UUID) -> Any:
    """The patient as read-only columns (attributes named as on ``Patient``)."""
    row = await _PATIENT_ROW.first(db, {"patient_id": patient_id})
    if row is None:
        raise NotFound(f"patient {patient_id} does not exist", code="patient-not-found")
    db.info.setdefault(_HOMES, {})[row.home_organisation_id] = (row.home_path, row.home_name)
    return row


async def _home(db: AsyncSession, org_id: uuid.UUID) -> tuple[str, str]:
    homes = db.info.setdefault(_HOMES, {})
    if org_id not in homes:
        org = await alliance.get_organisation(db, org_id)
        homes[org_id] = (org.path, org.name)
    return homes[org_id]


# A case module tells whether the actor takes part in a case of the patient (its number), for
# readers outside the patient's network: ``fn(db, actor, patient_id) -> str | None``.
Relationship = Callable[[AsyncSession, Actor, uuid.UUID], Awaitable[str | None]]
_relationships: dict[str, Relationship] = {}


def register_relationship(case_type: str, fn: Relationship) -> None:
    known = _relationships.get(case_type)
    if known is not None and known is not fn:
        raise ValueError(f"a relationship for {case_type} is registered already")
    _relationships[case_type] = fn


async def _relationship(db: AsyncSession, clock: Clock, actor: Actor, patient: Patient
                        ) -> tuple[str, str | None]:
    """Why a verified clinician outside the network may read: a case, the patient's consent
    to the reader's own organisation, an emergency access; ("", None) for none."""
    for fn in _relationships.values():
        number = await fn(db, actor, patient.id)
        if number is not None:
            return "case", number
    now = clock.now()
    consent = (await db.execute(select(Consent.id).where(
        Consent.patient_id == patient.id, Consent.organisation_id == actor.org_id,
        Consent.revoked_at.is_(None), Consent.expires_at > now).limit(1))).scalar()
    if consent is not None:
        return "consent", str(consent)
    glass = (await db.execute(select(BreakGlass.id).where(
        BreakGlass.patient_id == patient.id, BreakGlass.user_id == actor.user_id,
        BreakGlass.grant_id == actor.grant_id, BreakGlass.expires_at > now).limit(1))).scalar()
    if glass is not None:
        return "break-glass", str(glass)
    return "", None


async def _access(db: AsyncSession, clock: Clock, actor: Actor, patient: Patient
                  ) -> tuple[Access | None, str | None]:
    """The reader's access and what it rests on (a case number, a consent or break-glass id)."""
    home_path, _ = await _home(db, patient.home_organisation_id)
    home = patient.home_organisation_id
    if actor.role == Role.patient or policy.in_network(actor, home, home_path):
        return policy.patient_access(actor, home, home_path, patient.id, case=False,
                                     consented=False, break_glass=False), None
    if actor.role not in policy.RECORD_ROLES or not actor.clinically_verified:
        return None, None
    kind, ref = await _relationship(db, clock, actor, patient)
    return policy.patient_access(actor, home, home_path, patient.id, case=kind == "case",
                                 consented=kind == "consent",
                                 break_glass=kind == "break-glass"), ref


def _refuse_read(patient: Patient, actor: Actor, access: Access | None = None
                 ) -> errors.Problem:
    """Why a read is refused; ``access`` is what the reader has (the index, not the record: the
    route's policy already keeps other roles from the record)."""
    if actor.role == Role.patient:
        err = Forbidden("you may act only for yourself and the family members linked to you",
                        code="not-your-patient")
    elif access is not None and actor.role in policy.RECORD_ROLES:
        err = Forbidden("real-name verification is required to read clinical records",
                        code="not-verified", title_zh="尚未完成实名认证，不能查看病历",
                        title_en="Real-name verification required")
    else:
        err = Forbidden(
            "this patient belongs to an organisation outside your scope; the patient's consent "
            "or an emergency break-glass access is needed",
            code="consent-required", title_zh="需要患者授权或紧急访问",
            title_en="Patient consent or break-glass access required",
        )
    return err.about("patient", patient.id, patient.home_organisation_id)


async def _read(
    db: AsyncSession, clock: Clock, actor: Actor, patient_id: uuid.UUID, what: str, *,
    record: bool, purpose: str | None = None,
) -> tuple[Any, Access]:
    """The patient (read-only columns), if ``actor`` may read it; the read goes into the access
    log, in the caller's transaction."""
    patient = await _load_row(db, patient_id)
    access, ref = await _access(db, clock, actor, patient)
    if access is None or (record and not policy.may_read_record(actor, access)):
        raise _refuse_read(patient, actor, access)
    log_read(db, clock, actor, patient.id, patient.home_organisation_id, what,
             policy.basis(actor, patient.id, access), ref=ref, purpose=purpose)
    return patient, access


async def home_of(db: AsyncSession, patient_id: uuid.UUID) -> uuid.UUID | None:
    return (await db.execute(select(Patient.home_organisation_id)
                             .where(Patient.id == patient_id))).scalar()


async def homes_of(db: AsyncSession, ids: set[uuid.UUID]) -> dict[uuid.UUID, uuid.UUID | None]:
    """The home organisation of each patient, in one query (for a page of rows)."""
    if not ids:
        return {}
    rows = await db.execute(select(Patient.id, Patient.home_organisation_id)
                            .where(Patient.id.in_(ids)))
    return dict(rows.all())


def read_basis(actor: Actor, patient_id: uuid.UUID, staff: accesslog.Basis) -> accesslog.Basis:
    """The ground the access log gives a read: a patient account reads as the patient or as
    their proxy; staff on ``staff`` (the case, the order)."""
    return policy.basis(actor, patient_id, Access.self) if actor.role == Role.patient else staff


def log_read(db: AsyncSession, clock: Clock, actor: Actor, patient_id: uuid.UUID,
             home_org_id: uuid.UUID | None, what: str, basis: accesslog.Basis, *,
             ref: str | None = None, entity_type: str = "patient", entity_id: Any = None,
             purpose: str | None = None) -> None:
    """For other modules that show a patient's data (a case's materials): the read, in the
    patient's access log."""
    accesslog.log(db, clock, actor, patient_id, home_org_id, what, basis, basis_ref=ref,
                  entity_type=entity_type, entity_id=entity_id or patient_id, purpose=purpose)


async def require_in_scope(
    db: AsyncSession, clock: Clock, actor: Actor | None, patient_id: uuid.UUID
) -> Patient:
    """For other modules acting on a patient: staff with the patient in their own scope."""
    patient = await _load(db, patient_id)
    if actor is not None and (await _access(db, clock, actor, patient))[0] != Access.own_scope:
        raise Forbidden("this patient is outside your scope", code="out-of-scope").about(
            "patient", patient.id, patient.home_organisation_id)
    return patient


def _summary(p: Patient, org_names: dict[uuid.UUID, str], today: date) -> dict[str, Any]:
    return {
        "id": p.id, "name": p.name, "sex": p.sex, "birth_date": p.birth_date,
        "age": age_on(p.birth_date, today),
        "resident_id_masked": mask_resident_id(p.resident_id),
        "phone_masked": mask_phone(p.phone),
        "home_organisation_id": p.home_organisation_id,
        "home_organisation_name": org_names.get(p.home_organisation_id, ""),
    }


def _today(clock: Clock) -> date:
    return clock.now().astimezone(SHANGHAI).date()


async def _out(db: AsyncSession, clock: Clock, p: Patient, access: Access) -> PatientOut:
    """Identifiers masked: the full values are a request of their own, with a purpose."""
    _, home_name = await _home(db, p.home_organisation_id)
    return PatientOut(**_summary(p, {p.home_organisation_id: home_name}, _today(clock)),
                      address_masked=mask_text(p.address),
                      insurance_no_masked=mask_text(p.insurance_no, keep=2),
                      access=access, may_reveal=policy.may_reveal(access))


async def get_patient(
    db: AsyncSession, clock: Clock, actor: Actor, patient_id: uuid.UUID
) -> PatientOut:
    patient, access = await _read(db, clock, actor, patient_id, "patient.read", record=False)
    out = await _out(db, clock, patient, access)
    await accesslog.write_pending(db)
    await db.commit()
    return out


async def reveal_identifiers(
    db: AsyncSession, clock: Clock, actor: Actor, patient_id: uuid.UUID, purpose: str
) -> PatientIdentifiers:
    """The resident ID, phone, address and insurance number in full, for a stated purpose that
    the access log keeps."""
    patient = await _load(db, patient_id)
    access, _ = await _access(db, clock, actor, patient)
    if access is None:
        raise _refuse_read(patient, actor)
    if not policy.may_reveal(access):
        raise Forbidden("identifiers are shown in full to the patient's own network only",
                        code="identifiers-masked", title_zh="仅患者所属医共体可查看完整身份信息",
                        title_en="Full identifiers are for the patient's own network").about(
            "patient", patient.id, patient.home_organisation_id)
    await _read(db, clock, actor, patient.id, "patient.identifiers", record=False,
                purpose=purpose.strip())
    out = PatientIdentifiers(resident_id=patient.resident_id, phone=patient.phone,
                             address=patient.address, insurance_no=patient.insurance_no)
    await db.commit()
    return out


def _successor(prefix: str) -> str:
    """The smallest string greater than every string that begins with ``prefix``."""
    return prefix[:-1] + chr(min(ord(prefix[-1]) + 1, 0x10FFFF))


async def search(
    db: AsyncSession, clock: Clock, actor: Actor, *, q: str | None, resident_id: str | None,
    phone: str | None, cursor: str | None, limit: int,
) -> tuple[list[PatientSummary], str | None]:
    stmt = select(Patient).where(Patient.active.is_(True))
    if actor.role == Role.patient:
        stmt = stmt.where(Patient.id.in_(actor.patient_ids))
    else:
        assert actor.org_path is not None  # READERS' other roles are staff, granted at an org
        network = (Patient.home_organisation_id.in_(alliance.ids_under(actor.org_path))
                   if actor.org_level not in policy.ABOVE_COUNTY
                   else Patient.home_organisation_id == actor.org_id)
        mine = [network]
        if actor.role in policy.RECORD_ROLES and actor.clinically_verified:
            mine.append(Patient.id.in_(select(Consent.patient_id).where(
                Consent.organisation_id == actor.org_id, Consent.revoked_at.is_(None),
                Consent.expires_at > clock.now())))
        stmt = stmt.where(or_(*mine))
    if q and q.strip():
        # Names beginning with q: a range over the code-point order, which the name index
        # serves even in a prepared statement's generic plan (a LIKE pattern would not).
        prefix = q.strip()
        stmt = stmt.where(Patient.name >= prefix, Patient.name < _successor(prefix))
    if resident_id:
        stmt = stmt.where(Patient.resident_id_bidx == blind_index(ric.compact(resident_id), RID))
    if phone:
        try:
            number = normalise_phone(phone)
        except ValidationFailed:
            return [], None
        stmt = stmt.where(Patient.phone_bidx == blind_index(number, PHONE))
    rows, nxt = await paginate(db, stmt, [Patient.name, Patient.id], cursor=cursor, limit=limit)
    org_names = await alliance.names(db, {p.home_organisation_id for p in rows})
    today = _today(clock)
    found = [PatientSummary(**_summary(p, org_names, today)) for p in rows]
    if rows:
        homes = {p.home_organisation_id: (await _home(db, p.home_organisation_id))[0]
                 for p in rows}
        for p in rows:
            log_read(db, clock, actor, p.id, p.home_organisation_id, "patient.list",
                     _search_basis(actor, p, homes[p.home_organisation_id]))
        await db.commit()
    return found, nxt


def _search_basis(actor: Actor, p: Patient, home_path: str) -> accesslog.Basis:
    if actor.role == Role.patient:
        return policy.basis(actor, p.id, Access.self)
    if policy.in_network(actor, p.home_organisation_id, home_path):
        return accesslog.Basis.network
    return accesslog.Basis.consent


# ---------------------------------------------------------------- index changes


async def _home_in_scope(db: AsyncSession, actor: Actor | None, org_id: uuid.UUID, field: str):
    org = await alliance.get_organisation(db, org_id)
    if not org.active:
        raise ValidationFailed.field(field, "the organisation is deactivated")
    if actor is not None and not policy.in_network(actor, org.id, org.path):
        raise Forbidden(f"{org.name} is outside your scope", code="out-of-scope")
    return org


async def create_patient(
    db: AsyncSession, clock: Clock, actor: Actor | None, data: PatientIn
) -> PatientOut:
    """``actor`` is None only for the local demo builder."""
    rid = normalise_resident_id(data.resident_id, data.birth_date, data.sex)
    phone = normalise_phone(data.phone)
    if data.birth_date > _today(clock):
        raise ValidationFailed.field("birth_date", "is in the future")
    await _home_in_scope(db, actor, data.home_organisation_id, "home_organisation_id")
    bidx = blind_index(rid, RID)
    existing = (await db.execute(select(Patient.id).where(Patient.resident_id_bidx == bidx))).first()
    if existing:
        raise Conflict("a patient with this resident ID already exists",
                       code="duplicate-resident-id", existing_patient_id=str(existing[0]),
                       title_zh="该身份证号已建档", title_en="Resident ID already registered")
    patient = Patient(
        name=data.name.strip(), sex=data.sex, birth_date=data.birth_date, resident_id=rid,
        resident_id_bidx=bidx, phone=phone, phone_bidx=blind_index(phone, PHONE),
        address=data.address, home_organisation_id=data.home_organisation_id,
        insurance_no=data.insurance_no,
    )
    db.add(patient)
    await db.flush()
    await audit.record(db, clock, actor, "patient.create", entity_type="patient",
                       entity_id=patient.id, subject_org_id=patient.home_organisation_id)
    await db.commit()
    return await _out(db, clock, patient, Access.own_scope)


async def patch_patient(
    db: AsyncSession, clock: Clock, actor: Actor, patient_id: uuid.UUID, data: PatientPatch
) -> PatientOut:
    patient = await _load(db, patient_id)
    access, _ = await _access(db, clock, actor, patient)
    if not policy.may_edit_index(actor, access):
        if access is None:
            raise _refuse_read(patient, actor)
        raise Forbidden("only the home organisation's staff edit the patient index",
                        code="out-of-scope")
    assert access is not None  # may_edit_index holds for own_scope only
    changes = data.model_dump(exclude_unset=True)
    if "name" in changes and changes["name"] is None:
        raise ValidationFailed.field("name", "may not be empty")
    if changes.get("home_organisation_id"):
        await _home_in_scope(db, actor, changes["home_organisation_id"], "home_organisation_id")
    elif "home_organisation_id" in changes:
        raise ValidationFailed.field("home_organisation_id", "may not be empty")
    if "phone" in changes:
        changes["phone"] = normalise_phone(changes["phone"])
        patient.phone_bidx = blind_index(changes["phone"], PHONE)
    for key, value in changes.items():
        setattr(patient, key, value)
    await audit.record(db, clock, actor, "patient.update", entity_type="patient",
                       entity_id=patient.id, subject_org_id=patient.home_organisation_id,
                       detail={"fields": sorted(changes)})
    await db.commit()
    return await _out(db, clock, patient, access)


# ---------------------------------------------------------------- the record


async def get_record(db: AsyncSession, clock: Clock, actor: Actor, patient_id: uuid.UUID) -> RecordOut:
    record = await record_view(db, clock, actor, patient_id)
    await db.commit()
    return record


async def record_view(db: AsyncSession, clock: Clock, actor: Actor, patient_id: uuid.UUID
                      ) -> RecordOut:
    """The record as ``actor`` may see it, read (and logged) in the caller's transaction."""
    patient, access = await _read(db, clock, actor, patient_id, "record.read", record=True)

    async def rows(model):
        stmt = select(model).where(model.patient_id == patient.id).order_by(model.recorded_at.desc())
        return (await db.execute(stmt)).scalars().all()

    encounters = (await db.execute(select(Encounter).where(Encounter.patient_id == patient.id)
                                   .order_by(Encounter.started_at.desc()))).scalars().all()
    org_names = await alliance.names(db, {e.organisation_id for e in encounters})
    pending = None
    if actor.is_staff:
        pending = (await db.execute(select(func.count()).select_from(Reconciliation).where(
            Reconciliation.patient_id == patient.id,
            Reconciliation.state == ReconciliationState.pending))).scalar()
    return RecordOut(
        patient=await _out(db, clock, patient, access),
        problems=_versions(await rows(Problem), ProblemOut, ProblemVersion),
        allergies=[AllergyOut.model_validate(a, from_attributes=True) for a in await rows(Allergy)],
        medications=_versions(await rows(Medication), MedicationOut, MedicationVersion),
        documents=[
            DocumentOut(id=d.id, organisation_id=d.organisation_id, recorded_at=d.recorded_at,
                        title=d.title, kind=d.kind, created_at=d.recorded_at)
            for d in await rows(RecordDocument)
        ],
        encounters=[_encounter_out(e, org_names) for e in encounters],
        access=RecordAccess(mode=access),
        pending_reconciliations=pending,
    )


def _versions(rows: Sequence[Any], out: Any, version: Any) -> list[Any]:
    """The current entries (none supersedes them), each with its earlier versions."""
    by_id = {r.id: r for r in rows}
    current = []
    for r in rows:
        if r.superseded_at is not None:
            continue
        history, prev = [], by_id.get(r.supersedes_id) if r.supersedes_id else None
        while prev is not None:
            history.append(version.model_validate(prev, from_attributes=True))
            prev = by_id.get(prev.supersedes_id) if prev.supersedes_id else None
        current.append(out.model_validate(r, from_attributes=True).model_copy(
            update={"history": history}))
    return current


def _stay_days(e: Encounter) -> int | None:
    """Nights in hospital: calendar days (Asia/Shanghai) from admission to discharge."""
    if e.ended_at is None:
        return None
    return (e.ended_at.astimezone(SHANGHAI).date() - e.started_at.astimezone(SHANGHAI).date()).days


def _encounter_out(e: Encounter, org_names: dict[uuid.UUID, str]) -> EncounterOut:
    return EncounterOut(
        id=e.id, organisation_id=e.organisation_id, recorded_at=e.recorded_at, kind=e.kind,
        organisation_name=org_names.get(e.organisation_id, ""), started_at=e.started_at,
        ended_at=e.ended_at, length_of_stay_days=_stay_days(e), summary=e.summary,
        case_type=e.case_type, case_id=e.case_id, case_number=e.case_number,
        document_id=e.document_id)


# The entries with a status, which a clinician may void; an encounter has none.
STATUS_MODELS: dict[str, type[Problem | Allergy | Medication]] = {
    "problems": Problem, "allergies": Allergy, "medications": Medication}
ENTRY_MODELS: dict[str, type[Problem | Allergy | Medication | Encounter]] = {
    **STATUS_MODELS, "encounters": Encounter}


async def writable(db: AsyncSession, clock: Clock, actor: Actor, patient_id: uuid.UUID
                   ) -> tuple[Patient, Access | None]:
    """The patient, if ``actor`` may write the record: an outsider is refused as for a read
    (learning nothing more), a reader who may not write is told so."""
    patient = await _load(db, patient_id)
    access, _ = await _access(db, clock, actor, patient)
    if not policy.may_write_record(actor, access):
        if access is None:
            raise _refuse_read(patient, actor)
        raise Forbidden("only a real-name verified clinician may write the record",
                        code="not-verified" if not actor.clinically_verified else "forbidden")
    return patient, access


async def add_entry(
    db: AsyncSession, clock: Clock, actor: Actor, patient_id: uuid.UUID, kind: str,
    data: ProblemIn | AllergyIn | MedicationIn | EncounterIn,
):
    patient, access = await writable(db, clock, actor, patient_id)
    values = data.model_dump()
    if kind == "medications" and values.get("end_date") and values.get("start_date") and (
        values["end_date"] < values["start_date"]
    ):
        raise ValidationFailed.field("end_date", "is before start_date")
    if values.get("onset_date") and values["onset_date"] > _today(clock):
        raise ValidationFailed.field("onset_date", "is in the future")
    if kind == "encounters" and values["started_at"] > clock.now() + ENCOUNTER_CLOCK_SKEW:
        raise ValidationFailed.field("started_at", "an encounter is recorded once it has begun")
    if kind != "encounters":
        values["status"] = RecordStatus(values.get("status", "active"))
    model = ENTRY_MODELS[kind]
    entry = model(patient_id=patient.id, organisation_id=actor.org_id, recorded_by=actor.user_id,
                  recorded_at=clock.now(), **values)
    db.add(entry)
    await db.flush()
    await audit.record(db, clock, actor, f"record.{kind}.add", entity_type="patient",
                       entity_id=patient.id, subject_org_id=patient.home_organisation_id,
                       flag=None if access == Access.own_scope else str(access),
                       detail={"entry": str(entry.id)})
    await db.commit()
    return entry


async def void_entry(
    db: AsyncSession, clock: Clock, actor: Actor, patient_id: uuid.UUID, kind: str,
    entry_id: uuid.UUID, reason: str,
) -> None:
    """Entered in error: the entry stays, marked void with the reason in the audit trail."""
    patient, _ = await writable(db, clock, actor, patient_id)
    model = STATUS_MODELS.get(kind)
    entry: Problem | Allergy | Medication | None = (
        await db.get(model, entry_id) if model is not None else None)
    if entry is None or entry.patient_id != patient.id:
        raise NotFound("no such record entry", code="entry-not-found")
    if entry.status == RecordStatus.voided:
        raise Conflict("the entry is already void", code="already-void")
    entry.status = RecordStatus.voided
    await audit.record(db, clock, actor, f"record.{kind}.void", entity_type="patient",
                       entity_id=patient.id, subject_org_id=patient.home_organisation_id,
                       detail={"entry": str(entry.id), "reason": reason})
    await db.commit()


async def file_document(
    db: AsyncSession, clock: Clock, actor: Actor, patient_id: uuid.UUID, *, title: str,
    kind: str, organisation_id: uuid.UUID, source_type: str, source_id: str,
) -> RecordDocument:
    """Later modules (consultation, referral, diagnostics) file their documents here."""
    patient = await _load(db, patient_id)
    doc = RecordDocument(patient_id=patient.id, organisation_id=organisation_id,
                         recorded_by=actor.user_id, recorded_at=clock.now(),
                         title=title, kind=kind, source_type=source_type, source_id=source_id)
    db.add(doc)
    await db.flush()
    return doc


@dataclass(frozen=True)
class EncounterSpec:
    """What a case module files when its step ends a visit: the source (the step's case or
    task, at most one encounter each), where and when, and the case and document to link."""

    kind: str
    organisation_id: uuid.UUID
    started_at: datetime
    source_type: str
    source_id: str
    ended_at: datetime | None = None
    summary: str | None = None
    case_type: str | None = None
    case_id: str | None = None
    case_number: str | None = None
    document_id: uuid.UUID | None = None


@dataclass(frozen=True)
class Proposal:
    """What the source proposes for the record, for a clinician of ``organisation_id`` (or of
    the patient's home network) to confirm: medications [{"name", "dose", "frequency"}], the
    whole regimen when ``complete``; problems [{"icd10", "description", "status"}]."""

    organisation_id: uuid.UUID
    medications: list[dict[str, Any]] = field(default_factory=list)
    complete: bool = False
    problems: list[dict[str, Any]] = field(default_factory=list)


async def record_encounter(
    db: AsyncSession, clock: Clock, actor: Actor, patient_id: uuid.UUID, spec: EncounterSpec,
    proposal: Proposal | None = None,
) -> Encounter:
    """Files the encounter (and the proposal, pending) in the caller's transaction; the
    caller commits. Filing a source twice returns the first encounter and changes nothing."""
    known = (await db.execute(select(Encounter).where(
        Encounter.source_type == spec.source_type, Encounter.source_id == spec.source_id))
    ).scalar_one_or_none()
    if known is not None:
        return known
    patient = await _load(db, patient_id)
    now = clock.now()
    encounter = Encounter(patient_id=patient.id, recorded_by=actor.user_id, recorded_at=now,
                          **spec.__dict__)
    db.add(encounter)
    await db.flush()
    detail = {"encounter": str(encounter.id), "source": f"{spec.source_type}:{spec.source_id}"}
    if proposal is not None and (proposal.medications or proposal.problems):
        rec = await _proposed(db, clock, actor, patient, spec.source_type, spec.source_id,
                              proposal, encounter.id)
        detail["reconciliation"] = str(rec.id)
    await audit.record(db, clock, actor, "record.encounters.file", entity_type="patient",
                       entity_id=patient.id, subject_org_id=patient.home_organisation_id,
                       detail=detail)
    return encounter


async def _proposed(db: AsyncSession, clock: Clock, actor: Actor, patient: Patient,
                    source_type: str, source_id: str, proposal: Proposal,
                    encounter_id: uuid.UUID | None) -> Reconciliation:
    rec = Reconciliation(
        patient_id=patient.id, organisation_id=proposal.organisation_id,
        encounter_id=encounter_id, source_type=source_type, source_id=source_id,
        medications=proposal.medications, medications_complete=proposal.complete,
        problems=proposal.problems, state=ReconciliationState.pending, created_at=clock.now(),
        created_by=actor.user_id)
    db.add(rec)
    await db.flush()
    return rec


async def propose(db: AsyncSession, clock: Clock, actor: Actor, patient_id: uuid.UUID, *,
                  source_type: str, source_id: str, proposal: Proposal) -> None:
    """What a source that is not a visit proposes for the record (dispensed medicines), pending
    a clinician's confirmation, in the caller's transaction; audited."""
    patient = await _load(db, patient_id)
    rec = await _proposed(db, clock, actor, patient, source_type, source_id, proposal, None)
    await audit.record(db, clock, actor, "record.reconciliation.propose", entity_type="patient",
                       entity_id=patient.id, subject_org_id=patient.home_organisation_id,
                       detail={"reconciliation": str(rec.id),
                               "source": f"{source_type}:{source_id}"})


# ---------------------------------------------------------------- consent and break-glass


async def _consent_out(db: AsyncSession, consents: list[Consent]) -> list[ConsentOut]:
    orgs = await alliance.names(db, {c.organisation_id for c in consents})
    granters = await people.display_names(db, {c.granted_by for c in consents})
    return [
        ConsentOut(id=c.id, patient_id=c.patient_id, organisation_id=c.organisation_id,
                   organisation_name=orgs.get(c.organisation_id, ""), scope=c.scope,
                   granted_at=c.granted_at, expires_at=c.expires_at, revoked_at=c.revoked_at,
                   granted_by_name=granters.get(c.granted_by, ""))
        for c in consents
    ]


async def list_consents(
    db: AsyncSession, clock: Clock, actor: Actor, patient_id: uuid.UUID
) -> list[ConsentOut]:
    patient = await _load(db, patient_id)
    access, _ = await _access(db, clock, actor, patient)
    if access is None:
        raise _refuse_read(patient, actor)
    if access not in (Access.self, Access.own_scope):
        raise Forbidden("only the patient and the home organisation see consents",
                        code="forbidden")
    rows = (
        await db.execute(
            select(Consent).where(Consent.patient_id == patient.id).order_by(Consent.granted_at.desc())
        )
    ).scalars().all()
    return await _consent_out(db, list(rows))


async def grant_consent(
    db: AsyncSession, clock: Clock, actor: Actor, patient_id: uuid.UUID, data: ConsentIn
) -> ConsentOut:
    patient = await _load(db, patient_id)
    if not policy.may_manage_consent(actor, patient.id):
        raise _refuse_read(patient, actor) if patient.id not in actor.patient_ids else Forbidden(
            "your proxy link does not include managing consent", code="proxy-limit",
            title_zh="代理权限不包括授权管理", title_en="Beyond the proxy's rights")
    now = clock.now()
    if data.expires_at <= now:
        raise ValidationFailed.field("expires_at", "must be in the future")
    if data.expires_at > now + timedelta(days=MAX_CONSENT_DAYS):
        raise ValidationFailed.field("expires_at", f"at most {MAX_CONSENT_DAYS} days ahead")
    org = await alliance.get_organisation(db, data.organisation_id)
    if not org.active:
        raise ValidationFailed.field("organisation_id", "the organisation is deactivated")
    consent = Consent(patient_id=patient.id, organisation_id=org.id, scope=data.scope,
                      granted_at=now, expires_at=data.expires_at, granted_by=actor.user_id)
    db.add(consent)
    await db.flush()
    await audit.record(db, clock, actor, "consent.grant", entity_type="patient",
                       entity_id=patient.id, subject_org_id=patient.home_organisation_id,
                       detail={"consent": str(consent.id), "organisation": str(org.id)})
    await db.commit()
    return (await _consent_out(db, [consent]))[0]


async def revoke_consent(
    db: AsyncSession, clock: Clock, actor: Actor, consent_id: uuid.UUID
) -> ConsentOut:
    consent = await db.get(Consent, consent_id)
    if consent is None:
        raise NotFound("no such consent", code="consent-not-found")
    patient = await _load(db, consent.patient_id)
    if not policy.may_manage_consent(actor, patient.id):
        raise _refuse_read(patient, actor) if patient.id not in actor.patient_ids else Forbidden(
            "your proxy link does not include managing consent", code="proxy-limit",
            title_zh="代理权限不包括授权管理", title_en="Beyond the proxy's rights")
    if consent.revoked_at is not None:
        raise Conflict("the consent was already revoked", code="consent-revoked")
    consent.revoked_at, consent.revoked_by = clock.now(), actor.user_id
    await audit.record(db, clock, actor, "consent.revoke", entity_type="patient",
                       entity_id=patient.id, subject_org_id=patient.home_organisation_id,
                       detail={"consent": str(consent.id)})
    await db.commit()
    return (await _consent_out(db, [consent]))[0]


async def break_glass(
    db: AsyncSession, clock: Clock, actor: Actor, patient_id: uuid.UUID, reason: str
) -> BreakGlass:
    patient = await _load(db, patient_id)
    if actor.role not in policy.RECORD_ROLES or not actor.clinically_verified:
        raise Forbidden("emergency access is for real-name verified clinicians",
                        code="not-verified" if actor.role in policy.RECORD_ROLES else "forbidden")
    access, _ = await _access(db, clock, actor, patient)
    if access in (Access.own_scope, Access.case, Access.consent):
        raise Conflict("you can already read this record; no emergency access is needed",
                       code="break-glass-not-needed")
    now = clock.now()
    glass = BreakGlass(patient_id=patient.id, user_id=actor.user_id, grant_id=actor.grant_id,
                       organisation_id=actor.org_id, reason=reason.strip(), created_at=now,
                       expires_at=now + timedelta(hours=BREAK_GLASS_HOURS))
    db.add(glass)
    await db.flush()
    await audit.record(db, clock, actor, "patient.break_glass", entity_type="patient",
                       entity_id=patient.id, flag="break-glass",
                       subject_org_id=patient.home_organisation_id,
                       detail={"reason": reason.strip(), "until": glass.expires_at.isoformat()})
    await db.commit()
    return glass


async def _readers(db: AsyncSession, rows: list[Any]
                   ) -> tuple[dict[uuid.UUID, str], dict[uuid.UUID, str]]:
    """The readers' display names and organisations' names, for people to recognise them."""
    readers = await people.display_names(db, {r.actor_user_id for r in rows if r.actor_user_id})
    return readers, await alliance.names(db, {r.org_id for r in rows if r.org_id})


async def _log_out(db: AsyncSession, rows: list[AccessEntry]) -> list[AccessLogEntry]:
    readers, orgs = await _readers(db, rows)
    return [
        AccessLogEntry(seq=r.seq, at=r.at, actor_username=r.actor_username,
                       actor_name=readers.get(r.actor_user_id), role=r.role, org_id=r.org_id,
                       organisation_name=orgs.get(r.org_id) if r.org_id else None,
                       action=r.action, basis=r.basis,
                       basis_ref=r.basis_ref, purpose=r.purpose)
        for r in rows
    ]


async def access_log(
    db: AsyncSession, clock: Clock, actor: Actor, patient_id: uuid.UUID, cursor: str | None,
    limit: int,
) -> tuple[list[AccessLogEntry], str | None]:
    """Every read of this patient's data by someone else, newest first: for the patient (我的访问
    记录) and the home organisation."""
    patient = await _load(db, patient_id)
    access, _ = await _access(db, clock, actor, patient)
    if access is None:
        raise _refuse_read(patient, actor)
    if access not in (Access.self, Access.own_scope):
        raise Forbidden("only the patient and the home organisation see the access log",
                        code="forbidden")
    stmt = select(AccessEntry).where(AccessEntry.patient_id == patient.id,
                                     AccessEntry.basis.not_in([accesslog.Basis.self_]))
    rows, nxt = await paginate(db, stmt, [AccessEntry.seq], cursor=cursor, limit=limit,
                               descending=True)
    return await _log_out(db, rows), nxt


async def _break_glass_out(db: AsyncSession, rows: list[AuditEntry]) -> list[AccessLogEntry]:
    readers, orgs = await _readers(db, rows)
    patients = {uuid.UUID(r.entity_id) for r in rows}
    patient_names = await names(db, patients)
    return [
        AccessLogEntry(seq=r.seq, at=r.at, actor_username=r.actor_username,
                       actor_name=readers.get(r.actor_user_id) if r.actor_user_id else None,
                       role=r.role, org_id=r.org_id,
                       organisation_name=orgs.get(r.org_id) if r.org_id else None,
                       action=r.action, basis=accesslog.Basis.break_glass,
                       purpose=(r.detail or {}).get("reason"),
                       patient_id=uuid.UUID(r.entity_id),
                       patient_name=patient_names.get(uuid.UUID(r.entity_id)))
        for r in rows
    ]


async def break_glass_log(
    db: AsyncSession, actor: Actor, cursor: str | None, limit: int
) -> tuple[list[AccessLogEntry], str | None]:
    """Emergency accesses to the patients of the actor's organisations, newest first."""
    assert actor.org_path is not None  # HOME_ADMINS are staff, granted at an organisation
    stmt = select(AuditEntry).where(
        AuditEntry.action == "patient.break_glass", AuditEntry.outcome == "ok",
        AuditEntry.subject_org_id.in_(alliance.ids_under(actor.org_path)),
    )
    rows, nxt = await paginate(db, stmt, [AuditEntry.seq], cursor=cursor, limit=limit,
                               descending=True)
    return await _break_glass_out(db, rows), nxt

