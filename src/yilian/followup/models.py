"""The follow-up task table. Tasks are clinical process records: never deleted, only done.

The case that asked for a task (a referral...) belongs to another module, so it is named by
type and id rather than by foreign key.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from yilian.core.crypto import Encrypted
from yilian.core.db import Base, UUIDPk


class FollowUpTask(UUIDPk, Base):
    __tablename__ = "followup_tasks"
    __table_args__ = (
        # The lists: an organisation's open tasks by due date, and the tasks of one case.
        Index("ix_followup_tasks_org_open", "organisation_id", "done_at", "due_on"),
        Index("ix_followup_tasks_source", "source_type", "source_id"),
    )

    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patients.id"), index=True)
    # Where the follow-up is done (the accepting township centre or village clinic).
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"))
    # None: any family or grassroots doctor of the organisation may take it.
    assignee_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    detail: Mapped[str | None] = mapped_column(Encrypted("followup_tasks.detail"))
    due_on: Mapped[date]
    source_type: Mapped[str] = mapped_column(String(32))
    source_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    # None when the platform made the task (a step no person took).
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    done_at: Mapped[datetime | None]
    done_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    done_note: Mapped[str | None] = mapped_column(Encrypted("followup_tasks.done_note"))
