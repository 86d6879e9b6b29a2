"""API shapes of the online clinic's schedule, fees and doctor cards."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from yilian.alliance.service import OrgLevel
from yilian.clinic.models import ClinicMode, SessionStatus
from yilian.core.schemas import Day, Input
from yilian.identity.service import ProfessionalTitle

MAX_CAPACITY = 200
ClockTime = Annotated[str, Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$",
                                 description="HH:MM, Beijing time")]


Specialty = Annotated[str, Field(min_length=1, max_length=20, pattern=r"^[^\x00-\x1f\x7f]*$")]


class ProfileIn(Input):
    specialties: list[Specialty] = Field(default_factory=list, max_length=10,
                                         description="short words: 高血压, 冠心病 ...")
    introduction: str = Field("", max_length=1000, description="a short introduction (zh)")


class ProfileOut(BaseModel):
    user_id: uuid.UUID
    name: str
    title: ProfessionalTitle | None
    specialties: list[str]
    introduction: str


class FeeTierIn(Input):
    title: ProfessionalTitle
    mode: ClinicMode | None = Field(None, description="this mode only; any mode when omitted")
    fee_fen: int = Field(ge=0, le=1_000_000, description="挂号费 in fen")


class FeesIn(Input):
    """Every tier of the organisation: the tiers not named are removed."""

    tiers: list[FeeTierIn] = Field(max_length=100)


class FeeTierOut(BaseModel):
    title: ProfessionalTitle
    title_label: str
    mode: ClinicMode | None
    fee_fen: int


class FeesOut(BaseModel):
    organisation_id: uuid.UUID
    tiers: list[FeeTierOut]


class SessionTimes(Input):
    """When: a half-day (上午 08:00–12:00, 下午 14:00–17:30) or from/until, Beijing time."""

    day: Day
    half_day: Literal["am", "pm"] | None = None
    start: ClockTime | None = None
    end: ClockTime | None = None
    capacity: int = Field(ge=1, le=MAX_CAPACITY, description="the number of slots (号源)")
    slot_minutes: int | None = Field(
        None, ge=1, le=240, description="each slot's length; the range divided by the capacity "
                                        "when omitted")


class SessionIn(SessionTimes):
    doctor_id: uuid.UUID
    organisation_id: uuid.UUID
    department_id: uuid.UUID
    mode: ClinicMode


class SessionPatch(Input):
    """A new time, size, mode or department, while no slot is held or booked; the fee is taken
    from the tier again."""

    department_id: uuid.UUID | None = None
    mode: ClinicMode | None = None
    times: SessionTimes | None = None


class StopIn(Input):
    reason: str = Field(min_length=1, max_length=200)


class SubstituteIn(Input):
    doctor_id: uuid.UUID
    reason: str = Field(min_length=1, max_length=200)


class ClinicSlotOut(BaseModel):
    id: uuid.UUID
    seq: int
    starts_at: datetime
    ends_at: datetime
    free: bool


class SessionOut(BaseModel):
    id: uuid.UUID
    doctor_id: uuid.UUID
    doctor_name: str
    organisation_id: uuid.UUID
    organisation_name: str
    department_id: uuid.UUID
    department_name: str
    starts_at: datetime
    ends_at: datetime
    mode: ClinicMode
    capacity: int
    fee_fen: int
    status: SessionStatus
    stop_reason: str | None
    substituted_from: uuid.UUID | None
    free_slots: int


class OpenSessionOut(BaseModel):
    """A session a patient may book: its slots and whether each is free."""

    id: uuid.UUID
    organisation_id: uuid.UUID
    organisation_name: str
    department_id: uuid.UUID
    department_name: str
    starts_at: datetime
    ends_at: datetime
    mode: ClinicMode
    fee_fen: int
    free_slots: int
    slots: list[ClinicSlotOut]


class DoctorCard(BaseModel):
    doctor_id: uuid.UUID
    name: str
    title: ProfessionalTitle | None
    organisation_id: uuid.UUID
    organisation_name: str
    organisation_level: OrgLevel
    department_id: uuid.UUID
    department_name: str
    specialties: list[str]
    introduction: str
    # The earliest free slot of the coming 14 days (None: all taken) and that session's fee.
    next_free_at: datetime | None
    fee_fen: int
    modes: list[ClinicMode]


class ClinicDepartmentOut(BaseModel):
    code: str
    name: str
    name_en: str


class DepartmentsOut(BaseModel):
    """With a symptom: departments it suggests (a suggestion, never a diagnosis); without one:
    the departments holding online clinics in the coming 14 days."""

    suggestion: bool
    matched: list[str]
    departments: list[ClinicDepartmentOut]
    note_zh: str | None
    note_en: str | None
