"""Writes numbered in commit order: the audit chain and the outbox.

Both need their sequence numbers handed out in the order transactions commit (the chain links
each row to the one before; a client resuming the event stream from a cursor must miss nothing).
On PostgreSQL that takes one transaction-scoped advisory lock, the commit-order lock. It is the
last lock every transaction takes: services queue their audit rows and events in the session
(``defer``), and the rows are written just before COMMIT, under the lock, with no other lock
taken after it. A transaction holding it waits for no row, so it cannot be part of a deadlock,
and it holds it for a few inserts only (docs/decisions/0014). SQLite has one writer at a time
(every transaction begins IMMEDIATE), so there the lock is not needed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

LOCK_KEY = 0x59494C49414E  # "YILIAN"
_PENDING = "yilian.commit_ordered"

Writer = Callable[[Session, list[Any]], None]
# name -> writes a transaction's queued items of that name; registered at import, in lock order.
_writers: dict[str, Writer] = {}


def writer(name: str) -> Callable[[Writer], Writer]:
    def register(fn: Writer) -> Writer:
        _writers[name] = fn
        return fn
    return register


def defer(db: AsyncSession, name: str, item: Any) -> None:
    """Queue ``item`` for the writer ``name``; written just before this transaction commits,
    dropped if it rolls back."""
    queues: dict[str, list[Any]] = db.sync_session.info.setdefault(_PENDING, {})
    queues.setdefault(name, []).append(item)


@event.listens_for(Session, "before_commit")
def _write_in_commit_order(session: Session) -> None:
    queues = session.info.pop(_PENDING, None)
    if not queues:
        return
    session.flush()  # the transaction's own rows and row locks first, then the ordering lock
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": LOCK_KEY})
    for name, write in _writers.items():
        if name in queues:
            write(session, queues[name])
    session.flush()


@event.listens_for(Session, "after_rollback")
def _discard(session: Session) -> None:
    session.info.pop(_PENDING, None)
