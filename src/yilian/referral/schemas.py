"""Request and response shapes of the referral API (web/src/api/referrals.ts mirrors them)."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, Field

from yilian.cases.columns import Urgency
from yilian.cases.schemas import ICD10, CaseDetail, CaseSummary, ConsentIn, Line, Reason, Text
from yilian.core.schemas import Input, Moment
from yilian.referral.models import Direction, Reservation, State


class MedicationItem(Input):
    name: Line
    dose: Line | None = None
    frequency: Line | None = None


class FollowUpItem(Input):
    """A follow-up the upper hospital asks of the community (a down-referral)."""

    title: Line
    days: int = Field(ge=1, le=365, description="due this many days after the clinic accepts")
    detail: Reason | None = None


class ReferralIn(Input):
    direction: Direction = Direction.up
    urgency: Urgency = Urgency.routine
    patient_id: uuid.UUID
    target_org_id: uuid.UUID
    target_department_id: uuid.UUID | None = None
    green_channel: bool = False
    # Needed when an up-referral skips a level without the green channel.
    skip_reason: Reason | None = None
    reason: Reason
    diagnosis_icd10: ICD10
    diagnosis_text: Line
    summary: Text  # clinical summary (病情摘要) or, down, the discharge / rehabilitation summary
    treatment: Text  # treatment so far (已行治疗)
    consent: ConsentIn
    file_ids: list[uuid.UUID] = Field(default_factory=list, max_length=20)
    include_record: bool = True
    # Down only: the medication list, the follow-up plan, and the follow-ups that become tasks
    # for the patient's doctor at the receiving clinic (at least one).
    medications: list[MedicationItem] = Field(default_factory=list, max_length=20)
    follow_up_plan: Text | None = None
    follow_ups: list[FollowUpItem] = Field(default_factory=list, max_length=12)
    # Down only: the up-referral this return closes.
    up_referral_id: uuid.UUID | None = None
    # The consultation whose published report advised this referral (same patient).
    from_consultation_id: uuid.UUID | None = None


class AcceptIn(Input):
    # Up: an appointment or a bed, when and where. Down: nothing is reserved.
    reservation: Reservation | None = None
    reserved_at: Moment | None = None
    reserved_place: Line | None = None
    note: Reason | None = None


class RedirectIn(Input):
    target_org_id: uuid.UUID | None = None  # another organisation (same rules as a new referral)
    target_department_id: uuid.UUID | None = None
    reason: Reason


class ReasonIn(Input):
    reason: Reason


class TreatIn(Input):
    outcome: Reason


class ReraiseIn(Input):
    """A rejected referral sent again, copied with its history; what changes is optional."""

    target_org_id: uuid.UUID | None = None
    target_department_id: uuid.UUID | None = None
    green_channel: bool | None = None
    skip_reason: Reason | None = None
    note: Reason | None = None


class ReturnMedication(BaseModel):
    name: str
    dose: str | None = None
    frequency: str | None = None


class ReturnFollowUp(BaseModel):
    title: str
    days: int
    detail: str | None = None


class TargetOut(BaseModel):
    """An organisation the caller's may refer to: an agreement covers referral between them;
    ``next_level``: an up-referral there does not skip a level."""

    organisation_id: uuid.UUID
    name: str
    level: str
    next_level: bool


class ReferralSummary(CaseSummary):
    direction: Direction
    green_channel: bool
    state: State
    source_org_id: uuid.UUID
    source_org_name: str
    target_org_id: uuid.UUID
    target_org_name: str
    target_department_id: uuid.UUID | None
    target_department_name: str | None
    reservation: Reservation | None
    reserved_at: datetime | None
    first_due: datetime


class ReferralOut(ReferralSummary, CaseDetail):
    """The timeline is the whole loop's: the re-raised originals, this referral and its
    return; the attachments include those of the original a re-raised copy repeats."""

    treatment: str
    skip_reason: str | None
    medications: list[ReturnMedication]
    follow_up_plan: str | None
    follow_ups: list[ReturnFollowUp]
    up_referral_id: uuid.UUID | None
    up_referral_number: str | None
    from_consultation_id: uuid.UUID | None
    from_consultation_number: str | None
    consent_file_id: uuid.UUID | None
    # The down-referral that returned this patient, and the re-raised copy, when there is one.
    down_referral_id: uuid.UUID | None
    previous_id: uuid.UUID | None
    previous_number: str | None
    next_id: uuid.UUID | None
    answered_by_name: str | None
    answered_at: datetime | None
    # Whom the patient calls and where they go: the receiving department's, else its organisation's.
    target_phone: str | None
    target_address: str | None
    target_department_location: str | None
    reserved_place: str | None
    reservation_note: str | None
    arrived_at: datetime | None
    treated_at: datetime | None
    outcome: str | None
    returned_at: datetime | None
    document_id: uuid.UUID | None
    document_number: str | None


class OpenCount(BaseModel):
    organisation_id: uuid.UUID
    organisation_name: str
    incoming_requested: int
    incoming_accepted: int
    incoming_arrived: int
    outgoing_open: int
    overdue: int


class PairRow(BaseModel):
    source_org_id: uuid.UUID
    source_org_name: str
    target_org_id: uuid.UUID
    target_org_name: str
    direction: Direction
    requested: int
    accepted: int
    rejected: int
    no_shows: int
    returned: int
    acceptance_rate: float | None
    hours_to_acceptance_median: float | None


class ReferralStatsOut(BaseModel):
    start: datetime
    end: datetime
    up: int
    down: int
    acceptance_rate: float | None
    hours_to_acceptance_median: float | None
    no_shows: int
    # Of the up-referrals requested in the period that were treated, the share returned to
    # the community.
    returned_to_community_rate: float | None
    pairs: list[PairRow]
