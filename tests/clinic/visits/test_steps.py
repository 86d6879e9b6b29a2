"""The visit's steps beyond the happy path: each refusal (not your step, wrong state, the
doctor not re-authenticated, an unverified doctor, another organisation) with its code and
nothing changed; a missed call once and twice; cancelling with a refund; the phone visit's call
log with the number masked; the queue's order and a village clinic's screen; the platform
refunding an unanswered text visit and closing one left open."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from tests.clinic.visits.helpers import (
    SESSIONS,
    VISITS,
    add_problem,
    book,
    code_at,
    make_setting,
    on_the_day,
    pay,
    step_up,
    two_factor,
)
from tests.factories import PASSWORD
from yilian.cases import engine
from yilian.clinic.visits.kind import VISIT_KIND
from yilian.clinic.visits.models import ClinicVisit
from yilian.core.audit import AuditEntry
from yilian.core.events import EventRecipient, OutboxEvent
from yilian.payments.models import PaymentOrder

PEOPLE = ("patient_pa", "patient_pb", "specialist_a", "specialist_b", "specialist_unverified",
          "village_doctor", "org_admin_a")


@pytest.fixture
async def s(app, client, world):
    return await make_setting(app, client, world)


async def pb_proof(app, world) -> dict:
    return {"kind": "record_diagnosis", "problem_id": await add_problem(app, world, "pb")}


async def booked(client, world, s, who: str = "patient_pa", **over) -> dict:
    visit = await book(client, s, who, **over)
    await pay(client, world, visit, who)
    return visit


async def waiting(client, world, s) -> dict:
    """pa's visit booked, the clock on the session's day, pa checked in."""
    visit = await booked(client, world, s)
    await on_the_day(world, *PEOPLE)
    r = await world.client_as(client, "patient_pa").post(f"{VISITS}/{visit['id']}/check-in",
                                                          json={})
    assert r.status_code == 200, r.text
    return visit


async def state_of(query, visit: dict) -> str:
    [v] = await query(select(ClinicVisit).where(ClinicVisit.id == uuid.UUID(visit["id"])))
    return v.state.value


async def test_checking_in_before_the_day_is_refused(client, world, s, query):
    visit = await booked(client, world, s)
    r = await world.client_as(client, "patient_pa").post(f"{VISITS}/{visit['id']}/check-in",
                                                          json={})
    assert (r.status_code, r.json()["code"]) == (409, "not-the-day")
    assert await state_of(query, visit) == "booked"


async def test_calling_needs_the_step_up(client, world, s, query):
    visit = await waiting(client, world, s)
    r = await world.client_as(client, "specialist_a").post(
        f"{SESSIONS}/{s.session['id']}/call-next")
    assert (r.status_code, r.json()["code"]) == (403, "step-up-required")
    assert await state_of(query, visit) == "waiting"
    # A wrong code does not count.
    r = await world.client_as(client, "specialist_a").post(
        "/api/v1/auth/step-up", json={"password": "Yilian-Test-2026!", "code": "000000"})
    assert (r.status_code, r.json()["code"]) == (403, "step-up-failed")
    await step_up(client, world)
    world.clock.advance(hours=4, minutes=1)
    await world.sign_in_again("specialist_a")
    r = await world.client_as(client, "specialist_a").post(
        f"{SESSIONS}/{s.session['id']}/call-next")
    assert (r.status_code, r.json()["code"]) == (403, "step-up-required")


async def test_only_the_sessions_doctor_calls_and_starts(app, client, world, s, query):
    visit = await waiting(client, world, s)
    for who, code in (("specialist_b", "not-your-step"), ("mdt_expert", "not-your-step"),
                      ("specialist_unverified", "not-verified")):
        await world.sign_in_again(who)
        r = await world.client_as(client, who).post(f"{SESSIONS}/{s.session['id']}/call-next")
        assert (r.status_code, r.json()["code"]) == (403, code), who
    await step_up(client, world)
    r = await world.client_as(client, "specialist_a").post(
        f"{SESSIONS}/{s.session['id']}/call-next")
    assert r.status_code == 200
    for who in ("specialist_b", "patient_pa"):
        r = await world.client_as(client, who).post(f"{VISITS}/{visit['id']}/start", json={})
        assert r.status_code == 403, (who, r.text)
    assert await state_of(query, visit) == "called"
    refusals = await query(select(AuditEntry).where(AuditEntry.outcome == "denied",
                                                    AuditEntry.entity_id == visit["id"]))
    assert refusals  # scope before state: audited


async def test_steps_from_the_wrong_state_are_refused(client, world, s, query):
    visit = await booked(client, world, s)
    doctor = world.client_as(client, "specialist_a")
    for path, body in (("/start", {}), ("/finish", {
            "chief_complaint": "头晕", "history": "高血压", "diagnosis_icd10": "I10",
            "diagnosis_text": "高血压", "advice": "继续服药"}), ("/miss", {})):
        r = await doctor.post(f"{VISITS}/{visit['id']}{path}", json=body)
        assert (r.status_code, r.json()["code"]) == (409, "wrong-state"), path
    assert await state_of(query, visit) == "booked"


async def test_a_missed_call_goes_behind_the_others_once_then_ends(app, client, world, s, query):
    first = await booked(client, world, s)
    second = await booked(client, world, s, "patient_pb", patient_id=str(world.patients["pb"]),
                          proof=await pb_proof(app, world))
    await on_the_day(world, *PEOPLE)
    for who, v in (("patient_pa", first), ("patient_pb", second)):
        r = await world.client_as(client, who).post(f"{VISITS}/{v['id']}/check-in", json={})
        assert r.status_code == 200, r.text
    await step_up(client, world)
    doctor = world.client_as(client, "specialist_a")
    assert (await doctor.post(f"{SESSIONS}/{s.session['id']}/call-next")).json()["id"] == \
        first["id"]
    r = await doctor.post(f"{VISITS}/{first['id']}/miss", json={})
    assert (r.json()["state"], r.json()["missed_count"]) == ("waiting", 1)
    queue = (await doctor.get(f"{SESSIONS}/{s.session['id']}/queue")).json()["items"]
    assert [i["visit_id"] for i in queue] == [second["id"], first["id"]]
    mine = (await world.client_as(client, "patient_pa").get(f"{VISITS}/{first['id']}")).json()
    assert mine["queue"]["position"] == 2
    # Each call and miss pushes the waiting patients their new place (their pages refresh).
    [pushed] = (await query(
        select(OutboxEvent).join(EventRecipient, EventRecipient.seq == OutboxEvent.seq)
        .where(OutboxEvent.kind == "online_visit.queue",
               EventRecipient.user_id == world.users["patient_pa"])
        .order_by(OutboxEvent.seq.desc()).limit(1)))
    # The push carries the place the visit shows, so the page needs not load it again.
    assert pushed.payload["state"] == "waiting"
    assert {k: pushed.payload[k] for k in mine["queue"]} == mine["queue"]
    assert (await doctor.post(f"{SESSIONS}/{s.session['id']}/call-next")).json()["id"] == \
        second["id"]
    await doctor.post(f"{VISITS}/{second['id']}/start", json={})
    r = await doctor.post(f"{VISITS}/{second['id']}/refer-offline", json={"reason": "需要当面查体"})
    assert (r.json()["state"], r.json()["refunded_fen"]) == ("referred_offline", 0)  # seen
    assert (await doctor.post(f"{SESSIONS}/{s.session['id']}/call-next")).json()["id"] == \
        first["id"]
    r = await doctor.post(f"{VISITS}/{first['id']}/miss", json={})
    assert r.json()["state"] == "no_show"
    r = await doctor.post(f"{SESSIONS}/{s.session['id']}/call-next")
    assert (r.status_code, r.json()["code"]) == (409, "queue-empty")


async def test_cancelling_a_paid_visit_refunds_it_and_frees_the_slot(client, world, s, query):
    visit = await booked(client, world, s)
    r = await world.client_as(client, "patient_pa").post(f"{VISITS}/{visit['id']}/cancel",
                                                          json={"reason": "临时有事"})
    assert r.status_code == 200, r.text
    assert (r.json()["state"], r.json()["refunded_fen"]) == ("cancelled", 2000)
    [order] = await query(select(PaymentOrder).where(
        PaymentOrder.id == uuid.UUID(visit["order_id"])))
    assert order.state == "refunded"
    r = await world.client_as(client, "patient_pa").post(f"{VISITS}/{visit['id']}/cancel",
                                                          json={"reason": "临时有事"})
    assert (r.status_code, r.json()["code"]) == (409, "wrong-state")


async def test_an_unheld_hold_cancelled_cancels_its_order(client, world, s, query):
    visit = await book(client, s)
    r = await world.client_as(client, "patient_pa").post(f"{VISITS}/{visit['id']}/cancel",
                                                          json={"reason": "不约了"})
    assert (r.status_code, r.json()["refunded_fen"]) == (200, 0)
    [order] = await query(select(PaymentOrder).where(
        PaymentOrder.id == uuid.UUID(visit["order_id"])))
    assert order.state == "cancelled"


async def test_a_phone_visit_logs_its_calls_with_the_number_masked(app, client, world):
    s = await make_setting(app, client, world, mode="phone")
    visit = await waiting(client, world, s)
    await step_up(client, world)
    doctor = world.client_as(client, "specialist_a")
    await doctor.post(f"{SESSIONS}/{s.session['id']}/call-next")
    await doctor.post(f"{VISITS}/{visit['id']}/start", json={})
    r = await doctor.post(f"{VISITS}/{visit['id']}/calls", json={
        "started_at": world.clock.now().isoformat(), "minutes": 8, "note": "已电话沟通用药"})
    assert r.status_code == 200, r.text
    [call] = r.json()["calls"]
    assert call["phone"] == "138****8000" and call["minutes"] == 8
    mine = (await world.client_as(client, "patient_pa").get(f"{VISITS}/{visit['id']}")).json()
    assert mine["calls"][0]["phone"] == "138****8000"


async def test_calls_are_for_phone_visits(client, world, s):
    visit = await waiting(client, world, s)
    await step_up(client, world)
    doctor = world.client_as(client, "specialist_a")
    await doctor.post(f"{SESSIONS}/{s.session['id']}/call-next")
    await doctor.post(f"{VISITS}/{visit['id']}/start", json={})
    r = await doctor.post(f"{VISITS}/{visit['id']}/calls", json={
        "started_at": world.clock.now().isoformat(), "minutes": 8})
    assert (r.status_code, r.json()["code"]) == (409, "not-a-phone-visit")


async def test_a_village_clinic_screen_shows_its_patients_masked(client, world, s):
    await waiting(client, world, s)
    r = await world.client_as(client, "village_doctor").get(
        "/api/v1/clinic/queue-board", params={"organisation_id": str(world.orgs["A1a"].id)})
    assert r.status_code == 200, r.text
    [line] = r.json()["items"]
    assert (line["patient"], line["position"], line["doctor_name"]) == ("张*英", 1,
                                                                        "specialist_a")
    r = await world.client_as(client, "village_doctor").get(
        "/api/v1/clinic/queue-board", params={"organisation_id": str(world.orgs["A1"].id)})
    assert r.status_code == 403


async def sweep(app) -> int:
    async with app.state.sessionmaker() as db:
        return await engine.sweep(db, app.state.clock, VISIT_KIND)


async def test_an_unanswered_text_visit_is_refunded_and_closed(app, client, world, s, query):
    visit = await waiting(client, world, s)
    world.clock.advance(hours=23)
    assert await sweep(app) == 0
    world.clock.advance(hours=2)
    assert await sweep(app) == 1
    assert await state_of(query, visit) == "unanswered"
    [order] = await query(select(PaymentOrder).where(
        PaymentOrder.id == uuid.UUID(visit["order_id"])))
    assert (order.state, order.refunded_fen) == ("refunded", 2000)


async def test_a_doctors_message_answers_a_text_visit(app, client, world, s, query, settle):
    visit = await waiting(client, world, s)
    await step_up(client, world)
    doctor = world.client_as(client, "specialist_a")
    await doctor.post(f"{SESSIONS}/{s.session['id']}/call-next")
    seen = (await doctor.post(f"{VISITS}/{visit['id']}/start", json={})).json()
    r = await doctor.post(f"/api/v1/conversations/{seen['conversation_id']}/messages",
                          json={"text": "您好，请描述一下最近的血压情况。"})
    assert r.status_code in (200, 201), r.text
    await settle()
    world.clock.advance(hours=25)
    assert await sweep(app) == 0
    assert await state_of(query, visit) == "in_visit"
    world.clock.advance(hours=24)
    assert await sweep(app) == 1
    assert await state_of(query, visit) == "closed"


async def test_a_stopped_session_calls_off_unpaid_holds_and_lets_the_paid_choose(
        client, world, s, query, settle):
    # What the paid visit then does (move or refund) is in test_move.py.
    paid = await booked(client, world, s)
    unpaid = await book(client, s, "patient_pb", patient_id=str(world.patients["pb"]),
                        proof=await pb_proof(world.app, world))
    r = await world.client_as(client, "org_admin_a").post(
        f"{SESSIONS}/{s.session['id']}/stop", json={"reason": "医生临时外出"})
    assert r.status_code == 200, r.text
    await settle()
    assert (await state_of(query, paid), await state_of(query, unpaid)) == ("stopped",
                                                                             "cancelled")
    orders = {str(o.id): o for o in await query(select(PaymentOrder))}
    assert (orders[paid["order_id"]].state, orders[paid["order_id"]].refunded_fen) == (
        "paid", 0)
    assert orders[unpaid["order_id"]].state == "cancelled"


async def test_a_substitute_takes_the_session_and_its_steps(app, client, world, s, query,
                                                           settle):
    visit = await booked(client, world, s)
    r = await world.client_as(client, "org_admin_a").post(
        f"{SESSIONS}/{s.session['id']}/substitute",
        json={"doctor_id": str(world.users["mdt_expert"]), "reason": "病假"})
    assert r.status_code == 200, r.text
    await settle()
    await on_the_day(world, *PEOPLE, "mdt_expert")
    await world.client_as(client, "patient_pa").post(f"{VISITS}/{visit['id']}/check-in", json={})
    await two_factor(app, world, "mdt_expert")
    await step_up(client, world, "mdt_expert")
    r = await world.client_as(client, "mdt_expert").post(
        f"{SESSIONS}/{s.session['id']}/call-next")
    assert r.status_code == 200, r.text
    seen = (await world.client_as(client, "mdt_expert").get(f"{VISITS}/{visit['id']}")).json()
    assert seen["conversation_id"] is not None
    r = await world.client_as(client, "specialist_a").post(
        f"{SESSIONS}/{s.session['id']}/call-next")
    assert (r.status_code, r.json()["code"]) == (403, "not-your-step")


async def test_a_video_visit_meets_in_the_conversations_room(app, client, world):
    s = await make_setting(app, client, world, mode="video")
    visit = await waiting(client, world, s)
    await step_up(client, world)
    doctor = world.client_as(client, "specialist_a")
    await doctor.post(f"{SESSIONS}/{s.session['id']}/call-next")
    started = (await doctor.post(f"{VISITS}/{visit['id']}/start", json={})).json()
    mine = (await world.client_as(client, "patient_pa").get(f"{VISITS}/{visit['id']}")).json()
    assert mine["conversation_id"] == started["conversation_id"] is not None
    room = f"/api/v1/video/rooms/{started['conversation_id']}/join"
    r = await doctor.post(room)
    assert (r.status_code, r.json()["mode"]) == (200, "mesh"), r.text
    r = await world.client_as(client, "patient_pa").post(room)
    assert r.status_code == 200, r.text
    assert [p["user_id"] for p in r.json()["peers"]] == [str(world.users["specialist_a"])]
    r = await world.client_as(client, "specialist_b").post(room)
    assert r.status_code == 403


async def test_the_village_doctor_books_pays_and_checks_in_for_the_patient(client, world, s):
    visit = await book(client, s, "village_doctor")
    await pay(client, world, visit, "village_doctor")
    await on_the_day(world, *PEOPLE, "family_doctor")
    r = await world.client_as(client, "village_doctor").post(f"{VISITS}/{visit['id']}/check-in",
                                                              json={})
    assert r.status_code == 200, r.text
    assert (r.json()["state"], r.json()["proxy_doctor_id"]) == (
        "waiting", str(world.users["village_doctor"]))
    # Another village doctor of the clinic did not book it: not theirs to take.
    r = await world.client_as(client, "family_doctor").post(f"{VISITS}/{visit['id']}/cancel",
                                                             json={"reason": "代患者取消"})
    assert r.status_code == 403


async def test_starting_needs_a_step_up_within_four_hours(client, world, s, query):
    visit = await waiting(client, world, s)
    await step_up(client, world)
    r = await world.client_as(client, "specialist_a").post(
        f"{SESSIONS}/{s.session['id']}/call-next")
    assert r.status_code == 200
    world.clock.advance(hours=4, minutes=1)
    await world.sign_in_again("specialist_a")
    r = await world.client_as(client, "specialist_a").post(f"{VISITS}/{visit['id']}/start",
                                                            json={})
    assert (r.status_code, r.json()["code"]) == (403, "step-up-required")
    assert await state_of(query, visit) == "called"
    # Coming in person from the call (not started): the fee back in full.
    r = await world.client_as(client, "specialist_a").post(
        f"{VISITS}/{visit['id']}/refer-offline", json={"reason": "需要当面查体"})
    assert (r.json()["state"], r.json()["refunded_fen"]) == ("referred_offline", 2000)


async def _stepped_up(query, world, who: str) -> bool:
    rows = await query(select(AuditEntry).where(AuditEntry.action == "auth.step_up",
                                                AuditEntry.actor_user_id == world.users[who],
                                                AuditEntry.outcome == "ok"))
    return bool(rows)


async def test_a_step_up_needs_the_code_of_whoever_has_two_factor_on(client, world, s, query):
    doctor = world.client_as(client, "specialist_a")
    r = await doctor.post("/api/v1/auth/step-up", json={"password": PASSWORD})
    assert (r.status_code, r.json()["errors"][0]["field"]) == (422, "code")
    r = await doctor.post("/api/v1/auth/step-up",
                          json={"password": "Wrong-Pass-2026", "code": code_at(world.clock.now())})
    assert (r.status_code, r.json()["code"]) == (403, "step-up-failed")
    assert not await _stepped_up(query, world, "specialist_a")


async def test_without_two_factor_the_step_up_is_refused_where_staff_need_it(
        app, client, world, s, query):
    # specialist_b has no two-factor sign-in; where the deployment asks staff for it, they are
    # sent to set it up first.
    app.state.settings.require_staff_totp = True
    r = await world.client_as(client, "specialist_b").post("/api/v1/auth/step-up",
                                                            json={"password": PASSWORD})
    assert (r.status_code, r.json()["code"]) == (403, "totp-enrolment-required")
    assert not await _stepped_up(query, world, "specialist_b")
    # The embedded demo does not: the password alone confirms, and the audit says so.
    app.state.settings.require_staff_totp = False
    r = await world.client_as(client, "specialist_b").post(
        "/api/v1/auth/step-up", json={"password": "Wrong-Pass-2026"})
    assert (r.status_code, r.json()["code"]) == (403, "step-up-failed")
    r = await world.client_as(client, "specialist_b").post("/api/v1/auth/step-up",
                                                            json={"password": PASSWORD})
    assert r.status_code == 200, r.text
    [entry] = await query(select(AuditEntry).where(
        AuditEntry.action == "auth.step_up", AuditEntry.actor_user_id == world.users["specialist_b"],
        AuditEntry.outcome == "ok"))
    assert entry.detail["factors"] == ["password"]
    # Not so a patient: the step-up is for clinical acts, with both factors.
    r = await world.client_as(client, "patient_pa").post("/api/v1/auth/step-up",
                                                          json={"password": PASSWORD})
    assert (r.status_code, r.json()["code"]) == (409, "totp-not-set-up")
