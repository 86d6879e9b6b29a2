"""Background jobs: in process when embedded, on Dramatiq workers when a broker is configured.

A job is an async function ``fn(ctx, **kwargs)`` registered with ``@job(name)``; its arguments
are JSON values. ``enqueue()`` returns once the job is handed over. Failures are retried with
exponential backoff: by tenacity in process, by Dramatiq's Retries middleware on workers. Work
that must survive a restart keeps its state in the database (e.g. an outward notification's
delivery row) and a periodic sweep enqueues what is due again; a job is only the attempt.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import event as sa_event
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from tenacity import AsyncRetrying, stop_after_attempt, wait_exponential_jitter

from yilian.core.clock import Clock
from yilian.core.logging import get_logger
from yilian.settings import Settings

if TYPE_CHECKING:
    from dramatiq import Actor, Broker

log = get_logger(__name__)


@dataclass
class JobContext:
    sessionmaker: async_sessionmaker[AsyncSession]
    clock: Clock
    settings: Settings


JobFn = Callable[..., Awaitable[None]]


@dataclass(frozen=True)
class JobSpec:
    name: str
    fn: JobFn
    max_retries: int
    min_backoff: timedelta
    max_backoff: timedelta


_jobs: dict[str, JobSpec] = {}


def job(
    name: str,
    *,
    max_retries: int = 5,
    min_backoff: timedelta = timedelta(seconds=5),
    max_backoff: timedelta = timedelta(minutes=10),
) -> Callable[[JobFn], JobFn]:
    def register(fn: JobFn) -> JobFn:
        if name in _jobs:
            raise ValueError(f"job {name} registered twice")
        _jobs[name] = JobSpec(name, fn, max_retries, min_backoff, max_backoff)
        return fn

    return register


def registered() -> dict[str, JobSpec]:
    return dict(_jobs)


class InProcessJobs:
    """The embedded mode: each job is a task of this process, retried with backoff."""

    def __init__(self, ctx: JobContext) -> None:
        self.ctx = ctx
        self._tasks: set[asyncio.Task[None]] = set()

    async def enqueue(self, name: str, **kwargs: Any) -> None:
        spec = _jobs[name]
        task = asyncio.create_task(self._run(spec, kwargs), name=f"job:{name}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _run(self, spec: JobSpec, kwargs: dict[str, Any]) -> None:
        retrying = AsyncRetrying(
            stop=stop_after_attempt(spec.max_retries + 1),
            wait=wait_exponential_jitter(multiplier=spec.min_backoff.total_seconds(),
                                         max=spec.max_backoff.total_seconds(),
                                         jitter=spec.min_backoff.total_seconds()),
            reraise=True,
        )
        try:
            async for attempt in retrying:
                with attempt:
                    await spec.fn(self.ctx, **kwargs)
        except Exception:
            log.exception("job.gave_up", job=spec.name)

    async def idle(self) -> None:
        """Wait for the jobs started so far (tests, shutdown)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def stop(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*list(self._tasks), return_exceptions=True)


def make_broker(url: str) -> Broker:
    """A Dramatiq broker for ``redis://`` or ``amqp://`` URLs, able to run async actors."""
    from dramatiq.middleware.asyncio import AsyncIO

    if url.startswith(("redis://", "rediss://")):
        from dramatiq.brokers.redis import RedisBroker

        broker: Broker = RedisBroker(url=url)
    elif url.startswith(("amqp://", "amqps://")):
        from dramatiq.brokers.rabbitmq import RabbitmqBroker

        broker = RabbitmqBroker(url=url)
    else:
        raise ValueError("YILIAN_BROKER_URL must be a redis:// or amqp:// URL")
    broker.add_middleware(AsyncIO())
    return broker


class DramatiqJobs:
    """The scaled mode: jobs are messages on the broker, run by ``yilian worker``."""

    def __init__(self, broker: Broker, ctx: JobContext | None = None) -> None:
        import dramatiq

        self.broker = broker
        self.ctx = ctx
        self.actors: dict[str, Actor[..., None]] = {}
        for spec in _jobs.values():
            self.actors[spec.name] = dramatiq.actor(
                actor_name=spec.name,
                queue_name="yilian",
                broker=broker,
                max_retries=spec.max_retries,
                min_backoff=int(spec.min_backoff.total_seconds() * 1000),
                max_backoff=int(spec.max_backoff.total_seconds() * 1000),
            )(self._bind(spec))

    def _bind(self, spec: JobSpec) -> Callable[..., Awaitable[None]]:
        async def run(**kwargs: Any) -> None:
            if self.ctx is None:
                raise RuntimeError("this process only enqueues jobs")
            await spec.fn(self.ctx, **kwargs)

        run.__name__ = spec.name.replace(".", "_")
        return run

    async def enqueue(self, name: str, **kwargs: Any) -> None:
        # The broker clients block; keep the event loop free while the message is sent.
        await asyncio.to_thread(self.actors[name].send, **kwargs)

    async def idle(self) -> None:
        return None

    async def stop(self) -> None:
        await asyncio.to_thread(self.broker.close)


class _Runner:
    """The process's job runner, chosen at start-up by the settings."""

    def __init__(self) -> None:
        self.current: InProcessJobs | DramatiqJobs | None = None

    def start(self, ctx: JobContext) -> InProcessJobs | DramatiqJobs:
        if ctx.settings.broker_url:
            self.current = DramatiqJobs(make_broker(ctx.settings.broker_url))
        else:
            self.current = InProcessJobs(ctx)
        return self.current

    async def stop(self) -> None:
        if self.current is not None:
            await self.current.stop()
            self.current = None


runner = _Runner()


async def enqueue(name: str, **kwargs: Any) -> None:
    if name not in _jobs:
        raise KeyError(f"no job named {name}")
    if runner.current is None:
        raise RuntimeError("no job runner started in this process")
    await runner.current.enqueue(name, **kwargs)


# Enqueue tasks started after a commit, kept referenced until they finish.
_enqueueing: set[asyncio.Task[None]] = set()


async def enqueue_each(name: str, calls: list[dict[str, Any]]) -> None:
    """Hands over one job per call; stops at the first that cannot be (logged)."""
    for kwargs in calls:
        try:
            await enqueue(name, **kwargs)
        except Exception:  # no runner here or the broker is down: the module's sweep does it
            log.warning("job.enqueue_failed", job=name, args=kwargs)
            return


def enqueue_after_commit(db: AsyncSession, name: str, calls: list[dict[str, Any]]) -> None:
    """The jobs ``name(**kwargs)`` for each of ``calls`` once the session's transaction commits
    (a job must find the rows it was made for). A job that cannot be handed over is logged and
    left to the module's periodic sweep."""
    loop = asyncio.get_running_loop()

    def committed(_session: Any) -> None:
        task = loop.create_task(enqueue_each(name, calls))
        _enqueueing.add(task)
        task.add_done_callback(_enqueueing.discard)

    sa_event.listen(db.sync_session, "after_commit", committed, once=True)
