"""API shapes of case conversations."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, Field, model_validator

from yilian.core.schemas import Input
from yilian.messaging.conversations.models import CaseType, ConversationState, MessageKind

MAX_TEXT = 4000


class MessageIn(Input):
    """Either a text or a completed upload's file id."""

    text: str | None = Field(default=None, max_length=MAX_TEXT)
    file_id: uuid.UUID | None = None

    @model_validator(mode="after")
    def _one_of(self) -> MessageIn:
        if self.text is not None and not self.text.strip():
            self.text = None
        if (self.text is None) == (self.file_id is None):
            raise ValueError("send either a text or a file_id")
        return self


class RetractIn(Input):
    reason: str = Field(min_length=1, max_length=500)

    @model_validator(mode="after")
    def _not_blank(self) -> RetractIn:
        if not self.reason.strip():
            raise ValueError("reason must not be blank")
        self.reason = self.reason.strip()
        return self


class ReadIn(Input):
    seq: int = Field(ge=0, le=2**62, description="the last message seq the user has seen")


class ReadOut(BaseModel):
    last_read_seq: int


class ParticipantOut(BaseModel):
    user_id: uuid.UUID
    display_name: str
    # A code the client words (conversation.roles: chief, receiver...); a label the case
    # module wrote as it is.
    role_label: str
    added_at: datetime
    last_read_seq: int


class ConversationSummary(BaseModel):
    id: uuid.UUID
    case_type: CaseType
    case_id: uuid.UUID
    case_number: str | None
    # A code the client words with the case number (conversation.titles: consultation_mdt).
    title: str
    state: ConversationState
    role_label: str
    last_seq: int
    last_message_at: datetime | None
    last_activity_at: datetime
    unread: int


class ConversationOut(BaseModel):
    id: uuid.UUID
    case_type: CaseType
    case_id: uuid.UUID
    case_number: str | None
    # A code the client words with the case number (conversation.titles: consultation_mdt).
    title: str
    state: ConversationState
    created_at: datetime
    closed_at: datetime | None
    last_seq: int
    participants: list[ParticipantOut]


class FileOut(BaseModel):
    id: uuid.UUID
    filename: str
    content_type: str
    size: int
    is_image: bool


class MessageOut(BaseModel):
    id: uuid.UUID
    seq: int
    sender_id: uuid.UUID | None
    sender_name: str | None
    kind: MessageKind
    # Withheld when the message was retracted, and for retraction records (the reason stays
    # in the record, not in the chat).
    text: str | None
    # A system notice: a code the client words (conversation.system) and its parameters.
    code: str | None = None
    params: dict[str, str] = Field(default_factory=dict)
    file: FileOut | None
    retracted: bool
    retracts_id: uuid.UUID | None
    created_at: datetime


class MessagePage(BaseModel):
    """Messages in seq order; ``more``: there are older ones (backward) or newer ones (``after``)."""

    items: list[MessageOut]
    more: bool
    last_seq: int
