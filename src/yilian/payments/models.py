"""Tables of the payments module. Money is integer fen. Nothing here is deleted: an order ends
cancelled, lapsed or refunded, a refund succeeded or failed, and every movement is audited.

What an order buys belongs to another module (a clinic booking, a prescription), so it is named
by type and id rather than by foreign key.
"""

from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from yilian.core.crypto import Encrypted
from yilian.core.db import Base, UUIDPk, str_enum


class OrderState(enum.StrEnum):
    pending = "pending"
    paid = "paid"
    cancelled = "cancelled"
    lapsed = "lapsed"
    refunded = "refunded"  # fully
    partially_refunded = "partially_refunded"


class RefundState(enum.StrEnum):
    requested = "requested"
    succeeded = "succeeded"
    failed = "failed"


class ChannelName(enum.StrEnum):
    wechat = "wechat"
    alipay = "alipay"
    clinic = "clinic"
    demo = "demo"


class PaymentCounter(Base):
    """The last order or refund number given per payee organisation, prefix and Shanghai day."""

    __tablename__ = "payment_counters"

    organisation_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    prefix: Mapped[str] = mapped_column(String(8), primary_key=True)
    day: Mapped[str] = mapped_column(String(8), primary_key=True)
    last: Mapped[int] = mapped_column(Integer)


class PaymentOrder(UUIDPk, Base):
    __tablename__ = "payment_orders"
    __table_args__ = (
        CheckConstraint("total_fen >= 0 AND paid_fen >= 0 AND refunded_fen >= 0", name="amounts"),
        CheckConstraint("refunded_fen <= paid_fen", name="refunded_le_paid"),
        UniqueConstraint("organisation_id", "number"),
        # The lists: an organisation's orders by day, a patient's, what a subject bought, the
        # lapse sweep's pending ones by expiry.
        Index("ix_payment_orders_org_created", "organisation_id", "created_at"),
        Index("ix_payment_orders_subject", "subject_type", "subject_id"),
        Index("ix_payment_orders_state_expires", "state", "expires_at"),
    )

    number: Mapped[str] = mapped_column(String(20))
    # The payee.
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"))
    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patients.id"), index=True)
    # Who pays: the patient's account, a proxy, or a village doctor paying for them.
    payer_user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), index=True)
    subject_type: Mapped[str] = mapped_column(String(32))
    subject_id: Mapped[uuid.UUID]
    # Shown to the payer and on the gateway's bill: short, never a diagnosis.
    description: Mapped[str] = mapped_column(String(100))
    total_fen: Mapped[int] = mapped_column(Integer)
    paid_fen: Mapped[int] = mapped_column(Integer, default=0)
    refunded_fen: Mapped[int] = mapped_column(Integer, default=0)
    state: Mapped[OrderState] = mapped_column(str_enum(OrderState, "payment_order_state"))
    channel: Mapped[ChannelName | None] = mapped_column(str_enum(ChannelName, "payment_channel"))
    # The gateway's transaction id, or the clinic's receipt number.
    channel_trade_no: Mapped[str | None] = mapped_column(String(64))
    collected_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    expires_at: Mapped[datetime]
    created_at: Mapped[datetime]
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    paid_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    close_reason: Mapped[str | None] = mapped_column(String(200))


class PaymentOrderItem(UUIDPk, Base):
    __tablename__ = "payment_order_items"
    __table_args__ = (
        CheckConstraint("unit_fen >= 0 AND quantity >= 1 AND amount_fen >= 0", name="amounts"),
    )

    order_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("payment_orders.id"), index=True)
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(100))
    unit_fen: Mapped[int] = mapped_column(Integer)
    quantity: Mapped[int] = mapped_column(Integer)
    amount_fen: Mapped[int] = mapped_column(Integer)


class PaymentRefund(UUIDPk, Base):
    __tablename__ = "payment_refunds"
    __table_args__ = (
        CheckConstraint("amount_fen > 0", name="amount"),
        Index("ix_payment_refunds_state_created", "state", "created_at"),
    )

    order_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("payment_orders.id"), index=True)
    # Numbered per payee organisation and day, like the orders.
    number: Mapped[str] = mapped_column(String(20))
    amount_fen: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(200))
    state: Mapped[RefundState] = mapped_column(str_enum(RefundState, "payment_refund_state"))
    channel_refund_no: Mapped[str | None] = mapped_column(String(64))
    failure: Mapped[str | None] = mapped_column(String(200))
    # None: the platform refunded (the subject was gone, the order was no longer payable).
    requested_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]


class PaymentNotification(UUIDPk, Base):
    """A verified gateway notification, once per gateway id: the replay finds its row and has no
    second effect. Refused ones (bad signature) are audited, never stored here, so a forger
    cannot take the id of a real notification still to come."""

    __tablename__ = "payment_notifications"
    __table_args__ = (UniqueConstraint("channel", "notification_id"),)

    channel: Mapped[ChannelName] = mapped_column(str_enum(ChannelName, "payment_channel"))
    notification_id: Mapped[str] = mapped_column(String(64))
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"))
    order_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("payment_orders.id"),
                                                       index=True)
    # SHA-256 of the body as received.
    body_digest: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime]
    # paid, refunded-not-payable, refunded-subject-gone, amount-mismatch, not-paid, unknown-order,
    # already-paid.
    outcome: Mapped[str] = mapped_column(String(32))


class PaymentChannelConfig(UUIDPk, Base):
    """An organisation's merchant account at one channel. ``settings`` holds what is not secret
    (merchant and app ids, certificate serial, the gateway's certificates or public key);
    ``secrets`` the private keys and the APIv3 key, encrypted, never shown."""

    __tablename__ = "payment_channel_configs"
    __table_args__ = (UniqueConstraint("organisation_id", "channel"),)

    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"))
    channel: Mapped[ChannelName] = mapped_column(str_enum(ChannelName, "payment_channel"))
    enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    secrets: Mapped[str | None] = mapped_column(Encrypted("payment_channel_configs.secrets"))
    updated_at: Mapped[datetime]
    updated_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
