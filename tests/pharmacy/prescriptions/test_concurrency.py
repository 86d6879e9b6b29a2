"""Two requests on one prescription (or one drug's stock) at once, on PostgreSQL: exactly one
step wins and the other is refused, one timeline step, stock taken once and never below zero,
money either kept by a paid prescription or refunded by a voided one, never both."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from sqlalchemy import func, select

from tests.clinic.visits.helpers import gateway_pays
from tests.factories import add_staff
from tests.pharmacy.catalogue.helpers import make_drug, receive
from tests.pharmacy.prescriptions.helpers import (
    DELIVERY,
    EXPIRY,
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
from yilian.cases.models import CaseStep
from yilian.core.audit import AuditEntry
from yilian.core.authz import Role
from yilian.core.retry import is_retryable
from yilian.payments.models import OrderState, PaymentOrder, PaymentRefund
from yilian.pharmacy.catalogue.models import StockBatch

RACE_ROUNDS = 3


@pytest.fixture
async def rx(app, backend, client, world) -> Rx:
    if backend != "postgresql":
        pytest.skip("races between transactions need PostgreSQL (SQLite runs one writer)")
    made = await make_rx(app, client, world)
    await add_staff(world, "pharmacist_a2", Role.pharmacist, "A")
    return made


async def rows(app, stmt) -> list:
    async with app.state.sessionmaker() as db:
        return list((await db.execute(stmt)).scalars())


async def steps(app, o: dict) -> list[str]:
    return await rows(app, select(CaseStep.action).where(CaseStep.case_id == uuid.UUID(o["id"]))
                      .order_by(CaseStep.seq))


async def stock(app, drug_id: str) -> list[int]:
    return await rows(app, select(StockBatch.quantity).where(
        StockBatch.drug_id == uuid.UUID(drug_id)))


def outcome(responses) -> list[tuple[int, str | None]]:
    return sorted((r.status_code, r.json().get("code")) for r in responses)


@pytest.mark.parametrize("second", ["pass", "return"])
async def test_two_pharmacists_review_at_once_one_wins(app, client, world, rx, second):
    bodies = {"pass": {}, "return": {"codes": ["dose"], "note": "剂量需调整"}}
    for _ in range(RACE_ROUNDS):
        o = await sign(client, rx)
        answers = await asyncio.gather(
            world.client_as(client, "pharmacist_a").post(f"{RX}/{o['id']}/pass", json={}),
            world.client_as(client, "pharmacist_a2").post(f"{RX}/{o['id']}/{second}",
                                                          json=bodies[second]))
        assert outcome(answers) == [(200, None), (409, "wrong-state")], [a.text for a in answers]
        [won] = [a.json() for a in answers if a.status_code == 200]
        assert won["state"] in ("approved", "returned")
        action = "pass" if won["state"] == "approved" else "return"
        assert await steps(app, o) == ["sign", action]
        got = (await world.client_as(client, "pharmacist_a").get(f"{RX}/{o['id']}")).json()
        assert (got["state"], got["reviewed_by_name"]) == (won["state"], won["reviewed_by_name"])


async def test_two_pharmacists_dispense_at_once_stock_is_taken_once(app, client, world, rx):
    for n in range(RACE_ROUNDS):
        o = await bought(client, rx)
        answers = await asyncio.gather(*(
            world.client_as(client, who).post(f"{RX}/{o['id']}/dispense", json={})
            for who in ("pharmacist_a", "pharmacist_a2")))
        assert outcome(answers) == [(200, None), (409, "wrong-state")], [a.text for a in answers]
        assert await steps(app, o) == ["sign", "pass", "checkout", "pay", "dispense"]
        assert await stock(app, rx.drugs["amlodipine"]) == [50 - n - 1]
    taken = await rows(app, select(AuditEntry).where(AuditEntry.action == "pharmacy.stock.take"))
    assert len(taken) == RACE_ROUNDS


async def paid_or_voided(app, client, world, o: dict) -> str:
    """Which of the two won, checking that the other left nothing behind."""
    got = (await world.client_as(client, "patient_pa").get(f"{RX}/{o['id']}")).json()
    [order] = await rows(app, select(PaymentOrder).where(
        PaymentOrder.subject_id == uuid.UUID(o["id"])))
    refunded = await rows(app, select(func.coalesce(func.sum(PaymentRefund.amount_fen), 0))
                          .where(PaymentRefund.order_id == order.id))
    if got["state"] == "paid":
        assert got["paid_at"] is not None and got["close_reason"] is None
        assert (order.state, order.paid_fen, refunded) == (OrderState.paid, order.total_fen, [0])
        assert await steps(app, o) == ["sign", "pass", "checkout", "pay"]
        return "paid"
    assert got["state"] == "voided" and got["paid_at"] is None
    assert await steps(app, o) == ["sign", "pass", "checkout", "void"]
    if order.paid_fen:  # the money came: all of it back
        assert refunded == [order.paid_fen]
    else:
        assert order.state == OrderState.cancelled and refunded == [0]
    return "voided"


async def test_the_patient_pays_while_the_doctor_voids(app, client, world, rx):
    """Through the payments API: paid and not voided, or voided and the payment refused."""
    world.app.state.settings.demo_payments = True
    for _ in range(RACE_ROUNDS):
        o = await check_out(client, rx, await approve(client, rx, await sign(client, rx)))
        answers = await asyncio.gather(
            world.client_as(client, "patient_pa").post(
                f"/api/v1/payments/orders/{o['order_id']}/demo-confirm"),
            world.client_as(client, "specialist_a").post(
                f"{RX}/{o['id']}/void", json={"reason": "患者病情变化，需重新评估"}))
        won = await paid_or_voided(app, client, world, o)
        pay, void = answers
        if won == "paid":
            assert (pay.status_code, void.status_code, void.json()["code"]) == (
                200, 409, "wrong-state"), void.text
        else:
            assert (pay.status_code, pay.json()["code"], void.status_code) == (
                409, "order-not-payable", 200), pay.text


async def test_the_gateways_payment_arrives_while_the_doctor_voids(app, client, world, rx):
    """The gateway took the money: it is kept by a paid prescription, or refunded in full by a
    voided one."""

    async def gateway(order_id: str) -> str:
        # As the notification endpoint does (core/retry.py): a deadlock victim runs again.
        for _ in range(4):
            try:
                return await gateway_pays(app, order_id)
            except Exception as e:
                if not is_retryable(e):
                    raise
        raise AssertionError("the gateway's notification never went through")

    for _ in range(RACE_ROUNDS):
        o = await check_out(client, rx, await approve(client, rx, await sign(client, rx)))
        paid, void = await asyncio.gather(
            gateway(o["order_id"]),
            world.client_as(client, "specialist_a").post(
                f"{RX}/{o['id']}/void", json={"reason": "患者病情变化，需重新评估"}))
        won = await paid_or_voided(app, client, world, o)
        if won == "paid":
            assert (paid, void.status_code, void.json()["code"]) == ("paid", 409, "wrong-state")
        else:
            assert (paid, void.status_code) == ("refunded-not-payable", 200), void.text


async def test_two_checkouts_at_once_leave_one_pending_order(app, client, world, rx):
    for _ in range(RACE_ROUNDS):
        o = await approve(client, rx, await sign(client, rx))
        patient = world.client_as(client, "patient_pa")
        answers = await asyncio.gather(
            patient.post(f"{RX}/{o['id']}/checkout", json={"fulfilment": "pickup"}),
            patient.post(f"{RX}/{o['id']}/checkout", json=DELIVERY))
        assert [a.status_code for a in answers] == [200, 200], [a.text for a in answers]
        orders = await rows(app, select(PaymentOrder).where(
            PaymentOrder.subject_id == uuid.UUID(o["id"])))
        assert sorted(x.state for x in orders) == [OrderState.cancelled, OrderState.pending]
        [pending] = [x for x in orders if x.state == OrderState.pending]
        got = (await patient.get(f"{RX}/{o['id']}")).json()
        assert got["order_id"] == str(pending.id)
        # The prescription's choice is the pending order's: its fee is in the order.
        assert pending.total_fen == got["drugs_fen"] + got["delivery_fee_fen"]


async def test_two_prescriptions_take_the_last_packages_one_is_out_of_stock(app, client, world,
                                                                           rx):
    last = await make_drug(world, "A", generic_name="缬沙坦胶囊", specification="80mg×7粒",
                           atc="C09CA03", strength=80, unit="粒", package_size=7,
                           max_single_dose=160, max_daily_dose=320)
    await receive(world, "A", last, 2, expires_on=EXPIRY)
    rx.drugs["valsartan"] = str(last)
    # 80 mg twice a day for 7 days: 14 capsules, both boxes.
    body = draft(rx, line(rx, "valsartan", dose=80, frequency="bid"))
    first, second = [await bought(client, rx, body) for _ in range(2)]
    answers = await asyncio.gather(
        world.client_as(client, "pharmacist_a").post(f"{RX}/{first['id']}/dispense", json={}),
        world.client_as(client, "pharmacist_a2").post(f"{RX}/{second['id']}/dispense", json={}))
    assert outcome(answers) == [(200, None), (409, "out-of-stock")], [a.text for a in answers]
    assert await stock(app, str(last)) == [0]
    states = sorted([(await world.client_as(client, "pharmacist_a").get(
        f"{RX}/{o['id']}")).json()["state"] for o in (first, second)])
    assert states == ["dispensed", "paid"]
