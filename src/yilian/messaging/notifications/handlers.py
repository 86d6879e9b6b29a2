"""Event subscribers, jobs, periodic tasks and client-message handlers of this module."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from yilian.core import jobs
from yilian.core.events import Event, subscribe
from yilian.core.jobs import JobContext, job
from yilian.core.logging import get_logger
from yilian.core.scheduler import periodic
from yilian.messaging.notifications import service

log = get_logger(__name__)

DELIVER = "notifications.deliver"


@subscribe("notifications.inbox", ["notification.requested"])
async def create_inbox(db: AsyncSession, event: Event) -> None:
    delivery_ids = await service.create_inbox(db, event)
    if delivery_ids:
        jobs.enqueue_after_commit(db, DELIVER, [{"delivery_id": str(d)} for d in delivery_ids])


@job(DELIVER, max_retries=0)
async def deliver(ctx: JobContext, delivery_id: str) -> None:
    # One attempt; the delivery row holds the retry schedule, which the sweep below follows.
    await service.deliver(ctx.sessionmaker, ctx.clock, ctx.settings, uuid.UUID(delivery_id))


@periodic("notifications.retry_sweep", every=timedelta(seconds=60))
async def retry_sweep(ctx: JobContext) -> None:
    due = await service.due_deliveries(ctx.sessionmaker, ctx.clock)
    if due:
        await jobs.enqueue_each(DELIVER, [{"delivery_id": str(d)} for d in due])
