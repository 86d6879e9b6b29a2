"""Holding, confirming and releasing slots as the visit module will (in its own transaction,
which it commits); 停诊 and 替诊 with the events that tell the visit module whom they concern."""

from __future__ import annotations

import asyncio
import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tests.clinic.helpers import (
    SESSIONS,
    TOMORROW,
    beijing,
    counts,
    hold,
    make_clinic,
    new_session,
    set_fees,
    slots_of,
)
from yilian.clinic import service
from yilian.core.audit import AuditEntry
from yilian.core.errors import Conflict, NotFound
from yilian.core.events import OutboxEvent


@pytest.fixture
async def clinic(app, client, world):
    made = await make_clinic(app, world)
    await set_fees(client, world)
    return made


async def confirm(app, slot_id, visit_id) -> bool:
    async with app.state.sessionmaker() as db:
        done = await service.confirm_slot(db, slot_id, visit_id)
        await db.commit()
        return done


async def release(app, slot_id, visit_id) -> None:
    async with app.state.sessionmaker() as db:
        await service.release_slot(db, slot_id, visit_id)
        await db.commit()


async def refusal(app, clock, slot_id) -> str:
    with pytest.raises(Conflict) as refused:
        await hold(app, clock, slot_id)
    return refused.value.code


async def test_a_visit_holds_pays_and_books_a_slot(app, client, clinic, world):
    clock = world.clock
    session = await new_session(client, clinic, capacity=2)
    first, second = await slots_of(app, session["id"])
    visit = uuid.uuid4()

    held = await hold(app, clock, first.id, visit)
    assert (held.session_id, held.fee_fen, held.starts_at, held.held_until) == (
        uuid.UUID(session["id"]), 2000, beijing(TOMORROW, 8), clock.now() + timedelta(minutes=15))
    assert await refusal(app, clock, first.id) == "slot-taken"
    async with app.state.sessionmaker() as db:
        assert (await service.next_free_slot(db, clock, held.session_id)).id == second.id
    assert await confirm(app, first.id, visit)
    assert await confirm(app, first.id, visit)  # again: still this visit's
    assert not await confirm(app, first.id, uuid.uuid4())
    [stored, _] = await slots_of(app, session["id"])
    assert (stored.booked_visit_id, stored.held_by_visit_id, stored.held_until) == (visit, None, None)

    await hold(app, clock, second.id)
    assert await refusal(app, clock, second.id) == "session-full"
    async with app.state.sessionmaker() as db:
        assert await service.next_free_slot(db, clock, held.session_id) is None
        counted = await service.session_counts(db, clinic.org("A"), TOMORROW, TOMORROW)
    assert (counted.sessions, counted.slots, counted.free) == (1, 2, 0)

    # A cancelled visit frees its slot; releasing for another visit changes nothing.
    await release(app, first.id, uuid.uuid4())
    assert (await slots_of(app, session["id"]))[0].booked_visit_id == visit
    await release(app, first.id, visit)
    assert (await slots_of(app, session["id"]))[0].booked_visit_id is None
    assert (await hold(app, clock, first.id)).slot_id == first.id
    async with app.state.sessionmaker() as db:
        with pytest.raises(NotFound) as missing:
            await service.get_slot(db, uuid.uuid4())
        assert missing.value.code == "slot-not-found"
        with pytest.raises(NotFound) as missing:
            await service.get_session(db, uuid.uuid4())
        assert missing.value.code == "session-not-found"
        assert (await service.session_counts(db, clinic.org("A"), date(2026, 11, 26),
                                             date(2026, 11, 30))).sessions == 0


async def test_a_lapsed_hold_is_taken_by_another_and_the_late_payment_is_refused(
        app, client, clinic, world):
    clock = world.clock
    session = await new_session(client, clinic, capacity=1)
    [slot] = await slots_of(app, session["id"])
    late, prompt = uuid.uuid4(), uuid.uuid4()
    await hold(app, clock, slot.id, late)
    clock.advance(minutes=16)
    await hold(app, clock, slot.id, prompt)
    assert not await confirm(app, slot.id, late)
    assert await confirm(app, slot.id, prompt)

    # A lapsed hold nobody took can still be paid for.
    other = await new_session(client, clinic, half_day="pm", capacity=1)
    [free] = await slots_of(app, other["id"])
    await hold(app, clock, free.id, late)
    clock.advance(minutes=30)
    assert await confirm(app, free.id, late)


async def test_a_slot_whose_time_has_come_is_not_held(app, client, clinic, world):
    clock = world.clock
    session = await new_session(client, clinic, capacity=2)
    first, second = await slots_of(app, session["id"])
    clock.advance(hours=22, minutes=5)  # 08:05 tomorrow
    assert await refusal(app, clock, first.id) == "session-past"
    assert (await hold(app, clock, second.id)).slot_id == second.id
    clock.advance(hours=4)
    assert await refusal(app, clock, second.id) == "session-past"


async def outbox(query, kind: str) -> list[OutboxEvent]:
    return await query(select(OutboxEvent).where(OutboxEvent.kind == kind))


async def test_stopping_a_session_names_the_visits_to_move_or_refund(
        app, client, clinic, world, query):
    session = await new_session(client, clinic, capacity=3)
    slots = await slots_of(app, session["id"])
    booked, holding = uuid.uuid4(), uuid.uuid4()
    await hold(app, world.clock, slots[0].id, booked)
    await confirm(app, slots[0].id, booked)
    await hold(app, world.clock, slots[2].id, holding)
    url = f"{SESSIONS}/{session['id']}"

    for who in ("org_admin_b", "specialist_a"):
        r = await world.client_as(client, who).post(f"{url}/stop", json={"reason": "出差"})
        assert r.status_code == 403, (who, r.text)
    assert await outbox(query, service.STOPPED) == []
    r = await world.client_as(client, "org_admin_a").post(f"{url}/stop",
                                                          json={"reason": "医生临时外出会诊"})
    assert r.status_code == 200, r.text
    assert (r.json()["status"], r.json()["stop_reason"], r.json()["free_slots"]) == (
        "stopped", "医生临时外出会诊", 0)
    [event] = await outbox(query, service.STOPPED)
    assert (event.entity_type, event.entity_id) == ("clinic_session", session["id"])
    assert event.payload["visit_ids"] == [str(booked), str(holding)]
    assert event.payload["reason"] == "医生临时外出会诊"
    [entry] = await query(select(AuditEntry).where(AuditEntry.action == "clinic.session_stop"))
    assert entry.detail["visits"] == [str(booked), str(holding)]

    assert await refusal(app, world.clock, slots[1].id) == "session-stopped"
    r = await world.client_as(client, "org_admin_a").post(f"{url}/stop", json={"reason": "again"})
    assert (r.status_code, r.json()["code"]) == (409, "session-stopped")
    r = await world.client_as(client, "org_admin_a").patch(url, json={"mode": "video"})
    assert r.json()["code"] == "session-stopped"
    patient = world.client_as(client, "patient_pa")
    assert (await patient.get("/api/v1/clinic/doctors")).json()["items"] == []
    # A stopped session frees its doctor's time for another session.
    await new_session(client, clinic, capacity=1)


async def test_a_substitute_doctor_takes_the_session_and_its_patients_are_told(
        app, client, clinic, world, query):
    session = await new_session(client, clinic, capacity=2)
    [first, _] = await slots_of(app, session["id"])
    visit = uuid.uuid4()
    await hold(app, world.clock, first.id, visit)
    await confirm(app, first.id, visit)
    url = f"{SESSIONS}/{session['id']}/substitute"
    admin = world.client_as(client, "org_admin_a")
    before = await counts(app)

    async def refused(doctor: str, status: int, code: str) -> None:
        r = await admin.post(url, json={"doctor_id": str(clinic.user(doctor)), "reason": "病假"})
        assert (r.status_code, r.json()["code"]) == (status, code), r.text

    await refused("specialist_b", 422, "doctor-not-registered")  # practises at B only
    await refused("junior_a", 422, "doctor-not-eligible")
    await refused("specialist_a", 422, "validation")  # holds it already
    await set_fees(client, world, "alliance_admin", "P")
    await new_session(client, clinic, "alliance_admin", doctor="mdt_expert", org="P",
                      code="03.07", half_day=None, start="11:00", end="12:00", capacity=1)
    await refused("mdt_expert", 409, "session-overlap")
    assert await outbox(query, service.SUBSTITUTED) == []
    sessions, slots = await counts(app)
    assert (sessions, slots) == (before[0] + 1, before[1] + 1)

    r = await admin.post(url, json={"doctor_id": str(clinic.user("specialist_unverified")),
                                    "reason": "病假"})
    assert r.json()["reason"] == "not-verified"
    # The province's session moves to the afternoon; then the expert is free to stand in.
    [province] = (await world.client_as(client, "alliance_admin").get(
        SESSIONS, params={"organisation_id": str(clinic.org("P"))})).json()["items"]
    r = await world.client_as(client, "alliance_admin").patch(
        f"{SESSIONS}/{province['id']}", json={"times": {
            "day": TOMORROW.isoformat(), "half_day": "pm", "capacity": 1}})
    assert r.status_code == 200, r.text
    r = await admin.post(url, json={"doctor_id": str(clinic.user("mdt_expert")), "reason": "病假"})
    assert r.status_code == 200, r.text
    out = r.json()
    assert (out["doctor_id"], out["substituted_from"], out["fee_fen"]) == (
        str(clinic.user("mdt_expert")), str(clinic.user("specialist_a")), 2000)
    [event] = await outbox(query, service.SUBSTITUTED)
    assert event.payload["visit_ids"] == [str(visit)]
    assert (event.payload["from_doctor_id"], event.payload["doctor_id"]) == (
        str(clinic.user("specialist_a")), str(clinic.user("mdt_expert")))
    [entry] = await query(select(AuditEntry).where(
        AuditEntry.action == "clinic.session_substitute"))
    assert entry.detail["visits"] == [str(visit)]
    # The booked patient keeps the slot; the expert's card now lists the session.
    assert (await slots_of(app, session["id"]))[0].booked_visit_id == visit
    r = await world.client_as(client, "patient_pa").get(
        "/api/v1/clinic/doctors", params={"department_code": "03.04"})
    assert [c["name"] for c in r.json()["items"]] == ["mdt_expert"]


# ---------------------------------------------------------------- two people at once


async def test_twenty_holds_racing_for_five_slots_take_each_once(app, backend, client, clinic,
                                                                 world):
    if backend != "postgresql":
        pytest.skip("races between transactions need PostgreSQL (SQLite runs one writer)")
    session = await new_session(client, clinic, capacity=5)
    slots = await slots_of(app, session["id"])
    start = asyncio.Barrier(20)

    async def attempt(i: int) -> str:
        async with app.state.sessionmaker() as db:
            await start.wait()
            try:
                await service.hold_slot(db, world.clock, slots[i % 5].id, uuid.uuid4(),
                                        world.clock.now() + timedelta(minutes=15))
            except Conflict as exc:
                await db.rollback()
                return exc.code
            await db.commit()
            return "held"

    outcomes = await asyncio.gather(*(attempt(i) for i in range(20)))
    assert outcomes.count("held") == 5
    assert set(outcomes) - {"held"} <= {"slot-taken", "session-full"}
    held = [s.held_by_visit_id for s in await slots_of(app, session["id"])]
    assert None not in held and len(set(held)) == 5


async def test_a_stop_racing_holds_names_every_visit_that_got_a_slot(
        app, backend, client, clinic, world, query):
    if backend != "postgresql":
        pytest.skip("races between transactions need PostgreSQL (SQLite runs one writer)")
    session = await new_session(client, clinic, capacity=10)
    slots = await slots_of(app, session["id"])
    start = asyncio.Barrier(11)

    async def attempt(i: int) -> uuid.UUID | None:
        visit = uuid.uuid4()
        async with app.state.sessionmaker() as db:
            await start.wait()
            try:
                await service.hold_slot(db, world.clock, slots[i].id, visit,
                                        world.clock.now() + timedelta(minutes=15))
            except Conflict as exc:
                assert exc.code == "session-stopped"
                return None
            await db.commit()
            return visit

    async def stop() -> int:
        await start.wait()
        r = await world.client_as(client, "org_admin_a").post(
            f"{SESSIONS}/{session['id']}/stop", json={"reason": "停电"})
        return r.status_code

    *visits, status = await asyncio.gather(*(attempt(i) for i in range(10)), stop())
    assert status == 200
    [event] = await outbox(query, service.STOPPED)
    assert sorted(event.payload["visit_ids"]) == sorted(str(v) for v in visits if v)


async def test_two_sessions_for_one_doctor_at_once_make_one(app, backend, client, clinic, world):
    if backend != "postgresql":
        pytest.skip("races between transactions need PostgreSQL (SQLite runs one writer)")
    await set_fees(client, world, "alliance_admin", "P")
    a = world.client_as(client, "org_admin_a")
    p = world.client_as(client, "alliance_admin")
    results = await asyncio.gather(
        a.post(SESSIONS, json=clinic.session_body(doctor="mdt_expert")),
        p.post(SESSIONS, json=clinic.session_body(doctor="mdt_expert", org="P", code="03.07")))
    assert sorted(r.status_code for r in results) == [201, 409]
    assert await counts(app) == (1, 8)


async def test_a_session_under_way_may_still_be_stopped_but_not_one_that_ended(
        client, clinic, world):
    morning = await new_session(client, clinic)
    afternoon = await new_session(client, clinic, half_day="pm")
    world.clock.advance(hours=23)  # 09:00 tomorrow: the morning is under way
    await world.sign_in_again("org_admin_a")
    admin = world.client_as(client, "org_admin_a")
    r = await admin.post(f"{SESSIONS}/{morning['id']}/stop", json={"reason": "医生突发不适"})
    assert r.status_code == 200, r.text
    world.clock.advance(hours=9)  # 18:00: the afternoon is over
    await world.sign_in_again("org_admin_a")
    admin = world.client_as(client, "org_admin_a")
    for tail, body in (("/stop", {"reason": "x"}),
                       ("/substitute", {"doctor_id": str(clinic.user("mdt_expert")),
                                        "reason": "x"})):
        r = await admin.post(f"{SESSIONS}/{afternoon['id']}{tail}", json=body)
        assert (r.status_code, r.json()["code"]) == (409, "session-past"), r.text
