"""API shapes of notifications and notification preferences."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, Field, StrictBool

from yilian.core.schemas import Input
from yilian.messaging.notifications.templates import OutwardChannel


class NotificationOut(BaseModel):
    id: uuid.UUID
    template: str
    title: str
    body: str
    link: str | None
    entity_type: str | None
    entity_id: str | None
    created_at: datetime
    read_at: datetime | None


class UnreadCount(BaseModel):
    unread_count: int


class ChannelPreferenceIn(Input):
    channel: OutwardChannel
    enabled: StrictBool
    address: str | None = Field(default=None, max_length=254,
                                description="phone number, e-mail address or WeChat openid")


class PreferencesIn(Input):
    """The outward channels to change; channels not listed stay as they are."""

    channels: list[ChannelPreferenceIn] = Field(max_length=len(OutwardChannel))


class ChannelPreferenceOut(BaseModel):
    channel: OutwardChannel
    enabled: bool
    address: str | None


class PreferencesOut(BaseModel):
    # The in-app inbox cannot be turned off: it is where every notification lands.
    inbox: bool = True
    channels: list[ChannelPreferenceOut]
