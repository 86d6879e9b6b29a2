"""Fee tiers, sessions and their slots as administrators set them, doctors read them and
patients find them; every refusal leaves the schedule as it was."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from tests.clinic.helpers import (
    CLINIC,
    DOCTORS,
    FEES,
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
from yilian.core.audit import AuditEntry


@pytest.fixture
async def clinic(app, world):
    return await make_clinic(app, world)


async def test_an_admin_sets_fees_and_a_session_and_a_patient_finds_the_doctor(
        app, client, clinic, world, query):
    fees = await set_fees(client, world)
    assert [(t["title"], t["mode"], t["fee_fen"]) for t in fees["tiers"]] == [
        ("chief_physician", None, 5000), ("attending_physician", None, 2000),
        ("attending_physician", "video", 3000), ("resident_physician", None, 1000)]
    assert fees["tiers"][0]["title_label"] == "主任医师"

    session = await new_session(client, clinic)  # 上午 08:00–12:00, 8 slots
    assert (session["fee_fen"], session["capacity"], session["free_slots"]) == (2000, 8, 8)
    assert datetime.fromisoformat(session["starts_at"]) == beijing(TOMORROW, 8)
    slots = await slots_of(app, session["id"])
    assert [(s.starts_at, s.ends_at) for s in slots[:2]] == [
        (beijing(TOMORROW, 8), beijing(TOMORROW, 8, 30)),
        (beijing(TOMORROW, 8, 30), beijing(TOMORROW, 9))]
    assert slots[-1].ends_at == beijing(TOMORROW, 12)
    video = await new_session(client, clinic, half_day="pm", mode="video", capacity=7,
                              slot_minutes=20)
    assert video["fee_fen"] == 3000  # the video tier of the title
    assert [s.ends_at for s in await slots_of(app, video["id"])][-1] == beijing(TOMORROW, 16, 20)

    # A later tier change leaves the sessions' fees.
    await set_fees(client, world, body={"tiers": [
        {"title": "attending_physician", "fee_fen": 2500}]})
    admin = world.client_as(client, "org_admin_a")
    listed = (await admin.get(SESSIONS, params={"organisation_id": str(clinic.org("A"))})).json()
    assert [s["fee_fen"] for s in listed["items"]] == [2000, 3000]
    assert [r.action for r in await query(select(AuditEntry).where(
        AuditEntry.action.like("clinic.%")).order_by(AuditEntry.seq))] == [
        "clinic.fees", "clinic.session_create", "clinic.session_create", "clinic.fees"]

    # The doctor writes their card and sees their own sessions.
    doctor = world.client_as(client, "specialist_a")
    r = await doctor.put(f"{CLINIC}/profiles/{clinic.user('specialist_a')}", json={
        "specialties": ["高血压", "冠心病", "高血压"], "introduction": "擅长高血压、冠心病的长期管理。"})
    assert r.status_code == 200, r.text
    assert r.json()["specialties"] == ["高血压", "冠心病"]
    mine = (await doctor.get(SESSIONS, params={"mine": "true"})).json()["items"]
    assert [s["id"] for s in mine] == [session["id"], video["id"]]

    # A patient finds the doctor by department, name and symptom.
    await hold(app, world.clock, slots[0].id)  # the first slot is being paid for
    patient = world.client_as(client, "patient_pa")
    for params in ({"department_code": "03.04"}, {"name": "alist_A"}, {"symptom": "最近总是胸闷"},
                   {"organisation_id": str(clinic.org("A")), "mode": "video"}):
        r = await patient.get(DOCTORS, params=params)
        assert r.status_code == 200, r.text
        [card] = r.json()["items"]
        assert card["doctor_id"] == str(clinic.user("specialist_a")), params
        assert (card["organisation_name"], card["organisation_level"], card["department_name"],
                card["title"]) == ("甲县人民医院", "county", "心血管内科", "attending_physician")
        assert card["specialties"] == ["高血压", "冠心病"]
    r = await patient.get(DOCTORS, params={"department_code": "03.04"})
    [card] = r.json()["items"]
    assert card["next_free_at"].startswith("2026-11-25T00:30:00")  # 08:30 Beijing: 08:00 is held
    assert (card["fee_fen"], card["modes"]) == (2000, ["text", "video"])
    for params in ({"department_code": "03.03"}, {"name": "nobody"}, {"symptom": "牙痛"},
                   {"organisation_id": str(clinic.org("B"))}, {"mode": "phone"}):
        assert (await patient.get(DOCTORS, params=params)).json()["items"] == [], params

    r = await patient.get(f"{DOCTORS}/{clinic.user('specialist_a')}/sessions")
    assert r.status_code == 200, r.text
    first, second = r.json()
    assert (first["free_slots"], len(first["slots"]), first["slots"][0]["free"]) == (7, 8, False)
    assert (second["mode"], second["fee_fen"], second["free_slots"]) == ("video", 3000, 7)


async def test_the_list_of_doctors_is_paged_and_shows_the_earliest_free_session(
        app, client, clinic, world):
    await set_fees(client, world)
    await set_fees(client, world, "alliance_admin", "P")
    await new_session(client, clinic, "alliance_admin", doctor="mdt_expert", org="P",
                      code="03.07", half_day="pm", capacity=1)
    await new_session(client, clinic, doctor="mdt_expert", half_day=None, start="08:00",
                      end="09:00", capacity=1)
    await new_session(client, clinic)
    [mdt_first] = await slots_of(app, (await world.client_as(client, "mdt_expert").get(
        SESSIONS, params={"mine": "true"})).json()["items"][0]["id"])
    await hold(app, world.clock, mdt_first.id)

    patient = world.client_as(client, "patient_pa")
    first = (await patient.get(DOCTORS, params={"limit": 1})).json()
    second = (await patient.get(DOCTORS, params={"limit": 1, "cursor": first["next_cursor"]})).json()
    assert second["next_cursor"] is None
    cards = {c["name"]: c for c in first["items"] + second["items"]}
    assert set(cards) == {"specialist_a", "mdt_expert"}
    # The morning at A is full (held): the card shows the afternoon at the province.
    expert = cards["mdt_expert"]
    assert (expert["organisation_name"], expert["fee_fen"], expert["title"]) == (
        "省人民医院", 5000, "chief_physician")
    assert expert["next_free_at"].startswith("2026-11-25T06:00:00")
    r = await patient.get(DOCTORS, params={"department_code": "03.04", "name": "mdt"})
    [at_a] = r.json()["items"]
    assert (at_a["organisation_name"], at_a["next_free_at"]) == ("甲县人民医院", None)


async def test_refusals_leave_the_schedule_as_it_was(app, client, clinic, world):
    await set_fees(client, world)
    admin = world.client_as(client, "org_admin_a")
    await new_session(client, clinic, doctor="mdt_expert", half_day="pm")
    before = await counts(app)

    async def refused(status: int, problem: str, who=admin, **body):
        r = await who.post(SESSIONS, json=clinic.session_body(**body))
        assert (r.status_code, r.json()["code"]) == (status, problem), r.text
        assert await counts(app) == before
        return r.json()

    r = await refused(422, "doctor-not-eligible", doctor="specialist_unverified")
    assert r["reason"] == "not-verified"
    r = await refused(422, "doctor-not-eligible", doctor="junior_a")
    assert r["reason"] == "practice-too-short"
    r = await refused(422, "doctor-not-eligible", doctor_id=str(clinic.user("patient_pa")))
    assert r["reason"] == "not-a-practitioner"
    await refused(422, "session-in-past", day="2026-11-24")  # 08:00 today has passed
    await refused(422, "session-in-past", day="2026-11-24", half_day=None, start="09:00",
                  end="10:00")
    await refused(422, "department-elsewhere", department_id=str(clinic.depts["B", "03.04"]))
    await refused(422, "doctor-not-registered", doctor="specialist_b")
    await refused(422, "validation", capacity=0)
    await refused(422, "validation", capacity=201)
    await refused(422, "validation", capacity=241, half_day="pm")
    await refused(422, "validation", slot_minutes=31)  # 8 × 31 minutes > 4 hours
    await refused(422, "validation", half_day=None)
    await refused(422, "validation", half_day=None, start="11:00", end="10:00")
    await refused(422, "validation", day="2027-03-01")  # more than 90 days ahead
    # The same doctor in another session at the same time, here or at another organisation.
    await refused(409, "session-overlap", doctor="mdt_expert", half_day=None, start="17:00",
                  end="18:00")
    await set_fees(client, world, "alliance_admin", "P")
    await refused(409, "session-overlap", who=world.client_as(client, "alliance_admin"),
                  doctor="mdt_expert", org="P", code="03.07", half_day=None, start="13:00",
                  end="14:30")
    # Fees of another title only.
    await set_fees(client, world, body={"tiers": [{"title": "chief_physician", "fee_fen": 1}]})
    await refused(422, "fee-tier-missing")
    # Another county's administrator; a doctor entering their own.
    await refused(403, "forbidden", who=world.client_as(client, "org_admin_b"))
    await refused(403, "forbidden", who=world.client_as(client, "specialist_a"))


async def test_a_session_is_changed_only_while_nobody_holds_a_slot(app, client, clinic, world):
    await set_fees(client, world)
    session = await new_session(client, clinic)
    admin = world.client_as(client, "org_admin_a")
    url = f"{SESSIONS}/{session['id']}"

    r = await admin.patch(url, json={"mode": "video", "department_id": str(
        clinic.depts["A", "03.03"]), "times": {"day": TOMORROW.isoformat(), "half_day": "pm",
                                                "capacity": 4}})
    assert r.status_code == 200, r.text
    assert (r.json()["fee_fen"], r.json()["department_name"], r.json()["capacity"]) == (
        3000, "神经内科", 4)
    slots = await slots_of(app, session["id"])
    assert [(s.seq, s.starts_at) for s in slots] == [
        (1, beijing(TOMORROW, 14)), (2, beijing(TOMORROW, 14, 52)),
        (3, beijing(TOMORROW, 15, 45)), (4, beijing(TOMORROW, 16, 37))]

    await hold(app, world.clock, slots[1].id)
    before = await counts(app)
    for body in ({"mode": "text"}, {"times": {"day": TOMORROW.isoformat(), "half_day": "am",
                                              "capacity": 4}}):
        r = await admin.patch(url, json=body)
        assert (r.status_code, r.json()["code"]) == (409, "session-has-bookings"), r.text
    assert await counts(app) == before
    assert [s.starts_at for s in await slots_of(app, session["id"])] == [s.starts_at for s in slots]
    r = await admin.patch(url, json={"department_id": str(clinic.depts["B", "03.04"])})
    assert r.json()["code"] == "department-elsewhere"
    r = await world.client_as(client, "org_admin_b").patch(url, json={"mode": "text"})
    assert r.status_code == 403

    world.clock.advance(days=1, hours=5)  # 15:00 the next day: the session has begun
    await world.sign_in_again("org_admin_a")
    r = await world.client_as(client, "org_admin_a").patch(url, json={"mode": "text"})
    assert (r.status_code, r.json()["code"]) == (409, "session-past")


async def test_fees_are_kept_by_the_organisations_administrators(client, clinic, world):
    url = f"{CLINIC}/fees/{clinic.org('A')}"
    await set_fees(client, world)
    for who in ("org_admin_b", "specialist_a", "patient_pa"):
        r = await world.client_as(client, who).put(url, json={"tiers": []})
        assert r.status_code == 403, (who, r.text)
    r = await world.client_as(client, "org_admin_a").put(url, json={"tiers": [
        FEES["tiers"][0], FEES["tiers"][0]]})
    assert (r.status_code, r.json()["code"]) == (422, "validation")
    shown = await world.client_as(client, "patient_pa").get(url)
    assert [t["fee_fen"] for t in shown.json()["tiers"]] == [5000, 2000, 3000, 1000]
    await set_fees(client, world, "alliance_admin", body={"tiers": []})
    assert (await world.client_as(client, "patient_pa").get(url)).json()["tiers"] == []


async def test_doctors_cards_are_written_by_the_doctor_or_their_administrators(
        client, clinic, world):
    url = f"{CLINIC}/profiles/{clinic.user('specialist_a')}"
    body = {"specialties": ["心衰"], "introduction": "心内科主治医师。"}
    for who, status in (("specialist_b", 403), ("org_admin_b", 403), ("patient_pa", 403),
                        ("org_admin_a", 200), ("alliance_admin", 200), ("specialist_a", 200)):
        r = await world.client_as(client, who).put(url, json=body)
        assert r.status_code == status, (who, r.text)
    r = await world.client_as(client, "patient_pa").get(url)
    assert (r.json()["specialties"], r.json()["introduction"], r.json()["name"]) == (
        ["心衰"], "心内科主治医师。", "specialist_a")
    r = await world.client_as(client, "patient_pa").get(
        f"{CLINIC}/profiles/{clinic.user('patient_pb')}")
    assert (r.status_code, r.json()["code"]) == (404, "doctor-not-found")
    r = await world.client_as(client, "specialist_a").put(url, json={"specialties": ["x" * 21]})
    assert r.status_code == 422


async def test_sessions_lists_are_scoped(client, clinic, world):
    await set_fees(client, world)
    await set_fees(client, world, "alliance_admin", "P")
    ours = await new_session(client, clinic)
    province = await new_session(client, clinic, "alliance_admin", doctor="mdt_expert", org="P",
                                 code="03.07", half_day="pm")

    async def listed(who, **params) -> list[str]:
        r = await world.client_as(client, who).get(SESSIONS, params=params)
        assert r.status_code == 200, r.text
        return [s["id"] for s in r.json()["items"]]

    assert await listed("org_admin_a") == [ours["id"]]
    assert await listed("alliance_admin") == [ours["id"], province["id"]]
    assert await listed("org_admin_b") == []
    assert await listed("mdt_expert") == [province["id"]]
    assert await listed("specialist_a", doctor_id=str(clinic.user("mdt_expert"))) == []
    assert await listed("alliance_admin", day_from="2026-11-26") == []
    assert await listed("alliance_admin", day_to="2026-11-25",
                        department_id=str(clinic.depts["P", "03.07"])) == [province["id"]]
    r = await world.client_as(client, "org_admin_a").get(
        SESSIONS, params={"day_from": "2026-11-26", "day_to": "2026-11-25"})
    assert r.status_code == 422
    assert (await world.client_as(client, "patient_pa").get(SESSIONS)).status_code == 403


async def test_symptoms_suggest_departments_not_a_diagnosis(client, clinic, world):
    patient = world.client_as(client, "patient_pa")
    r = await patient.get(f"{CLINIC}/departments", params={"symptom": "小孩发烧两天，还有点咳嗽"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["suggestion"], body["matched"]) == (True, ["小孩发烧", "咳嗽"])
    assert [d["code"] for d in body["departments"]] == ["07", "03.01"]
    assert body["departments"][0]["name"] == "儿科"
    assert "不是诊断" in body["note_zh"] and "not a diagnosis" in body["note_en"]
    r = await patient.get(f"{CLINIC}/departments", params={"symptom": "说不清楚"})
    assert (r.json()["matched"], [d["code"] for d in r.json()["departments"]]) == ([], ["02"])

    await set_fees(client, world)
    await new_session(client, clinic)
    r = await patient.get(f"{CLINIC}/departments")
    assert r.json() == {"suggestion": False, "matched": [], "note_zh": None, "note_en": None,
                        "departments": [{"code": "03.04", "name": "心血管内科专业",
                                         "name_en": "Cardiology"}]}
    world.clock.advance(days=2)
    await world.sign_in_again("patient_pa")
    patient = world.client_as(client, "patient_pa")
    assert (await patient.get(f"{CLINIC}/departments")).json()["departments"] == []


async def test_the_coming_fourteen_days_only(client, clinic, world):
    await set_fees(client, world)
    await new_session(client, clinic, day=(TOMORROW + timedelta(days=20)).isoformat())
    patient = world.client_as(client, "patient_pa")
    assert (await patient.get(DOCTORS)).json()["items"] == []
    assert (await patient.get(f"{DOCTORS}/{clinic.user('specialist_a')}/sessions")).json() == []
    world.clock.advance(days=7)
    await world.sign_in_again("patient_pa")
    patient = world.client_as(client, "patient_pa")
    assert len((await patient.get(DOCTORS)).json()["items"]) == 1
