"""Two things at once on one order, each in its own session (on PostgreSQL truly at once; SQLite
has one writer at a time): two notifications record one payment, two refunds never refund more
than was paid, and a cancellation racing a payment ends either paid or cancelled-and-refunded."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from sqlalchemy import select

from tests.payments.helpers import (
    ALIPAY,
    ORDERS,
    TOTAL,
    WANTED,
    alipay_notification,
    configure,
    make_order,
)
from yilian.core.errors import Problem
from yilian.payments import service
from yilian.payments.models import PaymentNotification, PaymentOrder, PaymentRefund


@pytest.fixture(autouse=True)
def _wanted():
    WANTED.value = True


async def _number(query, order_id: uuid.UUID) -> str:
    [order] = await query(select(PaymentOrder).where(PaymentOrder.id == order_id))
    return order.number


async def _notify(app, world, headers: dict, body: bytes) -> str:
    async with app.state.sessionmaker() as db:
        return await service.receive_notification(db, app.state.clock, "alipay",
                                                  world.orgs["A"].id, headers, body)


@pytest.mark.parametrize("same_id", [True, False], ids=["replayed", "resent"])
async def test_two_notifications_at_once_record_one_payment(same_id, app, client, world, query,
                                                            clock):
    await configure(client, world, "alipay", ALIPAY)
    order_id = await make_order(world)
    number = await _number(query, order_id)
    first = alipay_notification(number, TOTAL, at=clock.now(), notify_id="n-1")
    second = first if same_id else alipay_notification(number, TOTAL, at=clock.now(),
                                                       notify_id="n-2")
    outcomes = await asyncio.gather(_notify(app, world, *first), _notify(app, world, *second))
    assert sorted(outcomes) == (["ignored-duplicate", "paid"] if same_id
                                else ["already-paid", "paid"])
    [order] = await query(select(PaymentOrder))
    assert (order.state, order.paid_fen) == ("paid", TOTAL)
    assert len(await query(select(PaymentNotification))) == (1 if same_id else 2)


async def _refund(app, order_id: uuid.UUID, amount: int) -> str:
    async with app.state.sessionmaker() as db:
        try:
            await service.refund(db, app.state.clock, order_id, amount_fen=amount,
                                 reason="并发退款", actor=None)
        except Problem as e:
            await db.rollback()
            return e.code
        await db.commit()
        return "refunded"


async def test_two_refunds_at_once_never_refund_more_than_was_paid(app, client, world, query):
    app.state.settings.demo_payments = True
    order_id = await make_order(world)
    r = await world.client_as(client, "patient_pa").post(f"{ORDERS}/{order_id}/demo-confirm")
    assert r.status_code == 200, r.text
    outcomes = await asyncio.gather(_refund(app, order_id, 3000), _refund(app, order_id, 3000))
    assert sorted(outcomes) == ["refund-too-large", "refunded"]
    [order] = await query(select(PaymentOrder))
    assert (order.state, order.refunded_fen) == ("partially_refunded", 3000)
    assert len(await query(select(PaymentRefund))) == 1


async def test_a_cancellation_racing_a_payment_ends_paid_or_refunded(app, client, world, query,
                                                                     clock):
    await configure(client, world, "alipay", ALIPAY)
    order_id = await make_order(world)
    headers, body = alipay_notification(await _number(query, order_id), TOTAL, at=clock.now())

    async def cancel() -> str:
        async with app.state.sessionmaker() as db:
            try:
                await service.cancel_order(db, app.state.clock, order_id, reason="取消",
                                           actor=None)
            except Problem as e:
                await db.rollback()
                return e.code
            await db.commit()
            return "cancelled"

    cancelled, paid = await asyncio.gather(cancel(), _notify(app, world, headers, body))
    [order] = await query(select(PaymentOrder))
    refunds = await query(select(PaymentRefund))
    if cancelled == "cancelled":  # the cancellation came first: the money goes back
        assert paid == "refunded-not-payable"
        assert [(r.amount_fen, r.reason) for r in refunds] == [(TOTAL, "order-not-payable")]
    else:
        assert (cancelled, paid, order.state, refunds) == ("order-not-pending", "paid", "paid",
                                                           [])
    assert order.paid_fen == TOTAL
