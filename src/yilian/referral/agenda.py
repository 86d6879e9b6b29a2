"""Reserved referral appointments and beds as an agenda shows them (a patient's workbench)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from yilian.cases import engine
from yilian.core.authz import Actor
from yilian.referral.kind import REFERRAL
from yilian.referral.models import Referral, State


async def reservations(db: AsyncSession, actor: Actor, start: datetime,
                       end: datetime | None = None, *, limit: int = 20
                       ) -> tuple[list[Any], list[dict[str, Any]]]:
    """The accepted referrals shared with ``actor`` whose reserved time (appointment or bed)
    is from ``start``, with where to go."""
    return await engine.booked(db, actor, REFERRAL, Referral.reserved_at, (State.accepted,),
                               start, end, place=Referral.reserved_place, limit=limit)
