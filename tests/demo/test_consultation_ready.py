"""The demo is ready for remote consultation: the agreements, the offices, the department heads
and their experts with free times, a patient to ask about, a case already in progress; and a
village doctor can take an MDT through to a signed report in the patient's record."""

from __future__ import annotations

from collections import Counter
from datetime import time, timedelta

from sqlalchemy import select

from tests.demo.helpers import Db, sign_in
from yilian.alliance import service as alliance
from yilian.alliance.models import AgreementService, Department, Organisation, OrgLevel
from yilian.cases.calendar import is_working_day
from yilian.consultation.models import Consultation, State
from yilian.consultation.workflow import EXPERT_ROLES
from yilian.core.authz import Role
from yilian.core.clock import SHANGHAI, as_utc
from yilian.demo import build_demo
from yilian.demo.layout import SLOT_EXPERTS
from yilian.identity.models import Practitioner, RoleGrant, User
from yilian.patients.models import Patient
from yilian.scheduling.models import AvailabilitySlot

# The walk-through's cast at the provincial hospital (P) and the county hospital (A).
HEADS = {
    ("P", "心血管内科专业"): "prov_cardio",
    ("P", "内分泌专业"): "prov_endo",
    ("P", "肾病学专业"): "prov_neph",
    ("A", "心血管内科专业"): "countyA_doctor",
}
SECONDARY = {"心血管内科专业": "prov_cardio_expert", "内分泌专业": "prov_endo_expert",
             "肾病学专业": "prov_neph_expert"}


async def _orgs(db: Db) -> dict[str, Organisation]:
    """The organisations by the layout's keys (P, A, A1a, ...), read from their short names."""
    by_short = {o.short_name: o for (o,) in await db.rows(select(Organisation))}
    keys = {"湘江医院": "P", "星沙中心医院": "A", "易俗河中心医院": "B", "东坪村卫生室": "A1a"}
    out = {key: by_short[short] for short, key in keys.items()}
    out["villages"] = [o for o in by_short.values() if o.level == OrgLevel.village]
    return out


async def _users(db: Db) -> dict[str, User]:
    return {u.username: u for (u,) in await db.rows(select(User))}


async def test_the_demo_has_agreements_offices_heads_experts_and_free_times(settings, clock):
    report = await build_demo(settings, size=0, clock=clock)
    db = Db(settings)
    orgs, users = await _orgs(db), await _users(db)
    today = clock.now().date()

    # Every village clinic may ask its county hospital and the provincial hospital; referrals
    # still go level by level, so not straight to the province.
    async def covers(a, b, service):
        return await db.run(lambda s: alliance.agreement_covers(s, a.id, b.id, service, today))
    assert len(orgs["villages"]) == 8
    for village in orgs["villages"]:
        county = next(o for o in (orgs["A"], orgs["B"]) if village.path.startswith(o.path))
        assert await covers(village, orgs["P"], AgreementService.consultation)
        assert await covers(orgs["P"], village, AgreementService.consultation)
        assert not await covers(village, orgs["P"], AgreementService.referral)
        assert await covers(village, county, AgreementService.consultation)
        assert await covers(village, county, AgreementService.referral)

    # Each hospital's internet-hospital office has a coordinator.
    grants = [g for (g,) in await db.rows(select(RoleGrant))]
    for username, org in (("prov_coordinator", "P"), ("countyA_coordinator", "A")):
        assert any(g.user_id == users[username].id and g.role == Role.coordinator
                   and g.organisation_id == orgs[org].id for g in grants)

    # The heads, and a second expert in each provincial department: verified doctors who may
    # be named experts at their hospital.
    verified = {p.user_id for (p,) in await db.rows(select(Practitioner)) if p.verified}

    def expert_at(username: str, org: str) -> bool:
        user_id = users[username].id
        return user_id in verified and any(
            g.user_id == user_id and g.role in EXPERT_ROLES and g.organisation_id == orgs[org].id
            for g in grants)

    depts = {(d.organisation_id, d.name): d for (d,) in await db.rows(select(Department))}
    for (org, name), username in HEADS.items():
        assert depts[(orgs[org].id, name)].head_user_id == users[username].id, name
        assert expert_at(username, org)
    for name, username in SECONDARY.items():
        assert expert_at(username, "P") and username != HEADS[("P", name)]

    # Free 30-minute slots, 09:00–11:00 and 14:00–16:00 Beijing time, on each of the next
    # seven working days.
    slots = [s for (s,) in await db.rows(select(AvailabilitySlot))]
    assert report.added["availability slots"] == len(slots) == len(SLOT_EXPERTS) * 7 * 8
    for username, org in SLOT_EXPERTS:
        mine = [s for s in slots if s.user_id == users[username].id]
        assert {s.organisation_id for s in mine} == {orgs[org].id}
        assert all(s.booked_case_id is None and s.withdrawn_at is None for s in mine)
        local = [(as_utc(s.starts_at).astimezone(SHANGHAI), as_utc(s.ends_at).astimezone(SHANGHAI))
                 for s in mine]
        days = Counter(start.date() for start, _ in local)
        assert len(days) == 7 and set(days.values()) == {8}
        assert all(today < day <= today + timedelta(days=14) and is_working_day(day)
                   for day in days)
        assert all(end - start == timedelta(minutes=30) for start, end in local)
        assert {start.time() for start, _ in local} == {
            time(9), time(9, 30), time(10), time(10, 30),
            time(14), time(14, 30), time(15), time(15, 30)}

    # The accounts say whom to sign in as.
    roles = {a.username: a.role for a in report.accounts}
    assert "互联网医院办公室" in roles["prov_coordinator"]
    assert "互联网医院办公室" in roles["countyA_coordinator"]
    assert roles["prov_cardio"].startswith("心血管内科专业 科主任")
    assert "MDT首席专家" in roles["prov_cardio"]
    assert "次席专家" in roles["prov_endo_expert"]
    assert "王秀兰" in roles["villageA1a_doctor"]

    # A second run on the same day adds nothing; a run the next day only the new day's times.
    again = await build_demo(settings, size=0, clock=clock)
    assert again.added == {}
    clock.advance(days=1)
    later = await build_demo(settings, size=0, clock=clock)
    assert later.added == {"availability slots": len(SLOT_EXPERTS) * 8}


async def test_a_single_specialty_consultation_is_in_progress_at_the_county(
        settings, clock, client):
    await build_demo(settings, size=0, clock=clock)
    db = Db(settings)
    orgs, users = await _orgs(db), await _users(db)
    [(case, patient)] = await db.rows(
        select(Consultation, Patient).join(Patient, Patient.id == Consultation.patient_id))
    assert (patient.name, case.kind.value, case.state) == ("李明", "single", State.assigned)
    assert case.invited_org_id == orgs["A"].id and case.inviting_org_id == orgs["A1a"].id
    assert case.expert_id == users["countyA_doctor"].id

    # The village doctor's next step is to book one of the expert's times; the patient (the
    # parent account) follows it.
    village = await sign_in(client, "villageA1a_doctor")
    seen = (await village.get(f"/api/v1/consultations/{case.id}")).json()
    assert "book" in [a["action"] for a in seen["actions"]]
    free = (await village.get("/api/v1/availability", params={
        "user_id": str(case.expert_id), "free": "true"})).json()
    assert len(free) >= 8
    parent = await sign_in(client, "parent_demo")
    mine = (await parent.get("/api/v1/consultations")).json()["items"]
    assert [c["id"] for c in mine] == [str(case.id)]


async def test_a_village_doctor_takes_an_mdt_to_the_province_through_to_the_record(
        settings, clock, client):
    await build_demo(settings, size=0, clock=clock)
    db = Db(settings)
    orgs, users = await _orgs(db), await _users(db)
    [wang] = [p for (p,) in await db.rows(select(Patient).where(Patient.name == "王秀兰"))]
    cast = {name: await sign_in(client, name) for name in (
        "villageA1a_doctor", "prov_coordinator", "prov_cardio", "prov_endo", "prov_neph",
        "prov_endo_expert", "prov_neph_expert", "prov_cardio_expert", "countyB_doctor",
        "villageA1b_doctor", "patient_demo")}
    village, office, chief = (cast["villageA1a_doctor"], cast["prov_coordinator"],
                              cast["prov_cardio"])

    # The record shows why: chest pain in a patient with hypertension and diabetes.
    record = (await village.get(f"/api/v1/patients/{wang.id}/record")).json()
    assert {"I10", "E11.9", "R07.4"} <= {p["icd10"] for p in record["problems"]}
    assert record["allergies"] and record["medications"]
    assert any("胸骨后" in (e["summary"] or "") for e in record["encounters"])

    now = clock.now()
    r = await village.post("/api/v1/consultations", json={
        "kind": "mdt", "urgency": "routine", "patient_id": str(wang.id),
        "invited_org_id": str(orgs["P"].id),
        "reason": "劳力性胸痛 10 天，近日静息发作，合并高血压、2型糖尿病控制欠佳、尿蛋白阳性",
        "purpose": "明确胸痛原因，制定冠心病、血糖、血压及肾脏保护的综合方案",
        "summary": "女，65 岁。高血压 11 年、2型糖尿病 7 年。心电图 V4–V6 ST 段压低 0.1 mV。",
        "diagnosis_icd10": "R07.4", "diagnosis_text": "胸痛待查：不稳定型心绞痛？",
        "wanted_specialty": "心血管内科、内分泌科、肾内科",
        "consent": {"by": "patient", "name": "王秀兰", "at": now.isoformat()}})
    assert r.status_code == 201, r.text
    url = f"/api/v1/consultations/{r.json()['id']}"
    assert {p["icd10"] for p in r.json()["record_snapshot"]["problems"]} >= {"I10", "R07.4"}

    depts = {d["name"]: d["id"] for d in (await office.get(url + "/departments")).json()}
    r = await office.post(url + "/dispatch", json={
        "lead_department_id": depts["心血管内科专业"],
        "supporting_department_ids": [depts["内分泌专业"], depts["肾病学专业"]]})
    assert r.status_code == 200, r.text
    # A department head sees the case once asked; a hospital the case does not concern not.
    assert (await cast["prov_neph"].get(url)).status_code == 200
    assert (await cast["countyB_doctor"].get(url)).status_code == 403
    # A doctor of the invited hospital who was not asked sees nothing either.
    assert (await cast["prov_cardio_expert"].get(url)).status_code == 403

    for head, dept, body in (
            ("prov_cardio", "心血管内科专业", {"chief_id": str(users["prov_cardio"].id)}),
            ("prov_endo", "内分泌专业", {"expert_ids": [str(users["prov_endo_expert"].id)]}),
            ("prov_neph", "肾病学专业", {"expert_ids": [str(users["prov_neph_expert"].id)]})):
        r = await cast[head].post(url + "/answer", json={
            "department_id": depts[dept], "accept": True, **body})
        assert r.status_code == 200, (head, r.text)
    r = await office.post(url + "/confirm-panel", json={})
    assert r.status_code == 200, r.text
    assert {(e["name"], e["role"]) for e in r.json()["experts"]} == {
        (users["prov_cardio"].display_name, "chief"),
        (users["prov_endo_expert"].display_name, "secondary"),
        (users["prov_neph_expert"].display_name, "secondary")}

    free = (await village.get("/api/v1/availability", params={
        "user_id": str(users["prov_cardio"].id), "free": "true"})).json()
    r = await village.post(url + "/book", json={"slot_id": free[0]["id"]})
    assert r.status_code == 200, r.text
    assert (await chief.post(url + "/start", json={"confirm_off_time": True})).json()[
        "state"] == "in_session"
    for name, text in (("prov_endo_expert", "糖化血红蛋白偏高，建议加用SGLT2抑制剂。"),
                       ("prov_neph_expert", "尿蛋白阳性，建议查尿白蛋白/肌酐比，优选ACEI/ARB。")):
        r = await cast[name].post(url + "/opinion", json={"opinion": text})
        assert r.status_code == 200, r.text
    r = await chief.put(url + "/draft", json={
        "findings": "多学科讨论：冠心病不稳定型心绞痛可能大，合并2型糖尿病、糖尿病肾病待排。",
        "opinion": "建议择期冠脉造影，强化降糖降压，保护肾功能。",
        "diagnoses": [{"code": "I20.0", "name": "不稳定型心绞痛"},
                      {"code": "E11.2", "name": "2型糖尿病伴肾的并发症"}],
        "recommendations": "阿司匹林 100 mg qd；缬沙坦 80 mg qd；达格列净 10 mg qd。",
        "referral_advised": True})
    assert r.status_code == 200, r.text
    r = await chief.post(url + "/publish", json={})
    assert r.status_code == 200, r.text
    [signed] = r.json()["reports"]
    assert (await village.post(url + "/acknowledge", json={})).json()["state"] == "completed"

    # Every party sees its part: the patient the report (not the experts' working opinions),
    # filed in her record; a doctor of another village nothing.
    patient = cast["patient_demo"]
    seen = (await patient.get(url)).json()
    assert seen["reports"][0]["opinion"].startswith("建议择期冠脉造影")
    assert all(e["opinion"] is None for e in seen["experts"])
    filed = (await patient.get(f"/api/v1/patients/{wang.id}/record")).json()["documents"]
    # Besides her online visit's record and prescriptions (the pharmacy's demo).
    assert [d["kind"] for d in filed].count("consultation_report") == 1
    assert signed["document_number"] in filed[0]["title"]
    assert (await patient.get(f"/api/v1/documents/{signed['document_id']}/pdf")).status_code == 200
    assert (await cast["villageA1b_doctor"].get(url)).status_code == 403
