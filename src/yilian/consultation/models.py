"""Tables of remote consultation.

A consultation is one row whatever its kind; an MDT adds one row per department asked and one
per expert named. Reports and addenda are rows of their own and are never edited after
publication: a correction is an addendum, issued and signed like the report.
Clinical free text (summary, opinions, report) is encrypted at rest.
"""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from yilian.cases.columns import CaseRow
from yilian.core.crypto import Encrypted
from yilian.core.db import Base, UUIDPk, str_enum
from yilian.identity.service import ProfessionalTitle


class Kind(enum.StrEnum):
    single = "single"  # 单学科会诊
    mdt = "mdt"  # 多学科会诊


class State(enum.StrEnum):
    requested = "requested"  # 已申请: with the invited organisation's office
    routed = "routed"  # 已分诊: with a department (single)
    assigned = "assigned"  # 已安排专家: the inviting side books a time (single)
    dispatched = "dispatched"  # 已派发: departments accept or reject (MDT)
    panel_confirmed = "panel_confirmed"  # 专家已确定: the inviting side books a time (MDT)
    scheduled = "scheduled"  # 已预约
    info_requested = "info_requested"  # 待补充资料
    in_session = "in_session"  # 会诊中
    reported = "reported"  # 已出报告: waiting for the inviting doctor's acknowledgement
    completed = "completed"  # 已完成
    declined = "declined"  # 已拒绝
    cancelled = "cancelled"  # 已取消


class Consultation(CaseRow, Base):
    __tablename__ = "consultations"
    case_type = "consultation"
    States = State
    party_columns = {"inviting": "inviting_org_id", "invited": "invited_org_id"}

    kind: Mapped[Kind] = mapped_column(str_enum(Kind, "consultation_kind"))
    inviting_org_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"))
    invited_org_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"))
    purpose: Mapped[str] = mapped_column(Encrypted("consultations.purpose"))
    wanted_specialty: Mapped[str] = mapped_column(String(60))
    wanted_title: Mapped[ProfessionalTitle | None] = mapped_column(
        str_enum(ProfessionalTitle, "professional_title"))
    # [{"start": iso, "end": iso}], as the applicant offered them.
    preferred_times: Mapped[list] = mapped_column(JSON, default=list)
    consent_file_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("stored_files.id"))
    # Routing: the department (the lead department of an MDT) and the expert (the chief).
    department_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("departments.id"))
    expert_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), index=True)
    coordinator_joins: Mapped[bool] = mapped_column(Boolean, default=False)
    # The patient (their account, or a proxy's) takes part in the session and its call.
    patient_joins: Mapped[bool] = mapped_column(Boolean, default=False)
    # The agreed time (from the expert's availability).
    slot_id: Mapped[uuid.UUID | None]
    starts_at: Mapped[datetime | None]
    ends_at: Mapped[datetime | None]
    # Time limits, fixed at application from the invited organisation's SLA.
    schedule_due: Mapped[datetime]
    scheduled_at: Mapped[datetime | None]  # when the time was booked
    reported_at: Mapped[datetime | None]
    # When the coordinator was told the case is late (each limit escalates once).
    schedule_escalated_at: Mapped[datetime | None]
    # What the expert asked the inviting side to supply (while info_requested).
    info_request: Mapped[str | None] = mapped_column(Encrypted("consultations.info_request"))


class DepartmentAnswer(enum.StrEnum):
    pending = "pending"
    accepted = "accepted"
    rejected = "rejected"


class ConsultationDepartment(UUIDPk, Base):
    """A department asked to take part in an MDT (the lead, 主会诊科室, or a supporting one)."""

    __tablename__ = "consultation_departments"
    __table_args__ = (
        UniqueConstraint("consultation_id", "department_id", name="uq_consultation_departments"),
    )

    consultation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("consultations.id"), index=True)
    department_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("departments.id"))
    lead: Mapped[bool] = mapped_column(Boolean, default=False)
    # The order the office named them in (the lead first).
    position: Mapped[int] = mapped_column(Integer)
    answer: Mapped[DepartmentAnswer] = mapped_column(
        str_enum(DepartmentAnswer, "department_answer"))
    reason: Mapped[str | None] = mapped_column(Encrypted("consultation_departments.reason"))
    answered_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    answered_at: Mapped[datetime | None]
    asked_at: Mapped[datetime]


class ExpertRole(enum.StrEnum):
    expert = "expert"  # the one expert of a single-specialty consultation
    chief = "chief"  # 首席专家 (MDT, lead department)
    secondary = "secondary"  # 次席专家 (MDT)


class ConsultationExpert(UUIDPk, Base):
    """An expert taking part, with the specialty opinion a secondary expert enters."""

    __tablename__ = "consultation_experts"
    __table_args__ = (
        UniqueConstraint("consultation_id", "user_id", name="uq_consultation_experts"),
    )

    consultation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("consultations.id"), index=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    department_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("departments.id"))
    role: Mapped[ExpertRole] = mapped_column(str_enum(ExpertRole, "expert_role"))
    added_at: Mapped[datetime]
    # Withdrawn when the department's answer or the assignment changes; kept for the record.
    removed_at: Mapped[datetime | None]
    opinion: Mapped[str | None] = mapped_column(Encrypted("consultation_experts.opinion"))
    opinion_at: Mapped[datetime | None]


class ReportKind(enum.StrEnum):
    report = "report"
    addendum = "addendum"


class ConsultationReport(UUIDPk, Base):
    """The published report (version 1) and any addenda (2, 3...); each signed when published.
    A draft is the row before ``published_at`` is set; only its author may change it."""

    __tablename__ = "consultation_reports"
    __table_args__ = (
        UniqueConstraint("consultation_id", "version", name="uq_consultation_reports_version"),
    )

    consultation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("consultations.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    kind: Mapped[ReportKind] = mapped_column(str_enum(ReportKind, "report_kind"))
    findings: Mapped[str] = mapped_column(Encrypted("consultation_reports.findings"))
    opinion: Mapped[str] = mapped_column(Encrypted("consultation_reports.opinion"))
    # [{"code": "I21.9", "name": "急性心肌梗死"}]
    diagnoses: Mapped[list] = mapped_column(JSON, default=list)
    recommendations: Mapped[str] = mapped_column(Encrypted("consultation_reports.recommendations"))
    referral_advised: Mapped[bool] = mapped_column(Boolean, default=False)
    written_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime]
    published_at: Mapped[datetime | None]
    document_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("issued_documents.id"))
    acknowledged_at: Mapped[datetime | None]
    acknowledged_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
