"""演示支付: for the demo alliance only (settings.demo_payments). No money moves; the payer
confirms on the demo page (service.demo_confirm)."""

from __future__ import annotations

from typing import Any

from yilian.payments.channels.base import (
    Credentials,
    NoNotifications,
    OrderView,
    RefundResult,
    RefundView,
)


class DemoChannel(NoNotifications):
    name = "demo"
    label_zh = "演示支付（不产生真实扣款）"
    label_en = "Demo payment (no real charge)"
    setting_fields: tuple[str, ...] = ()
    secret_fields: tuple[str, ...] = ()

    def start(self, order: OrderView, creds: Credentials, *, notify_url: str, gateway: str | None
              ) -> dict[str, Any]:
        return {"demo": True, "label_zh": self.label_zh, "label_en": self.label_en,
                "amount_fen": order.total_fen, "order_number": order.number}

    def refund(self, order: OrderView, refund: RefundView, creds: Credentials, *,
               gateway: str | None) -> RefundResult:
        return RefundResult(ok=True, channel_refund_no=f"DEMO-{refund.number}")
