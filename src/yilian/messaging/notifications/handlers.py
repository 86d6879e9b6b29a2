"""Event subscribers, jobs, periodic tasks and client-message handlers of this module."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta

from sqlalchemy import event as sa_event
from sqlalchemy.ext.asyncio import AsyncSession

from yilian.core import jobs
from yilian.core.events import Event, subscribe
from yilian.core.jobs import JobContext, job
from yilian.core.logging import get_logger
from yilian.core.scheduler import periodic
from yilian.messaging.notifications import service

log = get_logger(__name__)

DELIVER = "notifications.deliver"
# Enqueue tasks started after a commit, kept referenced until they finish.
_enqueueing: set[asyncio.Task] = set()


async def _enqueue(delivery_ids: list[uuid.UUID]) -> None:
    for delivery_id in delivery_ids:
        try:
            await jobs.enqueue(DELIVER, delivery_id=str(delivery_id))
        except Exception:  # no runner here or the broker is down: the sweep sends them later
            log.warning("notification.enqueue_failed", delivery=str(delivery_id))
            return


def _enqueue_after_commit(db: AsyncSession, delivery_ids: list[uuid.UUID]) -> None:
    """Jobs for the deliveries once their rows are committed (a job must find its row)."""
    loop = asyncio.get_running_loop()

    def committed(_session) -> None:
        task = loop.create_task(_enqueue(delivery_ids))
        _enqueueing.add(task)
        task.add_done_callback(_enqueueing.discard)

    sa_event.listen(db.sync_session, "after_commit", committed, once=True)


@subscribe("notifications.inbox", ["notification.requested"])
async def create_inbox(db: AsyncSession, event: Event) -> None:
    delivery_ids = await service.create_inbox(db, event)
    if delivery_ids:
        _enqueue_after_commit(db, delivery_ids)


@job(DELIVER, max_retries=0)
async def deliver(ctx: JobContext, delivery_id: str) -> None:
    # One attempt; the delivery row holds the retry schedule, which the sweep below follows.
    await service.deliver(ctx.sessionmaker, ctx.clock, ctx.settings, uuid.UUID(delivery_id))


@periodic("notifications.retry_sweep", every=timedelta(seconds=60))
async def retry_sweep(ctx: JobContext) -> None:
    due = await service.due_deliveries(ctx.sessionmaker, ctx.clock)
    if due:
        await _enqueue(due)
