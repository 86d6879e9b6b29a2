"""Tables of this module: availability slots.

A slot is never deleted, only withdrawn: a booked case keeps pointing at the time it agreed,
and the schedule's history stays readable. The booking is written on the slot itself so that
taking it is one conditional UPDATE (see service.book).
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from yilian.core.db import Base, UUIDPk


class AvailabilitySlot(UUIDPk, Base):
    __tablename__ = "availability_slots"
    # Every read is one doctor's slots in a time range; the index also serves user_id alone.
    __table_args__ = (Index("ix_availability_slots_user_starts", "user_id", "starts_at"),)

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    # Where the doctor sees the case (多点执业: a doctor may offer times at several places).
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    service: Mapped[str] = mapped_column(String(32), default="consultation")
    # The case holding the slot: its module and id (cases live in other modules: no foreign key).
    booked_case_type: Mapped[str | None] = mapped_column(String(32))
    booked_case_id: Mapped[uuid.UUID | None]
    booked_at: Mapped[datetime | None]
    created_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime]
    withdrawn_at: Mapped[datetime | None]
