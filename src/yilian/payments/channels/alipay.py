"""Alipay through the maintained SDK (python-alipay-sdk): RSA2 over the sorted parameters, both
for what we send and for the asynchronous notifications Alipay posts back."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.error import URLError
from urllib.parse import parse_qsl

from alipay import AliPay
from alipay.exceptions import AliPayException, AliPayValidationError

from yilian.core.clock import SHANGHAI
from yilian.core.errors import ValidationFailed
from yilian.payments.channels.base import (
    Credentials,
    GatewayError,
    Notification,
    OrderView,
    RefundResult,
    RefundView,
    Refused,
    fen_to_yuan,
    yuan_to_fen,
)

DEFAULT_GATEWAY = "https://openapi.alipay.com/gateway.do"
PAID_STATES = ("TRADE_SUCCESS", "TRADE_FINISHED")


def _sdk(creds: Credentials, *, notify_url: str | None = None, gateway: str | None = None
         ) -> AliPay:
    sdk = AliPay(appid=creds.settings["app_id"], app_notify_url=notify_url,
                 app_private_key_string=creds.secrets["app_private_key"],
                 alipay_public_key_string=creds.settings["alipay_public_key"], sign_type="RSA2")
    # The SDK knows only the production and sandbox addresses; tests set their own here.
    sdk._gateway = gateway or DEFAULT_GATEWAY
    return sdk


class AlipayChannel:
    name = "alipay"
    label_zh = "支付宝"
    label_en = "Alipay"
    setting_fields: tuple[str, ...] = ("app_id", "alipay_public_key")
    secret_fields: tuple[str, ...] = ("app_private_key",)

    def check(self, creds: Credentials) -> str | None:
        try:
            _sdk(creds)
        except (ValueError, IndexError, TypeError):
            return "app_private_key or alipay_public_key: not an RSA key"
        return None

    def start(self, order: OrderView, creds: Credentials, *, notify_url: str, gateway: str | None
              ) -> dict[str, Any]:
        sdk = _sdk(creds, notify_url=notify_url, gateway=gateway)
        query = sdk.client_api("alipay.trade.wap.pay", biz_content={
            "subject": order.description, "out_trade_no": order.number,
            "total_amount": fen_to_yuan(order.total_fen), "product_code": "QUICK_WAP_WAY",
            "time_expire": order.expires_at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S")})
        return {"pay_url": f"{sdk._gateway}?{query}"}

    def verify_notification(self, creds: Credentials, headers: dict[str, str], body: bytes,
                            now: datetime) -> Notification:
        try:
            data = dict(parse_qsl(body.decode(), keep_blank_values=True, strict_parsing=True))
        except (UnicodeDecodeError, ValueError):
            raise Refused("not a form") from None
        signature = data.pop("sign", "")
        try:
            good = bool(signature) and _sdk(creds).verify(dict(data), signature)
        except (AliPayException, ValueError, TypeError):
            good = False
        if not good:
            raise Refused("the RSA2 signature does not check")
        if data.get("app_id") != creds.settings["app_id"]:
            raise Refused("for another app")
        try:
            amount = yuan_to_fen(data["total_amount"])
            return Notification(
                notification_id=data["notify_id"][:64], order_number=data["out_trade_no"],
                trade_no=data["trade_no"][:64], amount_fen=amount,
                paid=data.get("trade_status") in PAID_STATES)
        except (KeyError, ValidationFailed):
            raise Refused("the notification lacks the trade's fields") from None

    def refund(self, order: OrderView, refund: RefundView, creds: Credentials, *,
               gateway: str | None) -> RefundResult:
        sdk = _sdk(creds, gateway=gateway)
        try:
            answer = sdk.api_alipay_trade_refund(
                refund_amount=fen_to_yuan(refund.amount_fen), out_trade_no=order.number,
                out_request_no=refund.number, refund_reason=refund.reason)
        except (URLError, OSError, AliPayValidationError) as e:
            # Unreachable, or an answer not signed by Alipay: asked again (out_request_no makes
            # the refund happen once whatever the number of requests).
            raise GatewayError(f"Alipay: {e!r}") from e
        except AliPayException as e:
            return RefundResult(ok=False, failure=str(e)[:200])
        if answer.get("code") == "10000":
            return RefundResult(ok=True, channel_refund_no=answer.get("trade_no"))
        return RefundResult(ok=False, failure=str(answer.get("sub_msg") or answer.get("msg"))[:200])
