"""What the payments tests share: orders made as another module would, merchant accounts with keys
and certificates generated here, notifications signed (and encrypted) exactly as WeChat Pay and
Alipay do, and a small local gateway that checks our signed requests and signs its answers."""

from __future__ import annotations

import base64
import json
import os
import threading
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.x509.oid import NameOID

from tests.factories import World
from tests.files.helpers import actor_of
from yilian.payments import service
from yilian.payments.service import Item

PAY = "/api/v1/payments"
ORDERS = PAY + "/orders"
SUBJECT = "test.thing"


# ---------------------------------------------------------------- orders


@dataclass
class Wanted:
    """Whether the test subject still wants its money (its on_paid answer), and what it saw."""

    value: bool = True
    paid: list[uuid.UUID] = field(default_factory=list)
    refunded: list[tuple[uuid.UUID, int]] = field(default_factory=list)


WANTED = Wanted()


async def _on_paid(db, clock, order) -> bool:
    WANTED.paid.append(order.id)
    return WANTED.value


async def _on_refunded(db, clock, order, refund) -> None:
    WANTED.refunded.append((order.id, refund.amount_fen))


service.register_subject(SUBJECT, on_paid=_on_paid, on_refunded=_on_refunded)


async def make_order(world: World, *, org: str = "A", patient: str = "pa",
                     items: list[Item] | None = None, payer: str | None = None,
                     minutes: int = 30, by: str | None = "coordinator_a") -> uuid.UUID:
    """A pending order, as the clinic module would make one (committed by the caller)."""
    app = world.app
    actor = await actor_of(app, world, by) if by else None
    async with app.state.sessionmaker() as db:
        order = await service.create_order(
            db, app.state.clock, actor, organisation_id=world.orgs[org].id,
            patient_id=world.patients[patient], subject_type=SUBJECT, subject_id=uuid.uuid4(),
            items=items or [Item("GH01", "专家挂号费", 2500), Item("ZX01", "线上问诊费", 1250, 2)],
            description="甲县人民医院 网络门诊",
            expires_at=world.clock.now() + timedelta(minutes=minutes),
            payer_user_id=world.users[payer] if payer else None)
        await db.commit()
        return order.id


TOTAL = 2500 + 1250 * 2


# ---------------------------------------------------------------- keys and certificates


def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def private_pem(key: rsa.RSAPrivateKey) -> str:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


def public_pem(key: rsa.RSAPrivateKey) -> str:
    return key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def certificate(key: rsa.RSAPrivateKey, serial: int, *, not_before: datetime | None = None,
                days: int = 3650) -> x509.Certificate:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Tenpay.com Root CA test")])
    start = not_before or datetime(2026, 1, 1, tzinfo=UTC)
    return (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(serial)
            .not_valid_before(start).not_valid_after(start + timedelta(days=days))
            .sign(key, hashes.SHA256()))


def rsa_sign(key: rsa.RSAPrivateKey, message: str) -> str:
    return base64.b64encode(key.sign(message.encode(), padding.PKCS1v15(), hashes.SHA256())
                            ).decode()


@dataclass
class WeChatAccount:
    """A merchant account and the gateway's side of it (its platform key and certificate)."""

    merchant_key: rsa.RSAPrivateKey
    platform_key: rsa.RSAPrivateKey
    cert: x509.Certificate
    apiv3_key: str = field(default_factory=lambda: base64.b32encode(os.urandom(20)).decode())
    mchid: str = "1900000109"
    appid: str = "wxd678efh567hg6787"
    merchant_serial: str = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1"

    @property
    def serial(self) -> str:
        return format(self.cert.serial_number, "X")

    def settings(self) -> dict[str, str]:
        return {"mchid": self.mchid, "appid": self.appid, "cert_serial_no": self.merchant_serial,
                "platform_certificates": self.cert.public_bytes(
                    serialization.Encoding.PEM).decode()}

    def secrets(self) -> dict[str, str]:
        return {"private_key": private_pem(self.merchant_key), "apiv3_key": self.apiv3_key}


@dataclass
class AlipayAccount:
    app_key: rsa.RSAPrivateKey
    alipay_key: rsa.RSAPrivateKey
    app_id: str = "2021000000000001"

    def settings(self) -> dict[str, str]:
        return {"app_id": self.app_id, "alipay_public_key": public_pem(self.alipay_key)}

    def secrets(self) -> dict[str, str]:
        return {"app_private_key": private_pem(self.app_key)}


_KEYS = [rsa_key() for _ in range(5)]
WECHAT = WeChatAccount(_KEYS[0], _KEYS[1], certificate(_KEYS[1], 0x4C6A1E5C2B7F0D1E))
ALIPAY = AlipayAccount(_KEYS[2], _KEYS[3])
STRANGER = _KEYS[4]  # a key nobody configured: what a forger signs with


async def configure(client, world: World, channel: str, account: WeChatAccount | AlipayAccount,
                    *, org: str = "A", by: str = "org_admin_a") -> dict:
    r = await world.client_as(client, by).put(f"{PAY}/channels/{world.orgs[org].id}", json={
        "channel": channel, "enabled": True, "settings": account.settings(),
        "secrets": account.secrets()})
    assert r.status_code == 200, r.text
    return r.json()


# ---------------------------------------------------------------- notifications as gateways send


def wechat_notification(order_number: str, total_fen: int, *, account: WeChatAccount = WECHAT,
                        at: datetime, notification_id: str | None = None,
                        transaction_id: str = "4200001234202611240000000001",
                        sign_with: rsa.RSAPrivateKey | None = None, serial: str | None = None,
                        apiv3_key: str | None = None, trade_state: str = "SUCCESS",
                        tamper: Any = None) -> tuple[dict[str, str], bytes]:
    """A TRANSACTION.SUCCESS callback: the resource AES-256-GCM encrypted with the APIv3 key,
    the body signed with the platform key over "timestamp\\nnonce\\nbody\\n". ``tamper`` alters
    the body after signing."""
    resource = {"mchid": account.mchid, "appid": account.appid, "out_trade_no": order_number,
                "transaction_id": transaction_id, "trade_type": "NATIVE",
                "trade_state": trade_state, "trade_state_desc": "支付成功",
                "bank_type": "OTHERS", "success_time": at.isoformat(),
                "payer": {"openid": "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"},
                "amount": {"total": total_fen, "payer_total": total_fen, "currency": "CNY",
                           "payer_currency": "CNY"}}
    nonce, associated = base64.b32encode(os.urandom(5)).decode()[:12], "transaction"
    cipher = AESGCM((apiv3_key or account.apiv3_key).encode()).encrypt(
        nonce.encode(), json.dumps(resource, ensure_ascii=False).encode(), associated.encode())
    body = json.dumps({
        "id": notification_id or str(uuid.uuid4()), "create_time": at.isoformat(),
        "resource_type": "encrypt-resource", "event_type": "TRANSACTION.SUCCESS",
        "summary": "支付成功",
        "resource": {"original_type": "transaction", "algorithm": "AEAD_AES_256_GCM",
                     "ciphertext": base64.b64encode(cipher).decode(),
                     "associated_data": associated, "nonce": nonce}}, ensure_ascii=False)
    stamp, sig_nonce = str(int(at.timestamp())), uuid.uuid4().hex
    signature = rsa_sign(sign_with or account.platform_key, f"{stamp}\n{sig_nonce}\n{body}\n")
    if tamper is not None:
        body = tamper(body)
    return {"Wechatpay-Timestamp": stamp, "Wechatpay-Nonce": sig_nonce,
            "Wechatpay-Signature": signature, "Wechatpay-Serial": serial or account.serial,
            "Wechatpay-Signature-Type": "WECHATPAY2-SHA256-RSA2048",
            "Content-Type": "application/json"}, body.encode()


def alipay_notification(order_number: str, total_fen: int, *, account: AlipayAccount = ALIPAY,
                        at: datetime, notify_id: str | None = None,
                        trade_no: str = "2026112422001400000000000001",
                        sign_with: rsa.RSAPrivateKey | None = None,
                        trade_status: str = "TRADE_SUCCESS", tamper: dict | None = None
                        ) -> tuple[dict[str, str], bytes]:
    """An asynchronous notification: the form's parameters but sign and sign_type, sorted and
    joined as k=v&..., signed RSA2 (SHA256withRSA) with Alipay's key. ``tamper`` changes
    parameters after signing."""
    params = {"notify_time": at.strftime("%Y-%m-%d %H:%M:%S"), "notify_type": "trade_status_sync",
              "notify_id": notify_id or uuid.uuid4().hex, "app_id": account.app_id,
              "charset": "utf-8", "version": "1.0", "trade_no": trade_no,
              "out_trade_no": order_number, "trade_status": trade_status,
              "total_amount": f"{total_fen / 100:.2f}", "receipt_amount": f"{total_fen / 100:.2f}",
              "buyer_id": "2088102122524333", "subject": "甲县人民医院 网络门诊",
              "gmt_payment": at.strftime("%Y-%m-%d %H:%M:%S")}
    unsigned = "&".join(f"{k}={v}" for k, v in sorted(params.items()))
    params["sign"] = rsa_sign(sign_with or account.alipay_key, unsigned)
    params["sign_type"] = "RSA2"
    params.update(tamper or {})
    return ({"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"},
            urlencode(params).encode())


# ---------------------------------------------------------------- a local gateway


class FakeGateway:
    """WeChat Pay's API v3 and Alipay's gateway, on a loopback port: each request's signature is
    checked with the merchant's (app's) public key, each answer signed with the gateway's key.
    ``refund_status`` sets what refunds answer; ``requests`` keeps what was asked."""

    def __init__(self, wechat: WeChatAccount = WECHAT, alipay: AlipayAccount = ALIPAY) -> None:
        self.wechat, self.alipay = wechat, alipay
        self.requests: list[tuple[str, str, dict]] = []
        self.refused: list[str] = []
        self.refund_status = "SUCCESS"
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                gateway.wechat_request(self, "POST", body)

            def do_GET(self) -> None:
                gateway.alipay_request(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeGateway:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _send(self, handler: BaseHTTPRequestHandler, status: int, text: str,
              headers: dict[str, str]) -> None:
        raw = text.encode()
        handler.send_response(status)
        for k, v in {**headers, "Content-Length": str(len(raw))}.items():
            handler.send_header(k, v)
        handler.end_headers()
        handler.wfile.write(raw)

    def wechat_request(self, handler: BaseHTTPRequestHandler, method: str, body: str) -> None:
        auth = handler.headers.get("Authorization", "")
        fields = dict(part.split("=", 1) for part in auth.removeprefix(
            "WECHATPAY2-SHA256-RSA2048 ").split(","))
        fields = {k: v.strip('"') for k, v in fields.items()}
        message = f"{method}\n{handler.path}\n{fields.get('timestamp')}\n" \
                  f"{fields.get('nonce_str')}\n{body}\n"
        try:
            self.wechat.merchant_key.public_key().verify(
                base64.b64decode(fields.get("signature", "")), message.encode(),
                padding.PKCS1v15(), hashes.SHA256())
        except (InvalidSignature, ValueError):
            self.refused.append(handler.path)
            return self._send(handler, 401, json.dumps({"code": "SIGN_ERROR"}),
                              {"Content-Type": "application/json"})
        data = json.loads(body)
        self.requests.append(("wechat", handler.path, data))
        if handler.path == "/v3/pay/transactions/native":
            answer = {"code_url": "weixin://wxpay/bizpayurl?pr=TestCode"}
        else:
            answer = {"refund_id": "50000000382019052709732678859",
                      "out_refund_no": data["out_refund_no"], "status": self.refund_status,
                      "amount": data["amount"]}
        text = json.dumps(answer)
        stamp, nonce = str(int(datetime.now(UTC).timestamp())), uuid.uuid4().hex
        self._send(handler, 200, text, {
            "Content-Type": "application/json", "Wechatpay-Timestamp": stamp,
            "Wechatpay-Nonce": nonce, "Wechatpay-Serial": self.wechat_serial(),
            "Wechatpay-Signature-Type": "WECHATPAY2-SHA256-RSA2048",
            "Wechatpay-Signature": rsa_sign(self.wechat.platform_key,
                                            f"{stamp}\n{nonce}\n{text}\n")})

    def wechat_serial(self) -> str:
        return self.wechat.serial

    def alipay_request(self, handler: BaseHTTPRequestHandler) -> None:
        params = dict(parse_qsl(urlsplit(handler.path).query))
        signature = params.pop("sign", "")  # a request's sign_type is signed (a notification's not)
        unsigned = "&".join(f"{k}={v}" for k, v in sorted(params.items()))
        try:
            self.alipay.app_key.public_key().verify(
                base64.b64decode(signature), unsigned.encode(), padding.PKCS1v15(),
                hashes.SHA256())
        except (InvalidSignature, ValueError):
            self.refused.append(handler.path)
            return self._send(handler, 200, json.dumps({"error_response": {
                "code": "40002", "msg": "Invalid Arguments", "sub_code": "isv.invalid-signature"}}),
                {"Content-Type": "application/json"})
        biz = json.loads(params["biz_content"])
        self.requests.append(("alipay", params["method"], biz))
        inner = json.dumps({"code": "10000", "msg": "Success", "trade_no": "2026112422001400000000000001",
                            "out_trade_no": biz["out_trade_no"], "fund_change": "Y",
                            "refund_fee": biz["refund_amount"]}, separators=(",", ":"))
        text = '{"alipay_trade_refund_response":' + inner + ',"sign":"' + rsa_sign(
            self.alipay.alipay_key, inner) + '"}'
        self._send(handler, 200, text, {"Content-Type": "application/json;charset=utf-8"})
