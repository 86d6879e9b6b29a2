"""Alembic environment: async engines, the application's metadata, SQLite batch mode."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.ext.asyncio import create_async_engine

from yilian.core.crypto import Encrypted
from yilian.core.db import UTCDateTime
from yilian.models import metadata

config = context.config


def _render_item(type_, obj, autogen_context):
    """Migrations spell plain column types, so they never depend on application classes."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    if type_ == "type" and isinstance(obj, Encrypted):
        return "sa.Text()"
    return False


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        render_item=_render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _main() -> None:
    connectable = config.attributes.get("connection")
    if connectable is not None:
        await connectable.run_sync(_run)
        return
    url = config.get_main_option("sqlalchemy.url")
    if url is None:  # core.migrate sets it; alembic run by hand may not
        raise SystemExit("no sqlalchemy.url; run `yilian db upgrade`")
    engine = create_async_engine(url)
    async with engine.begin() as conn:
        await conn.run_sync(_run)
    await engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline migrations are not supported; run `yilian db upgrade`")
asyncio.run(_main())
