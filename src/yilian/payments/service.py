"""Payments: the only place orders, refunds, notifications and channel accounts change.

Other modules charge through :func:`create_order` and may :func:`cancel_order`, :func:`refund`
and :func:`get_order`; they work in the caller's transaction and never commit. A module selling
something registers it with :func:`register_subject`: its ``on_paid`` runs in the transaction
that records the payment and answers False when the subject no longer wants the money (a lapsed
booking hold, a slot gone to someone else); the payment is then recorded and refunded in full at
once. Money that reaches a cancelled or lapsed order (the gateway took it anyway) is recorded and
refunded the same way.

Every movement (order made, started, paid, collected, cancelled, lapsed, refund asked, refunded,
refund failed) is an audit row. An order is locked (``SELECT ... FOR UPDATE``) before its state
is read for a change, so two notifications at once record one payment, and a refund and a
payment at once see each other.

A refund through a gateway is asked in a job after the commit (payments/handlers.py): the
gateway call never holds a transaction, and the refund's number is the gateway's idempotency
key, so a retried job refunds once. Until the gateway answers the refund is ``requested`` and
its amount is no longer refundable.

Insurance settlement (医保结算) is not built. It will be a channel of its own that splits an order
into the insured part (settled with the regional medical-insurance platform, the order's items
carrying the catalogue codes it needs) and the patient's own part (paid through any other
channel): a second payment row per order, which is why the order keeps ``paid_fen`` rather than
a single flag. Nothing here assumes one payment per order except the pay endpoints.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from yilian.alliance import service as alliance
from yilian.core import audit
from yilian.core.accesslog import Basis
from yilian.core.authz import Actor, Role
from yilian.core.clock import SHANGHAI, Clock, as_utc
from yilian.core.errors import Conflict, Forbidden, NotFound, Problem, ValidationFailed
from yilian.core.jobs import enqueue_after_commit
from yilian.core.numbering import next_number
from yilian.core.pagination import Page, paginate
from yilian.identity import service as identity
from yilian.patients import service as patients
from yilian.payments import policy
from yilian.payments.channels import CHANNELS, GATEWAYS
from yilian.payments.channels.base import (
    Credentials,
    GatewayError,
    Notification,
    OrderView,
    RefundResult,
    RefundView,
    Refused,
)
from yilian.payments.models import (
    ChannelName,
    OrderState,
    PaymentChannelConfig,
    PaymentCounter,
    PaymentNotification,
    PaymentOrder,
    PaymentOrderItem,
    PaymentRefund,
    RefundState,
)
from yilian.payments.schemas import (
    PaymentChannelIn,
    PaymentChannelOut,
    PaymentChannelsOut,
    PaymentChannelTotal,
    PaymentItemOut,
    PaymentMovementOut,
    PaymentOrderOut,
    PaymentReconciliationOut,
    PaymentRefundOut,
    PayOut,
)
from yilian.settings import Settings

ENTITY = "payment_order"
REFUND_JOB = "payments.refund-at-gateway"
SUBJECT_GONE = "subject-gone"
NOT_PAYABLE = "order-not-payable"
REFUNDABLE = (OrderState.paid, OrderState.partially_refunded)


# ---------------------------------------------------------------- refusals


class OrderNotFound(NotFound):
    code = "order-not-found"
    title_zh = "未找到该订单"
    title_en = "No such order"


class OrderNotPayable(Conflict):
    code = "order-not-payable"
    title_zh = "该订单已不能支付"
    title_en = "The order can no longer be paid"


class OrderNotPending(Conflict):
    code = "order-not-pending"
    title_zh = "该订单已不是待支付状态"
    title_en = "The order is no longer pending"


class OrderNotRefundable(Conflict):
    code = "order-not-refundable"
    title_zh = "该订单没有可退的款项"
    title_en = "The order has no payment to refund"


class RefundTooLarge(Conflict):
    code = "refund-too-large"
    title_zh = "退款金额超过可退金额"
    title_en = "The refund is larger than what remains"


class ChannelUnavailable(Conflict):
    code = "channel-unavailable"
    title_zh = "该支付方式不可用"
    title_en = "This payment channel is not available"


class AmountMismatch(ValidationFailed):
    code = "amount-mismatch"
    title_zh = "金额与应付金额不符"
    title_en = "The amount differs from what is due"


class GatewayUnavailable(Problem):
    status = 503
    code = "gateway-unavailable"
    title_zh = "支付渠道暂时不可用，请稍后再试"
    title_en = "The payment gateway is unavailable; try again later"


class NotYours(Forbidden):
    code = "not-your-order"
    title_zh = "无权操作此订单"
    title_en = "Not allowed on this order"


# ---------------------------------------------------------------- what other modules use


@dataclass(frozen=True)
class Item:
    code: str
    name: str
    unit_fen: int
    quantity: int = 1


OnPaid = Callable[[AsyncSession, Clock, PaymentOrder], Awaitable[bool]]
OnRefunded = Callable[[AsyncSession, Clock, PaymentOrder, PaymentRefund], Awaitable[None]]


@dataclass(frozen=True)
class _Subject:
    on_paid: OnPaid
    on_refunded: OnRefunded | None


_subjects: dict[str, _Subject] = {}


def register_subject(subject_type: str, *, on_paid: OnPaid,
                     on_refunded: OnRefunded | None = None) -> None:
    """What a module sells: ``on_paid(db, clock, order) -> bool`` runs in the transaction that
    records the payment (False: refund it, the subject is gone); ``on_refunded(db, clock, order,
    refund)`` when a refund has succeeded."""
    if subject_type in _subjects:
        raise ValueError(f"payment subject {subject_type} registered twice")
    _subjects[subject_type] = _Subject(on_paid, on_refunded)


def _check_order(items: list[Item], subject_type: str, description: str) -> None:
    # The caller is another module that validated its own input: a bad argument is a bug.
    if not items:
        raise ValueError("an order needs at least one item")
    if not 0 < len(subject_type) <= 32 or not 0 < len(description.strip()) <= 100:
        raise ValueError("a subject type (at most 32) and a description (at most 100) are needed")
    for item in items:
        if item.unit_fen < 0 or item.quantity < 1:
            raise ValueError("an item's price is at least 0 fen and its quantity at least 1")
        if not 0 < len(item.code) <= 32 or not 0 < len(item.name) <= 100:
            raise ValueError("an item needs a code (at most 32) and a name (at most 100)")


async def create_order(
    db: AsyncSession, clock: Clock, actor: Actor | None, *, organisation_id: uuid.UUID,
    patient_id: uuid.UUID, subject_type: str, subject_id: uuid.UUID, items: list[Item],
    description: str, expires_at: datetime, payer_user_id: uuid.UUID | None = None,
) -> PaymentOrder:
    """A pending order in the caller's transaction (no commit), audited. ``payer_user_id``:
    who will pay when it is not the patient's own account (a village doctor paying for them)."""
    _check_order(items, subject_type, description)
    now = clock.now()
    if as_utc(expires_at) <= now:
        raise ValueError("an order must expire after it is made")
    amounts = [i.unit_fen * i.quantity for i in items]
    order = PaymentOrder(
        id=uuid.uuid4(),
        number=await next_number(db, clock, PaymentCounter, "ZF", organisation_id=organisation_id),
        organisation_id=organisation_id, patient_id=patient_id, payer_user_id=payer_user_id,
        subject_type=subject_type, subject_id=subject_id, description=description.strip(),
        total_fen=sum(amounts), paid_fen=0, refunded_fen=0, state=OrderState.pending,
        expires_at=as_utc(expires_at), created_at=now,
        created_by=actor.user_id if actor else None)
    db.add(order)
    await db.flush()
    db.add_all([PaymentOrderItem(order_id=order.id, code=i.code, name=i.name, unit_fen=i.unit_fen,
                                 quantity=i.quantity, amount_fen=a)
                for i, a in zip(items, amounts, strict=True)])
    await db.flush()
    await _audit(db, clock, actor, "payments.order.create", order,
                 {"total_fen": order.total_fen, "subject_type": subject_type,
                  "subject_id": str(subject_id)})
    return order


async def get_order(db: AsyncSession, order_id: uuid.UUID) -> PaymentOrder:
    order = await db.get(PaymentOrder, order_id)
    if order is None:
        raise OrderNotFound(f"payment order {order_id} does not exist")
    return order


async def cancel_order(db: AsyncSession, clock: Clock, order_id: uuid.UUID, *, reason: str,
                       actor: Actor | None) -> PaymentOrder:
    """A pending order cancelled (no commit); 409 ``order-not-pending`` otherwise."""
    order = await _lock(db, order_id)
    if order.state != OrderState.pending:
        raise OrderNotPending(f"the order is {order.state}")
    _close(order, OrderState.cancelled, clock, reason)
    await _audit(db, clock, actor, "payments.order.cancel", order, {"reason": reason})
    return order


async def lapse_due(db: AsyncSession, clock: Clock) -> int:
    """Pending orders past their expiry become lapsed (no commit); how many."""
    now = clock.now()
    ids = (await db.execute(select(PaymentOrder.id).where(
        PaymentOrder.state == OrderState.pending, PaymentOrder.expires_at <= now))).scalars().all()
    lapsed = 0
    for order_id in ids:
        order = await _lock(db, order_id)
        if order.state == OrderState.pending:  # paid meanwhile: nothing to lapse
            _close(order, OrderState.lapsed, clock, "expired unpaid")
            await _audit(db, clock, None, "payments.order.lapse", order, {})
            lapsed += 1
    return lapsed


async def refund(db: AsyncSession, clock: Clock, order_id: uuid.UUID, *, amount_fen: int | None,
                 reason: str, actor: Actor | None) -> PaymentRefund:
    """Refunds ``amount_fen`` (None: all that remains) of a paid order, in the caller's
    transaction (no commit). At the clinic or in the demo it is done at once; through a gateway
    it is asked after the commit. More than remains: 409 ``refund-too-large``, nothing changed."""
    order = await _lock(db, order_id)
    if order.state not in REFUNDABLE:
        raise OrderNotRefundable(f"the order is {order.state}")
    remaining = order.paid_fen - order.refunded_fen - await _pending_refunds(db, order.id)
    if amount_fen is not None and amount_fen < 1:
        raise ValidationFailed.field("amount_fen", "must be at least 1 fen")
    amount = remaining if amount_fen is None else amount_fen
    if amount > remaining or amount < 1:
        raise RefundTooLarge(f"{remaining} fen remain refundable", remaining_fen=remaining)
    return await _make_refund(db, clock, order, amount, reason, actor)


# ---------------------------------------------------------------- internals


async def _audit(db: AsyncSession, clock: Clock, actor: Actor | None, action: str,
                 order: PaymentOrder, detail: dict[str, Any], *, flag: str | None = None) -> None:
    await audit.record(db, clock, actor, action, entity_type=ENTITY, entity_id=order.id,
                       subject_org_id=order.organisation_id, flag=flag,
                       detail={"number": order.number, "state": str(order.state), **detail})


async def _lock(db: AsyncSession, order_id: uuid.UUID) -> PaymentOrder:
    order = (await db.execute(select(PaymentOrder).where(PaymentOrder.id == order_id)
                              .with_for_update().execution_options(populate_existing=True))
             ).scalar_one_or_none()
    if order is None:
        raise OrderNotFound(f"payment order {order_id} does not exist")
    return order


def _close(order: PaymentOrder, state: OrderState, clock: Clock, reason: str) -> None:
    order.state, order.closed_at, order.close_reason = state, clock.now(), reason[:200]


async def _pending_refunds(db: AsyncSession, order_id: uuid.UUID) -> int:
    return (await db.execute(select(func.coalesce(func.sum(PaymentRefund.amount_fen), 0)).where(
        PaymentRefund.order_id == order_id, PaymentRefund.state == RefundState.requested))
            ).scalar_one()


def _view(order: PaymentOrder) -> OrderView:
    return OrderView(number=order.number, description=order.description,
                     total_fen=order.total_fen, expires_at=order.expires_at,
                     channel_trade_no=order.channel_trade_no)


async def _make_refund(db: AsyncSession, clock: Clock, order: PaymentOrder, amount: int,
                       reason: str, actor: Actor | None) -> PaymentRefund:
    row = PaymentRefund(
        id=uuid.uuid4(), order_id=order.id,
        number=await next_number(db, clock, PaymentCounter, "TK",
                                 organisation_id=order.organisation_id),
        amount_fen=amount, reason=reason[:200], state=RefundState.requested,
        requested_by=actor.user_id if actor else None, created_at=clock.now())
    db.add(row)
    await db.flush()
    await _audit(db, clock, actor, "payments.refund.request", order,
                 {"refund": row.number, "amount_fen": amount, "reason": row.reason})
    if order.channel in GATEWAYS:
        enqueue_after_commit(db, REFUND_JOB, [{"refund_id": str(row.id)}])
    else:
        result = CHANNELS[str(order.channel)].refund(
            _view(order), RefundView(row.number, amount, row.reason), Credentials(), gateway=None)
        await _finish_refund(db, clock, order, row, result)
    return row


async def _finish_refund(db: AsyncSession, clock: Clock, order: PaymentOrder,
                         row: PaymentRefund, result: RefundResult) -> None:
    row.finished_at = clock.now()
    if not result.ok:
        row.state, row.failure = RefundState.failed, (result.failure or "refused")[:200]
        await _audit(db, clock, None, "payments.refund.fail", order,
                     {"refund": row.number, "amount_fen": row.amount_fen, "failure": row.failure},
                     flag="refund-failed")
        return
    row.state, row.channel_refund_no = RefundState.succeeded, result.channel_refund_no
    order.refunded_fen += row.amount_fen
    if order.refunded_fen == order.paid_fen:
        _close(order, OrderState.refunded, clock, row.reason)
    else:
        order.state = OrderState.partially_refunded
    await db.flush()
    await _audit(db, clock, None, "payments.refund.succeed", order,
                 {"refund": row.number, "amount_fen": row.amount_fen,
                  "refunded_fen": order.refunded_fen})
    subject = _subjects.get(order.subject_type)
    if subject is not None and subject.on_refunded is not None:
        await subject.on_refunded(db, clock, order, row)


async def _record_payment(db: AsyncSession, clock: Clock, order: PaymentOrder, *,
                          channel: ChannelName, trade_no: str, amount_fen: int,
                          actor: Actor | None, collected_by: uuid.UUID | None = None) -> str:
    """The money is in (the order locked by the caller): paid, or (not payable any more, or not
    wanted by its subject) paid and refunded in full at once. Returns what happened."""
    payable = order.state == OrderState.pending
    order.channel, order.channel_trade_no = channel, trade_no[:64]
    order.paid_fen, order.paid_at, order.collected_by = amount_fen, clock.now(), collected_by
    if payable:
        order.state = OrderState.paid
    await db.flush()
    await _audit(db, clock, actor,
                 "payments.order.collect" if collected_by else "payments.order.pay", order,
                 {"channel": str(channel), "trade_no": order.channel_trade_no,
                  "amount_fen": amount_fen},
                 flag=None if payable else "paid-when-not-payable")
    if not payable:
        order.state = OrderState.paid  # refundable: the refund below closes it as refunded
        await _make_refund(db, clock, order, amount_fen, NOT_PAYABLE, None)
        return "refunded-not-payable"
    subject = _subjects.get(order.subject_type)
    if subject is not None and not await subject.on_paid(db, clock, order):
        await _make_refund(db, clock, order, amount_fen, SUBJECT_GONE, None)
        return "refunded-subject-gone"
    return "paid"


async def complete_gateway_refund(db: AsyncSession, clock: Clock, refund_id: uuid.UUID,
                                  result: RefundResult) -> None:
    """The gateway's answer to a refund the job asked for (no commit)."""
    row = await db.get(PaymentRefund, refund_id)
    if row is None:
        return
    order = await _lock(db, row.order_id)
    await db.refresh(row)
    if row.state == RefundState.requested:
        await _finish_refund(db, clock, order, row, result)


@dataclass(frozen=True)
class GatewayRefund:
    """What the refund job needs to ask the gateway, read in a short transaction of its own."""

    refund_id: uuid.UUID
    channel: str
    order: OrderView
    refund: RefundView
    creds: Credentials


async def gateway_refund(db: AsyncSession, refund_id: uuid.UUID) -> GatewayRefund | None:
    """The refund still to ask a gateway for, or None (done, failed, or never through one)."""
    row = await db.get(PaymentRefund, refund_id)
    if row is None or row.state != RefundState.requested:
        return None
    order = await get_order(db, row.order_id)
    if order.channel not in GATEWAYS:
        return None
    creds = await _credentials(db, order.organisation_id, str(order.channel))
    if creds is None:
        raise GatewayError(f"no {order.channel} account configured at the payee")
    return GatewayRefund(row.id, str(order.channel), _view(order),
                         RefundView(row.number, row.amount_fen, row.reason), creds)


async def stale_refunds(db: AsyncSession, clock: Clock) -> list[uuid.UUID]:
    """Gateway refunds still unanswered a few minutes after they were asked (the job was lost)."""
    rows = await db.execute(select(PaymentRefund.id).where(
        PaymentRefund.state == RefundState.requested,
        PaymentRefund.created_at <= clock.now() - timedelta(minutes=5)))
    return list(rows.scalars().all())


# ---------------------------------------------------------------- channel accounts


async def _config(db: AsyncSession, org_id: uuid.UUID, channel: str
                  ) -> PaymentChannelConfig | None:
    return (await db.execute(select(PaymentChannelConfig).where(
        PaymentChannelConfig.organisation_id == org_id,
        PaymentChannelConfig.channel == ChannelName(channel)))).scalar_one_or_none()


def _secrets(row: PaymentChannelConfig) -> dict[str, str]:
    return json.loads(row.secrets) if row.secrets else {}


def _missing(channel: str, settings: dict[str, Any], secrets: dict[str, str]) -> list[str]:
    ch = CHANNELS[channel]
    return ([f for f in ch.setting_fields if not settings.get(f)]
            + [f for f in ch.secret_fields if not secrets.get(f)])


async def _credentials(db: AsyncSession, org_id: uuid.UUID, channel: str) -> Credentials | None:
    """The organisation's account at a gateway, when enabled and complete."""
    row = await _config(db, org_id, channel)
    if row is None or not row.enabled:
        return None
    creds = Credentials(dict(row.settings), _secrets(row))
    return None if _missing(channel, creds.settings, creds.secrets) else creds


async def _usable(db: AsyncSession, settings: Settings, org_id: uuid.UUID, channel: str) -> bool:
    if channel == ChannelName.demo:
        return settings.demo_payments
    if channel == ChannelName.clinic:  # on unless the organisation turned it off
        row = await _config(db, org_id, channel)
        return row is None or row.enabled
    return await _credentials(db, org_id, channel) is not None


# ---------------------------------------------------------------- the API's operations


async def _readable(db: AsyncSession, actor: Actor, order_id: uuid.UUID
                    ) -> tuple[PaymentOrder, str, uuid.UUID | None]:
    """The order, its payee's path and the patient's home, for someone who may read it; 404 for
    an unknown order, an audited 403 for anyone else."""
    order = await get_order(db, order_id)
    org = await alliance.get_organisation(db, order.organisation_id)
    home = await patients.home_of(db, order.patient_id)
    if not policy.may_read(actor, order.organisation_id, org.path, order.patient_id,
                           order.payer_user_id, home):
        raise NotYours("this order is not yours to see").about(ENTITY, order.id,
                                                               order.organisation_id)
    return order, org.path, home


def _require_payer(actor: Actor, order: PaymentOrder) -> None:
    if not policy.is_payer(actor, order.patient_id, order.payer_user_id):
        raise NotYours("only the payer may do this").about(ENTITY, order.id,
                                                           order.organisation_id)


def _log_reads(db: AsyncSession, clock: Clock, actor: Actor, orders: list[PaymentOrder],
               homes: dict[uuid.UUID, uuid.UUID | None], what: str, *, listed: bool) -> None:
    """An order names its patient and what they were treated for: seeing orders is a read of
    each patient shown, once per patient (the newest order shown as the entry's reference), on
    the ground of the order. An order read alone is logged for anyone, as a case read is (the
    patient's own reads as theirs, a proxy's as the proxy's); the patient's own and their
    proxies' lists are not, as with their lists of cases (the caller commits)."""
    if listed and not actor.is_staff:
        return
    shown: dict[uuid.UUID, PaymentOrder] = {}
    for o in orders:
        shown.setdefault(o.patient_id, o)
    for patient_id, o in shown.items():
        patients.log_read(db, clock, actor, patient_id, homes[patient_id], what, patients.read_basis(actor, patient_id, Basis.case),
                          ref=o.number, entity_type=ENTITY, entity_id=o.id)


async def order_out(db: AsyncSession, clock: Clock, actor: Actor, order_id: uuid.UUID
                    ) -> PaymentOrderOut:
    order, _, home = await _readable(db, actor, order_id)
    homes = {order.patient_id: home}
    out = (await _outs(db, actor, [order], homes))[0]
    _log_reads(db, clock, actor, [order], homes, "payment_order.read", listed=False)
    await db.commit()  # the access log's entry
    return out


async def _mays(db: AsyncSession, actor: Actor, orders: list[PaymentOrder],
                homes: dict[uuid.UUID, uuid.UUID | None]) -> dict[uuid.UUID, tuple[bool, bool]]:
    """Whether the reader may collect each order at the clinic (pending) and refund it (paid)."""
    paths = {o: (await alliance.get_organisation(db, o)).path
             for o in {o.organisation_id for o in orders}}
    return {o.id: (o.state == OrderState.pending and policy.may_collect(
                       actor, o.organisation_id, homes[o.patient_id]),
                   o.state in REFUNDABLE and policy.may_refund(actor, paths[o.organisation_id]))
            for o in orders}


async def _outs(db: AsyncSession, actor: Actor, orders: list[PaymentOrder],
                homes: dict[uuid.UUID, uuid.UUID | None] | None = None) -> list[PaymentOrderOut]:
    """The orders as shown; ``homes``, each one's patient's home organisation, when the caller
    has them already."""
    if homes is None:
        homes = await patients.homes_of(db, {o.patient_id for o in orders})
    ids = [o.id for o in orders]
    mays = await _mays(db, actor, orders, homes)
    items: dict[uuid.UUID, list[PaymentOrderItem]] = {i: [] for i in ids}
    refunds: dict[uuid.UUID, list[PaymentRefund]] = {i: [] for i in ids}
    if ids:
        for item in (await db.execute(select(PaymentOrderItem).where(
                PaymentOrderItem.order_id.in_(ids)).order_by(PaymentOrderItem.code,
                                                             PaymentOrderItem.id))).scalars():
            items[item.order_id].append(item)
        for r in (await db.execute(select(PaymentRefund).where(PaymentRefund.order_id.in_(ids))
                                   .order_by(PaymentRefund.created_at, PaymentRefund.id)
                                   )).scalars():
            refunds[r.order_id].append(r)
    orgs = await alliance.names(db, {o.organisation_id for o in orders})
    pats = await patients.names(db, {o.patient_id for o in orders})
    people = await identity.display_names(db, {u for o in orders for u in (
        o.collected_by, *(r.requested_by for r in refunds[o.id])) if u is not None})
    return [PaymentOrderOut(
        id=o.id, number=o.number, organisation_id=o.organisation_id,
        organisation_name=orgs.get(o.organisation_id, ""), patient_id=o.patient_id,
        patient_name=pats.get(o.patient_id, ""), payer_user_id=o.payer_user_id,
        subject_type=o.subject_type, subject_id=o.subject_id, description=o.description,
        total_fen=o.total_fen, paid_fen=o.paid_fen, refunded_fen=o.refunded_fen, state=o.state,
        channel=o.channel, channel_trade_no=o.channel_trade_no,
        collected_by_name=people.get(o.collected_by) if o.collected_by else None,
        expires_at=o.expires_at, created_at=o.created_at, paid_at=o.paid_at,
        closed_at=o.closed_at, close_reason=o.close_reason,
        may_collect=mays[o.id][0], may_refund=mays[o.id][1],
        items=[PaymentItemOut(code=i.code, name=i.name, unit_fen=i.unit_fen, quantity=i.quantity,
                       amount_fen=i.amount_fen) for i in items[o.id]],
        refunds=[PaymentRefundOut(
            id=r.id, number=r.number, amount_fen=r.amount_fen, reason=r.reason, state=r.state,
            channel_refund_no=r.channel_refund_no, failure=r.failure,
            requested_by_name=people.get(r.requested_by) if r.requested_by else None,
            created_at=r.created_at, finished_at=r.finished_at) for r in refunds[o.id]],
    ) for o in orders]


def _day_range(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time(), SHANGHAI)
    return start, start + timedelta(days=1)


async def list_orders(db: AsyncSession, clock: Clock, actor: Actor, *, state: OrderState | None,
                      day: date | None, patient_id: uuid.UUID | None, cursor: str | None,
                      limit: int) -> Page[PaymentOrderOut]:
    """The patient's own and their proxies' orders, those the actor pays, and for the payee's
    office the orders of the organisations it covers; newest first."""
    mine = [PaymentOrder.payer_user_id == actor.user_id]
    if actor.role == Role.patient and actor.patient_ids:
        mine.append(PaymentOrder.patient_id.in_(actor.patient_ids))
    if actor.role in policy.OFFICE and actor.org_path:
        mine.append(PaymentOrder.organisation_id.in_(alliance.ids_under(actor.org_path)))
    stmt = select(PaymentOrder).where(or_(*mine))
    if state is not None:
        stmt = stmt.where(PaymentOrder.state == state)
    if day is not None:
        start, end = _day_range(day)
        stmt = stmt.where(PaymentOrder.created_at >= start, PaymentOrder.created_at < end)
    if patient_id is not None:
        stmt = stmt.where(PaymentOrder.patient_id == patient_id)
    rows, nxt = await paginate(db, stmt, [PaymentOrder.created_at, PaymentOrder.id],
                               cursor=cursor, limit=limit, descending=True)
    homes = await patients.homes_of(db, {o.patient_id for o in rows})
    items = await _outs(db, actor, rows, homes)
    _log_reads(db, clock, actor, rows, homes, "payment_order.listed", listed=True)
    await db.commit()  # the access log's entries
    return Page(items=items, next_cursor=nxt)


def notify_url(settings: Settings, channel: str, org_id: uuid.UUID) -> str:
    return f"{settings.public_base_url.rstrip('/')}/api/v1/payments/notify/{channel}/{org_id}"


def gateway_url(settings: Settings, channel: str) -> str | None:
    return {"wechat": settings.wechatpay_api_url,
            "alipay": settings.alipay_gateway_url}.get(channel)


async def start_payment(db: AsyncSession, clock: Clock, settings: Settings, actor: Actor,
                        order_id: uuid.UUID, channel: str) -> PayOut:
    """What the payer's browser needs to pay through ``channel``. The gateway is asked outside
    any transaction; the channel is then noted on the order (audited)."""
    order, _, _ = await _readable(db, actor, order_id)
    _require_payer(actor, order)
    if order.state != OrderState.pending or order.expires_at <= clock.now():
        raise OrderNotPayable(f"the order is {order.state}")
    if not await _usable(db, settings, order.organisation_id, channel):
        raise ChannelUnavailable(f"{channel} is not available for this organisation")
    ch = CHANNELS[channel]
    creds = await _credentials(db, order.organisation_id, channel) or Credentials()
    view = _view(order)
    await db.commit()  # the gateway call holds no transaction
    try:
        params = await asyncio.to_thread(
            ch.start, view, creds, notify_url=notify_url(settings, channel, order.organisation_id),
            gateway=gateway_url(settings, channel))
    except GatewayError as e:
        raise GatewayUnavailable(str(e)[:200]) from e
    order = await _lock(db, order_id)
    if order.state != OrderState.pending:
        raise OrderNotPayable(f"the order is {order.state}")
    order.channel = ChannelName(channel)
    await _audit(db, clock, actor, "payments.order.start", order, {"channel": channel})
    await db.commit()
    return PayOut(order_id=order.id, channel=ChannelName(channel), label_zh=ch.label_zh,
                  label_en=ch.label_en, params=params)


async def demo_confirm(db: AsyncSession, clock: Clock, settings: Settings, actor: Actor,
                       order_id: uuid.UUID) -> PaymentOrderOut:
    order, _, _ = await _readable(db, actor, order_id)
    _require_payer(actor, order)
    if not settings.demo_payments:
        raise ChannelUnavailable("the demo channel is off on this server")
    order = await _lock(db, order_id)
    if order.state != OrderState.pending or order.expires_at <= clock.now():
        raise OrderNotPayable(f"the order is {order.state}")
    await _record_payment(db, clock, order, channel=ChannelName.demo,
                          trade_no=f"DEMO-{order.number}", amount_fen=order.total_fen,
                          actor=actor)
    out = (await _outs(db, actor, [order]))[0]
    await db.commit()
    return out


async def collect(db: AsyncSession, clock: Clock, settings: Settings, actor: Actor,
                  order_id: uuid.UUID, *, receipt_no: str, amount_fen: int) -> PaymentOrderOut:
    """Money handed over at the payee's desk or to the patient's village doctor."""
    order = await get_order(db, order_id)
    home = await patients.home_of(db, order.patient_id)
    if not policy.may_collect(actor, order.organisation_id, home):
        raise NotYours("money is collected by the payee's staff or the patient's village "
                       "doctor").about(ENTITY, order.id, order.organisation_id)
    if not await _usable(db, settings, order.organisation_id, ChannelName.clinic):
        raise ChannelUnavailable("this organisation does not take payment at the clinic")
    order = await _lock(db, order_id)
    if order.state != OrderState.pending:
        raise OrderNotPayable(f"the order is {order.state}")
    if amount_fen != order.total_fen:
        raise AmountMismatch(f"{order.total_fen} fen are due", due_fen=order.total_fen)
    await _record_payment(db, clock, order, channel=ChannelName.clinic, trade_no=receipt_no,
                          amount_fen=amount_fen, actor=actor, collected_by=actor.user_id)
    out = (await _outs(db, actor, [order]))[0]
    await db.commit()
    return out


async def cancel_by_payer(db: AsyncSession, clock: Clock, actor: Actor, order_id: uuid.UUID,
                          reason: str) -> PaymentOrderOut:
    order, _, _ = await _readable(db, actor, order_id)
    _require_payer(actor, order)
    order = await cancel_order(db, clock, order_id, reason=reason, actor=actor)
    out = (await _outs(db, actor, [order]))[0]
    await db.commit()
    return out


async def refund_by(db: AsyncSession, clock: Clock, actor: Actor, order_id: uuid.UUID, *,
                    amount_fen: int | None, reason: str) -> PaymentOrderOut:
    order = await get_order(db, order_id)
    org = await alliance.get_organisation(db, order.organisation_id)
    if not policy.may_refund(actor, org.path):
        raise NotYours("refunds are made by the payee's office").about(
            ENTITY, order.id, order.organisation_id)
    await refund(db, clock, order_id, amount_fen=amount_fen, reason=reason, actor=actor)
    out = (await _outs(db, actor, [await get_order(db, order_id)]))[0]
    await db.commit()
    return out


# ---------------------------------------------------------------- gateway notifications


def _refusal(org_id: uuid.UUID, channel: str, reason: str, cls: type[Problem] = Refused
             ) -> Problem:
    return cls(reason).about("payment_notification", f"{channel}:{org_id}", org_id)


async def receive_notification(db: AsyncSession, clock: Clock, channel: str,
                               organisation_id: uuid.UUID, headers: dict[str, str],
                               body: bytes) -> str:
    """A gateway's payment notification: verified with the organisation's account (an audited
    refusal otherwise), recorded once and committed; a replay finds its row and changes nothing.
    Returns the outcome, for the caller to answer the gateway its way."""
    creds = await _credentials(db, organisation_id, channel)
    if creds is None:
        raise _refusal(organisation_id, channel, "no such account")
    try:
        note: Notification = CHANNELS[channel].verify_notification(creds, headers, body,
                                                                   clock.now())
    except Refused as e:
        raise _refusal(organisation_id, channel, e.detail or "refused") from None
    order_id = (await db.execute(select(PaymentOrder.id).where(
        PaymentOrder.organisation_id == organisation_id,
        PaymentOrder.number == note.order_number))).scalar_one_or_none()
    if order_id is None:
        raise _refusal(organisation_id, channel, "no such order at this organisation")
    order = await _lock(db, order_id)  # replays and rivals queue here
    seen = (await db.execute(select(PaymentNotification.outcome).where(
        PaymentNotification.channel == ChannelName(channel),
        PaymentNotification.notification_id == note.notification_id))).scalar_one_or_none()
    if seen is not None:
        await db.rollback()
        return "ignored-duplicate"
    if note.paid and note.amount_fen != order.total_fen:
        raise _refusal(organisation_id, channel,
                       f"the amount {note.amount_fen} differs from the order's {order.total_fen}",
                       AmountMismatch)
    if not note.paid:
        outcome = "not-paid"
    elif order.channel_trade_no == note.trade_no and order.paid_at is not None:
        outcome = "already-paid"
    elif order.paid_at is not None:
        # Paid twice (another channel, another trade): left for the office to refund by hand
        # after reconciliation, flagged so that it is found.
        outcome = "double-payment"
        await _audit(db, clock, None, "payments.order.double-payment", order,
                     {"channel": channel, "trade_no": note.trade_no,
                      "amount_fen": note.amount_fen}, flag="double-payment")
    else:
        outcome = await _record_payment(db, clock, order, channel=ChannelName(channel),
                                        trade_no=note.trade_no, amount_fen=note.amount_fen,
                                        actor=None)
    db.add(PaymentNotification(
        channel=ChannelName(channel), notification_id=note.notification_id,
        organisation_id=organisation_id, order_id=order.id,
        body_digest=hashlib.sha256(body).hexdigest(), received_at=clock.now(), outcome=outcome))
    await db.commit()
    return outcome


# ---------------------------------------------------------------- reconciliation


async def reconciliation(db: AsyncSession, actor: Actor, organisation_id: uuid.UUID, day: date,
                         channel: ChannelName | None) -> PaymentReconciliationOut:
    """The day's money in (payments by when they were paid) and out (refunds by when they
    succeeded) at an organisation, with totals per channel: to match against the bills."""
    org = await alliance.get_organisation(db, organisation_id)
    if not policy.may_reconcile(actor, org.path):
        raise Forbidden("the reconciliation is for the organisation's office",
                        code="not-your-organisation").about("organisation", org.id, org.id)
    start, end = _day_range(day)
    paid = select(PaymentOrder).where(
        PaymentOrder.organisation_id == organisation_id, PaymentOrder.paid_at >= start,
        PaymentOrder.paid_at < end)
    refunds = select(PaymentRefund, PaymentOrder).join(
        PaymentOrder, PaymentOrder.id == PaymentRefund.order_id).where(
        PaymentOrder.organisation_id == organisation_id,
        PaymentRefund.state == RefundState.succeeded, PaymentRefund.finished_at >= start,
        PaymentRefund.finished_at < end)
    if channel is not None:
        paid = paid.where(PaymentOrder.channel == channel)
        refunds = refunds.where(PaymentOrder.channel == channel)
    moves = [PaymentMovementOut(kind="payment", at=o.paid_at, order_id=o.id, order_number=o.number,
                         refund_number=None, channel=o.channel, channel_ref=o.channel_trade_no,
                         amount_fen=o.paid_fen)
             for o in (await db.execute(paid)).scalars() if o.paid_at and o.channel]
    moves += [PaymentMovementOut(kind="refund", at=r.finished_at, order_id=o.id, order_number=o.number,
                          refund_number=r.number, channel=o.channel,
                          channel_ref=r.channel_refund_no, amount_fen=-r.amount_fen)
              for r, o in (await db.execute(refunds)).all() if r.finished_at and o.channel]
    moves.sort(key=lambda m: (m.at, m.order_number, m.refund_number or ""))
    totals: dict[ChannelName, PaymentChannelTotal] = {}
    for m in moves:
        t = totals.setdefault(m.channel, PaymentChannelTotal(channel=m.channel, paid_fen=0,
                                                      refunded_fen=0, net_fen=0, payments=0,
                                                      refunds=0))
        if m.kind == "payment":
            t.paid_fen += m.amount_fen
            t.payments += 1
        else:
            t.refunded_fen -= m.amount_fen
            t.refunds += 1
        t.net_fen += m.amount_fen
    return PaymentReconciliationOut(organisation_id=organisation_id, day=day.isoformat(),
                             movements=moves,
                             totals=sorted(totals.values(), key=lambda t: t.channel))


# ---------------------------------------------------------------- configuring channels


async def _configurable(db: AsyncSession, actor: Actor, org_id: uuid.UUID) -> None:
    org = await alliance.get_organisation(db, org_id)
    if not policy.may_configure(actor, org.path):
        raise Forbidden("payment channels are set by the organisation's admin",
                        code="not-your-organisation").about("organisation", org.id, org.id)


async def channels_out(db: AsyncSession, settings: Settings, actor: Actor, org_id: uuid.UUID
                       ) -> PaymentChannelsOut:
    await _configurable(db, actor, org_id)
    rows = {r.channel: r for r in (await db.execute(select(PaymentChannelConfig).where(
        PaymentChannelConfig.organisation_id == org_id))).scalars()}
    out = []
    for name, ch in CHANNELS.items():
        if name == ChannelName.demo:
            continue
        row = rows.get(ChannelName(name))
        sets = {k: str(v) for k, v in (row.settings if row else {}).items()}
        secrets = _secrets(row) if row else {}
        missing = _missing(name, sets, secrets)
        enabled = row.enabled if row else name == ChannelName.clinic
        out.append(PaymentChannelOut(
            channel=ChannelName(name), label_zh=ch.label_zh, label_en=ch.label_en,
            enabled=enabled, usable=enabled and not missing, settings=sets,
            secrets_set=sorted(secrets), missing=missing,
            updated_at=row.updated_at if row else None))
    return PaymentChannelsOut(organisation_id=org_id, demo_enabled=settings.demo_payments,
                       channels=out)


async def configure(db: AsyncSession, clock: Clock, settings: Settings, actor: Actor,
                    org_id: uuid.UUID, data: PaymentChannelIn) -> PaymentChannelsOut:
    """Sets an organisation's account at a channel; secrets are write-only. Enabling a gateway
    needs every setting and secret, and keys that load."""
    await _configurable(db, actor, org_id)
    name = str(data.channel)
    if name == ChannelName.demo:
        raise ValidationFailed.field("channel", "the demo channel is set by the server's settings")
    ch = CHANNELS[name]
    for field, sent, allowed in (("settings", data.settings, ch.setting_fields),
                                 ("secrets", data.secrets, ch.secret_fields)):
        unknown = sorted(set(sent or {}) - set(allowed))
        if unknown:
            raise ValidationFailed.field(field, f"{name} has no {', '.join(unknown)}")
    row = await _config(db, org_id, name)
    if row is None:
        row = PaymentChannelConfig(organisation_id=org_id, channel=ChannelName(name),
                                   settings={}, updated_at=clock.now())
        db.add(row)
    sets = {**row.settings, **(data.settings or {})}
    secrets = {**_secrets(row), **(data.secrets or {})}
    if data.enabled and name in GATEWAYS:
        missing = _missing(name, sets, secrets)
        if missing:
            raise ValidationFailed.field("settings" if set(missing) & set(ch.setting_fields)
                                         else "secrets", f"still missing: {', '.join(missing)}")
        problem = ch.check(Credentials(sets, secrets))
        if problem:
            field, _, message = problem.partition(": ")
            raise ValidationFailed.field(field, message)
    row.enabled, row.settings = data.enabled, sets
    row.secrets = json.dumps(secrets) if secrets else None
    row.updated_at, row.updated_by = clock.now(), actor.user_id
    await db.flush()
    await audit.record(db, clock, actor, "payments.channel.configure",
                       entity_type="payment_channel_config", entity_id=row.id,
                       subject_org_id=org_id,
                       detail={"channel": name, "enabled": data.enabled,
                               "settings": sorted(data.settings or {}),
                               "secrets": sorted(data.secrets or {})})
    await db.commit()
    return await channels_out(db, settings, actor, org_id)
