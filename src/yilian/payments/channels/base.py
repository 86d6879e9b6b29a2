"""The one interface every payment channel offers.

``start`` tells the browser or phone how to pay; ``verify_notification`` turns a gateway's
notification into a :class:`Notification`, raising :class:`Refused` when its signature (or
anything else the gateway vouches for) does not hold; ``refund`` returns money through the
channel. The gateway calls are synchronous SDK calls: the service runs them in a thread, outside
any transaction (a refund at the gateway is a job, see payments/handlers.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from yilian.core.errors import Problem, ValidationFailed


@dataclass(frozen=True)
class Notification:
    """What a verified gateway notification says."""

    notification_id: str
    order_number: str
    trade_no: str
    amount_fen: int
    paid: bool


@dataclass(frozen=True)
class RefundResult:
    ok: bool
    channel_refund_no: str | None = None
    failure: str | None = None


@dataclass(frozen=True)
class Credentials:
    """An organisation's account at a channel: what may be shown, and the secrets."""

    settings: dict[str, Any] = field(default_factory=dict)
    secrets: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class OrderView:
    """What a channel needs of an order (channels never touch the tables)."""

    number: str
    description: str
    total_fen: int
    expires_at: datetime
    channel_trade_no: str | None


@dataclass(frozen=True)
class RefundView:
    number: str
    amount_fen: int
    reason: str


class Refused(Problem):
    """A notification that is not the gateway's, or not as the gateway signed it. Audited."""

    status = 400
    code = "notification-refused"
    title_zh = "支付通知验证失败"
    title_en = "The payment notification could not be verified"
    audited = True


class GatewayError(Exception):
    """The gateway could not be reached or answered with an error (the job retries)."""


class Channel(Protocol):
    name: str
    label_zh: str
    label_en: str
    # The settings and secrets an account at this channel needs before it can be enabled.
    setting_fields: tuple[str, ...]
    secret_fields: tuple[str, ...]

    def check(self, creds: Credentials) -> str | None:
        """What is wrong with an account's settings ("field: why"), or None."""

    def start(self, order: OrderView, creds: Credentials, *, notify_url: str, gateway: str | None
              ) -> dict[str, Any]: ...

    def verify_notification(self, creds: Credentials, headers: dict[str, str], body: bytes,
                            now: datetime) -> Notification: ...

    def refund(self, order: OrderView, refund: RefundView, creds: Credentials, *,
               gateway: str | None) -> RefundResult: ...


def fen_to_yuan(fen: int) -> str:
    return f"{fen // 100}.{fen % 100:02d}"


def yuan_to_fen(text: str) -> int:
    """``"12.50"`` to 1250; anything else is not an amount."""
    whole, dot, frac = text.strip().partition(".")
    if not whole.isdigit() or (dot and not (frac.isdigit() and len(frac) <= 2)):
        raise ValidationFailed.field("total_amount", "not an amount in yuan")
    return int(whole) * 100 + int((frac or "0").ljust(2, "0"))


class NoNotifications:
    """For channels whose payments are recorded by a person, not announced by a gateway."""

    def check(self, creds: Credentials) -> str | None:
        return None

    def verify_notification(self, creds: Credentials, headers: dict[str, str], body: bytes,
                            now: datetime) -> Notification:
        raise Refused("this channel sends no notifications")
