"""API shapes of availability slots."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, Field

from yilian.core.authz import Role
from yilian.core.schemas import Input, Moment


class SlotsIn(Input):
    """A range of time a doctor offers, as one slot or split into consecutive slots."""

    user_id: uuid.UUID | None = Field(None, description="the doctor; yourself when omitted")
    organisation_id: uuid.UUID | None = Field(
        None, description="where the doctor sees the cases; your active role's organisation "
                          "when omitted")
    starts_at: Moment
    ends_at: Moment
    slot_minutes: int | None = Field(
        None, ge=15, le=240, description="split the range into slots of this length; one slot "
                                         "for the whole range when omitted")


class SlotOut(BaseModel):
    id: uuid.UUID
    user_id: uuid.UUID
    user_name: str
    organisation_id: uuid.UUID
    organisation_name: str
    starts_at: datetime
    ends_at: datetime
    booked: bool
    # Which case holds the slot: shown to the slot's doctor and to the coordinators and
    # administrators of its organisation only (null for everyone else).
    booked_case_type: str | None
    booked_case_id: uuid.UUID | None
    withdrawn: bool


class DoctorOut(BaseModel):
    """A doctor whose times a coordinator may enter at an organisation."""

    user_id: uuid.UUID
    name: str
    role: Role
    verified: bool
