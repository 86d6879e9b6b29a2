"""The demo is ready for the online clinic: the hospitals' doctors may hold online sessions (a
resident not yet), fees by title, cards, a week of sessions; a patient finds a provincial
cardiologist by a symptom, and the county's administrator sees the county's sessions."""

from __future__ import annotations

from tests.demo.helpers import sign_in
from yilian.demo import build_demo


async def test_a_patient_finds_a_cardiologist_by_symptom_with_free_times_and_the_fee(
        settings, clock, client):
    await build_demo(settings, size=0, clock=clock)
    patient = await sign_in(client, "patient_demo")

    r = await patient.get("/api/v1/clinic/departments", params={"symptom": "胸闷"})
    assert r.status_code == 200 and r.json()["suggestion"]
    assert "03.04" in [d["code"] for d in r.json()["departments"]]

    cards = (await patient.get("/api/v1/clinic/doctors", params={"symptom": "胸闷"})).json()
    provincial = [c for c in cards["items"] if c["organisation_level"] == "province"]
    cardio = next(c for c in provincial if c["title"] == "chief_physician")
    assert cardio["specialties"] and cardio["introduction"] and cardio["next_free_at"]
    assert cardio["fee_fen"] == 5000 and cardio["modes"] == ["video"]

    sessions = (await patient.get(f"/api/v1/clinic/doctors/{cardio['doctor_id']}/sessions")).json()
    assert len(sessions) == 4
    assert all(s["free_slots"] == len(s["slots"]) == 10 for s in sessions)


async def test_the_county_admin_sees_the_county_sessions_and_adds_one(settings, clock, client):
    await build_demo(settings, size=0, clock=clock)
    admin = await sign_in(client, "countyA_admin")
    org_id = admin.me["active_grant"]["organisation_id"]
    listed = (await admin.get("/api/v1/clinic/sessions",
                              params={"organisation_id": org_id})).json()["items"]
    assert len(listed) == 3 and {s["department_name"] for s in listed} == {"心血管内科专业"}
    fees = (await admin.get(f"/api/v1/clinic/fees/{org_id}")).json()["tiers"]
    assert {(t["title"], t["mode"], t["fee_fen"]) for t in fees} >= {
        ("associate_chief_physician", None, 3000), ("attending_physician", None, 1500)}

    doctor, department = listed[0]["doctor_id"], listed[0]["department_id"]
    r = await admin.post("/api/v1/clinic/sessions", json={
        "doctor_id": doctor, "organisation_id": org_id, "department_id": department,
        "mode": "text", "day": listed[0]["starts_at"][:10], "half_day": "pm", "capacity": 8})
    assert r.status_code == 201, r.text
    assert r.json()["fee_fen"] == 3000 and r.json()["free_slots"] == 8
