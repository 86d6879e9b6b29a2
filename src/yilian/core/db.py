"""Database engine, declarative base and the per-request session."""

from __future__ import annotations

import enum
import uuid
from collections import namedtuple
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from sqlalchemy import (
    Connection,
    DateTime,
    Dialect,
    Enum,
    Insert,
    MetaData,
    Select,
    TypeDecorator,
    event,
)
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.sql.compiler import SQLCompiler

if TYPE_CHECKING:
    import asyncpg

T = TypeVar("T")

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC on both engines (SQLite stores naive text)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime}


def str_enum(e: type[enum.Enum], name: str) -> Enum:
    """Enums stored as their values in a plain string column (no native type to migrate)."""
    return Enum(
        e, name=name, native_enum=False, length=40, validate_strings=True,
        values_callable=lambda members: [m.value for m in members],
    )


def utcnow() -> datetime:
    return datetime.now(UTC)


class UUIDPk:
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)


class Timestamps:
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


def make_engine(url: str, *, pool_size: int = 10, echo: bool = False) -> AsyncEngine:
    if url.startswith("sqlite"):
        engine = create_async_engine(url, echo=echo, connect_args={"timeout": 30})

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:  # aiosqlite's adapter
            # The driver's own BEGIN is off; ours below is IMMEDIATE, so a transaction that
            # reads and then writes never fails on a snapshot another writer made stale.
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        @event.listens_for(engine.sync_engine, "begin")
        def _begin_immediate(conn: Connection) -> None:
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    return create_async_engine(
        url, echo=echo, pool_size=pool_size, max_overflow=5, pool_recycle=1800
    )


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=True)


def make_statement_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions for requests whose only write is the access log (``autocommit`` routes): on
    PostgreSQL each statement commits by itself, so a read costs its SELECT and its INSERT and
    no BEGIN or COMMIT round trips (docs/decisions/0016). SQLite keeps its transaction (one
    writer at a time, no network): the same sessions as every other request."""
    if engine.dialect.name != "postgresql":
        return make_sessionmaker(engine)
    return make_sessionmaker(engine.execution_options(isolation_level="AUTOCOMMIT"))


_Processor = Callable[[Any], Any]


class _Plan(NamedTuple):
    sql: str
    names: list[str]
    binds: Sequence[_Processor | None]
    row: Any  # a namedtuple class of the selected columns; None when nothing is selected
    results: Sequence[_Processor | None]


class Direct:
    """A Core statement built once, run on the driver's own connection where that is safe.

    On PostgreSQL, in a session without a transaction (``make_statement_sessionmaker``), the
    statement is compiled once to SQL and sent with asyncpg's ``fetchrow``/``execute``, and its
    columns go through the same type processing (decryption, enums, UTC) as SQLAlchemy's:
    executing it through the session costs several times the round trip itself
    (docs/decisions/0016). Anywhere else (SQLite, a session in a transaction) it is executed
    through the session as usual."""

    def __init__(self, statement: Insert | Select[*tuple[Any, ...]],
                 column_keys: list[str] | None = None) -> None:
        self.statement = statement
        self.column_keys = column_keys
        self._compiled: dict[int, _Plan] = {}

    def _for(self, dialect: Dialect) -> _Plan:
        found = self._compiled.get(id(dialect))
        if found is None:
            compiled = self.statement.compile(dialect=dialect, column_keys=self.column_keys)
            assert isinstance(compiled, SQLCompiler)  # a statement's compiler, not DDL's
            names = list(compiled.positiontup or ())
            binds = [compiled.binds[n].type.dialect_impl(dialect).bind_processor(dialect)
                     for n in names]
            columns = list(getattr(self.statement, "selected_columns", ()))
            row = namedtuple("Row", [c.key for c in columns]) if columns else None  # noqa: PYI024
            results = [c.type.dialect_impl(dialect).result_processor(dialect, None)
                       for c in columns]
            found = self._compiled[id(dialect)] = _Plan(compiled.string, names, binds, row,
                                                        results)
        return found

    def _args(self, names: list[str], binds: Sequence[_Processor | None],
              params: dict[str, Any]) -> list[Any]:
        return [params[n] if proc is None or params[n] is None else proc(params[n])
                for n, proc in zip(names, binds, strict=True)]

    async def first(self, db: AsyncSession, params: dict[str, Any]) -> Any:
        """The first row (attributes named as the selected columns), or None."""
        raw, conn = await _driver_connection(db)
        if raw is None:
            return (await db.execute(self.statement, params)).first()
        sql, names, binds, row, results = self._for(conn.dialect)
        record = await _guarded(conn, raw.fetchrow(sql, *self._args(names, binds, params)))
        if record is None:
            return None
        return row._make(v if proc is None or v is None else proc(v)
                         for v, proc in zip(record, results, strict=True))

    async def execute(self, db: AsyncSession, rows: list[dict[str, Any]]) -> None:
        """The statement once per row (a pipelined executemany for several)."""
        raw, conn = await _driver_connection(db)
        if raw is None:
            await db.execute(self.statement, rows[0] if len(rows) == 1 else rows)
            return
        sql, names, binds, _, _ = self._for(conn.dialect)
        if len(rows) == 1:
            await _guarded(conn, raw.execute(sql, *self._args(names, binds, rows[0])))
        else:
            await _guarded(conn, raw.executemany(
                sql, [self._args(names, binds, r) for r in rows]))


_DRIVER = "yilian.driver_connection"


async def _driver_connection(
    db: AsyncSession,
) -> tuple[asyncpg.Connection[asyncpg.Record] | None, AsyncConnection]:
    """The asyncpg connection under ``db`` when statements may go to it directly (PostgreSQL,
    no transaction open on it), else None; and the session's connection. Kept for as long as
    the session holds the same connection (its current session transaction)."""
    session = db.sync_session
    held = session.info.get(_DRIVER)
    if held is not None and held[0] is session.get_transaction():
        return held[1], held[2]
    conn = await db.connection()
    raw = None
    if conn.dialect.name == "postgresql":
        assert conn.sync_connection is not None  # db.connection() gives a started one
        fairy = conn.sync_connection.connection
        if getattr(fairy.dbapi_connection, "autocommit", False):
            raw = fairy.driver_connection
    session.info[_DRIVER] = (session.get_transaction(), raw, conn)
    return raw, conn


async def _guarded(conn: AsyncConnection, call: Awaitable[T]) -> T:
    """A failure that is not the database refusing the statement (a lost connection) retires
    the connection, as SQLAlchemy would, so that the pool does not hand it out again."""
    try:
        return await call
    except Exception as err:
        if not _is_database_error(err):
            await conn.invalidate(err)
        raise


def _is_database_error(err: Exception) -> bool:
    import asyncpg

    return isinstance(err, asyncpg.PostgresError)
