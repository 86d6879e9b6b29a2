"""Buying a prescription through the API: the patient's choice of delivery or pick-up (the
order), no payment before the pharmacist's approval nor for a voided prescription, the refund
before dispensing, dispensing from stock, the carrier's walk against the receipt code and the
village clinic's handover against the pick-up code, the medicines proposed to the record, and
the platform's sweep: an unpaid prescription lapsing with its validity, a late review
escalated to the dispensing organisation's office."""

from __future__ import annotations

import uuid
from datetime import datetime

import pytest
from sqlalchemy import func, select, update

from tests.clinic.visits.helpers import gateway_pays, pay
from tests.pharmacy.catalogue.helpers import stock_path
from tests.pharmacy.prescriptions.helpers import (
    DELIVERY,
    RX,
    Rx,
    approve,
    bought,
    check_out,
    draft,
    line,
    make_rx,
    sign,
)
from yilian.cases import engine
from yilian.cases.models import CaseStep
from yilian.core.audit import AuditEntry
from yilian.messaging.notifications.models import Notification
from yilian.patients.models import Patient, Reconciliation
from yilian.payments.models import OrderState, PaymentOrder, PaymentRefund
from yilian.pharmacy.catalogue.models import StockBatch
from yilian.pharmacy.prescriptions.kind import PRESCRIPTION_KIND


@pytest.fixture
async def rx(app, client, world) -> Rx:
    return await make_rx(app, client, world)


def as_(client, rx: Rx, name: str):
    return rx.world.client_as(client, name)


async def orders_of(app, o: dict) -> list[PaymentOrder]:
    async with app.state.sessionmaker() as db:
        return list((await db.execute(select(PaymentOrder).where(
            PaymentOrder.subject_id == uuid.UUID(o["id"]))
            .order_by(PaymentOrder.created_at, PaymentOrder.number))).scalars())


async def refunds_of(app, o: dict) -> list[PaymentRefund]:
    async with app.state.sessionmaker() as db:
        return list((await db.execute(select(PaymentRefund).where(
            PaymentRefund.order_id == uuid.UUID(o["order_id"])))).scalars())


async def stock(app, rx: Rx, name: str) -> int:
    async with app.state.sessionmaker() as db:
        return (await db.execute(select(func.coalesce(func.sum(StockBatch.quantity), 0)).where(
            StockBatch.drug_id == uuid.UUID(rx.drugs[name])))).scalar()


async def actions(app, o: dict) -> list[str]:
    async with app.state.sessionmaker() as db:
        return list((await db.execute(select(CaseStep.action).where(
            CaseStep.case_id == uuid.UUID(o["id"])).order_by(CaseStep.seq))).scalars())


async def reconciliation(app, o: dict) -> Reconciliation | None:
    async with app.state.sessionmaker() as db:
        return (await db.execute(select(Reconciliation).where(
            Reconciliation.source_type == "prescription",
            Reconciliation.source_id == o["id"]))).scalar_one_or_none()


async def sweep(app) -> int:
    async with app.state.sessionmaker() as db:
        return await engine.sweep(db, app.state.clock, PRESCRIPTION_KIND)


def two_drugs(rx: Rx) -> dict:
    """Amlodipine (1 box, 14.50) and metformin (1 box, 6.20)."""
    return draft(rx, line(rx, "amlodipine"), line(rx, "metformin", dose=500, frequency="bid"))


# ---------------------------------------------------------------- choosing, paying


async def test_delivery_needs_recipient_phone_and_address(app, client, rx):
    o = await approve(client, rx, await sign(client, rx, two_drugs(rx)))
    patient = as_(client, rx, "patient_pa")
    for missing in ("recipient", "recipient_phone", "address"):
        body = {k: v for k, v in DELIVERY.items() if k != missing}
        r = await patient.post(f"{RX}/{o['id']}/checkout", json=body)
        assert (r.status_code, r.json()["code"]) == (422, "validation"), r.text
        assert [e["field"] for e in r.json()["errors"]] == [missing]
    r = await patient.post(f"{RX}/{o['id']}/checkout", json={"fulfilment": "delivery"})
    assert [e["field"] for e in r.json()["errors"]] == ["recipient", "recipient_phone",
                                                         "address"]
    assert await orders_of(app, o) == []
    assert (await patient.get(f"{RX}/{o['id']}")).json()["order_id"] is None

    o = await check_out(client, rx, o)
    assert (o["fulfilment"], o["delivery_fee_fen"], o["recipient"]) == ("delivery", 800, "张秀英")
    [order] = await orders_of(app, o)
    assert (str(order.id), order.state, order.total_fen) == (
        o["order_id"], OrderState.pending, 1450 + 620 + 800)


async def test_pick_up_needs_a_village_town_or_community_home_clinic(app, client, world, rx):
    o = await approve(client, rx, await sign(client, rx))
    patient = as_(client, rx, "patient_pa")

    async def home(org: str) -> None:
        async with app.state.sessionmaker() as db:
            await db.execute(update(Patient).where(Patient.id == world.patients["pa"])
                             .values(home_organisation_id=world.orgs[org].id))
            await db.commit()

    await home("A")  # the county hospital is no clinic to pick up at
    r = await patient.post(f"{RX}/{o['id']}/checkout", json={"fulfilment": "pickup"})
    assert (r.status_code, r.json()["code"]) == (409, "no-pickup-clinic"), r.text
    assert await orders_of(app, o) == []
    await home("A1")  # a town health centre is
    o = await check_out(client, rx, o, {"fulfilment": "pickup"})
    assert (o["pickup_org_id"], o["delivery_fee_fen"]) == (str(world.orgs["A1"].id), 0)
    [order] = await orders_of(app, o)
    assert order.total_fen == 1450


async def test_a_second_checkout_replaces_the_pending_order(app, client, world, rx):
    o = await approve(client, rx, await sign(client, rx))
    first = await check_out(client, rx, o, {"fulfilment": "pickup"})
    second = await check_out(client, rx, o)
    assert second["order_id"] != first["order_id"]
    assert (second["fulfilment"], second["pickup_org_id"]) == ("delivery", None)
    old, new = await orders_of(app, o)
    assert (str(old.id), old.state, str(new.id), new.state) == (
        first["order_id"], OrderState.cancelled, second["order_id"], OrderState.pending)
    world.app.state.settings.demo_payments = True
    r = await as_(client, rx, "patient_pa").post(
        f"/api/v1/payments/orders/{first['order_id']}/demo-confirm")
    assert (r.status_code, r.json()["code"]) == (409, "order-not-payable"), r.text
    await pay(client, world, second)
    r = await as_(client, rx, "pharmacist_a").get(f"{RX}/{o['id']}")
    assert (r.json()["state"], r.json()["paid_at"] is not None) == ("paid", True)


async def test_nothing_is_paid_before_the_pharmacists_approval(app, client, rx):
    """不得先药后方: no order exists for a prescription in review or returned."""
    patient = as_(client, rx, "patient_pa")
    o = await sign(client, rx)
    assert o["order_id"] is None
    r = await patient.post(f"{RX}/{o['id']}/checkout", json=DELIVERY)
    assert (r.status_code, r.json()["code"]) == (409, "wrong-state"), r.text
    r = await as_(client, rx, "pharmacist_a").post(
        f"{RX}/{o['id']}/return", json={"codes": ["indication"], "note": "诊断与用药不符"})
    assert r.status_code == 200, r.text
    r = await patient.post(f"{RX}/{o['id']}/checkout", json={"fulfilment": "pickup"})
    assert (r.status_code, r.json()["code"]) == (409, "wrong-state"), r.text
    assert await orders_of(app, o) == []


async def test_a_voided_prescriptions_order_is_not_paid_and_late_money_is_refunded(
        app, client, world, rx):
    o = await check_out(client, rx, await approve(client, rx, await sign(client, rx)))
    r = await as_(client, rx, "specialist_a").post(f"{RX}/{o['id']}/void",
                                                   json={"reason": "患者病情变化，需重新评估"})
    assert r.status_code == 200 and r.json()["state"] == "voided", r.text
    [order] = await orders_of(app, o)
    assert order.state == OrderState.cancelled
    world.app.state.settings.demo_payments = True
    r = await as_(client, rx, "patient_pa").post(
        f"/api/v1/payments/orders/{o['order_id']}/demo-confirm")
    assert (r.status_code, r.json()["code"]) == (409, "order-not-payable"), r.text
    # The gateway took the money anyway: recorded, and all of it refunded (asked of the
    # gateway after the commit).
    assert await gateway_pays(app, o["order_id"]) == "refunded-not-payable"
    [order] = await orders_of(app, o)
    assert order.paid_fen == order.total_fen == 1450 + 800
    assert [r.amount_fen for r in await refunds_of(app, o)] == [order.total_fen]
    r = await as_(client, rx, "patient_pa").get(f"{RX}/{o['id']}")
    assert (r.json()["state"], r.json()["paid_at"]) == ("voided", None)
    assert await actions(app, o) == ["sign", "pass", "checkout", "void"]


async def test_no_dispensing_before_payment(app, client, rx):
    pharmacist = as_(client, rx, "pharmacist_a")
    o = await sign(client, rx)
    r = await pharmacist.post(f"{RX}/{o['id']}/dispense", json={})
    assert (r.status_code, r.json()["code"]) == (409, "wrong-state"), r.text
    o = await check_out(client, rx, await approve(client, rx, o))
    r = await pharmacist.post(f"{RX}/{o['id']}/dispense", json={})
    assert (r.status_code, r.json()["code"]) == (409, "wrong-state"), r.text
    assert await stock(app, rx, "amlodipine") == 50


async def test_a_refund_before_dispensing_returns_all_the_money(app, client, rx):
    o = await bought(client, rx, two_drugs(rx))
    r = await as_(client, rx, "patient_pa").post(f"{RX}/{o['id']}/refund",
                                                 json={"reason": "已在当地药店购买"})
    assert r.status_code == 200, r.text
    assert (r.json()["state"], r.json()["refunded_fen"]) == ("cancelled", 1450 + 620 + 800)
    assert r.json()["close_reason"] == "已在当地药店购买"
    [order] = await orders_of(app, o)
    assert (order.state, order.refunded_fen) == (OrderState.refunded, 2870)
    r = await as_(client, rx, "pharmacist_a").post(f"{RX}/{o['id']}/dispense", json={})
    assert (r.status_code, r.json()["code"]) == (409, "wrong-state"), r.text
    assert await stock(app, rx, "amlodipine") == 50


async def test_out_of_stock_at_dispensing_takes_nothing(app, client, world, rx):
    o = await bought(client, rx, two_drugs(rx))
    async with app.state.sessionmaker() as db:
        batch = (await db.execute(select(StockBatch.id).where(
            StockBatch.drug_id == uuid.UUID(rx.drugs["metformin"])))).scalar_one()
    pharmacist = as_(client, rx, "pharmacist_a")
    r = await pharmacist.post(f"{stock_path(world.orgs['A'].id)}/batches/{batch}/adjust",
                              json={"quantity": 0, "reason": "盘点发现破损"})
    assert r.status_code == 200, r.text
    r = await pharmacist.post(f"{RX}/{o['id']}/dispense", json={})
    assert (r.status_code, r.json()["code"]) == (409, "out-of-stock"), r.text
    assert r.json()["available"] == 0
    assert (await stock(app, rx, "amlodipine"), await stock(app, rx, "metformin")) == (50, 0)
    o = (await pharmacist.get(f"{RX}/{o['id']}")).json()
    assert (o["state"], o["dispensed_at"]) == ("paid", None)
    assert [x["batches"] for x in o["lines"]] == [[], []]
    assert "dispense" not in await actions(app, o)


# ---------------------------------------------------------------- handing over


async def test_delivered_against_the_receipt_code(app, client, rx):
    o = await bought(client, rx)
    code = o["handover_code"]
    pharmacist = as_(client, rx, "pharmacist_a")
    r = await pharmacist.post(f"{RX}/{o['id']}/dispense", json={})
    assert r.status_code == 200 and r.json()["state"] == "dispensed", r.text
    r = await pharmacist.post(f"{RX}/{o['id']}/collect",
                              json={"carrier": "顺丰速运", "tracking_no": "SF1234567890"})
    assert r.status_code == 200 and r.json()["state"] == "collected", r.text
    r = await pharmacist.post(f"{RX}/{o['id']}/transit", json={})
    assert r.status_code == 200 and r.json()["state"] == "in_transit", r.text

    wrong = "000000" if code != "000000" else "111111"
    r = await pharmacist.post(f"{RX}/{o['id']}/deliver", json={"code": wrong})
    assert (r.status_code, r.json()["code"]) == (422, "wrong-code"), r.text
    async with app.state.sessionmaker() as db:
        [entry] = [e for e in (await db.execute(select(AuditEntry).where(
            AuditEntry.outcome == "denied"))).scalars() if e.detail.get("code") == "wrong-code"]
    assert (entry.entity_type, entry.entity_id, entry.actor_user_id) == (
        "prescription", o["id"], rx.world.users["pharmacist_a"])
    got = (await pharmacist.get(f"{RX}/{o['id']}")).json()
    assert (got["state"], got["received_at"]) == ("in_transit", None)
    assert await reconciliation(app, o) is None

    r = await pharmacist.post(f"{RX}/{o['id']}/deliver", json={"code": code})
    assert r.status_code == 200, r.text
    assert r.json()["state"] == "received" and r.json()["received_at"] is not None
    assert await actions(app, o) == ["sign", "pass", "checkout", "pay", "dispense", "collect",
                                     "transit", "deliver"]
    rec = await reconciliation(app, o)
    assert rec is not None and rec.state == "pending"
    assert [m["name"] for m in rec.medications] == ["苯磺酸氨氯地平片"]


async def test_the_patient_confirms_receipt(app, client, rx):
    o = await bought(client, rx, two_drugs(rx))
    pharmacist, patient = as_(client, rx, "pharmacist_a"), as_(client, rx, "patient_pa")
    assert (await pharmacist.post(f"{RX}/{o['id']}/dispense", json={})).status_code == 200
    r = await patient.post(f"{RX}/{o['id']}/confirm-receipt", json={})
    assert (r.status_code, r.json()["code"]) == (409, "wrong-state"), r.text  # not yet sent
    r = await pharmacist.post(f"{RX}/{o['id']}/collect",
                              json={"carrier": "中国邮政", "tracking_no": "EMS-20261125"})
    assert r.status_code == 200, r.text
    r = await patient.post(f"{RX}/{o['id']}/confirm-receipt", json={})
    assert r.status_code == 200 and r.json()["state"] == "received", r.text
    rec = await reconciliation(app, o)
    assert rec is not None and rec.state == "pending"
    assert [(m["name"], m["dose"]) for m in rec.medications] == [
        ("苯磺酸氨氯地平片", "5mg"), ("盐酸二甲双胍片", "500mg")]
    r = await pharmacist.post(f"{RX}/{o['id']}/deliver", json={"code": o["handover_code"]})
    assert (r.status_code, r.json()["code"]) == (409, "wrong-state"), r.text


async def test_the_village_doctor_hands_over_having_explained_the_usage(app, client, rx):
    o = await bought(client, rx, choice={"fulfilment": "pickup"})
    village = as_(client, rx, "village_doctor")
    assert (await as_(client, rx, "pharmacist_a").post(f"{RX}/{o['id']}/dispense",
                                                        json={})).status_code == 200
    r = await village.post(f"{RX}/{o['id']}/arrive", json={})
    assert r.status_code == 200 and r.json()["state"] == "at_clinic", r.text
    r = await village.post(f"{RX}/{o['id']}/hand-over",
                           json={"code": o["handover_code"], "usage_explained": False})
    assert (r.status_code, r.json()["code"]) == (422, "validation"), r.text
    assert r.json()["errors"][0]["field"] == "usage_explained"
    got = (await village.get(f"{RX}/{o['id']}")).json()
    assert (got["state"], got["usage_explained"]) == ("at_clinic", False)
    assert await reconciliation(app, o) is None
    r = await village.post(f"{RX}/{o['id']}/hand-over",
                           json={"code": o["handover_code"], "usage_explained": True})
    assert r.status_code == 200 and r.json()["state"] == "received", r.text
    rec = await reconciliation(app, o)
    assert rec is not None and rec.state == "pending"


# ---------------------------------------------------------------- the sweep


async def test_an_unpaid_prescription_lapses_with_its_validity(app, client, world, rx, settle):
    o = await check_out(client, rx, await approve(client, rx, await sign(client, rx)))
    left = datetime.fromisoformat(o["valid_until"]) - world.clock.now()
    world.clock.advance(seconds=left.total_seconds() - 60)
    assert await sweep(app) == 0
    world.clock.advance(seconds=60)
    assert await sweep(app) == 1
    assert await sweep(app) == 0
    await world.sign_in_again("patient_pa")
    got = (await as_(client, rx, "patient_pa").get(f"{RX}/{o['id']}")).json()
    assert (got["state"], got["closed_at"] is not None) == ("lapsed", True)
    assert got["timeline"][-1]["action"] == "lapse"
    assert got["timeline"][-1]["note_code"] == "not_paid_by"
    [order] = await orders_of(app, o)
    assert order.state == OrderState.cancelled
    await settle()
    async with app.state.sessionmaker() as db:
        told = (await db.execute(select(Notification.user_id).where(
            Notification.template == "prescription.lapsed"))).scalars().all()
    # The patient's accounts: their own and their child's (reader_of_pa).
    assert sorted(told) == sorted([world.users["patient_pa"], world.users["reader_of_pa"]])
    # Money arriving after: refunded.
    assert await gateway_pays(app, o["order_id"]) == "refunded-not-payable"
    assert [r.amount_fen for r in await refunds_of(app, o)] == [1450 + 800]


async def test_a_late_review_is_escalated_once_to_the_dispensing_office(app, client, world, rx,
                                                                         settle):
    o = await sign(client, rx)
    assert o["overdue"] is False
    world.clock.advance(minutes=59)
    assert await sweep(app) == 0
    world.clock.advance(minutes=2)
    assert await sweep(app) == 1
    assert await sweep(app) == 0  # once
    await settle()
    async with app.state.sessionmaker() as db:
        told = (await db.execute(select(Notification.user_id).where(
            Notification.template == "prescription.overdue"))).scalars().all()
    assert sorted(told) == sorted([world.users["coordinator_a"], world.users["org_admin_a"]])
    await world.sign_in_again("pharmacist_a")
    got = (await as_(client, rx, "pharmacist_a").get(f"{RX}/{o['id']}")).json()
    assert got["overdue"] is True
    assert [(s["action"], s["note_code"], s["note_params"]) for s in got["timeline"]][-1] == (
        "escalate", "past_limit", {"limit": "review"})
    # Passed late: still marked late, not escalated again.
    assert (await as_(client, rx, "pharmacist_a").post(f"{RX}/{o['id']}/pass",
                                                        json={})).status_code == 200
    world.clock.advance(hours=2)
    assert await sweep(app) == 0
