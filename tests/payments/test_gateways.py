"""WeChat Pay and Alipay: accounts set up by the organisation's admin (secrets never shown),
notifications signed like the gateways recorded once, forged ones refused and audited with
nothing changed, money reaching a lapsed order refunded, and the outbound calls (starting a
payment, refunding) checked by a local gateway that verifies our signatures."""

from __future__ import annotations

import json
import uuid

import pytest
from sqlalchemy import select

from tests.payments.helpers import (
    ALIPAY,
    ORDERS,
    PAY,
    STRANGER,
    TOTAL,
    WANTED,
    WECHAT,
    FakeGateway,
    alipay_notification,
    configure,
    make_order,
    wechat_notification,
)
from yilian.core.audit import AuditEntry
from yilian.core.jobs import JobContext
from yilian.payments import service
from yilian.payments.handlers import refund_at_gateway, sweep
from yilian.payments.models import PaymentNotification, PaymentOrder, PaymentRefund

WECHAT_NOTIFY, ALIPAY_NOTIFY = PAY + "/notify/wechat/{}", PAY + "/notify/alipay/{}"


@pytest.fixture(autouse=True)
def _wanted():
    WANTED.value = True


async def order_row(query, order_id: uuid.UUID) -> PaymentOrder:
    [order] = await query(select(PaymentOrder).where(PaymentOrder.id == order_id))
    return order


async def number_of(query, order_id: uuid.UUID) -> str:
    return (await order_row(query, order_id)).number


def wechat(number: str, total: int, clock, **kw):
    return wechat_notification(number, total, at=clock.now(), **kw)


def altered_amount(body: str) -> str:
    """The amount is inside the encrypted resource: a forger can only change the ciphertext."""
    doc = json.loads(body)
    doc["resource"]["ciphertext"] = doc["resource"]["ciphertext"][:-4] + "AAAA"
    return json.dumps(doc, ensure_ascii=False)


async def post_wechat(client, world, headers, body, org: str = "A"):
    return await client.post(WECHAT_NOTIFY.format(world.orgs[org].id), headers=headers,
                             content=body)


async def post_alipay(client, world, headers, body, org: str = "A"):
    return await client.post(ALIPAY_NOTIFY.format(world.orgs[org].id), headers=headers,
                             content=body)


async def test_the_admin_sets_up_wechat_pay_and_never_sees_a_secret_again(client, world, query):
    shown = await configure(client, world, "wechat", WECHAT)
    [ch] = [c for c in shown["channels"] if c["channel"] == "wechat"]
    assert (ch["enabled"], ch["usable"], ch["missing"]) == (True, True, [])
    assert ch["secrets_set"] == ["apiv3_key", "private_key"]
    assert "PRIVATE KEY" not in json.dumps(shown) and WECHAT.apiv3_key not in json.dumps(shown)
    admin = world.client_as(client, "org_admin_a")
    url = f"{PAY}/channels/{world.orgs['A'].id}"
    r = await admin.put(url, json={"channel": "alipay", "enabled": True,
                                   "settings": {"app_id": "2021"}})
    assert (r.status_code, r.json()["errors"][0]["field"]) == (422, "settings")
    r = await admin.put(url, json={"channel": "wechat", "enabled": True,
                                   "secrets": {"apiv3_key": "short"}})
    assert (r.status_code, r.json()["errors"][0]["field"]) == (422, "apiv3_key")
    r = await admin.put(url, json={"channel": "wechat", "enabled": True,
                                   "secrets": {"password": "x"}})
    assert r.status_code == 422
    r = await admin.get(url)
    assert r.status_code == 200 and WECHAT.apiv3_key not in r.text
    [entry, *_] = await query(select(AuditEntry).where(
        AuditEntry.action == "payments.channel.configure"))
    assert entry.detail["secrets"] == ["apiv3_key", "private_key"]
    assert WECHAT.apiv3_key not in json.dumps(entry.detail)


async def test_a_wechat_notification_pays_once_and_its_replay_changes_nothing(
        client, world, query, clock):
    await configure(client, world, "wechat", WECHAT)
    order_id = await make_order(world)
    number = await number_of(query, order_id)
    headers, body = wechat(number, TOTAL, clock)
    r = await post_wechat(client, world, headers, body)
    assert (r.status_code, r.json()) == (200, {"code": "SUCCESS", "message": ""})
    order = await order_row(query, order_id)
    assert (order.state, order.paid_fen, order.channel) == ("paid", TOTAL, "wechat")
    assert order.channel_trade_no == "4200001234202611240000000001"
    r = await post_wechat(client, world, headers, body)
    assert (r.status_code, r.json()["code"]) == (200, "SUCCESS")
    [note] = await query(select(PaymentNotification))
    assert note.outcome == "paid"
    paid = await query(select(AuditEntry).where(AuditEntry.action == "payments.order.pay"))
    assert len(paid) == 1 and paid[0].actor_user_id is None


@pytest.mark.parametrize("forgery", [
    "wrong key", "altered amount", "stale timestamp", "unknown serial", "wrong apiv3 key",
    "unknown order", "another organisation"])
async def test_a_forged_wechat_notification_is_refused_audited_and_changes_nothing(
        forgery, client, world, query, clock):
    await configure(client, world, "wechat", WECHAT)
    await configure(client, world, "wechat", WECHAT, org="B", by="org_admin_b")
    order_id = await make_order(world)
    number = await number_of(query, order_id)
    org = "A"
    kw: dict = {}
    if forgery == "wrong key":
        kw["sign_with"] = STRANGER
    elif forgery == "altered amount":
        kw["tamper"] = altered_amount
    elif forgery == "stale timestamp":
        clock.advance(minutes=-6)
    elif forgery == "unknown serial":
        kw["serial"] = "ABCDEF0123"
    elif forgery == "wrong apiv3 key":
        kw["apiv3_key"] = "0" * 32
    elif forgery == "unknown order":
        number = "ZF20261124-0999"
    headers, body = wechat(number, TOTAL, clock, **kw)
    if forgery == "stale timestamp":
        clock.advance(minutes=6)
    if forgery == "another organisation":
        org = "B"  # B's account is the same gateway's, but the order is A's
    r = await post_wechat(client, world, headers, body, org=org)
    assert r.status_code == 400, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["code"] == "notification-refused"
    order = await order_row(query, order_id)
    assert (order.state, order.paid_fen) == ("pending", 0)
    assert await query(select(PaymentNotification)) == []
    [refusal] = await query(select(AuditEntry).where(AuditEntry.outcome == "denied"))
    assert refusal.entity_type == "payment_notification"
    assert refusal.detail["code"] == "notification-refused"


async def test_the_body_altered_after_signing_is_refused(client, world, query, clock):
    await configure(client, world, "wechat", WECHAT)
    order_id = await make_order(world)
    number = await number_of(query, order_id)
    headers, body = wechat(number, TOTAL, clock,
                           tamper=lambda b: b.replace("支付成功", "支付失败"))
    r = await post_wechat(client, world, headers, body)
    assert (r.status_code, r.json()["code"]) == (400, "notification-refused")
    assert (await order_row(query, order_id)).state == "pending"


async def test_a_notification_for_another_amount_is_refused(client, world, query, clock):
    await configure(client, world, "wechat", WECHAT)
    order_id = await make_order(world)
    headers, body = wechat(await number_of(query, order_id), TOTAL - 100, clock)
    r = await post_wechat(client, world, headers, body)
    assert (r.status_code, r.json()["code"]) == (422, "amount-mismatch")
    assert (await order_row(query, order_id)).state == "pending"
    assert await query(select(PaymentNotification)) == []


async def test_an_alipay_notification_pays_once_forged_ones_are_refused(
        client, world, query, clock):
    await configure(client, world, "alipay", ALIPAY)
    order_id = await make_order(world)
    number = await number_of(query, order_id)
    for forged in (alipay_notification(number, TOTAL, at=clock.now(), sign_with=STRANGER),
                   alipay_notification(number, TOTAL, at=clock.now(),
                                       tamper={"total_amount": "0.01"}),
                   alipay_notification(number, TOTAL, at=clock.now(),
                                       tamper={"trade_status": "TRADE_SUCCESS",
                                               "out_trade_no": "ZF20261124-0002"})):
        r = await post_alipay(client, world, *forged)
        assert (r.status_code, r.json()["code"]) == (400, "notification-refused"), r.text
    assert (await order_row(query, order_id)).state == "pending"
    headers, body = alipay_notification(number, TOTAL, at=clock.now())
    r = await post_alipay(client, world, headers, body)
    assert (r.status_code, r.text) == (200, "success")
    assert r.headers["content-type"].startswith("text/plain")
    r = await post_alipay(client, world, headers, body)
    assert (r.status_code, r.text) == (200, "success")
    order = await order_row(query, order_id)
    assert (order.state, order.paid_fen, order.channel) == ("paid", TOTAL, "alipay")
    assert len(await query(select(PaymentNotification))) == 1
    denied = await query(select(AuditEntry).where(AuditEntry.outcome == "denied"))
    assert len(denied) == 3


async def test_money_reaching_a_lapsed_order_is_recorded_and_refunded(
        app, client, world, query, clock):
    await configure(client, world, "alipay", ALIPAY)
    order_id = await make_order(world, minutes=15)
    clock.advance(minutes=20)
    async with app.state.sessionmaker() as db:
        await service.lapse_due(db, clock)
        await db.commit()
    headers, body = alipay_notification(await number_of(query, order_id), TOTAL, at=clock.now())
    r = await post_alipay(client, world, headers, body)
    assert (r.status_code, r.text) == (200, "success")
    order = await order_row(query, order_id)
    assert (order.paid_fen, order.channel) == (TOTAL, "alipay")
    [refund] = await query(select(PaymentRefund))
    assert (refund.amount_fen, refund.reason, refund.state) == (TOTAL, "order-not-payable",
                                                                "requested")
    [note] = await query(select(PaymentNotification))
    assert note.outcome == "refunded-not-payable"
    # The refund job asks the gateway, which checks our signature and answers signed.
    with FakeGateway() as gateway:
        app.state.settings.alipay_gateway_url = gateway.url
        await refund_at_gateway(JobContext(app.state.sessionmaker, clock, app.state.settings),
                                refund_id=str(refund.id))
    assert gateway.refused == []
    [(_, method, biz)] = gateway.requests
    assert (method, biz["refund_amount"], biz["out_request_no"]) == (
        "alipay.trade.refund", "50.00", refund.number)
    order = await order_row(query, order_id)
    assert (order.state, order.refunded_fen) == ("refunded", TOTAL)
    [refund] = await query(select(PaymentRefund))
    assert refund.state == "succeeded"


async def test_wechat_refunds_go_through_the_gateway_once(app, client, world, query, clock):
    await configure(client, world, "wechat", WECHAT)
    order_id = await make_order(world)
    headers, body = wechat(await number_of(query, order_id), TOTAL, clock)
    assert (await post_wechat(client, world, headers, body)).status_code == 200
    office = world.client_as(client, "coordinator_a")
    r = await office.post(f"{ORDERS}/{order_id}/refunds",
                          json={"amount_fen": 2000, "reason": "部分退款"})
    assert r.status_code == 201, r.text
    assert r.json()["refunds"][0]["state"] == "requested"
    assert (r.json()["state"], r.json()["refunded_fen"]) == ("paid", 0)
    # What is being refunded is no longer refundable.
    r = await office.post(f"{ORDERS}/{order_id}/refunds",
                          json={"amount_fen": TOTAL - 1999, "reason": "再退"})
    assert (r.status_code, r.json()["code"]) == (409, "refund-too-large")
    [refund] = await query(select(PaymentRefund))
    ctx = JobContext(app.state.sessionmaker, clock, app.state.settings)
    with FakeGateway() as gateway:
        app.state.settings.wechatpay_api_url = gateway.url
        await refund_at_gateway(ctx, refund_id=str(refund.id))
        await refund_at_gateway(ctx, refund_id=str(refund.id))  # a retried job: asks nothing
    assert gateway.refused == []
    [(_, path, asked)] = gateway.requests
    assert path == "/v3/refund/domestic/refunds"
    assert asked["out_refund_no"] == refund.number
    assert asked["amount"] == {"refund": 2000, "total": TOTAL, "currency": "CNY"}
    order = await order_row(query, order_id)
    assert (order.state, order.refunded_fen) == ("partially_refunded", 2000)


async def test_a_refund_the_gateway_refuses_is_failed_and_refundable_again(
        app, client, world, query, clock):
    await configure(client, world, "wechat", WECHAT)
    order_id = await make_order(world)
    headers, body = wechat(await number_of(query, order_id), TOTAL, clock)
    assert (await post_wechat(client, world, headers, body)).status_code == 200
    office = world.client_as(client, "coordinator_a")
    assert (await office.post(f"{ORDERS}/{order_id}/refunds",
                              json={"reason": "退款"})).status_code == 201
    [refund] = await query(select(PaymentRefund))
    with FakeGateway() as gateway:
        gateway.refund_status = "ABNORMAL"
        app.state.settings.wechatpay_api_url = gateway.url
        await refund_at_gateway(JobContext(app.state.sessionmaker, clock, app.state.settings),
                                refund_id=str(refund.id))
    [refund] = await query(select(PaymentRefund))
    assert refund.state == "failed"
    assert (await order_row(query, order_id)).refunded_fen == 0
    r = await office.post(f"{ORDERS}/{order_id}/refunds", json={"reason": "再退一次"})
    assert r.status_code == 201, r.text
    [failed] = await query(select(AuditEntry).where(AuditEntry.action == "payments.refund.fail"))
    assert failed.flag == "refund-failed"


async def test_starting_a_payment_asks_the_gateway_with_our_signature(
        app, client, world, query, clock):
    await configure(client, world, "wechat", WECHAT)
    await configure(client, world, "alipay", ALIPAY)
    order_id = await make_order(world)
    patient = world.client_as(client, "patient_pa")
    with FakeGateway() as gateway:
        app.state.settings.wechatpay_api_url = gateway.url
        r = await patient.post(f"{ORDERS}/{order_id}/pay", json={"channel": "wechat"})
    assert r.status_code == 200, r.text
    assert r.json()["params"] == {"code_url": "weixin://wxpay/bizpayurl?pr=TestCode"}
    [(_, path, asked)] = gateway.requests
    assert path == "/v3/pay/transactions/native"
    assert asked["out_trade_no"] == await number_of(query, order_id)
    assert asked["amount"] == {"total": TOTAL, "currency": "CNY"}
    assert asked["notify_url"].endswith(f"/api/v1/payments/notify/wechat/{world.orgs['A'].id}")
    assert asked["time_expire"] == "2026-11-24T10:30:00+08:00"
    r = await patient.post(f"{ORDERS}/{order_id}/pay", json={"channel": "alipay"})
    assert r.status_code == 200, r.text
    assert "method=alipay.trade.wap.pay" in r.json()["params"]["pay_url"]
    # A gateway that cannot be reached: a clear answer, nothing changed.
    app.state.settings.wechatpay_api_url = "http://127.0.0.1:9"
    r = await patient.post(f"{ORDERS}/{order_id}/pay", json={"channel": "wechat"})
    assert (r.status_code, r.json()["code"]) == (503, "gateway-unavailable")
    assert (await order_row(query, order_id)).channel == "alipay"


async def test_a_channel_without_an_account_is_unavailable(client, world, query):
    order_id = await make_order(world)
    r = await world.client_as(client, "patient_pa").post(f"{ORDERS}/{order_id}/pay",
                                                         json={"channel": "wechat"})
    assert (r.status_code, r.json()["code"]) == (409, "channel-unavailable")
    headers = {"Wechatpay-Serial": "AB", "Content-Type": "application/json"}
    r = await post_wechat(client, world, headers, b"{}")
    assert (r.status_code, r.json()["code"]) == (400, "notification-refused")
    assert (await order_row(query, order_id)).channel is None


async def test_wechat_with_an_expired_platform_certificate_is_refused(client, world, query,
                                                                      clock):
    await configure(client, world, "wechat", WECHAT)
    order_id = await make_order(world)
    clock.advance(days=3650)
    headers, body = wechat(await number_of(query, order_id), TOTAL, clock)
    r = await post_wechat(client, world, headers, body)
    assert (r.status_code, r.json()["code"]) == (400, "notification-refused")
    assert (await order_row(query, order_id)).state == "pending"


async def test_the_sweep_lapses_due_orders_and_asks_again_for_refunds_whose_job_was_lost(
        app, client, world, query, clock, monkeypatch):
    await configure(client, world, "wechat", WECHAT)
    paid = await make_order(world)
    due = await make_order(world, minutes=10)
    headers, body = wechat(await number_of(query, paid), TOTAL, clock)
    assert (await post_wechat(client, world, headers, body)).status_code == 200
    r = await world.client_as(client, "coordinator_a").post(f"{ORDERS}/{paid}/refunds",
                                                            json={"reason": "退款"})
    assert r.status_code == 201, r.text  # its job was never handed over: no runner here
    [refund] = await query(select(PaymentRefund))
    asked: list[str] = []

    async def enqueue_each(name: str, calls: list[dict]) -> None:
        asked.extend(c["refund_id"] for c in calls if name == service.REFUND_JOB)

    monkeypatch.setattr("yilian.payments.handlers.enqueue_each", enqueue_each)
    clock.advance(minutes=2)
    await sweep(JobContext(app.state.sessionmaker, clock, app.state.settings))
    assert (await order_row(query, due)).state == "pending" and asked == []
    clock.advance(minutes=10)
    await sweep(JobContext(app.state.sessionmaker, clock, app.state.settings))
    assert (await order_row(query, due)).state == "lapsed"
    assert asked == [str(refund.id)]


async def test_a_second_trade_for_a_paid_order_is_recorded_and_flagged_not_applied(
        client, world, query, clock):
    await configure(client, world, "wechat", WECHAT)
    await configure(client, world, "alipay", ALIPAY)
    order_id = await make_order(world)
    number = await number_of(query, order_id)
    assert (await post_wechat(client, world, *wechat(number, TOTAL, clock))).status_code == 200
    # The payer also paid by Alipay before the first payment was known: the gateway has the
    # money, so the notification is accepted, and the office finds it flagged.
    r = await post_alipay(client, world, *alipay_notification(number, TOTAL, at=clock.now()))
    assert (r.status_code, r.text) == (200, "success")
    order = await order_row(query, order_id)
    assert (order.channel, order.paid_fen) == ("wechat", TOTAL)
    outcomes = {n.channel: n.outcome for n in await query(select(PaymentNotification))}
    assert outcomes == {"wechat": "paid", "alipay": "double-payment"}
    [flagged] = await query(select(AuditEntry).where(AuditEntry.flag == "double-payment"))
    assert flagged.detail["channel"] == "alipay"
