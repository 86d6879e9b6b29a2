"""Notifications: requested in the caller's transaction, landed in inboxes by a subscriber, sent
outward by jobs that keep their retry state in the database.

``notify()`` only validates and emits "notification.requested"; the subscriber
(handlers.create_inbox) writes one inbox row per user and one delivery row per outward channel
the user enabled, and tells the user's browsers ("notification.created"). The relay's receipt
makes that subscriber run once per event, so a redelivered event never makes a second row.
"""

from __future__ import annotations

import base64
import json
import random
import re
import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, and_, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from yilian.core import audit, events
from yilian.core.authz import Actor
from yilian.core.clock import Clock, FrozenClock
from yilian.core.crypto import keyring
from yilian.core.errors import NotFound, ValidationFailed
from yilian.core.events import Event
from yilian.core.logging import get_logger
from yilian.messaging.notifications import channels, templates
from yilian.messaging.notifications.models import (
    Delivery,
    DeliveryStatus,
    Notification,
    Preference,
)
from yilian.messaging.notifications.schemas import (
    ChannelPreferenceOut,
    NotificationOut,
    PreferencesIn,
    PreferencesOut,
    UnreadCount,
)
from yilian.messaging.notifications.templates import OutwardChannel
from yilian.patients.service import normalise_phone
from yilian.settings import Settings

log = get_logger(__name__)

MAX_ATTEMPTS = 8
RETRY_BASE = timedelta(seconds=30)
RETRY_CAP = timedelta(hours=1)
# A delivery being sent is not due for this long, so the sweep does not send it twice.
SEND_LEASE = timedelta(minutes=5)
SWEEP_BATCH = 500
# The requested parameters travel in the outbox sealed: a case title is clinical text, and the
# outbox is read by every relay and kept for replay.
_SEALED = "notifications.request"
_LINK = re.compile(r"/(?!/)[\w\-./?=&%#~]{0,499}")
_MOBILE_CN = re.compile(r"1[3-9]\d{9}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_OPENID = re.compile(r"[A-Za-z0-9_-]{10,64}")


# --- requesting ---------------------------------------------------------------------------------


async def notify(
    db: AsyncSession,
    clock: Clock,
    *,
    user_ids: Iterable[uuid.UUID],
    template: str,
    params: dict[str, Any],
    entity_type: str | None = None,
    entity_id: Any = None,
    link: str | None = None,
) -> None:
    """Notify users, inside the caller's transaction (nothing happens unless it commits).

    Raises ValueError for an unknown template, parameters it does not allow or lacks, a value
    that would put an identifier into an outward text, or a link that is not an in-app path.
    """
    clean = templates.clean_params(template, params)
    if link is not None and not _LINK.fullmatch(link):
        raise ValueError("link must be a path inside the application, e.g. /cases/<id>")
    if entity_type is not None and len(entity_type) > 64:
        raise ValueError("entity_type is longer than 64 characters")
    if entity_id is not None and len(str(entity_id)) > 64:
        raise ValueError("entity_id is longer than 64 characters")
    users = sorted({uuid.UUID(str(u)) for u in user_ids})
    if not users:
        return
    await events.emit(db, clock, "notification.requested", entity_type=entity_type,
                      entity_id=entity_id, payload={
                          "template": template, "user_ids": [str(u) for u in users], "link": link,
                          "sealed": keyring().encrypt(json.dumps(clean), _SEALED)})


async def create_inbox(db: AsyncSession, event: Event) -> list[uuid.UUID]:
    """The subscriber's work for one "notification.requested": inbox rows, delivery rows and a
    "notification.created" per user. Returns the deliveries to send once this commits."""
    key = event.payload["template"]
    try:
        template = templates.get_template(key)
    except ValueError:
        # Removed from the code since it was requested: nothing could render it.
        log.warning("notification.unknown_template", template=key, seq=event.seq)
        return []
    params = keyring().decrypt(event.payload["sealed"], _SEALED)
    users = [uuid.UUID(u) for u in event.payload["user_ids"]]
    # The relay hands subscribers no clock; a notification is dated when it was requested.
    at = event.at
    wanted: dict[uuid.UUID, list[OutwardChannel]] = {}
    if template.channels:
        rows = await db.execute(
            select(Preference.user_id, Preference.channel)
            .where(Preference.user_id.in_(users), Preference.enabled.is_(True),
                   Preference.channel.in_(sorted(template.channels)))
            .order_by(Preference.channel)
        )
        for user_id, channel in rows:
            wanted.setdefault(user_id, []).append(channel)
    created: dict[uuid.UUID, uuid.UUID] = {}
    deliveries: list[uuid.UUID] = []
    for user_id in users:
        n = Notification(id=uuid.uuid4(), user_id=user_id, template=key, params=params,
                         entity_type=event.entity_type, entity_id=event.entity_id,
                         link=event.payload.get("link"), created_at=at)
        db.add(n)
        created[user_id] = n.id
    # The inbox rows first: without a relationship() the flush would not order the inserts.
    await db.flush()
    for user_id, notification_id in created.items():
        for channel in wanted.get(user_id, []):
            d = Delivery(id=uuid.uuid4(), notification_id=notification_id, user_id=user_id,
                         channel=channel, status=DeliveryStatus.pending, attempts=0,
                         next_attempt_at=at, created_at=at)
            db.add(d)
            deliveries.append(d.id)
    await db.flush()
    counts = await _unread_counts(db, users)
    for user_id, notification_id in created.items():
        await events.emit(db, FrozenClock(at), "notification.created", entity_type="notification",
                          entity_id=notification_id, recipients=[user_id], payload={
                              "notification_id": str(notification_id), "template": key,
                              "entity_type": event.entity_type, "entity_id": event.entity_id,
                              "unread_count": counts.get(user_id, 0)})
    return deliveries


# --- outward delivery -----------------------------------------------------------------------


def retry_delay(attempts: int) -> timedelta:
    """Exponential from RETRY_BASE, capped, with jitter so failed sends do not retry in step."""
    full = min(RETRY_CAP, RETRY_BASE * 2 ** max(attempts - 1, 0))
    return full * random.uniform(0.5, 1.0)


async def deliver(
    sessionmaker: async_sessionmaker[AsyncSession], clock: Clock, settings: Settings,
    delivery_id: uuid.UUID,
) -> None:
    """One attempt at one delivery, if it is still pending and due; records the outcome."""
    now = clock.now()
    async with sessionmaker() as db:
        # Claiming counts the attempt, so even an attempt that dies with its process is counted.
        claimed = cast(CursorResult[Any], await db.execute(
            update(Delivery)
            .where(Delivery.id == delivery_id, Delivery.status == DeliveryStatus.pending,
                   Delivery.next_attempt_at <= now)
            .values(attempts=Delivery.attempts + 1, next_attempt_at=now + SEND_LEASE)
            .execution_options(synchronize_session=False)
        ))
        if claimed.rowcount == 0:
            await db.rollback()
            return
        d = await db.get(Delivery, delivery_id)
        assert d is not None
        n = await db.get(Notification, d.notification_id)
        assert n is not None  # a delivery's notification (foreign key)
        pref = await db.get(Preference, (d.user_id, d.channel))
        await db.commit()
    status, error = DeliveryStatus.sent, None
    try:
        if pref is None or not pref.enabled or not pref.address:
            raise _Final("the user turned the channel off")
        try:
            subject, text = templates.render_outward(n.template, json.loads(n.params))
        except ValueError:
            raise _Final("the outward text was refused") from None
        await channels.channel_for(d.channel, settings).send(pref.address, subject, text,
                                                             template=n.template)
    except _Final as exc:
        status, error = DeliveryStatus.failed, str(exc)
    except channels.ChannelError as exc:
        status, error = DeliveryStatus.pending, str(exc)[:200]
    except Exception as exc:  # a channel's own bug: kept short, without its message
        status, error = DeliveryStatus.pending, type(exc).__name__
    done = clock.now()
    values: dict[str, Any] = {"last_error": error}
    if status == DeliveryStatus.sent:
        values.update(status=status, sent_at=done)
    elif status == DeliveryStatus.pending and d.attempts < MAX_ATTEMPTS:
        values.update(next_attempt_at=done + retry_delay(d.attempts))
    else:
        values.update(status=DeliveryStatus.failed)
    log.info("notification.delivery_attempt", delivery=str(d.id), channel=d.channel.value,
             template=n.template, attempt=d.attempts, outcome=values.get("status", "retry"))
    async with sessionmaker() as db:
        await db.execute(update(Delivery).where(Delivery.id == delivery_id).values(**values)
                         .execution_options(synchronize_session=False))
        await db.commit()


class _Final(Exception):
    """A delivery that no retry could help."""


async def due_deliveries(
    sessionmaker: async_sessionmaker[AsyncSession], clock: Clock
) -> list[uuid.UUID]:
    """Pending deliveries whose next attempt is due (the retry sweep)."""
    async with sessionmaker() as db:
        rows = await db.execute(
            select(Delivery.id)
            .where(Delivery.status == DeliveryStatus.pending,
                   Delivery.next_attempt_at <= clock.now())
            .order_by(Delivery.next_attempt_at)
            .limit(SWEEP_BATCH)
        )
        ids = list(rows.scalars())
        await db.rollback()
    return ids


# --- the inbox ------------------------------------------------------------------------------


async def _unread_counts(db: AsyncSession, users: list[uuid.UUID]) -> dict[uuid.UUID, int]:
    rows = await db.execute(
        select(Notification.user_id, func.count())
        .where(Notification.user_id.in_(users), Notification.read_at.is_(None))
        .group_by(Notification.user_id)
    )
    return dict(rows.all())


async def unread_count(db: AsyncSession, user_id: uuid.UUID) -> int:
    return (await _unread_counts(db, [user_id])).get(user_id, 0)


def _encode_cursor(n: Notification) -> str:
    raw = json.dumps([n.created_at.isoformat(), str(n.id)]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[datetime, uuid.UUID]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
        if not (isinstance(values, list) and len(values) == 2
                and all(isinstance(v, str) for v in values)):
            raise ValueError
        at, nid = datetime.fromisoformat(values[0]), uuid.UUID(values[1])
        if at.tzinfo is None:
            raise ValueError
    except ValueError:
        raise ValidationFailed.field("cursor", "not a cursor this server issued") from None
    return at, nid


def _out(n: Notification, lang: str) -> NotificationOut:
    try:
        title, body = templates.render(n.template, json.loads(n.params), lang)
    except (ValueError, KeyError):
        # A template removed or changed since: still list the entry rather than fail the inbox.
        title, body = n.template, ""
    return NotificationOut(id=n.id, template=n.template, title=title, body=body, link=n.link,
                           entity_type=n.entity_type, entity_id=n.entity_id,
                           created_at=n.created_at, read_at=n.read_at)


async def list_notifications(
    db: AsyncSession, actor: Actor, *, lang: str, unread: bool, cursor: str | None, limit: int,
) -> tuple[list[NotificationOut], str | None]:
    """The actor's own notifications, newest first."""
    stmt = select(Notification).where(Notification.user_id == actor.user_id)
    if unread:
        stmt = stmt.where(Notification.read_at.is_(None))
    if cursor:
        at, nid = _decode_cursor(cursor)
        stmt = stmt.where(or_(Notification.created_at < at,
                              and_(Notification.created_at == at, Notification.id < nid)))
    stmt = stmt.order_by(Notification.created_at.desc(), Notification.id.desc()).limit(limit + 1)
    rows = list((await db.execute(stmt)).scalars())
    next_cursor = _encode_cursor(rows[limit - 1]) if len(rows) > limit else None
    return [_out(n, lang) for n in rows[:limit]], next_cursor


async def mark_read(
    db: AsyncSession, clock: Clock, actor: Actor, notification_id: uuid.UUID
) -> UnreadCount:
    n = await db.get(Notification, notification_id)
    # Someone else's notification is answered exactly like a missing one.
    if n is None or n.user_id != actor.user_id:
        raise NotFound("no such notification")
    if n.read_at is not None:
        return UnreadCount(unread_count=await unread_count(db, actor.user_id))
    n.read_at = clock.now()
    await db.flush()
    count = await unread_count(db, actor.user_id)
    # Read marks are the user's own view state, not a record: told to their other tabs, not audited.
    await events.emit(db, clock, "notification.read", entity_type="notification", entity_id=n.id,
                      recipients=[actor.user_id],
                      payload={"notification_id": str(n.id), "unread_count": count})
    await db.commit()
    return UnreadCount(unread_count=count)


async def mark_all_read(db: AsyncSession, clock: Clock, actor: Actor) -> UnreadCount:
    result = cast(CursorResult[Any], await db.execute(
        update(Notification)
        .where(Notification.user_id == actor.user_id, Notification.read_at.is_(None))
        .values(read_at=clock.now())
        .execution_options(synchronize_session=False)
    ))
    if result.rowcount:
        await events.emit(db, clock, "notification.read", recipients=[actor.user_id],
                          payload={"notification_id": None, "unread_count": 0})
    await db.commit()
    return UnreadCount(unread_count=0)


# --- preferences ----------------------------------------------------------------------------


async def get_preferences(db: AsyncSession, actor: Actor) -> PreferencesOut:
    rows = await db.execute(select(Preference).where(Preference.user_id == actor.user_id))
    stored = {p.channel: p for p in rows.scalars()}
    return PreferencesOut(channels=[
        ChannelPreferenceOut(channel=c, enabled=stored[c].enabled if c in stored else False,
                             address=stored[c].address if c in stored else None)
        for c in OutwardChannel
    ])


def _address(channel: OutwardChannel, value: str | None, field: str) -> str | None:
    value = (value or "").strip()
    if not value:
        return None
    if channel == OutwardChannel.sms:
        try:
            number = normalise_phone(value)
        except ValidationFailed:
            number = None
        if number is None or not _MOBILE_CN.fullmatch(number):
            raise ValidationFailed.field(field, "must be a mainland mobile number")
        return number
    if channel == OutwardChannel.email:
        if not _EMAIL.fullmatch(value):
            raise ValidationFailed.field(field, "is not an e-mail address")
        return value
    if not _OPENID.fullmatch(value):
        raise ValidationFailed.field(field, "is not a WeChat openid")
    return value


async def set_preferences(
    db: AsyncSession, clock: Clock, actor: Actor, body: PreferencesIn
) -> PreferencesOut:
    seen: set[OutwardChannel] = set()
    checked: list[tuple[OutwardChannel, bool, str | None]] = []
    for i, item in enumerate(body.channels):
        field = f"channels.{i}.address"
        if item.channel in seen:
            raise ValidationFailed.field(f"channels.{i}.channel", "is listed twice")
        seen.add(item.channel)
        address = _address(item.channel, item.address, field)
        if item.enabled and address is None:
            raise ValidationFailed.field(field, "is needed to turn the channel on")
        checked.append((item.channel, item.enabled, address))
    now = clock.now()
    for channel, enabled, address in checked:
        pref = await db.get(Preference, (actor.user_id, channel))
        if pref is None:
            pref = Preference(user_id=actor.user_id, channel=channel)
            db.add(pref)
        pref.enabled, pref.address, pref.updated_at = enabled, address, now
    await db.flush()
    result = await get_preferences(db, actor)
    await audit.record(db, clock, actor, "notifications.preferences_changed", entity_type="user",
                       entity_id=actor.user_id, detail={
                           "enabled": [c.channel.value for c in result.channels if c.enabled]})
    await db.commit()
    return result
