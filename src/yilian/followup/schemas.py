"""Shapes of follow-up tasks for the API."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints

from yilian.core.schemas import Input

State = Literal["open", "done"]
Note = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=500)]


class CompleteIn(Input):
    note: Note = Field(description="what was done and found (2-500 characters)")


class TaskOut(BaseModel):
    id: uuid.UUID
    patient_id: uuid.UUID
    patient_name: str
    organisation_id: uuid.UUID
    organisation_name: str
    assignee_id: uuid.UUID | None
    assignee_name: str | None
    title: str
    detail: str | None
    due_on: date
    overdue: bool = Field(description="still open after its due date (Asia/Shanghai)")
    source_type: str
    source_id: str
    created_at: datetime
    done_at: datetime | None
    done_by_name: str | None
    done_note: str | None
