"""The demo is ready for the online clinic: the hospitals' doctors may hold online sessions (a
resident not yet), fees by title, cards, a week of sessions and one today; a patient finds a
provincial cardiologist by a symptom (today at the county hospital), and the county's administrator sees the county's
sessions; the village doctor's visits: booked and paid, one waiting in today's queue, one
finished yesterday with its signed outpatient record in the patient's record."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from tests.demo.helpers import Db, sign_in
from yilian.clinic.visits.models import ClinicVisit
from yilian.core.clock import FrozenClock
from yilian.demo import build_demo


async def _visits(settings) -> list[tuple]:
    return await Db(settings).rows(select(ClinicVisit.patient_id, ClinicVisit.state))


async def test_a_patient_finds_a_cardiologist_by_symptom_with_free_times_and_the_fee(
        settings, clock, client):
    await build_demo(settings, size=0, clock=clock)
    patient = await sign_in(client, "patient_demo")

    r = await patient.get("/api/v1/clinic/departments", params={"symptom": "胸闷"})
    assert r.status_code == 200 and r.json()["suggestion"]
    assert "03.04" in [d["code"] for d in r.json()["departments"]]

    cards = (await patient.get("/api/v1/clinic/doctors", params={"symptom": "胸闷"})).json()
    # The provincial cardiologist's card shows his earliest free session: today's, at the county
    # hospital where he also practises (多点执业).
    cardio = next(c for c in cards["items"]
                  if c["title"] == "chief_physician" and "冠心病" in c["specialties"])
    assert (cardio["organisation_level"], cardio["organisation_name"]) == (
        "county", "长沙县星沙中心医院")
    assert cardio["specialties"] and cardio["introduction"] and cardio["next_free_at"]
    assert cardio["fee_fen"] == 5000 and cardio["modes"] == ["video"]

    sessions = (await patient.get(f"/api/v1/clinic/doctors/{cardio['doctor_id']}/sessions")).json()
    # The week's four at the province, and today's at the county hospital (10:10–12:10, the
    # tests' clock standing at 10:00): one slot taken by the patient waiting.
    today, *week = sessions
    assert today["starts_at"] == "2026-11-24T02:10:00Z" and today["ends_at"] == "2026-11-24T04:10:00Z"
    assert (today["organisation_name"], len(today["slots"]), today["free_slots"]) == (
        "长沙县星沙中心医院", 12, 11)
    assert len(week) == 4 and all(s["free_slots"] == len(s["slots"]) == 10 for s in week)


async def test_the_county_admin_sees_the_county_sessions_and_adds_one(settings, clock, client):
    await build_demo(settings, size=0, clock=clock)
    admin = await sign_in(client, "countyA_admin")
    org_id = admin.me["active_grant"]["organisation_id"]
    listed = (await admin.get("/api/v1/clinic/sessions",
                              params={"organisation_id": org_id})).json()["items"]
    # countyA_doctor's three, prov_cardio's today and the two held yesterday.
    assert len(listed) == 6 and {s["department_name"] for s in listed} == {"心血管内科专业"}
    fees = (await admin.get(f"/api/v1/clinic/fees/{org_id}")).json()["tiers"]
    assert {(t["title"], t["mode"], t["fee_fen"]) for t in fees} >= {
        ("associate_chief_physician", None, 3000), ("attending_physician", None, 1500)}

    # countyA_doctor's first, tomorrow morning (the tests' clock: 2026-11-24 10:00 Beijing).
    first = next(s for s in listed if s["starts_at"][:10] > "2026-11-24")
    doctor, department = first["doctor_id"], first["department_id"]
    r = await admin.post("/api/v1/clinic/sessions", json={
        "doctor_id": doctor, "organisation_id": org_id, "department_id": department,
        "mode": "text", "day": first["starts_at"][:10], "half_day": "pm", "capacity": 8})
    assert r.status_code == 201, r.text
    assert r.json()["fee_fen"] == 3000 and r.json()["free_slots"] == 8


async def test_the_village_doctors_visits_are_booked_waiting_and_finished(settings, clock, client):
    report = await build_demo(settings, size=0, clock=clock)
    assert (report.added["sessions today"], report.added["clinic visits"]) == (1, 5)
    village = await sign_in(client, "villageA1a_doctor")
    listed = (await village.get("/api/v1/clinic/visits", params={"limit": 50})).json()["items"]
    assert sorted((v["patient_name"], v["doctor_name"] != "", v["state"]) for v in listed) == [
        ("张桂英", True, "finished"), ("李明", True, "booked"), ("王秀兰", True, "booked"),
        ("王秀兰", True, "finished"), ("王秀兰", True, "waiting")]
    [waiting] = [v for v in listed if v["state"] == "waiting"]
    waiting = (await village.get(f"/api/v1/clinic/visits/{waiting['id']}")).json()
    assert waiting["queue"]["position"] == 1 and waiting["checked_in_at"]
    screen = (await village.get("/api/v1/clinic/queue-board", params={
        "organisation_id": village.me["active_grant"]["organisation_id"]})).json()
    assert [(i["patient"], i["position"]) for i in screen["items"]] == [("王*兰", 1)]

    [done] = [v for v in listed if v["state"] == "finished" and v["patient_name"] == "张桂英"]
    done = (await village.get(f"/api/v1/clinic/visits/{done['id']}")).json()
    assert done["document_id"] and done["record"]["diagnosis_icd10"] == "I50.0"
    assert done["finished_at"].startswith("2026-11-23")
    record = (await village.get(f"/api/v1/patients/{done['patient_id']}/record")).json()
    [encounter] = [e for e in record["encounters"] if e["case_id"] == done["id"]]
    assert encounter["kind"] == "online" and encounter["document_id"] == done["document_id"]
    assert any(d["kind"] == "outpatient_record" for d in record["documents"])
    orders = [(await village.get(f"/api/v1/payments/orders/{v['order_id']}")).json()
              for v in (waiting, done)]
    assert [(o["state"], o["channel"]) for o in orders] == [("paid", "demo"), ("paid", "demo")]

    coordinator = await sign_in(client, "countyA_coordinator")
    board = (await coordinator.get("/api/v1/clinic/today")).json()
    [session] = board["sessions"]
    assert (session["mode"], session["counts"]["waiting"]) == ("video", 1)

    again = await build_demo(settings, size=0, clock=clock)
    assert again.already_present


async def test_late_in_the_day_there_is_no_session_today(settings):
    # 23:35 Beijing: from 23:40 until 23:59 is less than half an hour.
    late = FrozenClock(datetime(2026, 11, 24, 15, 35, tzinfo=UTC))
    report = await build_demo(settings, size=0, clock=late)
    assert "sessions today" not in report.added and report.added["clinic visits"] == 4
    village = await _visits(settings)
    assert sorted(state for _, state in village) == ["booked", "booked", "finished", "finished"]
