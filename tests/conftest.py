"""Test fixtures: every test runs on SQLite, and again on PostgreSQL when
``YILIAN_TEST_DATABASE_URL`` is set. Each test gets an empty database and a frozen clock."""

from __future__ import annotations

import asyncio
import os
import secrets
import shutil
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

import yilian.models  # noqa: F401  (every table, for the schema the tests create)
from tests.factories import World
from yilian.app import create_app
from yilian.core import jobs
from yilian.core.clock import FrozenClock
from yilian.core.crypto import KeyRing, configure_keyring
from yilian.core.db import Base
from yilian.core.jobs import InProcessJobs, JobContext
from yilian.core.relay import Relay
from yilian.settings import Settings

# The suite runs in two processes (pytest-xdist, pyproject.toml). Tests that use the machine's one
# Redis or RabbitMQ under fixed names (the job queue `yilian`, the realtime channel) would see each
# other's messages from the other process: they run one after another, in one process.
SHARED_BROKERS = pytest.mark.xdist_group("brokers")
# A test network namespace's host-side interface is an address of the host while it lives: a Janus
# started meanwhile gathers a candidate on it, and a call may run over it until the namespace is
# deleted under it. The tests that make namespaces run one after another, in one process.
NETWORK_NAMESPACES = pytest.mark.xdist_group("netns")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked `long` (minutes each) first: the processes take them on while the rest of the
    suite fills in around them, instead of one of them running alone at the end."""
    items.sort(key=lambda item: item.get_closest_marker("long") is None)


FULL_SUITE = ("`bash .ci/run` starts PostgreSQL, Redis, RabbitMQ and Mosquitto, installs Chromium, "
              "poppler and wrk, and runs everything, benchmarks included")


def skip_summary(skipped: list) -> list[str]:
    """What was not run and why, one line per reason, most skipped first."""
    reasons: dict[str, int] = {}
    for report in skipped:
        longrepr = report.longrepr
        reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
        reason = reason.removeprefix("Skipped: ")
        reasons[reason] = reasons.get(reason, 0) + 1
    return [f"{n:5d} skipped: {reason}"
            for reason, n in sorted(reasons.items(), key=lambda item: (-item[1], item[0]))]


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    """`make test` runs what this machine can and skips the rest (no PostgreSQL, Redis,
    Chromium...): said at the end, where it is read, not in a line of 's' among the dots."""
    lines = skip_summary(terminalreporter.stats.get("skipped", []))
    if lines:
        terminalreporter.section("not run on this machine")
        for line in [*lines, FULL_SUITE]:
            terminalreporter.write_line(line)


def _per_run_url(url: str | None) -> str | None:
    """A database of this run's own on the given server, `<given name>_<random>`: two runs on one
    server never reset each other's tables. Created and dropped by `_pg_database`."""
    if not url:
        return None
    server, _, name = url.rpartition("/")
    name, sep, params = name.partition("?")
    return f"{server}/{name or 'test'}_{secrets.token_hex(4)}{sep}{params}"


PG_URL = _per_run_url(os.environ.get("YILIAN_TEST_DATABASE_URL"))
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])
TEST_KEYS = KeyRing.generate()
configure_keyring(TEST_KEYS)


def pg_async_url(url: str) -> str:
    return "postgresql+asyncpg://" + url.split("://", 1)[1]


async def _pg_admin(statement: str) -> None:
    """A statement on the server's maintenance database (this run's own one may not exist)."""
    import asyncpg

    server, _, rest = PG_URL.rpartition("/")
    params = rest.partition("?")[2]
    conn = await asyncpg.connect(f"{server}/postgres" + (f"?{params}" if params else ""))
    try:
        await conn.execute(statement)
    finally:
        await conn.close()


@pytest.fixture(scope="session", autouse=True)
def _pg_database():
    """This run's PostgreSQL database: created first, dropped at the end, failures or not."""
    if not PG_URL:
        yield
        return
    name = PG_URL.rpartition("/")[2].partition("?")[0]
    asyncio.run(_pg_admin(f'CREATE DATABASE "{name}"'))
    try:
        yield
    finally:
        asyncio.run(_pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """One SQLite file with the schema, copied for every test (faster than creating tables)."""
    path = tmp_path_factory.mktemp("template") / "yilian.db"

    async def build():
        engine = create_async_engine(f"sqlite+aiosqlite:///{path}")
        async with engine.begin() as conn:
            await conn.run_sync(Base.metadata.create_all)
        await engine.dispose()

    asyncio.run(build())
    return path


_pg_schema_ready = False


async def _reset_postgres(url: str) -> None:
    global _pg_schema_ready
    engine = create_async_engine(url)
    async with engine.begin() as conn:
        if not _pg_schema_ready:
            await conn.execute(text("DROP SCHEMA public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
            await conn.run_sync(Base.metadata.create_all)
            _pg_schema_ready = True
        else:
            names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
            await conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    await engine.dispose()


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(datetime(2026, 11, 24, 2, 0, tzinfo=UTC))


@pytest.fixture
async def settings(backend, tmp_path, sqlite_template) -> Settings:
    if backend == "sqlite":
        db = tmp_path / "yilian.db"
        shutil.copy(sqlite_template, db)
        url = f"sqlite+aiosqlite:///{db}"
    else:
        url = pg_async_url(PG_URL)
        await _reset_postgres(url)
    return Settings(
        data_dir=tmp_path,
        database_url=url,
        keys_json=TEST_KEYS.to_json(),
        require_staff_totp=False,
        log_json=True,
        web_dist=tmp_path / "no-web",
        db_pool_size=5,
    )


@pytest.fixture
async def app(settings, clock):
    application = create_app(settings, clock)
    configure_keyring(TEST_KEYS)
    yield application
    await application.state.ratelimit.close()
    await application.state.engine.dispose()


@pytest.fixture
async def client(app) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, client=("127.0.0.9", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://yilian.test") as c:
        yield c


@pytest.fixture
async def db(app):
    async with app.state.sessionmaker() as session:
        yield session


@pytest.fixture
def query(app):
    """Rows of a statement, read in a short transaction of its own. (On SQLite every transaction
    takes the write lock, so a test must never keep one open while the server works.)"""

    async def run(stmt):
        async with app.state.sessionmaker() as session:
            return list((await session.execute(stmt)).scalars().all())

    return run


@pytest.fixture
async def settle(app):
    """Deliver every pending outbox event and wait for the jobs that caused, as the relay and
    job runner of a server process would (the test client runs no lifespan). Returns how many
    events were delivered."""
    ctx = JobContext(app.state.sessionmaker, app.state.clock, app.state.settings)
    runner = InProcessJobs(ctx)
    jobs.runner.current = runner
    relay = Relay(app.state.sessionmaker, app.state.clock)

    async def run() -> int:
        total = 0
        while True:
            delivered = await relay.drain()
            await runner.idle()
            total += delivered
            if not delivered:
                return total

    yield run
    await runner.stop()
    jobs.runner.current = None


@pytest.fixture
async def world(app, clock) -> World:
    """A small alliance with a user for every role and a few patients (see factories)."""
    w = World(app, clock)
    await w.build()
    return w
