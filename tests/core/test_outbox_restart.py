"""Kill and restart: a process killed between commit and delivery, or in the middle of a
delivery, loses no event, and the restarted server delivers it with its effect exactly once."""

from __future__ import annotations

import signal
import subprocess
import sys

import httpx
from sqlalchemy import select

from tests.live import live_env, prepare, serving, sign_in, until
from yilian.core.db import make_engine, make_sessionmaker
from yilian.core.events import HandledEvent, OutboxEvent
from yilian.settings import Settings


def _crash(data_dir, phase: str, user_id: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "tests.core.outbox_crash", phase, user_id],
        env=live_env(data_dir, YILIAN_RELAY_LEASE_SECONDS="1"), capture_output=True, text=True,
        timeout=60)
    assert proc.returncode == -signal.SIGKILL, proc.stderr[-2000:]


async def _rows(data_dir, stmt):
    engine = make_engine(Settings(data_dir=data_dir).resolved_database_url)
    async with make_sessionmaker(engine)() as db:
        rows = list((await db.execute(stmt)).scalars())
    await engine.dispose()
    return rows


async def test_no_event_is_lost_or_handled_twice_across_crashes(tmp_path):
    ids = await prepare(tmp_path, ["cunyi"])

    _crash(tmp_path, "commit", ids["cunyi"])
    [event] = await _rows(tmp_path, select(OutboxEvent))
    assert event.kind == "notification.requested" and event.dispatched_at is None

    _crash(tmp_path, "deliver", ids["cunyi"])
    [event] = await _rows(tmp_path, select(OutboxEvent).where(OutboxEvent.kind == event.kind))
    assert event.dispatched_at is None  # died before marking it
    receipts = await _rows(tmp_path, select(HandledEvent.subscriber))
    assert receipts == ["notifications.inbox"]  # but the inbox row had committed

    async with (
        serving(tmp_path, YILIAN_RELAY_LEASE_SECONDS="1", YILIAN_RELAY_POLL_SECONDS="0.2") as base,
        httpx.AsyncClient(base_url=base, trust_env=False, timeout=10) as http,
    ):
        token = await sign_in(http, "cunyi")
        auth = {"Authorization": f"Bearer {token}"}

        async def dispatched():
            return await _rows(tmp_path, select(OutboxEvent.dispatched_at)
                               .where(OutboxEvent.seq == event.seq))

        await until(dispatched, lambda rows: rows[0] is not None, "the restarted relay")
        inbox = (await http.get("/api/v1/notifications", headers=auth)).json()
        assert [n["template"] for n in inbox["items"]] == ["conversation.added"]
        count = (await http.get("/api/v1/notifications/unread-count", headers=auth)).json()
        assert count == {"unread_count": 1}
    receipts = await _rows(tmp_path, select(HandledEvent.subscriber))
    assert receipts.count("notifications.inbox") == 1
