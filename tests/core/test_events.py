"""Outbox events: committed with the change or not at all, delivered at least once, handled
with effect exactly once, retried with backoff, and in commit order."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select, update

from yilian.core import audit, events
from yilian.core.events import (
    Event,
    EventRecipient,
    HandledEvent,
    OutboxEvent,
    Registry,
    Subscriber,
)
from yilian.core.relay import Relay, retry_delay


@pytest.fixture
def registry():
    """A private registry, so these tests do not run the application's subscribers."""
    reg = Registry()
    yield reg


def relay_for(app, registry) -> Relay:
    return Relay(app.state.sessionmaker, app.state.clock, subscribers=registry)


async def _emit(app, kind="test.happened", recipients=(), commit=True, **payload) -> int:
    async with app.state.sessionmaker() as db:
        row = await events.emit(db, app.state.clock, kind, entity_type="test", entity_id="t1",
                                payload=payload, recipients=recipients)
        if commit:
            await db.commit()
        else:
            await db.rollback()
    return row.seq  # numbered at commit: None for a rolled-back event


def _effect_counter(registry: Registry, name: str, clock):
    """A transactional subscriber whose effect is an audit row, so its effects can be counted."""
    seen: list[Event] = []

    async def handler(db, event: Event) -> None:
        seen.append(event)
        await audit.record(db, clock, None, f"effect.{name}", entity_type="event",
                           entity_id=event.id)

    registry.add(Subscriber(name, None, handler, True))
    return seen


async def _count(query, action: str) -> int:
    return len(await query(select(audit.AuditEntry.seq).where(audit.AuditEntry.action == action)))


async def test_an_event_exists_only_if_its_transaction_commits(app, query, registry):
    await _emit(app, commit=False)
    assert await query(select(OutboxEvent)) == []
    seq = await _emit(app, recipients=[uuid.uuid4(), uuid.uuid4()])
    assert [e.seq for e in await query(select(OutboxEvent))] == [seq]
    assert len(await query(select(EventRecipient).where(EventRecipient.seq == seq))) == 2


async def test_subscribers_get_events_in_order_and_the_event_is_marked_dispatched(
    app, query, registry
):
    got: list[str] = []

    async def push(event: Event) -> None:
        got.append(event.payload["n"])

    registry.add(Subscriber("push", frozenset({"test.*"}), push, False))
    registry.add(Subscriber("other", frozenset({"other.thing"}), push, False))
    for n in ("one", "two", "three"):
        await _emit(app, n=n)
    assert await relay_for(app, registry).drain() == 3
    assert got == ["one", "two", "three"]
    pending = await query(select(OutboxEvent).where(OutboxEvent.dispatched_at.is_(None)))
    assert pending == []
    assert await relay_for(app, registry).drain() == 0


async def test_a_redelivered_event_has_its_effect_once(app, query, registry, clock):
    seen = _effect_counter(registry, "count", clock)
    seq = await _emit(app)
    await relay_for(app, registry).drain()
    # As if the relay had died after the effect but before marking the event dispatched.
    async with app.state.sessionmaker() as db:
        await db.execute(update(OutboxEvent).where(OutboxEvent.seq == seq)
                         .values(dispatched_at=None, lease_until=None))
        await db.commit()
    assert await relay_for(app, registry).drain() == 1
    assert len(seen) == 1
    assert await _count(query, "effect.count") == 1
    assert len(await query(select(HandledEvent))) == 1


async def test_a_failing_subscriber_is_retried_with_backoff_and_the_others_are_not_repeated(
    app, query, registry, clock
):
    seen = _effect_counter(registry, "steady", clock)
    failures = {"left": 2}

    async def flaky(db, event: Event) -> None:
        if failures["left"]:
            failures["left"] -= 1
            raise RuntimeError("the outward gateway is down")

    registry.add(Subscriber("flaky", None, flaky, True))
    seq = await _emit(app)
    relay = relay_for(app, registry)
    await relay.drain()
    [row] = await query(select(OutboxEvent).where(OutboxEvent.seq == seq))
    assert row.dispatched_at is None and row.attempts == 1
    assert row.lease_until == clock.now() + retry_delay(1)
    assert await relay.drain() == 0  # not before the backoff ends

    clock.advance(seconds=retry_delay(1).total_seconds() + 1)
    await relay.drain()
    clock.advance(seconds=retry_delay(2).total_seconds() + 1)
    await relay.drain()
    [row] = await query(select(OutboxEvent).where(OutboxEvent.seq == seq))
    assert row.dispatched_at is not None and row.attempts == 2
    assert len(seen) == 1  # the steady subscriber's effect was not repeated by the retries


async def test_an_expired_lease_lets_another_relay_take_the_event(app, query, registry, clock):
    got: list[int] = []

    async def push(event: Event) -> None:
        got.append(event.seq)

    registry.add(Subscriber("push", None, push, False))
    seq = await _emit(app)
    dead = relay_for(app, registry)
    claimed = await dead._claim()  # a relay that claimed the event and then died
    assert [e.seq for e in claimed] == [seq]
    assert await relay_for(app, registry).drain() == 0
    clock.advance(seconds=31)
    assert await relay_for(app, registry).drain() == 1
    assert got == [seq]


async def test_commit_wakes_the_relays_of_the_process(app, registry):
    woken: list[bool] = []
    events.registry.on_commit.append(lambda: woken.append(True))
    try:
        async with app.state.sessionmaker() as db:
            await db.commit()
        assert woken == []
        await _emit(app, commit=False)
        assert woken == []
        await _emit(app)
        assert woken == [True]
    finally:
        events.registry.on_commit.pop()


async def test_sequence_numbers_follow_commit_order(app, query):
    seqs = [await _emit(app, n=i) for i in range(5)]
    rows = await query(select(OutboxEvent.seq).order_by(OutboxEvent.at, OutboxEvent.seq))
    assert rows == seqs == sorted(seqs)
    total = await query(select(func.count()).select_from(OutboxEvent))
    assert total == [5]


def test_subscriber_kind_patterns():
    sub = Subscriber("s", frozenset({"conversation.*", "video.joined"}), lambda e: None, False)
    assert sub.wants("conversation.message") and sub.wants("video.joined")
    assert not sub.wants("video.left") and not sub.wants("notification.created")
    assert Subscriber("all", None, lambda e: None, False).wants("anything.at_all")
