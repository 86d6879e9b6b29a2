"""API shapes of the patient index and record."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from yilian.core.accesslog import Basis
from yilian.core.schemas import Day, Input, Moment
from yilian.patients.models import ReconciliationState, RecordStatus, Sex
from yilian.patients.policy import Access


class PatientIn(Input):
    name: str = Field(min_length=1, max_length=50)
    sex: Sex
    birth_date: Day
    resident_id: str = Field(min_length=15, max_length=18, description="居民身份证号码")
    phone: str | None = Field(default=None, max_length=20)
    address: str | None = Field(default=None, max_length=200)
    home_organisation_id: uuid.UUID
    insurance_no: str | None = Field(default=None, max_length=32, pattern=r"^[0-9A-Za-z-]+$")


class PatientPatch(Input):
    name: str | None = Field(default=None, min_length=1, max_length=50)
    phone: str | None = Field(default=None, max_length=20)
    address: str | None = Field(default=None, max_length=200)
    home_organisation_id: uuid.UUID | None = None
    insurance_no: str | None = Field(default=None, max_length=32, pattern=r"^[0-9A-Za-z-]+$")


class PatientSummary(BaseModel):
    id: uuid.UUID
    name: str
    sex: Sex
    birth_date: date
    age: int
    resident_id_masked: str
    phone_masked: str | None
    home_organisation_id: uuid.UUID
    home_organisation_name: str


class PatientOut(PatientSummary):
    """Identifiers come masked (minimum disclosure); ``may_reveal`` says whether this reader may
    ask for them in full (POST .../identifiers, with a purpose)."""

    address_masked: str | None
    insurance_no_masked: str | None
    access: Access
    may_reveal: bool


class IdentifiersIn(Input):
    purpose: str = Field(min_length=2, max_length=200,
                         description="why the full identifiers are needed; the patient sees it")


class PatientIdentifiers(BaseModel):
    resident_id: str
    phone: str | None
    address: str | None
    insurance_no: str | None


class ProblemIn(Input):
    icd10: str = Field(pattern=r"^[A-TV-Z][0-9]{2}(\.[0-9A-Z]{1,4})?$", max_length=10)
    description: str = Field(min_length=1, max_length=200)
    onset_date: Day | None = None
    status: Literal["active", "resolved"] = "active"
    note: str | None = Field(default=None, max_length=4000)


class AllergyIn(Input):
    substance: str = Field(min_length=1, max_length=100)
    reaction: str | None = Field(default=None, max_length=200)
    severity: Literal["mild", "moderate", "severe"] = "moderate"


class MedicationIn(Input):
    name: str = Field(min_length=1, max_length=100)
    dose: str | None = Field(default=None, max_length=50)
    frequency: str | None = Field(default=None, max_length=50)
    start_date: Day | None = None
    end_date: Day | None = None


class EncounterIn(Input):
    kind: Literal["outpatient", "inpatient", "emergency", "online", "home_visit", "follow_up"]
    started_at: Moment
    summary: str | None = Field(default=None, max_length=8000)


class VoidIn(Input):
    reason: str = Field(min_length=2, max_length=200)


class _EntryOut(BaseModel):
    id: uuid.UUID
    organisation_id: uuid.UUID
    recorded_at: datetime
    status: RecordStatus | None = None


class _Version(_EntryOut):
    """A superseded version of an entry, as it was."""

    superseded_at: datetime | None = None


class ProblemVersion(_Version):
    icd10: str
    description: str
    onset_date: date | None
    note: str | None


class ProblemOut(ProblemVersion):
    history: list[ProblemVersion] = Field(default_factory=list,
                                          description="earlier versions, newest first")


class AllergyOut(_EntryOut):
    substance: str
    reaction: str | None
    severity: str


class MedicationVersion(_Version):
    name: str
    dose: str | None
    frequency: str | None
    start_date: date | None
    end_date: date | None


class MedicationOut(MedicationVersion):
    history: list[MedicationVersion] = Field(default_factory=list,
                                             description="earlier versions, newest first")


class DocumentOut(_EntryOut):
    title: str
    kind: str
    created_at: datetime


class EncounterOut(_EntryOut):
    kind: str
    organisation_name: str
    started_at: datetime
    ended_at: datetime | None = None
    length_of_stay_days: int | None = Field(
        default=None, description="a stay's nights: calendar days from admission to discharge")
    summary: str | None
    # Filed by a case: the case to open and its signed document.
    case_type: str | None = None
    case_id: str | None = None
    case_number: str | None = None
    document_id: uuid.UUID | None = None


class RecordAccess(BaseModel):
    mode: Access


class RecordOut(BaseModel):
    patient: PatientOut
    problems: list[ProblemOut]
    allergies: list[AllergyOut]
    medications: list[MedicationOut]
    documents: list[DocumentOut]
    encounters: list[EncounterOut]
    access: RecordAccess
    pending_reconciliations: int | None = Field(
        default=None, description="proposals waiting for a clinician (staff only)")


class ConsentIn(Input):
    organisation_id: uuid.UUID
    scope: Literal["record"] = "record"
    expires_at: Moment


class ConsentOut(BaseModel):
    id: uuid.UUID
    patient_id: uuid.UUID
    organisation_id: uuid.UUID
    organisation_name: str
    scope: str
    granted_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    granted_by_name: str


class BreakGlassIn(Input):
    reason: str = Field(min_length=10, max_length=500)


class BreakGlassOut(BaseModel):
    id: uuid.UUID
    patient_id: uuid.UUID
    expires_at: datetime


class AccessLogEntry(BaseModel):
    """One read of a patient's data: who, as what, where, when, what, and on which ground."""

    seq: int
    at: datetime
    actor_username: str | None
    actor_name: str | None = None
    role: str | None
    org_id: uuid.UUID | None
    organisation_name: str | None
    action: str
    basis: Basis
    basis_ref: str | None = None
    purpose: str | None = None
    # Whose record (the home organisation's list of emergency accesses to its patients).
    patient_id: uuid.UUID | None = None
    patient_name: str | None = None


# ---------------------------------------------------------------- reconciliation

Change = Literal["new", "stopped", "changed", "resolved", "unchanged"]


class DiffLine(BaseModel):
    """One line of a reconciliation: a medication or a problem, what the source proposes
    against the record's current entry (``entry_id``)."""

    key: str = Field(description="names the line in a decision: medication:<name>, "
                     "problem:<icd10>")
    what: Literal["medication", "problem"]
    change: Change
    name: str
    icd10: str | None = None
    dose_before: str | None = None
    frequency_before: str | None = None
    dose: str | None = None
    frequency: str | None = None
    entry_id: uuid.UUID | None = None
    decision: Literal["accept", "keep"] | None = None  # once decided


class ReconciliationSummary(BaseModel):
    id: uuid.UUID
    patient_id: uuid.UUID
    state: ReconciliationState
    organisation_id: uuid.UUID  # whose clinicians decide it (besides the home organisation)
    organisation_name: str
    source_organisation_name: str | None = Field(
        default=None, description="where the proposal comes from (its encounter's organisation)")
    case_type: str | None
    case_id: str | None
    case_number: str | None
    document_id: uuid.UUID | None
    encounter_id: uuid.UUID | None
    created_at: datetime
    decided_at: datetime | None
    decided_by_name: str | None
    reason: str | None


class ReconciliationOut(ReconciliationSummary):
    lines: list[DiffLine] = Field(description="pending: against the record as it is now; "
                                  "decided: as decided")
    seen: str = Field(description="names these lines: sent back with a confirmation, it is "
                      "refused if the record changed since (the lines would differ)")


class ConfirmIn(Input):
    keep: list[Annotated[str, Field(max_length=120)]] = Field(
        default_factory=list, max_length=100,
        description="keys of the lines to leave as the record has them")
    reason: str | None = Field(default=None, max_length=200)
    seen: str | None = Field(default=None, max_length=64,
                             description="the ``seen`` of the lines the clinician decided on")


class DiscardIn(Input):
    reason: str = Field(min_length=2, max_length=200)
