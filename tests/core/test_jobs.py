"""Jobs run in process with retries, or on a Dramatiq worker over Redis or RabbitMQ; periodic
tasks run from the scheduler."""

from __future__ import annotations

import asyncio
import os
import threading
import uuid
from datetime import timedelta

import pytest

from tests.conftest import SHARED_BROKERS
from yilian.core import jobs, scheduler
from yilian.core.jobs import DramatiqJobs, InProcessJobs, JobContext, job, make_broker

REDIS_URL = os.environ.get("YILIAN_TEST_REDIS_URL")
AMQP_URL = os.environ.get("YILIAN_TEST_AMQP_URL")

# What the jobs below did, by run: jobs are registered once per process, like the application's.
DONE: dict[str, list[str]] = {}
ARRIVED = threading.Condition()


@job("test.flaky", max_retries=3, min_backoff=timedelta(milliseconds=10),
     max_backoff=timedelta(milliseconds=50))
async def flaky(ctx: JobContext, *, run: str, fail_times: int) -> None:
    attempts = DONE.setdefault(run, [])
    attempts.append("try")
    if len(attempts) <= fail_times:
        raise RuntimeError("not yet")


@job("test.record", max_retries=0)
async def record(ctx: JobContext, *, run: str, value: str) -> None:
    with ARRIVED:
        DONE.setdefault(run, []).append(value)
        ARRIVED.notify_all()


def _ctx(app) -> JobContext:
    return JobContext(app.state.sessionmaker, app.state.clock, app.state.settings)


async def test_in_process_jobs_are_retried_with_backoff_until_they_succeed(app):
    runner = InProcessJobs(_ctx(app))
    run = uuid.uuid4().hex
    await runner.enqueue("test.flaky", run=run, fail_times=2)
    await runner.idle()
    assert DONE[run] == ["try", "try", "try"]


async def test_in_process_jobs_give_up_after_their_retries(app):
    runner = InProcessJobs(_ctx(app))
    run = uuid.uuid4().hex
    await runner.enqueue("test.flaky", run=run, fail_times=10)
    await runner.idle()
    assert DONE[run] == ["try"] * 4  # the first attempt and three retries


async def test_enqueue_refuses_an_unknown_job():
    with pytest.raises(KeyError):
        await jobs.enqueue("no.such.job")


def test_a_broker_url_must_name_redis_or_rabbitmq():
    with pytest.raises(ValueError):
        make_broker("kafka://127.0.0.1:9092")


@SHARED_BROKERS
@pytest.mark.parametrize("url", [
    pytest.param(REDIS_URL, id="redis",
                 marks=pytest.mark.skipif(not REDIS_URL, reason="YILIAN_TEST_REDIS_URL not set")),
    pytest.param(AMQP_URL, id="rabbitmq",
                 marks=pytest.mark.skipif(not AMQP_URL, reason="YILIAN_TEST_AMQP_URL not set")),
])
async def test_a_job_enqueued_by_the_api_runs_on_a_dramatiq_worker(app, url):
    import dramatiq

    run = uuid.uuid4().hex
    # The API process only sends; the worker (here a thread, in production `yilian worker`)
    # has its own broker connection and context, as a separate process would.
    sender = DramatiqJobs(make_broker(url))
    worker_broker = make_broker(url)
    DramatiqJobs(worker_broker, _ctx(app))
    worker = dramatiq.Worker(worker_broker, worker_threads=1, worker_timeout=100)
    worker.start()
    try:
        await sender.enqueue("test.record", run=run, value="delivered")

        def arrived() -> bool:
            with ARRIVED:
                return ARRIVED.wait_for(lambda: DONE.get(run), timeout=20)

        assert await asyncio.to_thread(arrived)
        assert DONE[run] == ["delivered"]
    finally:
        await asyncio.to_thread(worker.stop)
        await sender.stop()
        await asyncio.to_thread(worker_broker.close)


async def test_periodic_tasks_run_from_the_scheduler(app):
    ran: list[str] = []
    name = f"test.tick.{uuid.uuid4().hex}"

    @scheduler.periodic(name, every=timedelta(milliseconds=20))
    async def tick(ctx: JobContext) -> None:
        ran.append(name)

    sched = scheduler.Scheduler(_ctx(app))
    sched.start()
    await asyncio.sleep(0.1)
    await sched.stop()
    assert len(ran) >= 2
    with pytest.raises(ValueError):
        scheduler.periodic(name, every=timedelta(seconds=1))(tick)
