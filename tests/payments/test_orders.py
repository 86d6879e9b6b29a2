"""Orders from making to refunding, through the channels a person records (clinic, demo):
what the payer, the collector and the office see, and that every movement is audited."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from tests.files.helpers import actor_of
from tests.payments.helpers import ORDERS, PAY, TOTAL, WANTED, make_order
from yilian.core.audit import AuditEntry
from yilian.payments import service
from yilian.payments.models import PaymentOrder, PaymentRefund
from yilian.payments.service import Item


@pytest.fixture(autouse=True)
def _wanted():
    WANTED.value = True
    WANTED.paid.clear()
    WANTED.refunded.clear()


@pytest.fixture
def demo(app):
    app.state.settings.demo_payments = True


async def actions(query, order_id: uuid.UUID) -> list[str]:
    rows = await query(select(AuditEntry).where(AuditEntry.entity_id == str(order_id),
                                                AuditEntry.outcome == "ok")
                       .order_by(AuditEntry.seq))
    return [r.action for r in rows]


async def test_an_order_is_numbered_per_organisation_and_day_and_totals_its_items(
        client, world, query):
    first = await make_order(world)
    second = await make_order(world, items=[Item("YP01", "阿莫西林胶囊", 1830, 3)])
    other = await make_order(world, org="B", patient="pb")
    orders = {o.id: o for o in await query(select(PaymentOrder))}
    assert orders[first].number == "ZF20261124-0001"
    assert orders[second].number == "ZF20261124-0002"
    assert orders[other].number == "ZF20261124-0001"
    assert (orders[first].total_fen, orders[second].total_fen) == (TOTAL, 5490)
    r = await world.client_as(client, "patient_pa").get(f"{ORDERS}/{first}")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["state"] == "pending" and body["total_fen"] == TOTAL
    assert [(i["code"], i["quantity"], i["amount_fen"]) for i in body["items"]] == [
        ("GH01", 1, 2500), ("ZX01", 2, 2500)]
    assert await actions(query, first) == ["payments.order.create"]


async def test_demo_payment_then_a_partial_and_a_full_refund(client, world, query, demo):
    order_id = await make_order(world)
    patient = world.client_as(client, "patient_pa")
    r = await patient.post(f"{ORDERS}/{order_id}/pay", json={"channel": "demo"})
    assert r.status_code == 200, r.text
    assert r.json()["label_zh"] == "演示支付（不产生真实扣款）"
    assert r.json()["params"]["amount_fen"] == TOTAL
    r = await patient.post(f"{ORDERS}/{order_id}/demo-confirm")
    assert r.status_code == 200, r.text
    assert (r.json()["state"], r.json()["paid_fen"], r.json()["channel"]) == ("paid", TOTAL, "demo")
    assert WANTED.paid == [order_id]
    # Paying twice is refused and changes nothing.
    again = await patient.post(f"{ORDERS}/{order_id}/demo-confirm")
    assert (again.status_code, again.json()["code"]) == (409, "order-not-payable")

    office = world.client_as(client, "coordinator_a")
    r = await office.post(f"{ORDERS}/{order_id}/refunds",
                          json={"amount_fen": 1000, "reason": "线上问诊未进行"})
    assert r.status_code == 201, r.text
    assert (r.json()["state"], r.json()["refunded_fen"]) == ("partially_refunded", 1000)
    assert r.json()["refunds"][0]["number"] == "TK20261124-0001"
    assert r.json()["refunds"][0]["state"] == "succeeded"
    assert r.json()["refunds"][0]["requested_by_name"] == "coordinator_a"
    # More than remains: refused, nothing changed.
    r = await office.post(f"{ORDERS}/{order_id}/refunds",
                          json={"amount_fen": TOTAL, "reason": "全部退款"})
    assert (r.status_code, r.json()["code"], r.json()["remaining_fen"]) == (
        409, "refund-too-large", TOTAL - 1000)
    assert len(await query(select(PaymentRefund))) == 1
    # The rest (no amount: all that remains).
    r = await world.client_as(client, "org_admin_a").post(
        f"{ORDERS}/{order_id}/refunds", json={"reason": "患者取消就诊"})
    assert r.status_code == 201, r.text
    assert (r.json()["state"], r.json()["refunded_fen"]) == ("refunded", TOTAL)
    assert r.json()["closed_at"] is not None
    assert WANTED.refunded == [(order_id, 1000), (order_id, TOTAL - 1000)]
    r = await office.post(f"{ORDERS}/{order_id}/refunds", json={"reason": "再退一次"})
    assert (r.status_code, r.json()["code"]) == (409, "order-not-refundable")
    assert await actions(query, order_id) == [
        "payments.order.create", "payments.order.start", "payments.order.pay",
        "payments.refund.request", "payments.refund.succeed",
        "payments.refund.request", "payments.refund.succeed"]


async def test_the_demo_channel_is_refused_unless_the_server_enables_it(client, world, query):
    order_id = await make_order(world)
    patient = world.client_as(client, "patient_pa")
    r = await patient.post(f"{ORDERS}/{order_id}/pay", json={"channel": "demo"})
    assert (r.status_code, r.json()["code"]) == (409, "channel-unavailable")
    r = await patient.post(f"{ORDERS}/{order_id}/demo-confirm")
    assert (r.status_code, r.json()["code"]) == (409, "channel-unavailable")
    [order] = await query(select(PaymentOrder))
    assert (order.state, order.channel) == ("pending", None)


async def test_a_village_doctor_collects_the_money_for_a_patient_present(client, world, query):
    order_id = await make_order(world)
    r = await world.client_as(client, "patient_pa").post(f"{ORDERS}/{order_id}/pay",
                                                         json={"channel": "clinic"})
    assert r.status_code == 200, r.text
    assert "村医" in r.json()["params"]["instructions_zh"]
    doctor = world.client_as(client, "village_doctor")
    # The amount must be what is due.
    r = await doctor.post(f"{ORDERS}/{order_id}/collect",
                          json={"receipt_no": "SJ-0001", "amount_fen": TOTAL - 1})
    assert (r.status_code, r.json()["code"]) == (422, "amount-mismatch")
    r = await doctor.post(f"{ORDERS}/{order_id}/collect",
                          json={"receipt_no": "SJ-0001", "amount_fen": TOTAL})
    assert r.status_code == 200, r.text
    assert (r.json()["state"], r.json()["channel"], r.json()["channel_trade_no"],
            r.json()["collected_by_name"]) == ("paid", "clinic", "SJ-0001", "village_doctor")
    [entry] = await query(select(AuditEntry).where(AuditEntry.action == "payments.order.collect"))
    assert entry.actor_username == "village_doctor"
    assert entry.detail["trade_no"] == "SJ-0001" and entry.detail["amount_fen"] == TOTAL
    # A doctor of another organisation may not.
    other = await make_order(world, org="B", patient="pb")
    r = await doctor.post(f"{ORDERS}/{other}/collect", json={"receipt_no": "X1", "amount_fen": TOTAL})
    assert (r.status_code, r.json()["code"]) == (403, "not-your-order")


async def test_the_payer_cancels_a_pending_order_and_cannot_pay_it_then(client, world, query,
                                                                         demo):
    order_id = await make_order(world)
    patient = world.client_as(client, "patient_pa")
    r = await world.client_as(client, "patient_pb").post(f"{ORDERS}/{order_id}/cancel")
    assert (r.status_code, r.json()["code"]) == (403, "not-your-order")
    r = await patient.post(f"{ORDERS}/{order_id}/cancel", json={"reason": "不需要了"})
    assert r.status_code == 200, r.text
    assert (r.json()["state"], r.json()["close_reason"]) == ("cancelled", "不需要了")
    r = await patient.post(f"{ORDERS}/{order_id}/demo-confirm")
    assert (r.status_code, r.json()["code"]) == (409, "order-not-payable")
    r = await patient.post(f"{ORDERS}/{order_id}/cancel")
    assert (r.status_code, r.json()["code"]) == (409, "order-not-pending")
    r = await world.client_as(client, "coordinator_a").post(
        f"{ORDERS}/{order_id}/refunds", json={"reason": "退款"})
    assert (r.status_code, r.json()["code"]) == (409, "order-not-refundable")
    assert await actions(query, order_id) == ["payments.order.create", "payments.order.cancel"]


async def test_an_unpaid_order_lapses_and_is_then_not_payable(app, client, world, query, clock,
                                                             demo):
    order_id = await make_order(world, minutes=15)
    kept = await make_order(world, minutes=60)
    clock.advance(minutes=16)
    async with app.state.sessionmaker() as db:
        assert await service.lapse_due(db, clock) == 1
        await db.commit()
    states = {o.id: o.state for o in await query(select(PaymentOrder))}
    assert (states[order_id], states[kept]) == ("lapsed", "pending")
    await world.sign_in_again("patient_pa")
    r = await world.client_as(client, "patient_pa").post(f"{ORDERS}/{order_id}/pay",
                                                         json={"channel": "demo"})
    assert (r.status_code, r.json()["code"]) == (409, "order-not-payable")
    [entry] = await query(select(AuditEntry).where(AuditEntry.action == "payments.order.lapse"))
    assert entry.actor_user_id is None and entry.entity_id == str(order_id)


async def test_money_the_subject_no_longer_wants_is_refunded_at_once(client, world, query, demo):
    WANTED.value = False
    order_id = await make_order(world)
    r = await world.client_as(client, "patient_pa").post(f"{ORDERS}/{order_id}/demo-confirm")
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["state"], body["paid_fen"], body["refunded_fen"]) == ("refunded", TOTAL, TOTAL)
    [refund] = body["refunds"]
    assert (refund["reason"], refund["requested_by_name"], refund["state"]) == (
        "subject-gone", None, "succeeded")
    assert await actions(query, order_id) == [
        "payments.order.create", "payments.order.pay", "payments.refund.request",
        "payments.refund.succeed"]


async def test_the_service_refund_refuses_too_much_and_changes_nothing(app, world, query, demo):
    order_id = await make_order(world)
    actor = await actor_of(app, world, "patient_pa")
    async with app.state.sessionmaker() as db:
        await service.demo_confirm(db, app.state.clock, app.state.settings, actor, order_id)
    async with app.state.sessionmaker() as db:
        with pytest.raises(service.RefundTooLarge):
            await service.refund(db, app.state.clock, order_id, amount_fen=TOTAL + 1,
                                 reason="too much", actor=None)
        await db.rollback()
    [order] = await query(select(PaymentOrder))
    assert (order.state, order.refunded_fen) == ("paid", 0)
    assert await query(select(PaymentRefund)) == []


async def test_lists_show_the_payer_their_own_and_the_office_its_organisations(client, world):
    mine = await make_order(world)
    theirs = await make_order(world, org="B", patient="pb")
    paid_for = await make_order(world, org="B", patient="pb", payer="village_doctor")

    async def listed(who: str, **params) -> set[str]:
        r = await world.client_as(client, who).get(ORDERS, params=params)
        assert r.status_code == 200, r.text
        return {i["id"] for i in r.json()["items"]}

    assert await listed("patient_pa") == {str(mine)}
    assert await listed("village_doctor") == {str(paid_for)}
    assert await listed("coordinator_a") == {str(mine)}
    assert await listed("org_admin_b") == {str(theirs), str(paid_for)}
    assert await listed("alliance_admin", day="2026-11-24") == {str(mine), str(theirs),
                                                                  str(paid_for)}
    assert await listed("alliance_admin", day="2026-11-23") == set()
    assert await listed("auditor", state="paid") == set()


async def test_reconciliation_lists_the_days_movements_with_totals_per_channel(
        client, world, demo):
    a = await make_order(world)
    b = await make_order(world)
    patient = world.client_as(client, "patient_pa")
    assert (await patient.post(f"{ORDERS}/{a}/demo-confirm")).status_code == 200
    r = await world.client_as(client, "specialist_a").post(
        f"{ORDERS}/{b}/collect", json={"receipt_no": "SJ-0002", "amount_fen": TOTAL})
    assert r.status_code == 200, r.text
    r = await world.client_as(client, "coordinator_a").post(
        f"{ORDERS}/{a}/refunds", json={"amount_fen": 500, "reason": "部分退款"})
    assert r.status_code == 201, r.text
    params = {"organisation_id": str(world.orgs["A"].id), "day": "2026-11-24"}
    r = await world.client_as(client, "auditor").get(f"{PAY}/reconciliation", params=params)
    assert r.status_code == 200, r.text
    body = r.json()
    # By time (the test clock stands still), then order and refund number.
    assert [(m["kind"], m["channel"], m["amount_fen"]) for m in body["movements"]] == [
        ("payment", "demo", TOTAL), ("refund", "demo", -500), ("payment", "clinic", TOTAL)]
    assert {t["channel"]: (t["paid_fen"], t["refunded_fen"], t["net_fen"]) for t in
            body["totals"]} == {"clinic": (TOTAL, 0, TOTAL), "demo": (TOTAL, 500, TOTAL - 500)}
    r = await world.client_as(client, "auditor").get(
        f"{PAY}/reconciliation", params={**params, "channel": "clinic"})
    assert [m["channel"] for m in r.json()["movements"]] == ["clinic"]
    r = await world.client_as(client, "org_admin_b").get(f"{PAY}/reconciliation", params=params)
    assert (r.status_code, r.json()["code"]) == (403, "not-your-organisation")
