"""What a case kind's table declares with the engine: the columns every case row has
(:class:`CaseRow`) and the values they take. A kind's table subclasses ``CaseRow`` and its own
module's ``Base``; the engine's own tables are in ``models.py``."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from yilian.core.crypto import Encrypted
from yilian.core.db import Timestamps, UUIDPk, str_enum


class Urgency(enum.StrEnum):
    routine = "routine"
    urgent = "urgent"


# As printed on a document.
URGENCY_ZH = {Urgency.routine: "普通", Urgency.urgent: "紧急"}


class ConsentBy(enum.StrEnum):
    """Who gave the informed consent a case records (知情同意)."""

    patient = "patient"
    guardian = "guardian"  # a guardian or close relative for a patient who cannot consent



def _encrypted(table: str, name: str, *, nullable: bool = False) -> Mapped[Any]:
    # The key is derived per table and column, as for every encrypted column.
    return mapped_column(Encrypted(f"{table}.{name}"), nullable=nullable)


class CaseRow(UUIDPk, Timestamps):
    """The columns every kind's case row has: its number, its state, the patient, who asked
    and when, the request itself (reason, summary, diagnosis, the record as it was, the
    informed consent), the limit for the whole case and its close. A kind's table names its
    ``case_type`` and ``States``, and its two organisations in ``party_columns`` (each
    indexed with the state: the queues of either side); it adds its own columns."""

    if TYPE_CHECKING:  # each kind's table names it (typed as DeclarativeBase types it)
        __tablename__: Any

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
        return _encrypted(cls.__tablename__, "reason")

    @declared_attr
    def summary(cls) -> Mapped[str]:
        return _encrypted(cls.__tablename__, "summary")

    @declared_attr
    def diagnosis_text(cls) -> Mapped[str]:
        return _encrypted(cls.__tablename__, "diagnosis_text")

    @declared_attr
    def record_snapshot(cls) -> Mapped[str | None]:
        """The patient's record as it was at the request (problems, medications, allergies,
        documents): the answering side reads this, not the live record."""
        return _encrypted(cls.__tablename__, "record_snapshot", nullable=True)

    @declared_attr
    def consent_name(cls) -> Mapped[str]:
        return _encrypted(cls.__tablename__, "consent_name")

    @declared_attr
    def close_reason(cls) -> Mapped[str | None]:
        return _encrypted(cls.__tablename__, "close_reason", nullable=True)
