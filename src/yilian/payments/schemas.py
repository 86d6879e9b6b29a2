"""API shapes of payments. Amounts are integer fen."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, StringConstraints

from yilian.core.schemas import Input
from yilian.payments.models import ChannelName, OrderState, RefundState

Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=200)]
ReceiptNo = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64,
                                             pattern=r"^[0-9A-Za-z\-_/]+$")]
Secret = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20000)]
PayableChannel = Literal["wechat", "alipay", "clinic", "demo"]


class PaymentItemOut(BaseModel):
    code: str
    name: str
    unit_fen: int
    quantity: int
    amount_fen: int


class PaymentRefundOut(BaseModel):
    id: uuid.UUID
    number: str
    amount_fen: int
    reason: str
    state: RefundState
    channel_refund_no: str | None
    failure: str | None
    requested_by_name: str | None = Field(description="null: the platform refunded")
    created_at: datetime
    finished_at: datetime | None


class PaymentOrderOut(BaseModel):
    id: uuid.UUID
    number: str
    organisation_id: uuid.UUID
    organisation_name: str
    patient_id: uuid.UUID
    patient_name: str
    payer_user_id: uuid.UUID | None
    subject_type: str
    subject_id: uuid.UUID
    description: str
    total_fen: int
    paid_fen: int
    refunded_fen: int
    state: OrderState
    channel: ChannelName | None
    channel_trade_no: str | None
    collected_by_name: str | None
    expires_at: datetime
    created_at: datetime
    paid_at: datetime | None
    closed_at: datetime | None
    close_reason: str | None
    # What the reader may do now: collect it at the clinic (到院/村医代收), refund it.
    may_collect: bool
    may_refund: bool
    items: list[PaymentItemOut]
    refunds: list[PaymentRefundOut]


class PayIn(Input):
    channel: PayableChannel


class PayOut(BaseModel):
    order_id: uuid.UUID
    channel: ChannelName
    label_zh: str
    label_en: str
    params: dict[str, Any] = Field(description="what the browser or phone needs to pay: WeChat "
                                               "code_url, Alipay pay_url, the clinic's "
                                               "instructions, the demo page's amount")


class PaymentCollectIn(Input):
    receipt_no: ReceiptNo = Field(description="the number of the paper or till receipt")
    amount_fen: int = Field(ge=0, le=100_000_000, description="must equal the amount due")


class PaymentCancelIn(Input):
    reason: Reason = "payer cancelled"


class PaymentRefundIn(Input):
    amount_fen: int | None = Field(None, ge=1, le=100_000_000,
                                   description="null: everything that remains")
    reason: Reason


class PaymentNotifyAck(BaseModel):
    code: Literal["SUCCESS"]
    message: str = ""


class PaymentMovementOut(BaseModel):
    kind: Literal["payment", "refund"]
    at: datetime
    order_id: uuid.UUID
    order_number: str
    refund_number: str | None
    channel: ChannelName
    channel_ref: str | None = Field(description="the gateway's transaction or refund id, or the "
                                                "receipt number")
    amount_fen: int = Field(description="paid in (positive) or refunded (negative)")


class PaymentChannelTotal(BaseModel):
    channel: ChannelName
    paid_fen: int
    refunded_fen: int
    net_fen: int
    payments: int
    refunds: int


class PaymentReconciliationOut(BaseModel):
    organisation_id: uuid.UUID
    day: str = Field(description="the Asia/Shanghai day, yyyy-mm-dd")
    movements: list[PaymentMovementOut]
    totals: list[PaymentChannelTotal]


class PaymentChannelOut(BaseModel):
    channel: ChannelName
    label_zh: str
    label_en: str
    enabled: bool
    usable: bool = Field(description="enabled and, for a gateway, fully configured")
    settings: dict[str, str] = Field(description="what is not secret")
    secrets_set: list[str] = Field(description="which secrets are stored (never their values)")
    missing: list[str]
    updated_at: datetime | None


class PaymentChannelIn(Input):
    channel: ChannelName
    enabled: bool
    settings: dict[Annotated[str, StringConstraints(max_length=40)], Secret] | None = Field(
        None, description="replaces the settings sent; those not sent stay")
    secrets: dict[Annotated[str, StringConstraints(max_length=40)], Secret] | None = Field(
        None, description="write-only; replaces those sent, the others stay")


class PaymentChannelsOut(BaseModel):
    organisation_id: uuid.UUID
    demo_enabled: bool = Field(description="the demo channel is on (settings.demo_payments)")
    channels: list[PaymentChannelOut]
