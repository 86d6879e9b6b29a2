"""API shapes of the online visit."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from yilian.cases.schemas import ICD10, CaseDetail, CaseSummary, Line, Reason, Text
from yilian.clinic.models import ClinicMode
from yilian.clinic.schemas import OpenSessionOut
from yilian.clinic.visits.models import ProofKind, State
from yilian.core.schemas import Input, Moment

Note = Annotated[str, StringConstraints(strip_whitespace=True, max_length=1000)]


class ProofIn(Input):
    """That the visit follows up a diagnosed disease: a problem of the patient's record, or
    uploaded outpatient records or discharge summaries (the booker's uploads)."""

    kind: ProofKind
    problem_id: uuid.UUID | None = None
    file_ids: list[uuid.UUID] = Field(default_factory=list, max_length=10)


class VisitIn(Input):
    session_id: uuid.UUID
    # None: the session's next free slot.
    slot_id: uuid.UUID | None = None
    patient_id: uuid.UUID
    # The session's own mode when omitted (a session offers one).
    mode: ClinicMode | None = None
    # Required: an online visit is for a follow-up only (首诊 is offline).
    proof: ProofIn | None = None
    # What the patient comes about, in their words.
    complaint: Note | None = None


class MoveIn(Input):
    """After 停诊: another session of the same doctor or department, at the same fee."""

    session_id: uuid.UUID
    # None: the session's next free slot.
    slot_id: uuid.UUID | None = None


class MoveOption(OpenSessionOut):
    """A session a stopped visit may move to. One at another fee is listed (same_fee false)
    but refused: the patient takes the refund and books it instead."""

    doctor_id: uuid.UUID
    doctor_name: str
    same_fee: bool


class VisitReasonIn(Input):
    reason: Reason


class OutpatientRecordIn(Input):
    """The outpatient record (门诊病历) the doctor signs."""

    chief_complaint: Line
    history: Text
    examination: Annotated[str, StringConstraints(strip_whitespace=True, max_length=4000)] = ""
    diagnosis_icd10: ICD10
    diagnosis_text: Line
    advice: Text


class CallIn(Input):
    started_at: Moment
    minutes: int = Field(ge=1, le=240)
    note: Note | None = None


class CallOut(BaseModel):
    id: uuid.UUID
    started_at: datetime
    minutes: int
    note: str | None
    # The number called, masked (138****1234).
    phone: str | None
    recorded_by_name: str


class OutpatientRecordOut(BaseModel):
    chief_complaint: str
    history: str
    examination: str
    diagnosis_icd10: str
    diagnosis_text: str
    advice: str


class QueuePlace(BaseModel):
    """Where a waiting patient stands: 1 is next."""

    position: int
    ahead: int
    estimated_wait_minutes: int


class VisitSummary(CaseSummary):
    state: State
    requesting_org_id: uuid.UUID
    requesting_org_name: str
    answering_org_id: uuid.UUID
    answering_org_name: str
    session_id: uuid.UUID
    slot_starts_at: datetime
    doctor_id: uuid.UUID
    doctor_name: str
    mode: ClinicMode
    fee_fen: int


class VisitOut(VisitSummary, CaseDetail):
    slot_id: uuid.UUID
    department_id: uuid.UUID
    order_id: uuid.UUID
    hold_until: datetime
    booked_at: datetime | None
    proxy_doctor_id: uuid.UUID | None
    proof_kind: ProofKind
    proof_problem_id: uuid.UUID | None
    proof_file_ids: list[uuid.UUID]
    checked_in_at: datetime | None
    called_at: datetime | None
    missed_count: int
    started_at: datetime | None
    started_by: uuid.UUID | None
    started_by_name: str | None
    finished_at: datetime | None
    outcome: str | None
    first_reply_due: datetime | None
    first_reply_at: datetime | None
    refunded_fen: int
    # 停诊: until then the patient side may move the visit (else it is refunded).
    choose_by: datetime | None
    record: OutpatientRecordOut | None
    document_id: uuid.UUID | None
    queue: QueuePlace | None
    calls: list[CallOut]


class QueueItem(BaseModel):
    visit_id: uuid.UUID
    number: str
    patient_name: str
    state: State
    slot_starts_at: datetime
    checked_in_at: datetime | None
    missed_count: int
    mode: ClinicMode
    position: int | None  # among those waiting; None for the one called


class QueueOut(BaseModel):
    session_id: uuid.UUID
    doctor_id: uuid.UUID
    items: list[QueueItem]
    average_minutes: int


class BoardItem(BaseModel):
    """A line of a village clinic's screen: the name masked (张*三)."""

    number: str
    patient: str
    state: State
    position: int | None
    doctor_name: str
    slot_starts_at: datetime


class BoardOut(BaseModel):
    organisation_id: uuid.UUID
    items: list[BoardItem]
