"""Stories of two-way referral as the people in them live them."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from tests.referral.helpers import in_days, prepare, referral, return_body
from yilian.followup.models import FollowUpTask
from yilian.messaging.notifications.models import Notification
from yilian.patients.models import RecordDocument


async def test_village_to_town_to_county_with_a_bed_then_back_to_the_village(
        client, world, query, settle):
    setup = await prepare(world)
    village = world.client_as(client, "village_doctor")
    town = world.client_as(client, "town_doctor_a1")
    office = world.client_as(client, "coordinator_a")
    cardio = world.client_as(client, "specialist_a")

    # The village refers up one level, to the town's general practice.
    r = await village.post("/api/v1/referrals", json=referral(
        world, target="A1", target_department_id=str(setup.depts["general_a1"])))
    assert r.status_code == 201, r.text
    first = r.json()
    assert first["number"].startswith("ZZ20261124-") and first["state"] == "requested"
    assert first["document_number"].startswith("ZZD")
    r = await town.post(f"/api/v1/referrals/{first['id']}/accept", json={
        "reservation": "appointment", "reserved_at": in_days(world, 1),
        "reserved_place": "全科门诊2诊室"})
    assert r.status_code == 200, r.text
    assert (await town.post(f"/api/v1/referrals/{first['id']}/arrive", json={})).json()[
        "state"] == "arrived"

    # The town sends the patient on to the county; the county's office reserves a bed.
    r = await town.post("/api/v1/referrals", json=referral(
        world, target="A", target_department_id=str(setup.depts["cardio_a"]),
        reason="心衰加重，需住院治疗"))
    assert r.status_code == 201, r.text
    up = r.json()
    url = f"/api/v1/referrals/{up['id']}"
    queue = (await office.get("/api/v1/referrals?side=incoming&sort=priority")).json()["items"]
    assert [x["id"] for x in queue] == [up["id"]]
    r = await office.post(url + "/accept", json={
        "reservation": "bed", "reserved_at": in_days(world, 0.5),
        "reserved_place": "心血管内科病区 12床", "note": "优先入院，请携带既往检查资料"})
    assert r.status_code == 200, r.text
    assert r.json()["reservation"] == "bed" and r.json()["reserved_place"] == "心血管内科病区 12床"
    await settle()
    told = await query(select(Notification.template).where(
        Notification.user_id == world.users["patient_pa"]))
    assert "referral.go_there" in told

    assert (await office.post(url + "/arrive", json={})).json()["state"] == "arrived"
    # A nurse of another hospital cannot record the treatment; the county's doctor does.
    assert (await world.client_as(client, "nurse_a1").post(
        url + "/treat", json={"outcome": "好转出院"})).status_code == 403
    r = await cardio.post(url + "/treat", json={"outcome": "心衰纠正，好转出院"})
    assert r.json()["state"] == "treated"

    # Back down to the village, with medications and follow-ups.
    r = await cardio.post("/api/v1/referrals", json=return_body(world, target="A1a",
                                                                   up_id=up["id"]))
    assert r.status_code == 201, r.text
    down = r.json()
    assert down["direction"] == "down" and down["up_referral_number"] == up["number"]
    r = await village.post(f"/api/v1/referrals/{down['id']}/accept", json={})
    assert r.status_code == 200, r.text

    tasks = await query(select(FollowUpTask).where(
        FollowUpTask.source_id == down["id"]).order_by(FollowUpTask.due_on))
    assert [(t.title, t.assignee_id) for t in tasks] == [
        ("出院后第一次随访：血压、心率、体重", world.users["village_doctor"]),
        ("复查肾功能、电解质", world.users["village_doctor"])]
    closed = (await town.get(url)).json()
    assert closed["state"] == "returned" and closed["down_referral_id"] == down["id"]

    # One timeline, the same for both ends.
    for who in (town, cardio, village):
        steps = [(s["action"], s["to_state"]) for s in (await who.get(url)).json()["timeline"]]
        assert steps == [("request", "requested"), ("accept", "accepted"),
                         ("arrive", "arrived"), ("treat", "treated"),
                         ("request", "requested"), ("accept", "accepted"),
                         ("return", "returned")], who
    filed = await query(select(RecordDocument.kind).where(
        RecordDocument.patient_id == world.patients["pa"]))
    assert sorted(filed) == ["referral_down", "referral_up", "referral_up"]


async def test_a_green_channel_goes_from_the_village_straight_to_the_province(client, world):
    await prepare(world)
    village = world.client_as(client, "village_doctor")
    body = referral(world, target="P", urgency="urgent", reason="突发胸痛2小时，疑急性心梗")
    r = await village.post("/api/v1/referrals", json=body)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "skip_reason"
    r = await village.post("/api/v1/referrals", json={**body, "green_channel": True})
    assert r.status_code == 201, r.text
    assert r.json()["green_channel"] is True
    first = r.json()["timeline"][0]
    assert first["note_code"] == "referral_to_green" and first["note_params"]["direction"] == "up"


async def test_a_rejected_referral_is_redirected_then_raised_again_without_retyping(
        client, world):
    setup = await prepare(world)
    town = world.client_as(client, "town_doctor_a1")
    office = world.client_as(client, "coordinator_a")
    cardio = world.client_as(client, "specialist_a")
    r = await town.post("/api/v1/referrals", json=referral(world, target="A"))
    first = r.json()
    url = f"/api/v1/referrals/{first['id']}"

    r = await office.post(url + "/redirect", json={
        "target_department_id": str(setup.depts["cardio_a"]), "reason": "请心内科评估"})
    assert r.status_code == 200 and r.json()["target_department_name"] == "心血管内科"
    r = await cardio.post(url + "/reject", json={"reason": "本科床位已满，建议改日"})
    assert r.json()["state"] == "rejected"

    r = await town.post(url + "/reraise", json={"note": "患者症状加重，请再次评估"})
    assert r.status_code == 200, r.text
    again = r.json()
    assert again["id"] != first["id"] and again["previous_number"] == first["number"]
    assert again["summary"] == first["summary"] and again["state"] == "requested"
    assert [s["action"] for s in again["timeline"]] == [
        "request", "redirect", "reject", "reraise", "request"]
    # What a person wrote stays as written; what the platform says is a code for the reader's
    # language; the original's steps carry its number.
    redirect, reraise, request = (again["timeline"][i] for i in (1, 3, 4))
    assert (redirect["note"], redirect["note_code"]) == ("请心内科评估", "redirected_to")
    assert (reraise["note"], reraise["note_code"]) == ("患者症状加重，请再次评估", "reraised_as")
    assert reraise["note_params"] == {"number": again["number"]}
    assert reraise["number"] == first["number"] and request["number"] is None
    assert (request["note_code"], request["note_params"]["previous"]) == (
        "referral_again_to", first["number"])
    assert (await town.get(url)).json()["state"] == "reraised"


async def test_time_limits_escalate_and_a_missed_bed_is_flagged(app, client, world, clock,
                                                                query, settle):
    from yilian.cases import engine
    from yilian.referral.kind import REFERRAL

    await prepare(world)
    town = world.client_as(client, "town_doctor_a1")
    r = await town.post("/api/v1/referrals", json=referral(world, target="A"))
    ref = r.json()
    clock.advance(hours=25)  # routine: accepted within 24 h
    async with app.state.sessionmaker() as db:
        assert await engine.sweep(db, clock, REFERRAL) == 1
    async with app.state.sessionmaker() as db:
        assert await engine.sweep(db, clock, REFERRAL) == 0
    await settle()
    told = await query(select(Notification.template).where(
        Notification.user_id == world.users["coordinator_a"]))
    assert "referral.overdue" in told

    await world.sign_in_again("coordinator_a")
    office = world.client_as(client, "coordinator_a")
    r = await office.post(f"/api/v1/referrals/{ref['id']}/accept", json={
        "reservation": "bed", "reserved_at": in_days(world, 0.25), "reserved_place": "12床"})
    assert r.status_code == 200, r.text
    clock.advance(hours=11)  # six hours to the bed, four hours' grace, and one more
    async with app.state.sessionmaker() as db:
        assert await engine.sweep(db, clock, REFERRAL) >= 1
    await world.sign_in_again("town_doctor_a1")
    town = world.client_as(client, "town_doctor_a1")
    assert (await town.get(f"/api/v1/referrals/{ref['id']}")).json()["state"] == "no_show"
    await settle()
    told = await query(select(Notification.template).where(
        Notification.user_id == world.users["town_doctor_a1"]))
    assert "referral.no_show" in told


async def test_two_people_accepting_at_once_exactly_one_succeeds(client, world):
    import asyncio

    await prepare(world)
    town = world.client_as(client, "town_doctor_a1")
    ref = (await town.post("/api/v1/referrals", json=referral(world, target="A"))).json()
    body = {"reservation": "appointment", "reserved_at": in_days(world, 1),
            "reserved_place": "心内科门诊"}
    results = await asyncio.gather(*(
        world.client_as(client, who).post(f"/api/v1/referrals/{ref['id']}/accept", json=body)
        for who in ("coordinator_a", "coordinator_a2")))
    assert sorted(r.status_code for r in results) == [200, 409]
    loser = next(r for r in results if r.status_code == 409)
    assert loser.json()["code"] == "wrong-state"
    assert uuid.UUID((await town.get(f"/api/v1/referrals/{ref['id']}")).json()["id"])
