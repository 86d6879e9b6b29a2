"""Tables of two-way referral.

A referral is one row, up (下转上) or down (上转下). A down-referral may name the up-referral it
closes, which is how one timeline runs from the village's request to the patient's return. A
re-raised referral is a new row naming the rejected one it copies, so the history stays whole.
Clinical free text is encrypted at rest.
"""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from yilian.cases.columns import CaseRow
from yilian.core.crypto import Encrypted
from yilian.core.db import Base, str_enum


class Direction(enum.StrEnum):
    up = "up"  # 下转上: to a higher level
    down = "down"  # 上转下: back to the community


class State(enum.StrEnum):
    requested = "requested"  # 待接收
    accepted = "accepted"  # 已接收: an appointment or a bed is reserved (up); the clinic takes the patient (down)
    arrived = "arrived"  # 已到院
    treated = "treated"  # 已诊治: the upper hospital has finished; a down-referral may follow
    returned = "returned"  # 已转回: the patient went back down (the down-referral was accepted)
    no_show = "no_show"  # 未到院
    rejected = "rejected"  # 已拒绝
    reraised = "reraised"  # 已重新发起 (a copy went out again)
    cancelled = "cancelled"  # 已取消


class Reservation(enum.StrEnum):
    appointment = "appointment"  # 门诊预约
    bed = "bed"  # 预留床位 (优先入院入科)


class Referral(CaseRow, Base):
    __tablename__ = "referrals"
    case_type = "referral"
    States = State
    party_columns = {"source": "source_org_id", "target": "target_org_id"}

    direction: Mapped[Direction] = mapped_column(str_enum(Direction, "referral_direction"))
    source_org_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"))
    target_org_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"))
    target_department_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("departments.id"))
    # 绿色通道: an emergency may skip levels; otherwise skipping needs skip_reason.
    green_channel: Mapped[bool] = mapped_column(Boolean, default=False)
    skip_reason: Mapped[str | None] = mapped_column(Encrypted("referrals.skip_reason"))
    treatment: Mapped[str] = mapped_column(Encrypted("referrals.treatment"))
    # A down-referral: the rehabilitation plan the upper hospital hands over.
    medications: Mapped[list] = mapped_column(JSON, default=list)  # [{"name","dose","frequency"}]
    follow_up_plan: Mapped[str | None] = mapped_column(Encrypted("referrals.follow_up_plan"))
    # [{"title", "days", "detail"}]: made into follow-up tasks when the clinic accepts.
    follow_ups: Mapped[list] = mapped_column(JSON, default=list)
    # Links: the up-referral a down-referral closes; the rejected referral this one re-raises.
    up_referral_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("referrals.id"), index=True)
    previous_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("referrals.id"))
    # The consultation whose report advised this referral (another module's case: an id only).
    from_consultation_id: Mapped[uuid.UUID | None]
    # The signed consent form's scan: among the attachments, shown as the consent.
    consent_file_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("stored_files.id"))
    # The receiving side's answer.
    answered_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    answered_at: Mapped[datetime | None]
    reservation: Mapped[Reservation | None] = mapped_column(
        str_enum(Reservation, "referral_reservation"))
    reserved_at: Mapped[datetime | None]
    reserved_place: Mapped[str | None] = mapped_column(String(100))
    reservation_note: Mapped[str | None] = mapped_column(Encrypted("referrals.reservation_note"))
    arrived_at: Mapped[datetime | None]
    treated_at: Mapped[datetime | None]
    outcome: Mapped[str | None] = mapped_column(Encrypted("referrals.outcome"))
    returned_at: Mapped[datetime | None]
    # Time limits, fixed at request from the receiving organisation's rules: accepted by
    # first_due, arrived (up) or taken in (down) by complete_due.
    first_due: Mapped[datetime]
    first_escalated_at: Mapped[datetime | None]
    # The signed referral form (转诊单) or return summary (回转单).
    document_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("issued_documents.id"))
