"""Tables shared by the case modules.

A case (a consultation, a referral) keeps its own row in its module; what every case has in
common lives here, keyed by case type and id: the timeline of steps taken, the numbering, and the
time limits each organisation sets for the cases it serves.
"""

from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from yilian.core.crypto import Encrypted
from yilian.core.db import Base, Timestamps, UUIDPk, str_enum


class Urgency(enum.StrEnum):
    routine = "routine"
    urgent = "urgent"


# As printed on a document.
URGENCY_ZH = {Urgency.routine: "普通", Urgency.urgent: "紧急"}


class ConsentBy(enum.StrEnum):
    """Who gave the informed consent a case records (知情同意)."""

    patient = "patient"
    guardian = "guardian"  # a guardian or close relative for a patient who cannot consent


class CaseStep(UUIDPk, Base):
    """One step of a case's timeline: who did what, when, from which state to which. Never
    updated or deleted; the timeline a user sees is these rows in order."""

    __tablename__ = "case_steps"
    __table_args__ = (UniqueConstraint("case_type", "case_id", "seq", name="uq_case_steps_seq"),)

    case_type: Mapped[str] = mapped_column(String(32))
    case_id: Mapped[uuid.UUID]
    # 1, 2, 3... per case: the order of the timeline (several steps can share a timestamp).
    seq: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(40))
    from_state: Mapped[str | None] = mapped_column(String(32))
    to_state: Mapped[str] = mapped_column(String(32))
    actor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    organisation_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("organisations.id"))
    at: Mapped[datetime]
    # A reason, a decline's grounds, a booked time: free text a participant wrote or a summary
    # the service wrote (may name the patient's condition, hence encrypted).
    note: Mapped[str | None] = mapped_column(Encrypted("case_steps.note"))


class CaseCounter(Base):
    """The last case number given per prefix and Shanghai day, taken with an upsert in the
    creating transaction (concurrent creators queue on the row)."""

    __tablename__ = "case_counters"

    prefix: Mapped[str] = mapped_column(String(8), primary_key=True)
    day: Mapped[str] = mapped_column(String(8), primary_key=True)
    last: Mapped[int] = mapped_column(Integer)


class SlaPolicy(UUIDPk, Base):
    """An organisation's time limits for the cases it serves, per case type and urgency.
    Without a row the defaults of ``cases.sla.DEFAULTS`` apply."""

    __tablename__ = "sla_policies"
    __table_args__ = (
        UniqueConstraint("organisation_id", "case_type", "urgency", name="uq_sla_policies"),
    )

    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"), index=True)
    case_type: Mapped[str] = mapped_column(String(32))
    urgency: Mapped[Urgency] = mapped_column(str_enum(Urgency, "urgency"))
    # The first step's limit (scheduled / accepted) in hours from the request.
    first_hours: Mapped[int] = mapped_column(Integer)
    # The whole case's limit from the request: working days when set, else hours.
    complete_hours: Mapped[int | None] = mapped_column(Integer)
    complete_working_days: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[datetime]
    updated_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))


def _encrypted(cls: type, name: str, *, nullable: bool = False) -> Mapped:
    # The key is derived per table and column, as for every encrypted column.
    return mapped_column(Encrypted(f"{cls.__tablename__}.{name}"), nullable=nullable)


class CaseRow(UUIDPk, Timestamps):
    """The columns every kind's case row has: its number, its state, the patient, who asked
    and when, the request itself (reason, summary, diagnosis, the record as it was, the
    informed consent), the limit for the whole case and its close. A kind's table names its
    ``case_type`` and ``States``, and its two organisations in ``party_columns`` (each
    indexed with the state: the queues of either side); it adds its own columns."""

    case_type: ClassVar[str]
    States: ClassVar[type[enum.Enum]]
    # index suffix -> column: {"inviting": "inviting_org_id", "invited": "invited_org_id"}
    party_columns: ClassVar[dict[str, str]]

    @declared_attr.directive
    def __table_args__(cls) -> tuple[Index, ...]:
        return tuple(Index(f"ix_{cls.__tablename__}_{suffix}", column, "state")
                     for suffix, column in cls.party_columns.items())

    @declared_attr
    def state(cls) -> Mapped[Any]:
        return mapped_column(str_enum(cls.States, f"{cls.case_type}_state"))

    number: Mapped[str] = mapped_column(String(20), unique=True)
    urgency: Mapped[Urgency] = mapped_column(str_enum(Urgency, "urgency"))
    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patients.id"), index=True)
    requested_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    requested_at: Mapped[datetime]
    diagnosis_icd10: Mapped[str] = mapped_column(String(10))
    consent_by: Mapped[ConsentBy] = mapped_column(str_enum(ConsentBy, "consent_by"))
    consent_relation: Mapped[str | None] = mapped_column(String(20))
    consent_at: Mapped[datetime]
    # Due by then (the kind's second limit), and when its office was told it is late.
    complete_due: Mapped[datetime]
    complete_escalated_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]

    @declared_attr
    def reason(cls) -> Mapped[str]:
        return _encrypted(cls, "reason")

    @declared_attr
    def summary(cls) -> Mapped[str]:
        return _encrypted(cls, "summary")

    @declared_attr
    def diagnosis_text(cls) -> Mapped[str]:
        return _encrypted(cls, "diagnosis_text")

    @declared_attr
    def record_snapshot(cls) -> Mapped[str | None]:
        """The patient's record as it was at the request (problems, medications, allergies,
        documents): the answering side reads this, not the live record."""
        return _encrypted(cls, "record_snapshot", nullable=True)

    @declared_attr
    def consent_name(cls) -> Mapped[str]:
        return _encrypted(cls, "consent_name")

    @declared_attr
    def close_reason(cls) -> Mapped[str | None]:
        return _encrypted(cls, "close_reason", nullable=True)
