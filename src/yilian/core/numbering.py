"""Daily numbers such as ``HZ20261124-0001``: a counter row per key and Shanghai day, taken with
an upsert in the caller's transaction. Concurrent callers queue on the row, and a rolled-back
transaction gives its number back, so numbers have no gaps and no repeats."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from yilian.core.clock import Clock, today_shanghai


async def next_number(db: AsyncSession, clock: Clock, counter: Any, prefix: str,
                      **keys: Any) -> str:
    """``<prefix><yyyymmdd>-<nnnn>``. ``counter`` is a table with primary key ``keys`` + prefix
    + day and an integer ``last``."""
    day = today_shanghai(clock)
    dialect = (await db.connection()).dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    stmt = insert(counter).values(**keys, prefix=prefix, day=day, last=1).on_conflict_do_update(
        index_elements=[*keys, "prefix", "day"], set_={"last": counter.last + 1},
    ).returning(counter.last)
    n = (await db.execute(stmt)).scalar_one()
    return f"{prefix}{day}-{n:04d}"
