"""The Alembic migrations build exactly the schema the models describe, and keep data."""

from __future__ import annotations

import asyncio
import uuid

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from tests.conftest import PG_URL, pg_async_url
from yilian.core.migrate import upgrade
from yilian.models import metadata


def _url(backend, tmp_path):
    if backend == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'migrated.db'}"
    return pg_async_url(PG_URL)


async def _diff(url):
    engine = create_async_engine(url)
    async with engine.connect() as conn:
        diff = await conn.run_sync(
            lambda sync: compare_metadata(
                MigrationContext.configure(sync, opts={"compare_type": True}), metadata
            )
        )
    await engine.dispose()
    return diff


async def _reset_pg(url):
    engine = create_async_engine(url)
    async with engine.begin() as conn:
        await conn.execute(text("DROP SCHEMA public CASCADE"))
        await conn.execute(text("CREATE SCHEMA public"))
    await engine.dispose()


def empty_database(backend, tmp_path) -> str:
    """The URL of an empty database of ``backend`` for a migration test (PostgreSQL's test
    schema dropped: the next test rebuilds it)."""
    import tests.conftest as conftest

    url = _url(backend, tmp_path)
    if backend == "postgresql":
        asyncio.run(_reset_pg(url))
        conftest._pg_schema_ready = False
    return url


def test_migrations_match_the_models_and_upgrade_keeps_data(backend, tmp_path):
    url = empty_database(backend, tmp_path)
    upgrade(url)
    assert asyncio.run(_diff(url)) == []

    async def insert_and_count():
        engine = create_async_engine(url)
        async with engine.begin() as conn:
            await conn.execute(text(
                "INSERT INTO organisations (id, name, level, kind, division_code, path, active,"
                " created_at, updated_at) VALUES (:id, '迁移测试医院', 'province',"
                " 'general_hospital', '440000', :path, true, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            ), {"id": uuid.uuid4() if backend == "postgresql" else uuid.uuid4().hex,
                "path": "/x/"})
        async with engine.connect() as conn:
            n = (await conn.execute(text("SELECT count(*) FROM organisations"))).scalar_one()
        await engine.dispose()
        return n

    assert asyncio.run(insert_and_count()) == 1
    upgrade(url)  # again: nothing to do, nothing lost
    async def count():
        engine = create_async_engine(url)
        async with engine.connect() as conn:
            n = (await conn.execute(text("SELECT count(*) FROM organisations"))).scalar_one()
        await engine.dispose()
        return n
    assert asyncio.run(count()) == 1
