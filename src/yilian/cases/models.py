"""Tables of the case engine.

A case (a consultation, a referral) keeps its own row in its module (its columns in common are
``columns.CaseRow``'s); what the engine keeps for every case lives here, keyed by case type and
id: the timeline of steps taken, the numbering, and the time limits each organisation sets for
the cases it serves.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from yilian.cases.columns import Urgency
from yilian.core.crypto import Encrypted
from yilian.core.db import Base, UUIDPk, str_enum


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
    # What the platform says of the step (a department named, a limit passed) as a code and its
    # parameters (JSON), which the client puts into the reader's language. The parameters name
    # organisations, people and times, hence encrypted like the note.
    note_code: Mapped[str | None] = mapped_column(String(40))
    note_params: Mapped[str | None] = mapped_column(Encrypted("case_steps.note_params"))


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
