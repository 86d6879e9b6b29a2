"""Offering, inserting and booking slots for the scheduling tests."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from yilian.core.clock import SHANGHAI
from yilian.scheduling import service
from yilian.scheduling.models import AvailabilitySlot

AVAIL = "/api/v1/availability"
DOCTORS = "/api/v1/availability/doctors"


def beijing(day: int, hour: int, minute: int = 0) -> datetime:
    """A wall-clock time in Beijing, ``day`` days after the tests' today (2026-11-24)."""
    return datetime(2026, 11, 24, hour, minute, tzinfo=SHANGHAI) + timedelta(days=day)


def iso(day: int, hour: int, minute: int = 0) -> str:
    return beijing(day, hour, minute).isoformat()


async def offer(world, client, who: str, start: str, end: str, **extra):
    return await world.client_as(client, who).post(
        AVAIL, json={"starts_at": start, "ends_at": end, **extra})


async def offered(world, client, who: str, start: str, end: str, **extra) -> list[dict]:
    r = await offer(world, client, who, start, end, **extra)
    assert r.status_code == 201, r.text
    return r.json()


async def insert_slot(app, world, user: str, org: str, starts: datetime,
                      minutes: int = 30) -> uuid.UUID:
    """A slot written straight to the table (for users the API would not let offer one)."""
    async with app.state.sessionmaker() as db:
        slot = AvailabilitySlot(user_id=world.users[user], organisation_id=world.orgs[org].id,
                                starts_at=starts, ends_at=starts + timedelta(minutes=minutes),
                                created_by=world.users[user], created_at=world.clock.now())
        db.add(slot)
        await db.commit()
        return slot.id


async def book(app, clock, slot_id, expert: uuid.UUID, case_id: uuid.UUID | None = None,
               case_type: str = "consultation") -> AvailabilitySlot:
    async with app.state.sessionmaker() as db:
        slot = await service.book(db, clock, uuid.UUID(str(slot_id)), expert_ids={expert},
                                  case_type=case_type, case_id=case_id or uuid.uuid4())
        await db.commit()
        return slot
