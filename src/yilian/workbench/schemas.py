"""Shapes of the workbench."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, Field

from yilian.cases.columns import Urgency
from yilian.cases.schemas import ActionOut
from yilian.followup.schemas import TaskOut
from yilian.messaging.conversations.schemas import ConversationSummary


class TodoItem(BaseModel):
    """A case that waits for a step of mine (or of my department or office)."""

    type: str = Field(description="the case kind: consultation, referral, ...")
    id: uuid.UUID
    number: str
    urgency: Urgency
    patient_name: str
    diagnosis_icd10: str
    state: str
    actions: list[ActionOut] = Field(description="the steps I may take now")
    due_at: datetime | None = Field(description="the first time limit still open")
    overdue: bool
    requested_at: datetime
    side: str | None = Field(description="the party of the case my organisation is (one of the "
                                         "kind's party columns: inviting, invited, source, ...)")
    link: str


class KindTodo(BaseModel):
    type: str
    total: int = Field(description="how many of this kind wait for me")
    more: bool = Field(description="more cases were waiting than the workbench looked at")


class AgendaItem(BaseModel):
    """A booked time: a consultation session, a reserved appointment or bed."""

    type: str
    id: uuid.UUID
    number: str
    patient_name: str
    state: str
    starts_at: datetime
    ends_at: datetime | None
    place: str | None
    link: str


class Workbench(BaseModel):
    todo: list[TodoItem] = Field(description="late first, then by the nearest limit, oldest")
    todo_by_kind: list[KindTodo]
    sessions: list[AgendaItem] = Field(
        description="staff: today's booked sessions (Asia/Shanghai); a patient: coming ones")
    reservations: list[AgendaItem] = Field(description="a patient's coming referral bookings")
    followups: list[TaskOut] = Field(description="open tasks due within a week, or late")
    followups_total: int
    conversations: list[ConversationSummary] = Field(description="those with unread messages")
    unread_messages: int
    unread_notifications: int
    counts: dict[str, int] = Field(
        description="for the menu: per case kind what waits, followups, messages")
