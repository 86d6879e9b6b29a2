"""Shapes shared by the case modules: the parts of a request every case has (consent, ICD-10
codes, reasons), a timeline step, and an organisation's time limits."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from yilian.cases.columns import ConsentBy, Urgency
from yilian.core.schemas import Input, Moment

ICD10 = Annotated[str, StringConstraints(pattern=r"^[A-TV-Z][0-9]{2}(\.[0-9A-Z]{1,4})?$",
                                         max_length=10)]
Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=500)]


class TimeRange(Input):
    start: Moment
    end: Moment


class ConsentIn(Input):
    by: ConsentBy
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
    relation: Annotated[str, StringConstraints(strip_whitespace=True, max_length=20)] | None = None
    at: Moment
    # The signed consent form, scanned or photographed (an upload of the applicant's).
    file_id: uuid.UUID | None = None


class StepOut(BaseModel):
    action: str
    from_state: str | None
    to_state: str
    actor_id: uuid.UUID | None
    actor_name: str | None
    organisation_name: str | None
    at: datetime
    # What a person wrote with the step (a reason, a file's name), as written.
    note: str | None
    # What the platform says of the step: a code the client words in its language
    # (codes.steps) with its parameters (names, numbers, times; enum values it also words).
    note_code: str | None = None
    note_params: dict[str, str] = Field(default_factory=dict)
    # Set on a step of a linked case shown in this one's timeline: that case's number.
    number: str | None = None


class SlaRule(BaseModel):
    case_type: str
    urgency: Urgency
    first_hours: int
    complete_hours: int | None
    complete_working_days: int | None
    default: bool = Field(description="the platform's default, not set by the organisation")


class SlaRuleIn(Input):
    # One of the registered case kinds (checked against them: cases/sla.py).
    case_type: str = Field(pattern=r"^[a-z_]{1,32}$")
    urgency: Urgency
    first_hours: int = Field(ge=1, le=24 * 30)
    complete_hours: int | None = Field(default=None, ge=1, le=24 * 60)
    complete_working_days: int | None = Field(default=None, ge=1, le=30)


class SlaIn(Input):
    rules: list[SlaRuleIn] = Field(min_length=1, max_length=8)


class SlaOut(BaseModel):
    organisation_id: uuid.UUID
    rules: list[SlaRule]
    updated_at: datetime | None


class AttachIn(Input):
    """A file (an upload of the caller's) added to a case."""

    file_id: uuid.UUID


class DepartmentChoice(BaseModel):
    """An active department of the answering organisation that a step may name."""

    id: uuid.UUID
    name: str
    name_en: str


class ActionOut(BaseModel):
    """A step the caller may take now (a button on the case's page)."""

    action: str
    zh: str
    en: str


class AttachmentOut(BaseModel):
    file_id: uuid.UUID
    filename: str
    content_type: str
    size: int
    is_image: bool


class CaseSummary(BaseModel):
    """What a row of any kind's list shows of a case."""

    id: uuid.UUID
    number: str
    urgency: Urgency
    patient_id: uuid.UUID
    patient_name: str
    requested_by_name: str
    diagnosis_icd10: str
    requested_at: datetime
    complete_due: datetime
    # Past a time limit whose step is still to be taken (or was taken late).
    overdue: bool


class CaseDetail(BaseModel):
    """What every kind's page shows of a case besides its own parts."""

    reason: str
    summary: str
    diagnosis_text: str
    # The patient's record as the requesting side saw it (not shown to the patient).
    record_snapshot: dict | None
    consent_by: ConsentBy
    consent_name: str
    consent_relation: str | None
    consent_at: datetime
    close_reason: str | None
    closed_at: datetime | None
    attachments: list[AttachmentOut]
    timeline: list[StepOut]
    conversation_id: uuid.UUID | None
    # The steps the caller may take now (the page's buttons).
    actions: list[ActionOut]
