"""Payments' background work: asking a gateway for a refund (a job, after the commit that made
the refund), and the periodic sweep that lapses unpaid orders past their expiry and asks again
for refunds whose job was lost."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta

from yilian.core.jobs import JobContext, enqueue_each, job
from yilian.core.scheduler import periodic
from yilian.payments import service
from yilian.payments.channels import CHANNELS


@job(service.REFUND_JOB, max_retries=8)
async def refund_at_gateway(ctx: JobContext, refund_id: str) -> None:
    """Asks the gateway (outside any transaction), then records its answer. The refund's number
    is the gateway's idempotency key, so a retry after a lost answer refunds once."""
    async with ctx.sessionmaker() as db:
        asked = await service.gateway_refund(db, uuid.UUID(refund_id))
    if asked is None:
        return
    result = await asyncio.to_thread(
        CHANNELS[asked.channel].refund, asked.order, asked.refund, asked.creds,
        gateway=service.gateway_url(ctx.settings, asked.channel))
    async with ctx.sessionmaker() as db:
        await service.complete_gateway_refund(db, ctx.clock, asked.refund_id, result)
        await db.commit()


@periodic("payments.sweep", every=timedelta(minutes=1))
async def sweep(ctx: JobContext) -> None:
    async with ctx.sessionmaker() as db:
        await service.lapse_due(db, ctx.clock)
        await db.commit()
        stale = await service.stale_refunds(db, ctx.clock)
    await enqueue_each(service.REFUND_JOB, [{"refund_id": str(r)} for r in stale])
