"""Tables of case conversations.

Messages are clinical process records (kept at least three years, DESIGN §7): there is no update
or delete path; a retraction is a new message that points at the one it withdraws. Removed
participants keep their row (with ``removed_at``) so the record shows who took part when.
Cases belong to other modules, so they are referred to by type and id, not by foreign key.
"""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from yilian.core.crypto import Encrypted
from yilian.core.db import Base, UUIDPk, str_enum


class CaseType(enum.StrEnum):
    """The cases a conversation can belong to (each module that owns one opens it)."""

    consultation = "consultation"
    referral = "referral"
    online_visit = "online_visit"
    diagnostic_study = "diagnostic_study"
    prescription = "prescription"


class ConversationState(enum.StrEnum):
    open = "open"
    closed = "closed"


class MessageKind(enum.StrEnum):
    text = "text"
    file = "file"
    image = "image"
    system = "system"
    retraction = "retraction"


class Conversation(UUIDPk, Base):
    __tablename__ = "conversations"
    __table_args__ = (
        UniqueConstraint("case_type", "case_id", name="uq_conversations_case"),
        Index("ix_conversations_activity", "last_activity_at", "id"),
    )

    case_type: Mapped[CaseType] = mapped_column(str_enum(CaseType, "case_type"))
    case_id: Mapped[uuid.UUID]
    title: Mapped[str] = mapped_column(String(200))
    # The case's document number (e.g. HZ20261124-0001), for notifications.
    case_number: Mapped[str | None] = mapped_column(String(40))
    subject_org_id: Mapped[uuid.UUID | None]
    patient_id: Mapped[uuid.UUID | None]
    state: Mapped[ConversationState] = mapped_column(
        str_enum(ConversationState, "conversation_state"), default=ConversationState.open
    )
    created_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]
    # The last message's seq: the next message takes last_seq + 1 under the row's lock.
    last_seq: Mapped[int] = mapped_column(default=0)
    last_activity_at: Mapped[datetime]


class Participant(UUIDPk, Base):
    __tablename__ = "conversation_participants"
    __table_args__ = (
        Index("ix_conversation_participants_user", "user_id", "removed_at"),
        # At most one current membership per user and conversation.
        Index("uq_conversation_participants_current", "conversation_id", "user_id", unique=True,
              postgresql_where=text("removed_at IS NULL"), sqlite_where=text("removed_at IS NULL")),
    )

    conversation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("conversations.id"), index=True)
    user_id: Mapped[uuid.UUID]
    role_label: Mapped[str] = mapped_column(String(40))
    added_at: Mapped[datetime]
    removed_at: Mapped[datetime | None]


class Message(UUIDPk, Base):
    __tablename__ = "conversation_messages"
    __table_args__ = (
        UniqueConstraint("conversation_id", "seq", name="uq_conversation_messages_seq"),
    )

    conversation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("conversations.id"))
    seq: Mapped[int]
    # None for system messages.
    sender_id: Mapped[uuid.UUID | None]
    kind: Mapped[MessageKind] = mapped_column(str_enum(MessageKind, "message_kind"))
    # The text, a system notice, or a retraction's reason: clinical free text, encrypted.
    text: Mapped[str | None] = mapped_column(Encrypted("conversation_messages.text"))
    # A system notice as a code and its parameters (JSON, encrypted as they may carry a
    # request's words), worded by each reader's client; older notices kept their text.
    code: Mapped[str | None] = mapped_column(String(40))
    params: Mapped[str | None] = mapped_column(Encrypted("conversation_messages.params"))
    file_id: Mapped[uuid.UUID | None]
    retracts_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("conversation_messages.id"), unique=True
    )
    created_at: Mapped[datetime]


class ReadState(Base):
    """How far a user has read a conversation (read receipts); only ever moves forward."""

    __tablename__ = "conversation_reads"

    conversation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("conversations.id"), primary_key=True
    )
    user_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    last_read_seq: Mapped[int] = mapped_column(default=0)
    read_at: Mapped[datetime]
