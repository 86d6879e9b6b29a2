"""Tables of this module: the in-app inbox, outward deliveries and per-user preferences."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from yilian.core.crypto import Encrypted
from yilian.core.db import Base, UUIDPk, str_enum
from yilian.messaging.notifications.templates import OutwardChannel


class Notification(UUIDPk, Base):
    """One inbox entry of one user; rendered in the reader's language when listed."""

    __tablename__ = "notifications"
    __table_args__ = (
        Index("ix_notifications_user_created", "user_id", "created_at", "id"),
        Index("ix_notifications_user_unread", "user_id", "read_at"),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    template: Mapped[str] = mapped_column(String(64))
    # JSON of the template's parameters; encrypted because some (a case title) are clinical.
    params: Mapped[str] = mapped_column(Encrypted("notifications.params"))
    entity_type: Mapped[str | None] = mapped_column(String(64))
    entity_id: Mapped[str | None] = mapped_column(String(64))
    link: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime]
    read_at: Mapped[datetime | None]


class DeliveryStatus(enum.StrEnum):
    pending = "pending"
    sent = "sent"
    failed = "failed"


class Delivery(UUIDPk, Base):
    """One notification sent through one outward channel; the retry state lives here."""

    __tablename__ = "notification_deliveries"
    __table_args__ = (
        UniqueConstraint("notification_id", "channel"),
        Index("ix_notification_deliveries_due", "status", "next_attempt_at"),
    )

    notification_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("notifications.id", ondelete="CASCADE")
    )
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    channel: Mapped[OutwardChannel] = mapped_column(str_enum(OutwardChannel, "outward_channel"))
    status: Mapped[DeliveryStatus] = mapped_column(str_enum(DeliveryStatus, "delivery_status"))
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime]
    # Short and free of patient data: an error class or an HTTP status.
    last_error: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]


class Preference(Base):
    """Whether a user wants notifications through an outward channel, and where to."""

    __tablename__ = "notification_preferences"

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    channel: Mapped[OutwardChannel] = mapped_column(
        str_enum(OutwardChannel, "outward_channel"), primary_key=True
    )
    enabled: Mapped[bool] = mapped_column(default=False)
    # Phone number, e-mail address or WeChat openid.
    address: Mapped[str | None] = mapped_column(Encrypted("notification_preferences.address"))
    updated_at: Mapped[datetime]
