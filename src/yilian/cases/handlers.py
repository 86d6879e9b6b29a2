"""The case kinds' sweep: the platform's timed steps and the escalation of late cases."""

from __future__ import annotations

from datetime import timedelta

from yilian.cases import engine
from yilian.core.jobs import JobContext
from yilian.core.scheduler import periodic


@periodic("cases.sweep", every=timedelta(minutes=1))
async def sweep(ctx: JobContext) -> None:
    await engine.sweep_all(ctx.sessionmaker, ctx.clock)
