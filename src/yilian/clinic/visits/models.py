"""Tables of the online follow-up visit (互联网复诊).

A visit is one case row from the slot hold to its end; its phone calls are rows of their own.
Nothing here is ever deleted: a visit that ends early keeps its row with the reason. Retention:
the outpatient record (门诊病历: the visit's record columns and its signed document) is kept at
least 15 years; the process records (the conversation, call logs, video) at least 3 years.
Clinical free text is encrypted at rest.
"""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from yilian.cases.columns import CaseRow
from yilian.clinic.models import ClinicMode
from yilian.core.crypto import Encrypted
from yilian.core.db import Base, UUIDPk, str_enum


class State(enum.StrEnum):
    held = "held"  # 待支付: the slot is held, the order pending
    booked = "booked"  # 已预约: paid
    waiting = "waiting"  # 候诊: checked in on the day
    called = "called"  # 已叫号
    in_visit = "in_visit"  # 就诊中
    finished = "finished"  # 已完成: the outpatient record is signed
    lapsed = "lapsed"  # 已过期: not paid in time
    cancelled = "cancelled"  # 已取消 (by the patient side)
    not_eligible = "not_eligible"  # 不适合复诊: 首诊, a new problem, an examination needed
    referred_offline = "referred_offline"  # 转线下就诊
    no_show = "no_show"  # 过号未到 (missed twice)
    closed = "closed"  # 超时关闭 (open 48 h after it started)
    unanswered = "unanswered"  # 图文未回复, refunded
    stopped = "stopped"  # 停诊待选择: the patient side moves it or takes the refund


class ProofKind(enum.StrEnum):
    """What shows the visit is a follow-up of a diagnosed disease."""

    record_diagnosis = "record_diagnosis"  # a problem in the patient's record
    document = "document"  # an outpatient record or discharge summary, uploaded


class ClinicVisit(CaseRow, Base):
    """A patient's online follow-up visit. Retention: outpatient record ≥ 15 years."""

    __tablename__ = "clinic_visits"
    case_type = "online_visit"
    States = State
    party_columns = {"requesting": "requesting_org_id", "answering": "answering_org_id"}

    # The patient's home organisation, or the one of the village doctor booking for a patient
    # who is with them (代问诊); the clinic session's organisation.
    requesting_org_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"))
    answering_org_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"))
    department_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("departments.id"))
    session_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clinic_sessions.id"))
    slot_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clinic_slots.id"))
    slot_starts_at: Mapped[datetime]
    # The session's doctor when booked; the one who saw the patient is started_by.
    doctor_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    mode: Mapped[ClinicMode] = mapped_column(str_enum(ClinicMode, "clinic_mode"))
    fee_fen: Mapped[int]
    order_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("payment_orders.id"))
    hold_until: Mapped[datetime]
    booked_at: Mapped[datetime | None]
    # 代问诊: the village or grassroots doctor who booked for a patient present with them.
    proxy_doctor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    proof_kind: Mapped[ProofKind] = mapped_column(str_enum(ProofKind, "visit_proof_kind"))
    proof_problem_id: Mapped[uuid.UUID | None]
    proof_file_ids: Mapped[list] = mapped_column(JSON, default=list)
    checked_in_at: Mapped[datetime | None]
    checked_in_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    called_at: Mapped[datetime | None]
    missed_count: Mapped[int] = mapped_column(Integer, default=0)
    # Where the visit stands among those waiting: the slot's time, or after the others once
    # missed (the time it was sent back).
    queue_at: Mapped[datetime | None]
    started_at: Mapped[datetime | None]
    started_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    finished_at: Mapped[datetime | None]
    outcome: Mapped[str | None] = mapped_column(String(32))
    # Text visits: the doctor answers by then (after check-in), else the visit is refunded.
    first_reply_due: Mapped[datetime | None]
    first_reply_at: Mapped[datetime | None]
    refunded_fen: Mapped[int] = mapped_column(Integer, default=0)
    # 停诊: the patient side moves the visit to another session by then, else it is refunded.
    choose_by: Mapped[datetime | None]
    # The outpatient record (门诊病历).
    chief_complaint: Mapped[str | None] = mapped_column(Encrypted("clinic_visits.chief_complaint"),
                                                        nullable=True)
    history: Mapped[str | None] = mapped_column(Encrypted("clinic_visits.history"), nullable=True)
    examination: Mapped[str | None] = mapped_column(Encrypted("clinic_visits.examination"),
                                                    nullable=True)
    record_icd10: Mapped[str | None] = mapped_column(String(10))
    record_diagnosis: Mapped[str | None] = mapped_column(
        Encrypted("clinic_visits.record_diagnosis"), nullable=True)
    advice: Mapped[str | None] = mapped_column(Encrypted("clinic_visits.advice"), nullable=True)
    document_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("issued_documents.id"))


class VisitCall(UUIDPk, Base):
    """A phone visit's call, as the doctor logs it (a process record: kept ≥ 3 years)."""

    __tablename__ = "clinic_visit_calls"
    __table_args__ = (Index("ix_clinic_visit_calls_visit", "visit_id", "started_at"),)

    visit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clinic_visits.id"))
    started_at: Mapped[datetime]
    minutes: Mapped[int]
    note: Mapped[str | None] = mapped_column(Encrypted("clinic_visit_calls.note"), nullable=True)
    recorded_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime]
