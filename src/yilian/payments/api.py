"""Payment routes: orders (read, pay, confirm a demo payment, collect at the clinic, cancel,
refund), the gateways' notifications (public, verified by signature), the day's reconciliation
and the organisations' channel accounts. The service decides by scope; the route policies are
the first gate only."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends, Query, Request
from fastapi.responses import PlainTextResponse
from sqlalchemy.ext.asyncio import AsyncSession

from yilian.core.authz import API_PREFIX, Actor, PolicyRouter, current_actor, public
from yilian.core.clock import Clock
from yilian.core.deps import clock, db_session, settings
from yilian.core.pagination import MAX_LIMIT, Page
from yilian.core.schemas import Day
from yilian.payments import policy, service
from yilian.payments.channels.base import Refused
from yilian.payments.models import ChannelName, OrderState
from yilian.payments.schemas import (
    PayIn,
    PaymentCancelIn,
    PaymentChannelIn,
    PaymentChannelsOut,
    PaymentCollectIn,
    PaymentNotifyAck,
    PaymentOrderOut,
    PaymentReconciliationOut,
    PaymentRefundIn,
    PayOut,
)
from yilian.settings import Settings

router = PolicyRouter(prefix=API_PREFIX, tags=["payments"])
BASE = "/payments"
ORDER = BASE + "/orders/{order_id}"
# A gateway's notification is a few kilobytes; anything much larger is not one.
MAX_NOTIFICATION = 64 * 1024


@router.get(BASE + "/orders", policy=policy.READ, response_model=Page[PaymentOrderOut])
async def list_orders(
    state: OrderState | None = None,
    day: Day | None = Query(None, description="made on this day (Beijing time)"),
    patient_id: uuid.UUID | None = None,
    cursor: str | None = Query(None, max_length=200), limit: int = Query(20, ge=1, le=MAX_LIMIT),
    actor: Actor = Depends(current_actor), db: AsyncSession = Depends(db_session),
    clk: Clock = Depends(clock),
):
    return await service.list_orders(db, clk, actor, state=state, day=day, patient_id=patient_id,
                                     cursor=cursor, limit=limit)


@router.get(ORDER, policy=policy.READ, response_model=PaymentOrderOut)
async def get_order(order_id: uuid.UUID, actor: Actor = Depends(current_actor),
                    db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock)):
    return await service.order_out(db, clk, actor, order_id)


@router.post(ORDER + "/pay", policy=policy.PAY, response_model=PayOut)
async def pay(order_id: uuid.UUID, data: PayIn, actor: Actor = Depends(current_actor),
              db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
              cfg: Settings = Depends(settings)):
    return await service.start_payment(db, clk, cfg, actor, order_id, data.channel)


@router.post(ORDER + "/demo-confirm", policy=policy.PAY, response_model=PaymentOrderOut)
async def demo_confirm(order_id: uuid.UUID, actor: Actor = Depends(current_actor),
                       db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
                       cfg: Settings = Depends(settings)):
    return await service.demo_confirm(db, clk, cfg, actor, order_id)


@router.post(ORDER + "/collect", policy=policy.COLLECT, response_model=PaymentOrderOut)
async def collect(order_id: uuid.UUID, data: PaymentCollectIn, actor: Actor = Depends(current_actor),
                  db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
                  cfg: Settings = Depends(settings)):
    return await service.collect(db, clk, cfg, actor, order_id, receipt_no=data.receipt_no,
                                 amount_fen=data.amount_fen)


@router.post(ORDER + "/cancel", policy=policy.PAY, response_model=PaymentOrderOut)
async def cancel(order_id: uuid.UUID, data: PaymentCancelIn | None = None,
                 actor: Actor = Depends(current_actor), db: AsyncSession = Depends(db_session),
                 clk: Clock = Depends(clock)):
    return await service.cancel_by_payer(db, clk, actor, order_id,
                                         (data or PaymentCancelIn()).reason)


@router.post(ORDER + "/refunds", policy=policy.REFUND, response_model=PaymentOrderOut, status_code=201)
async def refund(order_id: uuid.UUID, data: PaymentRefundIn, actor: Actor = Depends(current_actor),
                 db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock)):
    return await service.refund_by(db, clk, actor, order_id, amount_fen=data.amount_fen,
                                   reason=data.reason)


async def _body(request: Request, channel: str, organisation_id: uuid.UUID) -> bytes:
    body = await request.body()
    if len(body) > MAX_NOTIFICATION:
        raise Refused("too large to be a notification").about(
            "payment_notification", f"{channel}:{organisation_id}", organisation_id)
    return body


@router.post(BASE + "/notify/wechat/{organisation_id}",
             policy=public("notify a WeChat Pay payment"), response_model=PaymentNotifyAck)
async def notify_wechat(organisation_id: uuid.UUID, request: Request,
                        db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock)):
    """WeChat Pay's callback: 200 {"code": "SUCCESS"} once the notification is recorded (or was
    already); a refusal is a 4xx problem, which WeChat Pay retries."""
    body = await _body(request, "wechat", organisation_id)
    await service.receive_notification(db, clk, "wechat", organisation_id,
                                       dict(request.headers), body)
    return PaymentNotifyAck(code="SUCCESS")


@router.post(BASE + "/notify/alipay/{organisation_id}",
             policy=public("notify an Alipay payment"), response_class=PlainTextResponse,
             responses={200: {"content": {"text/plain": {"schema": {"type": "string",
                                                                    "enum": ["success"]}}},
                              "description": "recorded (or recorded before)"}})
async def notify_alipay(organisation_id: uuid.UUID, request: Request,
                        db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock)):
    """Alipay's asynchronous notification: the plain text "success" once recorded (or recorded
    before); a refusal is a 4xx problem, which Alipay, like any answer but "success", retries."""
    body = await _body(request, "alipay", organisation_id)
    await service.receive_notification(db, clk, "alipay", organisation_id,
                                       dict(request.headers), body)
    return PlainTextResponse("success")


@router.get(BASE + "/reconciliation", policy=policy.RECONCILE, response_model=PaymentReconciliationOut)
async def reconciliation(
    organisation_id: uuid.UUID,
    # In Annotated: a required ``Day = Query()`` loses Day's range check in FastAPI.
    day: Annotated[Day, Query(description="the day (Beijing time)")],
    channel: ChannelName | None = None, actor: Actor = Depends(current_actor),
    db: AsyncSession = Depends(db_session),
):
    return await service.reconciliation(db, actor, organisation_id, day, channel)


@router.get(BASE + "/channels/{organisation_id}", policy=policy.CONFIGURE,
            response_model=PaymentChannelsOut)
async def get_channels(organisation_id: uuid.UUID, actor: Actor = Depends(current_actor),
                       db: AsyncSession = Depends(db_session), cfg: Settings = Depends(settings)):
    return await service.channels_out(db, cfg, actor, organisation_id)


@router.put(BASE + "/channels/{organisation_id}", policy=policy.CONFIGURE,
            response_model=PaymentChannelsOut)
async def put_channel(organisation_id: uuid.UUID, data: PaymentChannelIn,
                      actor: Actor = Depends(current_actor),
                      db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
                      cfg: Settings = Depends(settings)):
    return await service.configure(db, clk, cfg, actor, organisation_id, data)
