"""API shapes of video calls."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, Field

from yilian.messaging.video.models import EndReason, RecordingState, RoomMode


class IceServer(BaseModel):
    """One entry of RTCConfiguration.iceServers."""

    urls: list[str]
    username: str | None = None
    credential: str | None = None


class IceServersOut(BaseModel):
    ice_servers: list[IceServer]
    # How long the TURN credentials stay valid; fetch new ones before.
    ttl_seconds: int


class PeerOut(BaseModel):
    user_id: uuid.UUID
    display_name: str
    joined_at: datetime


class AttendanceOut(BaseModel):
    id: uuid.UUID
    user_id: uuid.UUID
    display_name: str
    joined_at: datetime
    left_at: datetime | None
    end_reason: EndReason | None


class SfuJoin(BaseModel):
    """Where and how to join the Janus room: the token is this person's, valid for this room
    only, until expires_at or until they leave; join with publisher_id and display."""

    url: str
    room: int
    token: str
    publisher_id: int
    display: str
    expires_at: datetime


class JoinOut(BaseModel):
    conversation_id: uuid.UUID
    attendance_id: uuid.UUID
    # The others in the room now; the one of each pair with the lower user id sends the offer.
    peers: list[PeerOut]
    ice_servers: list[IceServer]
    ttl_seconds: int
    max_participants: int
    mode: RoomMode
    sfu: SfuJoin | None = None


class PresentOut(PeerOut):
    """Someone in the call now, with their part in the case and their room state."""

    role_label: str | None
    organisation: str | None
    hand_raised_at: datetime | None = None
    muted: bool = False
    sharing_screen: bool = False
    publisher_id: int | None = None


class RecordingOut(BaseModel):
    id: uuid.UUID
    state: RecordingState
    started_at: datetime
    started_by: uuid.UUID
    started_by_name: str
    stopped_at: datetime | None
    # Whether the caller has been shown the notice.
    acknowledged: bool


class RoomOut(BaseModel):
    conversation_id: uuid.UUID
    case_type: str
    case_id: uuid.UUID
    open: bool
    # None until someone first joins (the mode is fixed then).
    mode: RoomMode | None
    present: list[PresentOut]
    # Latest first, at most HISTORY_LIMIT rows.
    history: list[AttendanceOut]
    max_participants: int
    spotlight_user_id: uuid.UUID | None = None
    # Whether the caller may use the room controls, and who may.
    chair: bool = False
    chair_ids: list[uuid.UUID] = Field(default_factory=list)
    # The running recording, or the last one of this room.
    recording: RecordingOut | None = None


class MuteIn(BaseModel):
    muted: bool


class SpotlightIn(BaseModel):
    user_id: uuid.UUID | None


class HandIn(BaseModel):
    raised: bool
    # Omitted: one's own hand; the chair may lower another's.
    user_id: uuid.UUID | None = None


class ScreenIn(BaseModel):
    sharing: bool


class RecordingIn(BaseModel):
    # The chair confirms the patient agreed to the recording (it is recorded with their name).
    consent_confirmed: bool
    consent_note: str | None = Field(default=None, max_length=200)
