"""Patient index and health-record tables. Identifiers and free-text notes are encrypted."""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

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


class Problem(_RecordEntry, Base):
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


class Medication(_RecordEntry, Base):
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


class Encounter(_RecordEntry, Base):
    __tablename__ = "record_encounters"

    kind: Mapped[str] = mapped_column(String(32))
    started_at: Mapped[datetime]
    summary: Mapped[str | None] = mapped_column(Encrypted("record_encounters.summary"))


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
