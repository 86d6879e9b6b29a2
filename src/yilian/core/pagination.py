"""Cursor pagination over a stable sort (a sort key, then the primary key)."""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from pydantic import BaseModel
from sqlalchemy import Select, and_, or_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from yilian.core.errors import ValidationFailed

T = TypeVar("T")
MAX_LIMIT = 200


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = None


def _encode(values: list[Any]) -> str:
    plain = [v.isoformat() if isinstance(v, (date, datetime)) else str(v) for v in values]
    return base64.urlsafe_b64encode(json.dumps(plain).encode()).decode().rstrip("=")


def _decode(cursor: str, n: int) -> list[str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (ValueError, json.JSONDecodeError):
        raise ValidationFailed.field("cursor", "not a cursor this server issued") from None
    if not isinstance(values, list) or len(values) != n or not all(isinstance(v, str) for v in values):
        raise ValidationFailed.field("cursor", "not a cursor this server issued")
    return values


def _coerce(column: InstrumentedAttribute[Any], value: str) -> Any:
    column_type = column.type
    py = getattr(column_type, "impl_instance", column_type).python_type
    try:
        if py is uuid.UUID:
            return uuid.UUID(value)
        if py is datetime:
            return datetime.fromisoformat(value)
        if py is date:
            return date.fromisoformat(value)
        return py(value)
    except (ValueError, TypeError):
        raise ValidationFailed.field("cursor", "not a cursor this server issued") from None


async def paginate(
    db: AsyncSession,
    stmt: Select[Any],  # one entity: rows are read with .scalars()
    sort: Sequence[InstrumentedAttribute[Any]],
    *,
    cursor: str | None,
    limit: int,
    descending: bool = False,
) -> tuple[list[Any], str | None]:
    """``sort`` is a list of mapped columns ending with a unique one, all ascending (or all
    descending: newest first)."""
    if limit < 1 or limit > MAX_LIMIT:
        raise ValidationFailed.field("limit", f"must be between 1 and {MAX_LIMIT}")
    if cursor:
        values = [_coerce(c, v) for c, v in zip(sort, _decode(cursor, len(sort)), strict=True)]
        clauses = []
        for i, col in enumerate(sort):
            after = col < values[i] if descending else col > values[i]
            clauses.append(and_(*[sort[j] == values[j] for j in range(i)], after))
        stmt = stmt.where(or_(*clauses))
    order = [c.desc() for c in sort] if descending else sort
    rows = (await db.execute(stmt.order_by(*order).limit(limit + 1))).scalars().all()
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        next_cursor = _encode([getattr(last, c.key) for c in sort])
    return list(rows), next_cursor
