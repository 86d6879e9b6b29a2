"""Booking and releasing slots, as the case modules do through the service (in their own
transaction, which they commit)."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from tests.scheduling.helpers import AVAIL, beijing, book, insert_slot
from yilian.core.errors import Conflict, NotFound, ValidationFailed
from yilian.scheduling import service


async def test_a_case_books_a_time_and_a_second_booking_is_refused(app, client, clock, world):
    expert = world.users["specialist_a"]
    slot_id = await insert_slot(app, world, "specialist_a", "A", beijing(1, 9))
    case_id = uuid.uuid4()

    slot = await book(app, clock, slot_id, expert, case_id)
    assert (slot.booked_case_type, slot.booked_case_id, slot.booked_at) == (
        "consultation", case_id, clock.now())

    with pytest.raises(Conflict) as taken:
        await book(app, clock, slot_id, expert)
    assert taken.value.code == "slot-taken"
    assert (taken.value.title_zh, taken.value.title_en) == ("该时段已被预约", "That time is taken")
    async with app.state.sessionmaker() as db:
        assert (await service.get_slot(db, slot_id)).booked_case_id == case_id
    free = await world.client_as(client, "coordinator_a").get(
        AVAIL, params={"user_id": str(expert), "free": "true"})
    assert free.json() == []


async def test_only_a_future_time_of_the_cases_experts_can_be_booked(app, clock, world):
    slot_id = await insert_slot(app, world, "specialist_a", "A", beijing(0, 11))

    with pytest.raises(NotFound) as missing:
        await book(app, clock, uuid.uuid4(), world.users["specialist_a"])
    assert missing.value.code == "slot-not-found"
    with pytest.raises(ValidationFailed) as stranger:
        await book(app, clock, slot_id, world.users["mdt_expert"])
    assert stranger.value.errors[0]["field"] == "slot_id"
    clock.advance(hours=1)  # 11:00: the time begins
    with pytest.raises(ValidationFailed) as begun:
        await book(app, clock, slot_id, world.users["specialist_a"])
    assert begun.value.errors[0]["field"] == "slot_id"


async def test_a_withdrawn_time_cannot_be_booked(app, client, clock, world):
    slot_id = await insert_slot(app, world, "specialist_a", "A", beijing(1, 9))
    r = await world.client_as(client, "specialist_a").delete(f"{AVAIL}/{slot_id}")
    assert r.status_code == 200, r.text

    with pytest.raises(Conflict) as taken:
        await book(app, clock, slot_id, world.users["specialist_a"])
    assert taken.value.code == "slot-taken"


async def test_release_frees_the_time_only_for_the_case_holding_it(app, client, clock, world):
    expert = world.users["specialist_a"]
    slot_id = await insert_slot(app, world, "specialist_a", "A", beijing(1, 9))
    case_id = uuid.uuid4()
    await book(app, clock, slot_id, expert, case_id)

    async with app.state.sessionmaker() as db:
        slot = await service.get_slot(db, slot_id)
        await service.release(db, slot_id, case_type="consultation", case_id=uuid.uuid4())
        await service.release(db, slot_id, case_type="referral", case_id=case_id)
        assert slot.booked_case_id == case_id
        await service.release(db, slot_id, case_type="consultation", case_id=case_id)
        # The caller's copy of the row follows.
        assert (slot.booked_case_id, slot.booked_case_type, slot.booked_at) == (None, None, None)
        await db.commit()

    free = await world.client_as(client, "specialist_a").get(AVAIL, params={"free": "true"})
    assert [s["id"] for s in free.json()] == [str(slot_id)]
    assert (await book(app, clock, slot_id, expert)).booked_case_id is not None


async def test_of_two_bookings_at_once_exactly_one_wins(app, backend, clock, world):
    expert = world.users["specialist_a"]
    slot_id = await insert_slot(app, world, "specialist_a", "A", beijing(1, 9))
    # On PostgreSQL both transactions first read the slot as free, then race for it. (SQLite
    # has one writer at a time: the second transaction cannot begin until the first ends.)
    both_read = asyncio.Barrier(2) if backend == "postgresql" else None

    async def attempt() -> str:
        async with app.state.sessionmaker() as db:
            await service.get_slot(db, slot_id)
            if both_read is not None:
                await both_read.wait()
            try:
                await service.book(db, clock, slot_id, expert_ids={expert},
                                   case_type="consultation", case_id=uuid.uuid4())
            except Conflict as exc:
                await db.rollback()
                return exc.code
            await db.commit()
            return "booked"

    assert sorted(await asyncio.gather(attempt(), attempt())) == ["booked", "slot-taken"]
