"""Tables of video calls: who was in a case's call, from when to when.

A call's room is the conversation of a case; attendance rows are the join and leave times
recorded on the case (process records, kept with the conversation, DESIGN §7). A row with no
``left_at`` is someone in the room now.
"""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from yilian.core.db import Base, UUIDPk, str_enum


class EndReason(enum.StrEnum):
    left = "left"  # hung up
    disconnected = "disconnected"  # the realtime connection ended
    removed = "removed"  # no longer a participant of the case
    closed = "closed"  # the case's conversation was closed
    expired = "expired"  # left open far longer than a call lasts (a process died)


class Attendance(UUIDPk, Base):
    __tablename__ = "video_attendance"
    __table_args__ = (
        Index("ix_video_attendance_room", "conversation_id", "joined_at"),
        Index("ix_video_attendance_user_present", "user_id", "left_at"),
        # In a room at most once: a second join while present changes nothing.
        Index("uq_video_attendance_present", "conversation_id", "user_id", unique=True,
              postgresql_where=text("left_at IS NULL"), sqlite_where=text("left_at IS NULL")),
    )

    conversation_id: Mapped[uuid.UUID]
    # The case the call belongs to (cases live in other modules: referred to by type and id).
    case_type: Mapped[str] = mapped_column(String(40))
    case_id: Mapped[uuid.UUID]
    user_id: Mapped[uuid.UUID]
    joined_at: Mapped[datetime]
    left_at: Mapped[datetime | None]
    end_reason: Mapped[EndReason | None] = mapped_column(str_enum(EndReason, "video_end_reason"))
