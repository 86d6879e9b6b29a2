"""Tables of the online clinic's schedule: doctors' clinic profiles, fee tiers, sessions (排班)
and their slots (号源).

A slot carries its own hold and booking, so that taking it is one conditional UPDATE (see
service.hold_slot). Sessions are never deleted: a stopped one keeps its slots, whose visits are
moved or refunded by the visit module.
"""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from yilian.core.db import Base, UUIDPk, str_enum
from yilian.identity.service import ProfessionalTitle


class ClinicMode(enum.StrEnum):
    text = "text"  # 图文
    phone = "phone"  # 电话
    video = "video"  # 视频


class SessionStatus(enum.StrEnum):
    open = "open"
    stopped = "stopped"  # 停诊


class ClinicProfile(Base):
    """What a patient reads on a doctor's card."""

    __tablename__ = "clinic_profiles"

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), primary_key=True)
    specialties: Mapped[list[str]] = mapped_column(JSON, default=list)
    introduction: Mapped[str] = mapped_column(String(1000), default="")
    updated_at: Mapped[datetime]
    updated_by: Mapped[uuid.UUID | None]


class FeeTier(UUIDPk, Base):
    """挂号费 of an organisation by professional title; ``mode`` None: any mode without a tier of
    its own."""

    __tablename__ = "clinic_fee_tiers"
    __table_args__ = (UniqueConstraint("organisation_id", "title", "mode"),)

    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"), index=True)
    title: Mapped[ProfessionalTitle] = mapped_column(
        str_enum(ProfessionalTitle, "professional_title"))
    mode: Mapped[ClinicMode | None] = mapped_column(str_enum(ClinicMode, "clinic_mode"))
    fee_fen: Mapped[int]
    updated_at: Mapped[datetime]
    updated_by: Mapped[uuid.UUID]


class ClinicSession(UUIDPk, Base):
    __tablename__ = "clinic_sessions"
    __table_args__ = (
        # A doctor's sessions in a time range (overlaps, their list); an organisation's by time.
        Index("ix_clinic_sessions_doctor_starts", "doctor_id", "starts_at"),
        Index("ix_clinic_sessions_org_starts", "organisation_id", "starts_at"),
    )

    doctor_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"))
    department_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("departments.id"), index=True)
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    mode: Mapped[ClinicMode] = mapped_column(str_enum(ClinicMode, "clinic_mode"))
    capacity: Mapped[int]
    # The fee of the tier when the session was made: a later tier change leaves it.
    fee_fen: Mapped[int]
    status: Mapped[SessionStatus] = mapped_column(str_enum(SessionStatus, "clinic_session_status"),
                                                  default=SessionStatus.open)
    stopped_at: Mapped[datetime | None]
    stop_reason: Mapped[str | None] = mapped_column(String(200))
    # 替诊: the doctor the session was first given to, and why another holds it now.
    substituted_from: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    substitute_reason: Mapped[str | None] = mapped_column(String(200))
    created_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class ClinicSlot(UUIDPk, Base):
    __tablename__ = "clinic_slots"
    __table_args__ = (UniqueConstraint("session_id", "seq"),)

    session_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clinic_sessions.id"))
    seq: Mapped[int]
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    # A visit being paid for holds the slot until held_until; a paid one has booked it. Visits
    # live in the visit module: no foreign key.
    held_by_visit_id: Mapped[uuid.UUID | None]
    held_until: Mapped[datetime | None]
    booked_visit_id: Mapped[uuid.UUID | None]
