"""WeChat Pay API v3 through the maintained SDK (wechatpayv3).

A notification is verified as the gateway asks: the Wechatpay-Serial header names one of the
platform certificates we hold, the signature over "timestamp\\nnonce\\nbody\\n" checks with its key
(the SDK), the timestamp is within five minutes of now (the SDK does not check it, WeChat's
documentation asks for it), and the resource decrypts with the APIv3 key (the SDK, AES-256-GCM).
The SDK is given the matching certificate's public key up front, so it never fetches
certificates from the gateway while a notification waits.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from wechatpayv3 import WeChatPay, WeChatPayType

from yilian.core.clock import SHANGHAI
from yilian.payments.channels.base import (
    Credentials,
    GatewayError,
    Notification,
    OrderView,
    RefundResult,
    RefundView,
    Refused,
)

MAX_SKEW = timedelta(minutes=5)
DEFAULT_GATEWAY = "https://api.mch.weixin.qq.com"


def platform_certificates(pem: str) -> list[x509.Certificate]:
    return x509.load_pem_x509_certificates(pem.encode())


def serial_hex(cert: x509.Certificate) -> str:
    return format(cert.serial_number, "X")


def _valid_at(cert: x509.Certificate, now: datetime) -> bool:
    return cert.not_valid_before_utc <= now <= cert.not_valid_after_utc


def _sdk(creds: Credentials, cert: x509.Certificate, serial: str, *, notify_url: str | None = None,
         gateway: str | None = None) -> WeChatPay:
    public_pem = cert.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    sdk = WeChatPay(
        wechatpay_type=WeChatPayType.NATIVE, mchid=creds.settings["mchid"],
        private_key=creds.secrets["private_key"], cert_serial_no=creds.settings["cert_serial_no"],
        appid=creds.settings["appid"], apiv3_key=creds.secrets["apiv3_key"],
        notify_url=notify_url, public_key=public_pem, public_key_id=serial, timeout=(5, 15))
    # The SDK has no setting for its gateway address; tests and a proxying intranet set it here.
    sdk._core._gate_way = (gateway or DEFAULT_GATEWAY).rstrip("/")
    return sdk


def _newest(creds: Credentials, now: datetime) -> x509.Certificate:
    valid = [c for c in platform_certificates(creds.settings["platform_certificates"])
             if _valid_at(c, now)]
    if not valid:
        raise GatewayError("no valid WeChat Pay platform certificate is configured")
    return max(valid, key=lambda c: c.not_valid_after_utc)


class WeChatChannel:
    name = "wechat"
    label_zh = "微信支付"
    label_en = "WeChat Pay"
    setting_fields: tuple[str, ...] = ("mchid", "appid", "cert_serial_no", "platform_certificates")
    secret_fields: tuple[str, ...] = ("private_key", "apiv3_key")

    def check(self, creds: Credentials) -> str | None:
        """What is wrong with an account's settings, or None."""
        try:
            certs = platform_certificates(creds.settings["platform_certificates"])
        except (ValueError, KeyError):
            return "platform_certificates: not PEM certificates"
        if not certs:
            return "platform_certificates: no certificate"
        try:
            _sdk(creds, certs[0], serial_hex(certs[0]))
        except Exception:  # the SDK raises a bare Exception for a key it cannot load
            return "private_key: not a PEM private key"
        if len(creds.secrets.get("apiv3_key", "").encode()) != 32:
            return "apiv3_key: must be 32 bytes"
        return None

    def start(self, order: OrderView, creds: Credentials, *, notify_url: str, gateway: str | None
              ) -> dict[str, Any]:
        now = datetime.now(UTC)
        cert = _newest(creds, now)
        sdk = _sdk(creds, cert, serial_hex(cert), notify_url=notify_url, gateway=gateway)
        try:
            code, message = sdk.pay(
                description=order.description, out_trade_no=order.number,
                amount={"total": order.total_fen, "currency": "CNY"},
                time_expire=order.expires_at.astimezone(SHANGHAI).isoformat(timespec="seconds"))
        except Exception as e:  # requests' errors, or the SDK's on a badly signed answer
            raise GatewayError(f"WeChat Pay: {e}") from e
        if code != 200:
            raise GatewayError(f"WeChat Pay answered {code}")
        return {"code_url": json.loads(message)["code_url"]}

    def verify_notification(self, creds: Credentials, headers: dict[str, str], body: bytes,
                            now: datetime) -> Notification:
        h = {k.lower(): v for k, v in headers.items()}
        serial = h.get("wechatpay-serial", "")
        try:
            wanted = int(serial, 16)
        except ValueError:
            raise Refused("no platform certificate serial") from None
        cert = next((c for c in platform_certificates(creds.settings["platform_certificates"])
                     if c.serial_number == wanted), None)
        if cert is None or not _valid_at(cert, now):
            raise Refused("signed with a certificate we do not hold")
        try:
            stamp = datetime.fromtimestamp(int(h.get("wechatpay-timestamp", "")), UTC)
        except (ValueError, OverflowError, OSError):
            raise Refused("no timestamp") from None
        if abs(now - stamp) > MAX_SKEW:
            raise Refused("the timestamp is more than five minutes away from now")
        try:
            text = body.decode()
            data = _sdk(creds, cert, serial).callback(h, text)
        except Exception:  # a bare Exception for an unknown algorithm; decoding errors
            data = None
        if not data:
            raise Refused("the signature or the encrypted resource does not check")
        resource = data.get("resource") or {}
        try:
            if (resource["mchid"] != creds.settings["mchid"]
                    or resource["appid"] != creds.settings["appid"]):
                raise Refused("for another merchant account")
            return Notification(
                notification_id=str(data["id"])[:64], order_number=str(resource["out_trade_no"]),
                trade_no=str(resource["transaction_id"])[:64],
                amount_fen=int(resource["amount"]["total"]),
                paid=resource["trade_state"] == "SUCCESS")
        except (KeyError, TypeError, ValueError):
            raise Refused("the resource lacks the transaction's fields") from None

    def refund(self, order: OrderView, refund: RefundView, creds: Credentials, *,
               gateway: str | None) -> RefundResult:
        cert = _newest(creds, datetime.now(UTC))
        sdk = _sdk(creds, cert, serial_hex(cert), gateway=gateway)
        try:
            code, message = sdk.refund(
                out_refund_no=refund.number, out_trade_no=order.number, reason=refund.reason,
                amount={"refund": refund.amount_fen, "total": order.total_fen, "currency": "CNY"})
        except Exception as e:  # requests' errors, or the SDK's on a badly signed answer
            raise GatewayError(f"WeChat Pay: {e}") from e
        if code >= 500:
            raise GatewayError(f"WeChat Pay answered {code}")
        answer = json.loads(message) if isinstance(message, str) else {}
        if code == 200 and answer.get("status") in ("SUCCESS", "PROCESSING"):
            return RefundResult(ok=True, channel_refund_no=answer.get("refund_id"))
        return RefundResult(ok=False, failure=str(answer.get("message") or code)[:200])
