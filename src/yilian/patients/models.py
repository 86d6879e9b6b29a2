"""Patient index and health-record tables. Identifiers and free-text notes are encrypted."""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from yilian.core.crypto import BLIND_INDEX, Encrypted
from yilian.core.db import Base, Timestamps, UUIDPk, str_enum


class Sex(enum.StrEnum):
    male = "male"
    female = "female"
    unknown = "unknown"


# As printed on a document.
SEX_ZH = {Sex.male: "男", Sex.female: "女", Sex.unknown: "未知"}


class Patient(UUIDPk, Timestamps, Base):
    __tablename__ = "patients"
    __table_args__ = (Index("ix_patients_name", "name"),)

    # Names compare by code point (SQLite's default; "C" on PostgreSQL), so that one index
    # serves both the sort and a name-prefix search expressed as a range (see service.search).
    name: Mapped[str] = mapped_column(
        String(50).with_variant(String(50, collation="C"), "postgresql")
    )
    sex: Mapped[Sex] = mapped_column(str_enum(Sex, "sex"))
    birth_date: Mapped[date]
    resident_id: Mapped[str] = mapped_column(Encrypted("patients.resident_id"))
    resident_id_bidx: Mapped[str] = mapped_column(BLIND_INDEX, unique=True)
    phone: Mapped[str | None] = mapped_column(Encrypted("patients.phone"))
    phone_bidx: Mapped[str | None] = mapped_column(BLIND_INDEX, index=True)
    address: Mapped[str | None] = mapped_column(Encrypted("patients.address"))
    home_organisation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organisations.id"), index=True
    )
    insurance_no: Mapped[str | None] = mapped_column(String(32))
    active: Mapped[bool] = mapped_column(default=True)


class RecordStatus(enum.StrEnum):
    active = "active"
    resolved = "resolved"
    voided = "voided"  # entered in error; clinical data is never hard-deleted


class _RecordEntry(UUIDPk):
    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patients.id"), index=True)
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"))
    recorded_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime]


class _Versioned:
    """An entry a reconciliation changes is never overwritten: the change is a new row naming
    the one it supersedes, and the old row keeps its values, marked with when it was
    superseded. The current entries are those not superseded."""

    @declared_attr
    def supersedes_id(cls) -> Mapped[uuid.UUID | None]:
        return mapped_column(ForeignKey(f"{cls.__tablename__}.id"))  # type: ignore[attr-defined]

    superseded_at: Mapped[datetime | None]
    # The reconciliation that made this version, if one did.
    reconciliation_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("record_reconciliations.id"))


class Problem(_RecordEntry, _Versioned, Base):
    __tablename__ = "record_problems"

    icd10: Mapped[str] = mapped_column(String(10))
    description: Mapped[str] = mapped_column(String(200))
    onset_date: Mapped[date | None]
    status: Mapped[RecordStatus] = mapped_column(str_enum(RecordStatus, "record_status"))
    note: Mapped[str | None] = mapped_column(Encrypted("record_problems.note"))


class Allergy(_RecordEntry, Base):
    __tablename__ = "record_allergies"

    substance: Mapped[str] = mapped_column(String(100))
    reaction: Mapped[str | None] = mapped_column(String(200))
    severity: Mapped[str] = mapped_column(String(16))
    status: Mapped[RecordStatus] = mapped_column(str_enum(RecordStatus, "record_status"))


class Medication(_RecordEntry, _Versioned, Base):
    __tablename__ = "record_medications"

    name: Mapped[str] = mapped_column(String(100))
    dose: Mapped[str | None] = mapped_column(String(50))
    frequency: Mapped[str | None] = mapped_column(String(50))
    start_date: Mapped[date | None]
    end_date: Mapped[date | None]
    status: Mapped[RecordStatus] = mapped_column(str_enum(RecordStatus, "record_status"))


class RecordDocument(_RecordEntry, Base):
    """A document filed into the record by a later module (report, referral form, ...)."""

    __tablename__ = "record_documents"

    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(40))
    source_type: Mapped[str | None] = mapped_column(String(40))
    source_id: Mapped[str | None] = mapped_column(String(64))


class EncounterKind(enum.StrEnum):
    outpatient = "outpatient"
    inpatient = "inpatient"
    emergency = "emergency"
    online = "online"
    home_visit = "home_visit"
    follow_up = "follow_up"
    remote_consultation = "remote_consultation"


class Encounter(_RecordEntry, Base):
    """A visit, stay or consultation. One filed by another module names its source (the case
    step or task that made it), at most one per source, and links to its case and signed
    document."""

    __tablename__ = "record_encounters"
    __table_args__ = (UniqueConstraint("source_type", "source_id",
                                       name="uq_record_encounters_source"),)

    kind: Mapped[str] = mapped_column(String(32))
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]  # a stay's discharge
    summary: Mapped[str | None] = mapped_column(Encrypted("record_encounters.summary"))
    source_type: Mapped[str | None] = mapped_column(String(32))
    source_id: Mapped[str | None] = mapped_column(String(64))
    case_type: Mapped[str | None] = mapped_column(String(32))
    case_id: Mapped[str | None] = mapped_column(String(64))
    case_number: Mapped[str | None] = mapped_column(String(20))
    document_id: Mapped[uuid.UUID | None]


class ReconciliationState(enum.StrEnum):
    pending = "pending"  # 待核对
    confirmed = "confirmed"
    discarded = "discarded"


class Reconciliation(UUIDPk, Base):
    """What a source (a return's discharge list, a report's diagnoses) proposes for the
    record's medications and problems, applied only when a clinician confirms it line by
    line. The proposal is kept as sent; the lines as decided are kept with the decision."""

    __tablename__ = "record_reconciliations"
    __table_args__ = (
        UniqueConstraint("source_type", "source_id", name="uq_record_reconciliations_source"),
        Index("ix_record_reconciliations_patient", "patient_id", "state"),
    )

    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patients.id"))
    # Whose clinicians confirm it besides the patient's home network (a return's receiver).
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"))
    encounter_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("record_encounters.id"))
    source_type: Mapped[str] = mapped_column(String(32))
    source_id: Mapped[str] = mapped_column(String(64))
    # [{"name", "dose", "frequency"}]; complete: the whole regimen, so what it lacks is stopped.
    medications: Mapped[list] = mapped_column(JSON, default=list)
    medications_complete: Mapped[bool]
    problems: Mapped[list] = mapped_column(JSON, default=list)  # [{"icd10", "description", "status"}]
    state: Mapped[ReconciliationState] = mapped_column(
        str_enum(ReconciliationState, "reconciliation_state"))
    created_at: Mapped[datetime]
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None]
    decided_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str | None] = mapped_column(Encrypted("record_reconciliations.reason"))
    lines: Mapped[list | None] = mapped_column(JSON)  # the diff as decided


class Consent(UUIDPk, Base):
    """The patient's consent for another organisation (and those below it) to read the record."""

    __tablename__ = "consents"

    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patients.id"), index=True)
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"), index=True)
    scope: Mapped[str] = mapped_column(String(32))
    granted_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    granted_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    revoked_at: Mapped[datetime | None]
    revoked_by: Mapped[uuid.UUID | None]


class BreakGlass(UUIDPk, Base):
    """An emergency read without consent: allowed, time-limited, flagged to the home organisation."""

    __tablename__ = "break_glass_accesses"

    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patients.id"), index=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    grant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("role_grants.id"))
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"))
    reason: Mapped[str] = mapped_column(Encrypted("break_glass_accesses.reason"))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
