"""到院/村医代收: the money is handed over at the payee's desk or to the patient's village doctor,
who records it with a receipt number (service.collect). Refunds are paid back the same way."""

from __future__ import annotations

from typing import Any

from yilian.payments.channels.base import (
    Credentials,
    NoNotifications,
    OrderView,
    RefundResult,
    RefundView,
)


class ClinicChannel(NoNotifications):
    name = "clinic"
    label_zh = "到院支付（村医代收）"
    label_en = "Pay at the clinic (or to the village doctor)"
    setting_fields: tuple[str, ...] = ()
    secret_fields: tuple[str, ...] = ()

    def start(self, order: OrderView, creds: Credentials, *, notify_url: str, gateway: str | None
              ) -> dict[str, Any]:
        return {"instructions_zh": f"请到收费处或向您的村医支付 {order.total_fen / 100:.2f} 元，"
                                   f"并出示订单号 {order.number}。",
                "instructions_en": f"Pay {order.total_fen / 100:.2f} yuan at the cashier or to "
                                   f"your village doctor, showing order {order.number}."}

    def refund(self, order: OrderView, refund: RefundView, creds: Credentials, *,
               gateway: str | None) -> RefundResult:
        return RefundResult(ok=True)
