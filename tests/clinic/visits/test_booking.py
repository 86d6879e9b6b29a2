"""Booking: a slot held for 15 minutes with the order to pay; each refusal with its code and
nothing changed; an unpaid hold lapsing (the sweep) frees the slot for someone else, and money
arriving for it later is refunded; 30 patients racing for 5 slots on PostgreSQL."""

from __future__ import annotations

import asyncio
import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tests.clinic.helpers import slots_of
from tests.clinic.visits.helpers import (
    VISITS,
    add_problem,
    book,
    booking,
    gateway_pays,
    make_setting,
    pay,
)
from tests.factories import add_staff, resident_id
from yilian.cases import engine
from yilian.clinic.visits.kind import VISIT_KIND
from yilian.clinic.visits.models import ClinicVisit
from yilian.core.authz import Role
from yilian.core.crypto import blind_index
from yilian.identity.models import PatientLink, ProxyRelation, User, UserKind
from yilian.patients.models import Patient, Sex
from yilian.payments.models import PaymentOrder, PaymentRefund


@pytest.fixture
async def s(app, client, world):
    return await make_setting(app, client, world, capacity=5)


async def visit_count(query) -> int:
    return len(await query(select(ClinicVisit.id)))


async def test_booking_holds_a_slot_for_fifteen_minutes_with_an_order(client, world, s, query):
    visit = await book(client, s)
    now = world.clock.now()
    assert visit["hold_until"].startswith((now + timedelta(minutes=15)).strftime("%Y-%m-%dT%H:%M"))
    [order] = await query(select(PaymentOrder).where(
        PaymentOrder.id == uuid.UUID(visit["order_id"])))
    assert (order.state, order.total_fen, order.subject_type) == ("pending", 2000, "online_visit")
    assert visit["requesting_org_id"] == str(world.orgs["A1a"].id)
    assert visit["answering_org_id"] == str(world.orgs["A"].id)


async def test_a_village_doctor_books_for_a_patient_with_them(client, world, s):
    visit = await book(client, s, "village_doctor")
    assert visit["proxy_doctor_id"] == str(world.users["village_doctor"])
    assert visit["requesting_org_id"] == str(world.orgs["A1a"].id)


@pytest.mark.parametrize(("over", "status", "code"), [
    ({"proof": None}, 422, "proof-required"),
    ({"proof": {"kind": "record_diagnosis", "problem_id": str(uuid.uuid4())}}, 422,
     "proof-not-the-patients"),
    ({"mode": "video"}, 422, "mode-not-offered"),
    ({"session_id": str(uuid.uuid4())}, 404, "session-not-found"),
])
async def test_bad_bookings_are_refused_and_change_nothing(client, world, s, query, over,
                                                           status, code):
    r = await world.client_as(client, "patient_pa").post(VISITS, json=booking(s, **over))
    assert (r.status_code, r.json()["code"]) == (status, code), r.text
    assert await visit_count(query) == 0


async def test_a_proof_of_another_patient_is_refused(app, client, world, s, query):
    theirs = await add_problem(app, world, "pb")
    r = await world.client_as(client, "patient_pa").post(VISITS, json=booking(
        s, proof={"kind": "record_diagnosis", "problem_id": theirs}))
    assert (r.status_code, r.json()["code"]) == (422, "proof-not-the-patients")
    assert await visit_count(query) == 0


async def test_booking_for_someone_else_is_refused(client, world, s, query):
    r = await world.client_as(client, "patient_pb").post(VISITS, json=booking(s))
    assert (r.status_code, r.json()["code"]) == (403, "not-your-patient")
    await add_staff(world, "village_b", Role.grassroots_doctor, "B1")
    r = await world.client_as(client, "village_b").post(VISITS, json=booking(s))
    assert (r.status_code, r.json()["code"]) == (403, "not-your-patient")
    assert await visit_count(query) == 0


async def test_a_taken_slot_a_second_visit_and_a_full_session_are_refused(app, client, world, s,
                                                                          query):
    first = await book(client, s)
    r = await world.client_as(client, "patient_pa").post(VISITS, json=booking(s))
    assert (r.status_code, r.json()["code"]) == (409, "already-booked")
    r = await world.client_as(client, "patient_pb").post(VISITS, json=booking(
        s, patient_id=str(world.patients["pb"]), slot_id=first["slot_id"],
        proof={"kind": "record_diagnosis", "problem_id": await add_problem(app, world, "pb")}))
    assert (r.status_code, r.json()["code"]) == (409, "slot-taken")
    assert await visit_count(query) == 1


async def test_a_stopped_session_takes_no_booking(client, world, s, query):
    r = await world.client_as(client, "org_admin_a").post(
        f"/api/v1/clinic/sessions/{s.session['id']}/stop", json={"reason": "停诊"})
    assert r.status_code == 200, r.text
    r = await world.client_as(client, "patient_pa").post(VISITS, json=booking(s))
    assert (r.status_code, r.json()["code"]) == (409, "session-stopped")
    assert await visit_count(query) == 0


async def sweep(app) -> int:
    async with app.state.sessionmaker() as db:
        return await engine.sweep(db, app.state.clock, VISIT_KIND)


async def test_an_unpaid_hold_lapses_and_frees_the_slot(app, client, world, s, query):
    visit = await book(client, s)
    world.clock.advance(minutes=16)
    assert await sweep(app) == 1
    r = await world.client_as(client, "patient_pa").get(f"{VISITS}/{visit['id']}")
    assert r.json()["state"] == "lapsed"
    [order] = await query(select(PaymentOrder).where(
        PaymentOrder.id == uuid.UUID(visit["order_id"])))
    assert order.state == "cancelled"
    slot = next(x for x in await slots_of(app, s.session["id"]) if str(x.id) == visit["slot_id"])
    assert slot.held_by_visit_id is None
    # Someone else books the slot it had.
    other = await book(client, s, "patient_pb", patient_id=str(world.patients["pb"]),
                       slot_id=visit["slot_id"], proof={
                           "kind": "record_diagnosis",
                           "problem_id": await add_problem(app, world, "pb")})
    assert other["slot_id"] == visit["slot_id"]


async def test_a_late_payment_for_a_lapsed_hold_is_refunded(app, client, world, s, query):
    visit = await book(client, s)
    world.clock.advance(minutes=16)
    # Before the sweep, another patient takes the slot whose hold lapsed...
    await book(client, s, "patient_pb", patient_id=str(world.patients["pb"]),
               slot_id=visit["slot_id"], proof={
                   "kind": "record_diagnosis", "problem_id": await add_problem(app, world, "pb")})
    # ...then the gateway's notification for the first arrives: the whole sum goes back
    # (asked of the gateway after the commit).
    assert await gateway_pays(app, visit["order_id"]) == "refunded-subject-gone"
    [refund] = await query(select(PaymentRefund).where(
        PaymentRefund.order_id == uuid.UUID(visit["order_id"])))
    assert refund.amount_fen == 2000
    r = await world.client_as(client, "patient_pa").get(f"{VISITS}/{visit['id']}")
    assert r.json()["state"] == "lapsed"


async def test_paying_in_time_books_even_after_the_order_was_paid_twice(app, client, world, s):
    visit = await book(client, s)
    await pay(client, world, visit)
    r = await world.client_as(client, "patient_pa").get(f"{VISITS}/{visit['id']}")
    assert r.json()["state"] == "booked"
    assert await sweep(app) == 0


async def add_patients(app, world, n: int) -> list[tuple[str, str]]:
    """``n`` more patients of village A1a, each with an account signed in and a diagnosis in
    the record: (account name, patient id)."""
    made = []
    async with app.state.sessionmaker() as db:
        now = world.clock.now()
        for i in range(n):
            rid = resident_id("440111", date(1950, 1, 1) + timedelta(days=i), 500 + i, Sex.male)
            p = Patient(name=f"王{i}", sex=Sex.male, birth_date=date(1950, 1, 1),
                        resident_id=rid, resident_id_bidx=blind_index(rid, "patients.resident_id"),
                        home_organisation_id=world.orgs["A1a"].id)
            user = User(username=f"racer{i}", display_name=f"racer{i}", kind=UserKind.patient,
                        password_hash="x", password_changed_at=now)
            db.add_all([p, user])
            await db.flush()
            db.add(PatientLink(user_id=user.id, patient_id=p.id, relation=ProxyRelation.self_,
                               may_manage_consent=True, created_at=now))
            world.users[user.username], world.patients[user.username] = user.id, p.id
            made.append((user.username, str(p.id)))
        await db.commit()
    for name, _ in made:
        await world.sign_in_again(name)
    return made


async def test_thirty_patients_racing_for_five_slots(app, client, world, s, backend, query):
    if backend != "postgresql":
        pytest.skip("two people at once: PostgreSQL")
    racers = await add_patients(app, world, 30)
    proofs = {name: await add_problem(app, world, name) for name, _ in racers}
    answers = await asyncio.gather(*(
        world.client_as(client, name).post(VISITS, json=booking(
            s, patient_id=patient, proof={"kind": "record_diagnosis",
                                          "problem_id": proofs[name]}))
        for name, patient in racers))
    statuses = [a.status_code for a in answers]
    assert statuses.count(201) == 5, [a.text for a in answers if a.status_code != 201][:3]
    assert set(statuses) <= {201, 409}, statuses
    assert {a.json()["code"] for a in answers if a.status_code == 409} <= {"session-full"}
    holders = [x.held_by_visit_id for x in await slots_of(app, s.session["id"])]
    assert None not in holders and len(set(holders)) == 5
    assert await visit_count(query) == 5
    assert len(await query(select(PaymentOrder.id))) == 5
