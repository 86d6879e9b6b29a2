"""Outward deliveries: one per enabled channel, sent by a job, retried with backoff by the sweep
after restarts, given up after eight attempts."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from tests.messaging.notifications.helpers import API, job_context, notify
from yilian.messaging.notifications import channels, service
from yilian.messaging.notifications.handlers import retry_sweep
from yilian.messaging.notifications.models import Delivery, DeliveryStatus, Preference


async def _enable(client, world, name, *channels_and_addresses):
    r = await world.client_as(client, name).patch(f"{API}/preferences", json={"channels": [
        {"channel": c, "enabled": True, "address": a} for c, a in channels_and_addresses]})
    assert r.status_code == 200, r.text


class Recording:
    def __init__(self, fail: bool = False) -> None:
        self.sent: list[tuple] = []
        self.fail = fail

    def channel_for(self, name, settings):
        outer = self

        class Fake:
            async def send(self, address, subject, text, *, template):
                outer.sent.append((name.value, address, subject, text, template))
                if outer.fail:
                    raise channels.ChannelError("gateway answered HTTP 503")

        return Fake()


async def test_enabled_channels_get_a_delivery_each_and_it_is_sent(app, client, world, clock,
                                                                   query, settle, monkeypatch):
    fake = Recording()
    monkeypatch.setattr(channels, "channel_for", fake.channel_for)
    await _enable(client, world, "specialist_a", ("sms", "138 0013 8000"),
                  ("email", "spec@example.org"))
    await notify(app, clock, [world.users["specialist_a"], world.users["specialist_b"]])
    await settle()
    rows = await query(select(Delivery).order_by(Delivery.channel))
    assert [(d.channel.value, d.status, d.attempts, d.user_id) for d in rows] == [
        ("email", DeliveryStatus.sent, 1, world.users["specialist_a"]),
        ("sms", DeliveryStatus.sent, 1, world.users["specialist_a"]),
    ]
    assert all(d.sent_at == clock.now() and d.last_error is None for d in rows)
    by_channel = {s[0]: s for s in fake.sent}
    assert by_channel["sms"] == ("sms", "13800138000", "您已加入病例会话",
                                 "您已被加入病例HZ20261124-0001的会话，请登录医联平台查看。",
                                 "conversation.added")
    assert by_channel["email"][1] == "spec@example.org"
    # The case title (clinical text) never goes out.
    assert not any("胸痛" in s[2] + s[3] for s in fake.sent)
    # A sent delivery is not sent again by the sweep.
    await retry_sweep(job_context(app))
    await settle()
    assert len(fake.sent) == 2


async def test_the_logging_channel_is_the_default(app, client, world, clock, query, settle):
    await _enable(client, world, "nurse_a1", ("wechat", "oABCDEFGHIJKLMNOPQRSTUVWXYZ0"))
    await notify(app, clock, [world.users["nurse_a1"]], template="video.starting",
                 params={"case_number": "HZ20261124-0002", "time": clock.now()})
    await settle()
    [d] = await query(select(Delivery))
    assert (d.channel.value, d.status) == ("wechat", DeliveryStatus.sent)


async def test_a_failing_channel_is_retried_with_backoff_and_given_up_after_eight(
        app, client, world, clock, query, settle, monkeypatch):
    fake = Recording(fail=True)
    monkeypatch.setattr(channels, "channel_for", fake.channel_for)
    await _enable(client, world, "specialist_a", ("sms", "13800138000"))
    await notify(app, clock, [world.users["specialist_a"]])
    await settle()
    [d] = await query(select(Delivery))
    assert (d.status, d.attempts, d.last_error) == (
        DeliveryStatus.pending, 1, "gateway answered HTTP 503")
    first_wait = d.next_attempt_at - clock.now()
    assert service.RETRY_BASE / 2 <= first_wait <= service.RETRY_BASE

    # Not due yet: the sweep leaves it.
    await retry_sweep(job_context(app))
    await settle()
    assert len(fake.sent) == 1

    waits = [first_wait]
    for attempt in range(2, service.MAX_ATTEMPTS + 1):
        [d] = await query(select(Delivery))
        clock.advance(seconds=(d.next_attempt_at - clock.now()).total_seconds() + 1)
        await retry_sweep(job_context(app))
        await settle()
        [d] = await query(select(Delivery))
        assert d.attempts == attempt and len(fake.sent) == attempt
        if attempt < service.MAX_ATTEMPTS:
            assert d.status == DeliveryStatus.pending
            waits.append(d.next_attempt_at - clock.now())
    assert d.status == DeliveryStatus.failed
    # Exponential, jittered within [half, full] of each step, and capped.
    for n, wait in enumerate(waits, start=1):
        full = min(service.RETRY_CAP, service.RETRY_BASE * 2 ** (n - 1))
        assert full / 2 <= wait <= full
    # Given up: later sweeps leave it alone.
    clock.advance(days=1)
    await retry_sweep(job_context(app))
    await settle()
    assert len(fake.sent) == service.MAX_ATTEMPTS


async def test_a_pending_delivery_survives_a_restart(app, client, world, clock, query, settle,
                                                     monkeypatch):
    """The job was never run (process gone after the commit): the sweep sends it."""
    fake = Recording()
    monkeypatch.setattr(channels, "channel_for", fake.channel_for)
    await _enable(client, world, "specialist_a", ("sms", "13800138000"))
    monkeypatch.setattr("yilian.core.jobs.enqueue_after_commit", lambda db, name, calls: None)
    await notify(app, clock, [world.users["specialist_a"]])
    await settle()
    [d] = await query(select(Delivery))
    assert (d.status, d.attempts) == (DeliveryStatus.pending, 0)
    await retry_sweep(job_context(app))
    await settle()
    [d] = await query(select(Delivery))
    assert (d.status, d.attempts) == (DeliveryStatus.sent, 1)


async def test_a_delivery_being_sent_is_not_sent_twice(app, client, world, clock, query, settle,
                                                       monkeypatch):
    """The sweep may enqueue a delivery whose first job is still sending: the second job finds it
    claimed and leaves it."""
    ctx = job_context(app)
    sent = []

    class Slow:
        async def send(self, address, subject, text, *, template):
            sent.append(template)
            [d] = await query(select(Delivery))
            await service.deliver(ctx.sessionmaker, clock, ctx.settings, d.id)

    monkeypatch.setattr(channels, "channel_for", lambda name, settings: Slow())
    await _enable(client, world, "specialist_a", ("sms", "13800138000"))
    await notify(app, clock, [world.users["specialist_a"]])
    await settle()
    [d] = await query(select(Delivery))
    assert (d.status, d.attempts, sent) == (DeliveryStatus.sent, 1, ["conversation.added"])


async def test_a_channel_turned_off_before_sending_is_not_retried(app, client, world, clock,
                                                                  query, settle, monkeypatch):
    fake = Recording()
    monkeypatch.setattr(channels, "channel_for", fake.channel_for)
    monkeypatch.setattr("yilian.core.jobs.enqueue_after_commit", lambda db, name, calls: None)
    await _enable(client, world, "specialist_a", ("sms", "13800138000"))
    await notify(app, clock, [world.users["specialist_a"]])
    await settle()
    async with app.state.sessionmaker() as db:
        await db.execute(update(Preference).values(enabled=False))
        await db.commit()
    await retry_sweep(job_context(app))
    await settle()
    [d] = await query(select(Delivery))
    assert (d.status, d.last_error) == (DeliveryStatus.failed, "the user turned the channel off")
    assert fake.sent == []


async def test_channels_a_user_did_not_enable_get_no_delivery(app, client, world, clock, query,
                                                              settle):
    r = await world.client_as(client, "specialist_a").patch(f"{API}/preferences", json={
        "channels": [{"channel": "sms", "enabled": False, "address": "13800138000"}]})
    assert r.status_code == 200
    await notify(app, clock, [world.users["specialist_a"]])
    await settle()
    assert await query(select(Delivery)) == []


def test_retry_delay_grows_and_is_capped():
    assert service.retry_delay(1) <= service.RETRY_BASE
    assert service.retry_delay(30) <= service.RETRY_CAP
    assert service.retry_delay(30) >= service.RETRY_CAP / 2
    assert service.retry_delay(3) >= timedelta(seconds=60)
