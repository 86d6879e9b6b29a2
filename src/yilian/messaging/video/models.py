"""Tables of video calls: who was in a case's call, from when to when; the SFU rooms, the join
tokens they hand out, and their recordings.

A call's room is the conversation of a case; attendance rows are the join and leave times
recorded on the case (process records, kept with the conversation, DESIGN §7). A row with no
``left_at`` is someone in the room now.
"""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from yilian.core.crypto import Encrypted
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


class RoomMode(enum.StrEnum):
    mesh = "mesh"  # peer to peer, two to four people
    sfu = "sfu"  # through Janus VideoRoom (MDT, larger rooms)


class Room(Base):
    """How a conversation's calls are carried, fixed when the first person joins; for an SFU
    room, the Janus room and its secret (which never leaves the server)."""

    __tablename__ = "video_rooms"

    conversation_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    mode: Mapped[RoomMode] = mapped_column(str_enum(RoomMode, "video_room_mode"))
    janus_room: Mapped[int | None] = mapped_column(BigInteger)
    janus_secret: Mapped[str | None] = mapped_column(Encrypted("video_rooms.janus_secret"))
    created_at: Mapped[datetime]
    # The Janus room was destroyed (the conversation closed); a later join makes a new one.
    destroyed_at: Mapped[datetime | None]
    spotlight_user_id: Mapped[uuid.UUID | None]


class GrantEnd(enum.StrEnum):
    left = "left"
    removed = "removed"  # no longer a participant of the case
    closed = "closed"  # the conversation closed
    expired = "expired"  # past its time
    abandoned = "abandoned"  # out of the call longer than the reconnection grace


class Grant(UUIDPk, Base):
    """A user's join token for one SFU room: known to Janus (stored token, and the room's
    allowed list) from issue until revoked. Kept across a reconnection, so a dropped link comes
    back into the same room with the same publisher id."""

    __tablename__ = "video_sfu_grants"
    __table_args__ = (
        Index("uq_video_sfu_grants_live", "conversation_id", "user_id", unique=True,
              postgresql_where=text("revoked_at IS NULL"), sqlite_where=text("revoked_at IS NULL")),
        Index("ix_video_sfu_grants_live", "revoked_at", "expires_at"),
    )

    conversation_id: Mapped[uuid.UUID]
    user_id: Mapped[uuid.UUID]
    janus_room: Mapped[int] = mapped_column(BigInteger)
    token: Mapped[str] = mapped_column(Encrypted("video_sfu_grants.token"))
    # The camera publisher's id in Janus; a screen share publishes as publisher_id + 1.
    publisher_id: Mapped[int] = mapped_column(BigInteger)
    issued_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    end_reason: Mapped[GrantEnd | None] = mapped_column(str_enum(GrantEnd, "video_grant_end"))
    # Room state of this person, set by the chair or by themselves.
    muted: Mapped[bool] = mapped_column(Boolean, default=False)
    hand_raised_at: Mapped[datetime | None]
    sharing_screen: Mapped[bool] = mapped_column(Boolean, default=False)


class RecordingState(enum.StrEnum):
    recording = "recording"
    processing = "processing"  # stopped; Janus's files are being turned into case files
    stored = "stored"
    failed = "failed"


class Recording(UUIDPk, Base):
    """A recording of an SFU room, started by the chair with the patient's consent confirmed
    and announced to everyone in the call (decision 0021)."""

    __tablename__ = "video_recordings"
    __table_args__ = (
        Index("uq_video_recordings_running", "conversation_id", unique=True,
              postgresql_where=text("stopped_at IS NULL"), sqlite_where=text("stopped_at IS NULL")),
    )

    conversation_id: Mapped[uuid.UUID] = mapped_column(index=True)
    case_type: Mapped[str] = mapped_column(String(40))
    case_id: Mapped[uuid.UUID]
    janus_room: Mapped[int] = mapped_column(BigInteger)
    started_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    started_at: Mapped[datetime]
    consent_note: Mapped[str | None] = mapped_column(Encrypted("video_recordings.consent_note"))
    stopped_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    stopped_at: Mapped[datetime | None]
    state: Mapped[RecordingState] = mapped_column(
        str_enum(RecordingState, "video_recording_state"))
    failure: Mapped[str | None] = mapped_column(String(200))


class RecordingNotice(Base):
    """That a person in the call was shown the recording notice (and when)."""

    __tablename__ = "video_recording_notices"

    recording_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("video_recordings.id"),
                                                    primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    seen_at: Mapped[datetime]
