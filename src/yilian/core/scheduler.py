"""Periodic work (reminders, SLA sweeps, retry sweeps) from one scheduler.

Embedded, the API process runs it; scaled (a broker configured), ``yilian scheduler`` does and
the API processes do not. A periodic task finds what is due in the database and acts or
enqueues jobs, so running it late, twice or after a restart is harmless.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta

from yilian.core.jobs import JobContext
from yilian.core.logging import get_logger

log = get_logger(__name__)

PeriodicFn = Callable[[JobContext], Awaitable[None]]


@dataclass(frozen=True)
class Periodic:
    name: str
    every: timedelta
    fn: PeriodicFn


_periodic: dict[str, Periodic] = {}


def periodic(name: str, *, every: timedelta) -> Callable[[PeriodicFn], PeriodicFn]:
    def register(fn: PeriodicFn) -> PeriodicFn:
        if name in _periodic:
            raise ValueError(f"periodic task {name} registered twice")
        _periodic[name] = Periodic(name, every, fn)
        return fn

    return register


def registered() -> dict[str, Periodic]:
    return dict(_periodic)


async def _run(task: Periodic, ctx: JobContext) -> None:
    try:
        await task.fn(ctx)
    except Exception:
        log.exception("periodic.failed", task=task.name)


class Scheduler:
    def __init__(self, ctx: JobContext) -> None:
        self.ctx = ctx
        self._tasks: list[asyncio.Task[None]] = []

    def start(self) -> None:
        for task in _periodic.values():
            self._tasks.append(asyncio.create_task(self._loop(task), name=f"periodic:{task.name}"))

    async def _loop(self, task: Periodic) -> None:
        while True:
            await _run(task, self.ctx)
            await asyncio.sleep(task.every.total_seconds())

    async def stop(self) -> None:
        for t in self._tasks:
            t.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks.clear()
