"""Re-encrypting every encrypted column with the key ring's active key (``yilian keys rotate``).

Runs while servers run: each batch is its own committed transaction, and each row is updated
only if it still holds the value that was read (compare and set), so a value a server wrote
meanwhile is never overwritten; passes repeat until one finds nothing on an old key.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from sqlalchemy import (
    ColumnElement,
    MetaData,
    Text,
    bindparam,
    column,
    func,
    not_,
    select,
    table,
    update,
)
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.sql.expression import ColumnClause, TableClause

from yilian.core.crypto import Encrypted, KeyRing, KeyRingError


@dataclass(frozen=True)
class EncryptedColumn:
    """One encrypted column, read and written through a view that types it as plain text."""

    label: str
    purpose: str
    view: TableClause
    key_names: tuple[str, ...]
    value_name: str

    @property
    def value(self) -> ColumnClause[Any]:
        return self.view.c[self.value_name]

    def on_old_key(self, active: str) -> ColumnElement[bool]:
        return self.value.is_not(None) & not_(self.value.startswith(f"{active}:", autoescape=True))


def encrypted_columns(metadata: MetaData) -> list[EncryptedColumn]:
    """Every ``Encrypted`` column of the schema, found from the models' metadata."""
    found: list[EncryptedColumn] = []
    for tbl in metadata.sorted_tables:
        pk = list(tbl.primary_key.columns)
        for col in tbl.columns:
            if isinstance(col.type, Encrypted):
                view = table(tbl.name, *(column(c.name, c.type) for c in pk),
                             column(col.name, Text()))
                found.append(EncryptedColumn(f"{tbl.name}.{col.name}", col.type.purpose, view,
                                             tuple(c.name for c in pk), col.name))
    return found


async def count_on_old_key(
    engine: AsyncEngine, columns: list[EncryptedColumn], active: str
) -> int:
    total = 0
    async with engine.connect() as conn:
        for col in columns:
            stmt = select(func.count()).select_from(col.view).where(col.on_old_key(active))
            total += (await conn.execute(stmt)).scalar_one()
    return total


def _decrypt(ring: KeyRing, col: EncryptedColumn, row: Sequence[Any]) -> str:
    try:
        return ring.decrypt(row[-1], col.purpose)
    except (KeyRingError, InvalidTag) as err:
        raise KeyRingError(f"{col.label} of row {tuple(row[:-1])} cannot be decrypted "
                           f"({err or 'tampered or moved'})") from None


async def reencrypt_batch(engine: AsyncEngine, col: EncryptedColumn, ring: KeyRing,
                           batch: int) -> int:
    """Re-encrypt up to ``batch`` rows in one committed transaction; returns how many were read."""
    key_cols = [col.view.c[k] for k in col.key_names]
    async with engine.begin() as conn:
        rows = (
            await conn.execute(select(*key_cols, col.value).where(col.on_old_key(ring.active))
                               .limit(batch))
        ).all()
        if not rows:
            return 0
        stmt = (
            update(col.view)
            .where(*(c == bindparam(f"key_{c.name}") for c in key_cols),
                   col.value == bindparam("old_value"))
            .values({col.value_name: bindparam("new_value")})
        )
        params = [
            {
                **{f"key_{c.name}": row[i] for i, c in enumerate(key_cols)},
                "old_value": row[-1],
                "new_value": ring.encrypt(_decrypt(ring, col, row), col.purpose),
            }
            for row in rows
        ]
        await conn.execute(stmt, params)
    return len(rows)


async def reencrypt_all(
    engine: AsyncEngine, columns: list[EncryptedColumn], ring: KeyRing, batch: int,
    report: Callable[[str, int, int], None],
) -> int:
    """Moves every value to ``ring.active``; ``report(column, done, total)`` after each batch."""
    done = 0
    # Servers may still write with the old key until they notice the new key file (they check
    # it every few seconds), so passes repeat until one finds nothing.
    while pending := await count_on_old_key(engine, columns, ring.active):
        total = done + pending
        for col in columns:
            while read := await reencrypt_batch(engine, col, ring, batch):
                done += read
                report(col.label, done, max(total, done))
    return done
