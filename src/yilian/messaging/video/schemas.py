"""API shapes of video calls."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel

from yilian.messaging.video.models import EndReason


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


class JoinOut(BaseModel):
    conversation_id: uuid.UUID
    attendance_id: uuid.UUID
    # The others in the room now; the one of each pair with the lower user id sends the offer.
    peers: list[PeerOut]
    ice_servers: list[IceServer]
    ttl_seconds: int
    max_participants: int


class RoomOut(BaseModel):
    conversation_id: uuid.UUID
    case_type: str
    case_id: uuid.UUID
    open: bool
    present: list[PeerOut]
    # Latest first, at most HISTORY_LIMIT rows.
    history: list[AttendanceOut]
    max_participants: int
