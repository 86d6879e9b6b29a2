"""Booked consultation sessions as an agenda shows them (the workbench's "today")."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from yilian.cases import engine
from yilian.consultation.kind import CONSULTATION
from yilian.consultation.models import Consultation, State
from yilian.core.authz import Actor

# A session is still to be held (or being held) in these states.
BOOKED = (State.scheduled, State.info_requested, State.in_session)


async def sessions(db: AsyncSession, actor: Actor, start: datetime, end: datetime | None = None,
                   *, limit: int = 20) -> tuple[list[Any], list[dict[str, Any]]]:
    """The booked sessions shared with ``actor`` from ``start`` (until ``end``); the video
    room opens from the case's page."""
    return await engine.booked(db, actor, CONSULTATION, Consultation.starts_at, BOOKED, start,
                               end, ends=Consultation.ends_at, limit=limit)
