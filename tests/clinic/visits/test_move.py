"""停诊 and after: a paid visit of a stopped session waits for its patient side to move it to
another session of the same doctor or department at the same fee (keeping the payment) or take
the refund; not chosen within a day, the platform refunds it. Each refusal (another fee, another
doctor and department, too late, not the patient side) with its code and nothing changed; two
patients moving into the last free slot at once (PostgreSQL): one wins."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from sqlalchemy import select

from tests.clinic.helpers import new_session, slots_of
from tests.clinic.visits.helpers import SESSIONS, VISITS, add_problem, book, make_setting, pay
from yilian.cases import engine
from yilian.clinic.visits.kind import VISIT_KIND
from yilian.clinic.visits.models import ClinicVisit
from yilian.payments.models import PaymentOrder


@pytest.fixture
async def s(app, client, world):
    return await make_setting(app, client, world)


async def visit_row(query, visit: dict) -> ClinicVisit:
    [v] = await query(select(ClinicVisit).where(ClinicVisit.id == uuid.UUID(visit["id"])))
    return v


async def order_row(query, visit: dict) -> PaymentOrder:
    [o] = await query(select(PaymentOrder).where(PaymentOrder.id == uuid.UUID(visit["order_id"])))
    return o


async def paid(client, world, s, who: str = "patient_pa", patient: str = "pa") -> dict:
    """A paid visit of ``patient`` in s's session (booked by ``who``)."""
    over = {} if patient == "pa" else {
        "patient_id": str(world.patients[patient]),
        "proof": {"kind": "record_diagnosis",
                  "problem_id": await add_problem(world.app, world, patient)}}
    visit = await book(client, s, who, **over)
    await pay(client, world, visit, who)
    return visit


async def stop(client, world, s, settle) -> None:
    r = await world.client_as(client, "org_admin_a").post(
        f"{SESSIONS}/{s.session['id']}/stop", json={"reason": "医生临时外出"})
    assert r.status_code == 200, r.text
    await settle()


async def test_a_stopped_visit_moves_to_the_doctors_other_session_keeping_its_payment(
        app, client, world, s, query, settle):
    visit = await paid(client, world, s)
    await stop(client, world, s, settle)
    v = await visit_row(query, visit)
    assert v.state == "stopped"
    assert (v.choose_by - world.clock.now()).total_seconds() == 24 * 3600
    old_slot = v.slot_id
    afternoon = await new_session(client, s.clinic, half_day="pm")
    video = await new_session(client, s.clinic, half_day="pm", day="2026-11-26", mode="video")
    elsewhere = await new_session(client, s.clinic, half_day="pm", day="2026-11-27",
                                  doctor="mdt_expert", code="03.03")
    patient = world.client_as(client, "patient_pa")

    r = await patient.get(f"{VISITS}/{visit['id']}/move-options")
    assert r.status_code == 200, r.text
    offered = {o["id"]: o["same_fee"] for o in r.json()}
    assert offered == {afternoon["id"]: True, video["id"]: False}
    assert elsewhere["id"] not in offered and s.session["id"] not in offered

    r = await patient.post(f"{VISITS}/{visit['id']}/move", json={"session_id": afternoon["id"]})
    assert r.status_code == 200, r.text
    out = r.json()
    assert (out["state"], out["session_id"], out["refunded_fen"], out["choose_by"]) == (
        "booked", afternoon["id"], 0, None)
    order = await order_row(query, visit)
    assert (order.state, order.refunded_fen, order.paid_fen) == ("paid", 0, 2000)
    slots = await slots_of(app, afternoon["id"])
    assert [sl.booked_visit_id for sl in slots].count(uuid.UUID(visit["id"])) == 1
    assert all(sl.booked_visit_id is None and sl.held_by_visit_id is None
               for sl in await slots_of(app, s.session["id"]) if sl.id == old_slot)


async def test_a_session_at_another_fee_or_of_another_department_is_refused(
        client, world, s, query, settle):
    visit = await paid(client, world, s)
    await stop(client, world, s, settle)
    video = await new_session(client, s.clinic, half_day="pm", mode="video")
    elsewhere = await new_session(client, s.clinic, day="2026-11-26", doctor="mdt_expert",
                                  code="03.03")
    patient = world.client_as(client, "patient_pa")
    r = await patient.post(f"{VISITS}/{visit['id']}/move", json={"session_id": video["id"]})
    assert (r.status_code, r.json()["code"]) == (409, "fee-differs")
    assert (r.json()["fee_fen"], r.json()["paid_fen"]) == (3000, 2000)
    r = await patient.post(f"{VISITS}/{visit['id']}/move", json={"session_id": elsewhere["id"]})
    assert (r.status_code, r.json()["code"]) == (409, "not-same-doctor-or-department")
    r = await patient.post(f"{VISITS}/{visit['id']}/move", json={"session_id": s.session["id"]})
    assert (r.status_code, r.json()["errors"][0]["field"]) == (422, "session_id")
    v = await visit_row(query, visit)
    assert (v.state, str(v.session_id)) == ("stopped", s.session["id"])
    for sid in (video["id"], elsewhere["id"]):
        assert all(sl.booked_visit_id is None and sl.held_by_visit_id is None
                   for sl in await slots_of(world.app, sid))


async def test_only_the_patient_side_moves_and_only_a_stopped_visit(client, world, s, query,
                                                                    settle):
    visit = await paid(client, world, s)
    afternoon = await new_session(client, s.clinic, half_day="pm")
    body = {"session_id": afternoon["id"]}
    r = await world.client_as(client, "patient_pa").post(f"{VISITS}/{visit['id']}/move",
                                                          json=body)
    assert (r.status_code, r.json()["code"]) == (409, "wrong-state")
    await stop(client, world, s, settle)
    r = await world.client_as(client, "specialist_a").post(f"{VISITS}/{visit['id']}/move",
                                                            json=body)
    assert (r.status_code, r.json()["code"]) == (403, "not-your-step")
    r = await world.client_as(client, "specialist_a").get(
        f"{VISITS}/{visit['id']}/move-options")
    assert (r.status_code, r.json()["code"]) == (403, "forbidden")
    r = await world.client_as(client, "patient_pb").post(f"{VISITS}/{visit['id']}/move",
                                                          json=body)
    assert r.status_code in (403, 404)
    assert (await visit_row(query, visit)).state == "stopped"


async def test_the_village_doctor_who_booked_moves_it(client, world, s, query, settle):
    visit = await paid(client, world, s, who="village_doctor")
    await stop(client, world, s, settle)
    afternoon = await new_session(client, s.clinic, half_day="pm")
    r = await world.client_as(client, "village_doctor").post(
        f"{VISITS}/{visit['id']}/move", json={"session_id": afternoon["id"]})
    assert (r.status_code, r.json()["state"]) == (200, "booked")


async def test_taking_the_refund_instead(client, world, s, query, settle):
    visit = await paid(client, world, s)
    await stop(client, world, s, settle)
    r = await world.client_as(client, "patient_pa").post(f"{VISITS}/{visit['id']}/cancel",
                                                          json={"reason": "改天再约"})
    assert (r.status_code, r.json()["state"], r.json()["refunded_fen"]) == (200, "cancelled",
                                                                             2000)
    assert (await order_row(query, visit)).state == "refunded"


async def sweep(app) -> int:
    async with app.state.sessionmaker() as db:
        return await engine.sweep(db, app.state.clock, VISIT_KIND)


async def test_not_chosen_within_a_day_it_is_refunded_and_can_no_longer_move(
        app, client, world, s, query, settle):
    visit = await paid(client, world, s)
    await stop(client, world, s, settle)
    afternoon = await new_session(client, s.clinic, half_day="pm", day="2026-11-26")
    world.clock.advance(hours=23)
    assert await sweep(app) == 0
    world.clock.advance(hours=1)
    await world.sign_in_again("patient_pa")
    r = await world.client_as(client, "patient_pa").post(
        f"{VISITS}/{visit['id']}/move", json={"session_id": afternoon["id"]})
    assert (r.status_code, r.json()["code"]) == (409, "choice-closed")
    assert await sweep(app) == 1
    v = await visit_row(query, visit)
    assert (v.state, v.outcome, v.refunded_fen) == ("cancelled", "session_stopped", 2000)
    assert (await order_row(query, visit)).state == "refunded"


# ---------------------------------------------------------------- two patients at once


async def test_two_patients_moving_into_the_last_free_slot_one_wins(
        app, backend, client, world, s, query, settle):
    if backend != "postgresql":
        pytest.skip("races between transactions need PostgreSQL (SQLite runs one writer)")
    visits = [await paid(client, world, s),
              await paid(client, world, s, "patient_pb", "pb")]
    await stop(client, world, s, settle)
    last = await new_session(client, s.clinic, half_day="pm", capacity=1)
    results = await asyncio.gather(*(
        world.client_as(client, who).post(f"{VISITS}/{v['id']}/move",
                                          json={"session_id": last["id"]})
        for who, v in zip(("patient_pa", "patient_pb"), visits, strict=True)))
    assert sorted((r.status_code, r.json().get("code")) for r in results) == [
        (200, None), (409, "session-full")]
    rows = [await visit_row(query, v) for v in visits]
    assert sorted(r.state.value for r in rows) == ["booked", "stopped"]
    [slot] = await slots_of(app, last["id"])
    winner = next(r for r in rows if r.state == "booked")
    assert slot.booked_visit_id == winner.id
