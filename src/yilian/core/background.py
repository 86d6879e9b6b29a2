"""What runs beside the requests in a process: the outbox relay, the job runner, the
scheduler and the realtime hub's Redis listener (DESIGN §2, embedded and scaled modes).

They run what the modules registered: the composition root that builds a Background imports
``yilian.handlers`` first (core imports no feature module)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from yilian.core import jobs
from yilian.core.clock import Clock
from yilian.core.jobs import JobContext
from yilian.core.realtime import hub
from yilian.core.relay import Relay
from yilian.core.scheduler import Scheduler
from yilian.settings import Settings


class Background:
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], clock: Clock,
                 settings: Settings) -> None:
        self.ctx = JobContext(sessionmaker, clock, settings)
        self.relay = Relay(sessionmaker, clock, poll_seconds=settings.relay_poll_seconds,
                           lease=timedelta(seconds=settings.relay_lease_seconds))
        self.scheduler: Scheduler | None = None

    async def start(self, *, scheduler: bool) -> None:
        """``scheduler``: run the periodic tasks here too (embedded mode, or `yilian scheduler`)."""
        await hub.start(self.ctx.settings.redis_url)
        jobs.runner.start(self.ctx)
        await self.relay.start()
        if scheduler:
            self.scheduler = Scheduler(self.ctx)
            self.scheduler.start()

    async def stop(self) -> None:
        if self.scheduler is not None:
            await self.scheduler.stop()
        await self.relay.stop()
        await jobs.runner.stop()
        await hub.stop()
