"""Request and response shapes of the consultation API (the web client mirrors these in
web/src/api/consultations.ts)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from yilian.cases.columns import Urgency
from yilian.cases.schemas import (
    ICD10,
    CaseDetail,
    CaseSummary,
    ConsentIn,
    Line,
    Reason,
    Text,
    TimeRange,
)
from yilian.consultation.models import (
    DepartmentAnswer,
    ExpertRole,
    Kind,
    ReportKind,
    State,
)
from yilian.core.schemas import Input
from yilian.identity.service import ProfessionalTitle


class ApplicationIn(Input):
    kind: Kind
    urgency: Urgency = Urgency.routine
    patient_id: uuid.UUID
    invited_org_id: uuid.UUID
    reason: Reason
    purpose: Reason
    summary: Text
    diagnosis_icd10: ICD10
    diagnosis_text: Line
    wanted_specialty: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                                       max_length=60)]
    wanted_title: ProfessionalTitle | None = None
    preferred_times: list[TimeRange] = Field(default_factory=list, max_length=5)
    consent: ConsentIn
    # Uploads of the applicant's to attach (records, images, ECGs, lab results).
    file_ids: list[uuid.UUID] = Field(default_factory=list, max_length=20)
    # Copy the patient's problems, medications, allergies and documents into the application.
    include_record: bool = True
    # The patient joins the session (its conversation and video call) with their own account.
    patient_joins: bool = False


class ReasonIn(Input):
    reason: Reason


class RouteIn(Input):
    department_id: uuid.UUID


class AssignIn(Input):
    expert_id: uuid.UUID


class DispatchIn(Input):
    lead_department_id: uuid.UUID
    supporting_department_ids: list[uuid.UUID] = Field(default_factory=list, max_length=8)


class AnswerIn(Input):
    department_id: uuid.UUID
    accept: bool
    reason: Reason | None = None
    # Accepting: the lead department names the chief expert, every department its secondary
    # experts (at least one for a supporting department).
    chief_id: uuid.UUID | None = None
    expert_ids: list[uuid.UUID] = Field(default_factory=list, max_length=6)


class BookIn(Input):
    slot_id: uuid.UUID


class RescheduleIn(Input):
    slot_id: uuid.UUID
    reason: Reason


class InfoRequestIn(Input):
    request: Reason


class SupplyInfoIn(Input):
    note: Reason
    file_ids: list[uuid.UUID] = Field(default_factory=list, max_length=20)


class StartIn(Input):
    # Start even though the booked time is more than a quarter of an hour away.
    confirm_off_time: bool = False


class CoordinatorIn(Input):
    joins: bool


class OpinionIn(Input):
    opinion: Text


class DiagnosisItem(Input):
    code: ICD10
    name: Line


class ReportIn(Input):
    findings: Text
    opinion: Text
    diagnoses: list[DiagnosisItem] = Field(min_length=1, max_length=8)
    recommendations: Text
    referral_advised: bool = False


class AddendumIn(Input):
    opinion: Text
    findings: Text | None = None
    recommendations: Text | None = None


# ---------------------------------------------------------------- responses


class DiagnosisOut(BaseModel):
    code: str  # ICD-10
    name: str


class TimeRangeOut(BaseModel):
    start: datetime
    end: datetime


class DepartmentOut(BaseModel):
    department_id: uuid.UUID
    name: str
    name_en: str
    lead: bool
    answer: DepartmentAnswer
    reason: str | None
    answered_by_name: str | None
    answered_at: datetime | None


class ExpertOut(BaseModel):
    user_id: uuid.UUID
    name: str
    title: ProfessionalTitle | None
    role: ExpertRole
    department_id: uuid.UUID | None
    department_name: str | None
    opinion: str | None
    opinion_at: datetime | None


class ReportOut(BaseModel):
    id: uuid.UUID
    version: int
    kind: ReportKind
    findings: str
    opinion: str
    diagnoses: list[DiagnosisOut]
    recommendations: str
    referral_advised: bool
    written_by_name: str
    updated_at: datetime
    published_at: datetime | None
    document_id: uuid.UUID | None
    document_number: str | None
    acknowledged_at: datetime | None


class ConsultationSummary(CaseSummary):
    """A row of a list."""

    kind: Kind
    state: State
    inviting_org_id: uuid.UUID
    inviting_org_name: str
    invited_org_id: uuid.UUID
    invited_org_name: str
    wanted_specialty: str
    department_name: str | None
    expert_name: str | None
    starts_at: datetime | None
    schedule_due: datetime


class ConsultationOut(ConsultationSummary, CaseDetail):
    purpose: str
    wanted_title: ProfessionalTitle | None
    preferred_times: list[TimeRangeOut]
    department_id: uuid.UUID | None
    expert_id: uuid.UUID | None
    ends_at: datetime | None
    slot_id: uuid.UUID | None
    coordinator_joins: bool
    patient_joins: bool
    info_request: str | None
    # The signed consent form's scan, one of the attachments.
    consent_file_id: uuid.UUID | None
    reported_at: datetime | None
    departments: list[DepartmentOut]
    experts: list[ExpertOut]
    # The published report and addenda, oldest first; plus the caller's own draft if any.
    reports: list[ReportOut]
    draft: ReportOut | None
    # The caller writes the report now (the one who will publish it, in a state where it can
    # be); publishing itself is offered in ``actions`` once a draft and every opinion are in.
    may_write_report: bool


class CandidateOut(BaseModel):
    """A doctor of the invited organisation who may be named an expert."""

    user_id: uuid.UUID
    name: str
    title: ProfessionalTitle | None
    role: str


class CountRow(BaseModel):
    key: str  # the organisation, department or period
    label: str
    requested: int
    completed: int
    declined: int
    cancelled: int
    open: int
    overdue: int
    # Hours from application to published report, over the reports in the period.
    turnaround_median_hours: float | None
    turnaround_p90_hours: float | None


class StatsOut(BaseModel):
    group_by: str
    start: datetime
    end: datetime
    rows: list[CountRow]
    total: CountRow
