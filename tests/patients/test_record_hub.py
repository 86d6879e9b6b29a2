"""The record as the hub: a return, a consultation report and a follow-up each file an
encounter; what they propose for medications and problems waits for a clinician's confirmation,
applied as new versions, never overwriting."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass

import httpx
from sqlalchemy import func, select

from tests.consultation.helpers import application, slot
from tests.consultation.helpers import prepare as prepare_consultation
from tests.factories import World
from tests.followup.helpers import TASKS, make_tasks
from tests.matrix import (
    ACTORS,
    FORBIDDEN,
    OK,
    UNVERIFIED,
    Endpoint,
    Matrix,
    Outcome,
    route,
)
from tests.referral.helpers import in_days, prepare, referral, return_body
from yilian.core.audit import AuditEntry
from yilian.core.authz import CLINICAL_ROLES, Role
from yilian.patients.models import Encounter, Medication, Problem, Reconciliation

API = "/api/v1/patients"
RECS = "/api/v1/reconciliations"

# The record before the stay: A is stopped at discharge, D's dose changes, E goes on as it was.
BEFORE = [("呋塞米片", "20mg", "qd"), ("美托洛尔缓释片", "47.5mg", "qd"),
          ("阿司匹林肠溶片", "100mg", "qd")]
DISCHARGE = [{"name": "沙库巴曲缬沙坦片", "dose": "50mg", "frequency": "bid"},
             {"name": "螺内酯片", "dose": "20mg", "frequency": "qd"},
             {"name": "美托洛尔缓释片", "dose": "23.75mg", "frequency": "qd"},
             {"name": "阿司匹林肠溶片", "dose": "100mg", "frequency": "qd"}]


async def _seed_record(world: World, client: httpx.AsyncClient, patient: str = "pa") -> None:
    village = world.client_as(client, "village_doctor")
    url = f"{API}/{world.patients[patient]}"
    for name, dose, freq in BEFORE:
        r = await village.post(f"{url}/medications", json={"name": name, "dose": dose,
                                                            "frequency": freq})
        assert r.status_code == 201, r.text
    r = await village.post(f"{url}/problems", json={"icd10": "I50.9", "description": "心力衰竭？"})
    assert r.status_code == 201, r.text


async def _returned(world: World, client: httpx.AsyncClient) -> dict:
    """Village → town with a bed, six days in, back to the village with the discharge list;
    the village doctor accepts the return. The return's JSON."""
    await prepare(world)
    await _seed_record(world, client)
    village = world.client_as(client, "village_doctor")
    town = world.client_as(client, "town_doctor_a1")
    up = (await village.post("/api/v1/referrals", json=referral(world, target="A1"))).json()
    url = f"/api/v1/referrals/{up['id']}"
    r = await town.post(url + "/accept", json={"reservation": "bed",
                                               "reserved_at": in_days(world, 0.2),
                                               "reserved_place": "住院部 3床"})
    assert r.status_code == 200, r.text
    assert (await town.post(url + "/arrive", json={})).status_code == 200
    world.clock.advance(days=6)
    for name in ("village_doctor", "town_doctor_a1", "family_doctor", "specialist_b", "patient_pa"):
        await world.sign_in_again(name)
    town = world.client_as(client, "town_doctor_a1")
    assert (await town.post(url + "/treat", json={"outcome": "心衰纠正，好转出院"})).status_code == 200
    body = return_body(world, target="A1a", up_id=up["id"])
    body["medications"] = DISCHARGE
    r = await town.post("/api/v1/referrals", json=body)
    assert r.status_code == 201, r.text
    down = r.json()
    r = await world.client_as(client, "village_doctor").post(
        f"/api/v1/referrals/{down['id']}/accept", json={})
    assert r.status_code == 200, r.text
    return down


async def _pending(world: World, client: httpx.AsyncClient, who: str = "village_doctor"
                   ) -> tuple[str, dict]:
    rec_url = f"{API}/{world.patients['pa']}/reconciliations"
    [rec] = (await world.client_as(client, who).get(rec_url)).json()
    return f"{RECS}/{rec['id']}", rec


async def test_a_return_files_the_stay_and_waits_for_the_village_doctor_to_reconcile(
        client, world, query):
    down = await _returned(world, client)
    village = world.client_as(client, "village_doctor")
    record_url = f"{API}/{world.patients['pa']}/record"

    record = (await village.get(record_url)).json()
    [stay] = record["encounters"]
    assert (stay["kind"], stay["length_of_stay_days"], stay["case_type"], stay["case_id"],
            stay["case_number"], stay["document_id"]) == (
        "inpatient", 6, "referral", down["id"], down["number"], down["document_id"])
    assert stay["organisation_id"] == str(world.orgs["A1"].id) and stay["organisation_name"]
    assert record["pending_reconciliations"] == 1
    # Nothing applied yet: the list is as the village doctor left it.
    assert sorted(m["name"] for m in record["medications"]) == sorted(n for n, _, _ in BEFORE)

    url, listed = await _pending(world, client)
    assert listed["state"] == "pending" and listed["case_number"] == down["number"]
    assert listed["source_organisation_name"] == stay["organisation_name"]  # the town's ward
    rec = (await village.get(url)).json()
    lines = {(ln["change"], ln["name"]) for ln in rec["lines"]}
    assert lines == {("new", "沙库巴曲缬沙坦片"), ("new", "螺内酯片"),
                     ("changed", "美托洛尔缓释片"), ("unchanged", "阿司匹林肠溶片"),
                     ("stopped", "呋塞米片"), ("new", "慢性心力衰竭急性加重"),
                     ("resolved", "心力衰竭？")}
    changed = next(ln for ln in rec["lines"] if ln["change"] == "changed")
    assert (changed["dose_before"], changed["dose"]) == ("47.5mg", "23.75mg")

    # Someone changes the record meanwhile: what the doctor saw is no longer what would be
    # applied, so the confirmation is refused and nothing changes.
    extra = await village.post(f"{API}/{world.patients['pa']}/medications",
                               json={"name": "螺内酯片", "dose": "10mg", "frequency": "qd"})
    stale = await village.post(url + "/confirm", json={"seen": rec["seen"]})
    assert stale.status_code == 409 and stale.json()["code"] == "record-changed"
    await village.post(f"{API}/{world.patients['pa']}/medications/{extra.json()['id']}/void",
                       json={"reason": "录入错误"})
    assert (await village.get(url)).json()["seen"] == rec["seen"]

    # The village doctor keeps the new spironolactone off the list for now, with a reason.
    r = await village.post(url + "/confirm", json={"keep": ["medication:螺内酯片"],
                                                   "reason": "血钾偏高，暂缓螺内酯",
                                                   "seen": rec["seen"]})
    assert r.status_code == 200, r.text
    assert r.json()["state"] == "confirmed" and r.json()["decided_by_name"] == "village_doctor"

    record = (await village.get(record_url)).json()
    meds = {m["name"]: m for m in record["medications"]}
    active = {n: (m["dose"], m["frequency"]) for n, m in meds.items() if m["status"] == "active"}
    assert active == {"沙库巴曲缬沙坦片": ("50mg", "bid"), "美托洛尔缓释片": ("23.75mg", "qd"),
                      "阿司匹林肠溶片": ("100mg", "qd")}
    assert meds["呋塞米片"]["status"] == "resolved" and meds["呋塞米片"]["end_date"] == "2026-11-30"
    # Old versions are kept, their values as they were.
    assert [(h["dose"], h["status"]) for h in meds["美托洛尔缓释片"]["history"]] == [
        ("47.5mg", "active")]
    assert meds["呋塞米片"]["history"][0]["status"] == "active"
    problems = {p["icd10"]: p["status"] for p in record["problems"]}
    assert problems == {"I50.0": "active", "I50.9": "resolved"}
    assert record["pending_reconciliations"] == 0
    rows = await query(select(Medication).where(Medication.patient_id == world.patients["pa"]))
    assert len(rows) == 4 + 3  # four entered (one void); one new, one changed, one stopped
    audit = await query(select(AuditEntry.action).where(
        AuditEntry.action.like("record.%"), AuditEntry.entity_id == str(world.patients["pa"])))
    assert "record.encounters.file" in audit and "record.reconciliation.confirm" in audit

    # Decided once: a second confirmation is refused and changes nothing.
    again = await village.post(url + "/confirm", json={})
    assert again.status_code == 409 and again.json()["code"] == "reconciliation-decided"
    assert len(await query(select(Medication).where(
        Medication.patient_id == world.patients["pa"]))) == 7

    # The patient sees the stay (words first), not the reconciliation.
    mine = world.client_as(client, "patient_pa")
    own = (await mine.get(record_url)).json()
    assert own["encounters"][0]["length_of_stay_days"] == 6
    assert own["pending_reconciliations"] is None
    assert (await mine.get(url)).status_code == 403


async def test_accepting_the_same_return_twice_files_one_encounter(client, world, query, app):
    """Filing is idempotent per source: a second call returns the first encounter."""
    from tests.files.helpers import actor_of
    from yilian.patients import service as patients

    down = await _returned(world, client)
    actor = await actor_of(app, world, "village_doctor")
    async with app.state.sessionmaker() as db:
        spec = patients.EncounterSpec(kind="inpatient", organisation_id=world.orgs["A1"].id,
                                      started_at=world.clock.now(), source_type="referral",
                                      source_id=down["id"])
        await patients.record_encounter(db, app.state.clock, actor, world.patients["pa"], spec,
                                        patients.Proposal(organisation_id=world.orgs["A1a"].id,
                                                          medications=DISCHARGE))
        await db.commit()
    assert len(await query(select(Encounter).where(Encounter.source_id == down["id"]))) == 1
    assert len(await query(select(Reconciliation))) == 1


async def test_bad_decisions_are_refused_and_change_nothing(client, world, query):
    await _returned(world, client)
    url, _ = await _pending(world, client)
    village = world.client_as(client, "village_doctor")

    async def state():
        return (len(await query(select(Medication))), len(await query(select(Problem))),
                [r.state for r in await query(select(Reconciliation))])

    before = await state()
    r = await village.post(url + "/confirm", json={"keep": ["medication:不存在的药"]})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "keep"
    r = await village.post(url + "/confirm", json={"keep": ["medication:阿司匹林肠溶片"]})
    assert r.status_code == 422  # an unchanged line has nothing to keep
    assert (await village.post(url + "/discard", json={"reason": ""})).status_code == 422
    assert (await village.post(url + "/confirm", json={"keep": "x"})).status_code == 422
    other = f"{RECS}/{uuid.uuid4()}"
    r = await village.post(other + "/confirm", json={})
    assert r.status_code == 404 and r.json()["code"] == "reconciliation-not-found"
    # Another county's doctor learns nothing about its state: scope before state.
    r = await world.client_as(client, "specialist_b").post(url + "/confirm", json={})
    assert r.status_code == 403 and r.json()["code"] == "consent-required"
    assert await state() == before

    r = await village.post(url + "/discard", json={"reason": "出院带药与患者实际用药不符，电话核实"})
    assert r.status_code == 200 and r.json()["state"] == "discarded"
    after = await state()
    assert after[:2] == before[:2] and after[2] == ["discarded"]
    r = await village.post(url + "/confirm", json={})
    assert r.status_code == 409 and r.json()["code"] == "reconciliation-decided"


async def test_two_clinicians_confirming_at_once_one_wins(client, world, query):
    await _returned(world, client)
    url, _ = await _pending(world, client)
    results = await asyncio.gather(*(
        world.client_as(client, who).post(url + "/confirm", json={})
        for who in ("village_doctor", "family_doctor")))
    assert sorted(r.status_code for r in results) == [200, 409], [r.text for r in results]
    loser = next(r for r in results if r.status_code == 409)
    assert loser.json()["code"] == "reconciliation-decided"
    meds = await query(select(Medication).where(Medication.superseded_at.is_(None),
                                                Medication.status == "active"))
    assert sorted(m.name for m in meds) == sorted(["沙库巴曲缬沙坦片", "螺内酯片", "美托洛尔缓释片",
                                                   "阿司匹林肠溶片"])
    confirms = await query(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.action == "record.reconciliation.confirm"))
    assert confirms == [1]


async def test_a_published_report_files_the_consultation_and_proposes_its_diagnoses(
        client, world):
    setup = await prepare_consultation(world)
    village = world.client_as(client, "village_doctor")
    office = world.client_as(client, "coordinator_a")
    expert = world.client_as(client, "specialist_a")
    cid = (await village.post("/api/v1/consultations", json=application(world))).json()["id"]
    url = f"/api/v1/consultations/{cid}"
    assert (await office.post(url + "/route", json={
        "department_id": str(setup.depts["cardio_a"])})).status_code == 200
    assert (await expert.post(url + "/assign", json={
        "expert_id": str(world.users["specialist_a"])})).status_code == 200
    slot_id = await slot(world, "specialist_a", "A", hours=0.2)
    assert (await village.post(url + "/book", json={"slot_id": str(slot_id)})).status_code == 200
    r = await expert.post(url + "/start", json={})
    assert r.status_code == 200, r.text
    assert (await expert.put(url + "/draft", json={
        "findings": "心电图示ST段压低。", "opinion": "考虑不稳定型心绞痛。",
        "diagnoses": [{"code": "I20.0", "name": "不稳定型心绞痛"},
                      {"code": "I10", "name": "高血压"}],
        "recommendations": "阿司匹林100mg qd。"})).status_code == 200
    r = await expert.post(url + "/publish", json={})
    assert r.status_code == 200, r.text
    document_id = r.json()["reports"][0]["document_id"]

    record = (await village.get(f"{API}/{world.patients['pa']}/record")).json()
    [enc] = record["encounters"]
    assert (enc["kind"], enc["case_type"], enc["case_id"], enc["document_id"]) == (
        "remote_consultation", "consultation", cid, document_id)
    assert enc["length_of_stay_days"] is None and record["problems"] == []
    rec_url, rec = await _pending(world, client)
    assert rec["organisation_id"] == str(world.orgs["A1a"].id)  # the inviting side decides
    lines = (await village.get(rec_url)).json()["lines"]
    assert [(ln["change"], ln["icd10"]) for ln in lines] == [("new", "I20.0"), ("new", "I10")]
    # The consulting expert at the county reads the record but does not decide for the village.
    r = await expert.post(rec_url + "/confirm", json={})
    assert r.status_code == 403 and r.json()["code"] == "not-reconciler"
    assert (await village.post(rec_url + "/confirm", json={})).status_code == 200
    problems = (await village.get(f"{API}/{world.patients['pa']}/record")).json()["problems"]
    assert sorted(p["icd10"] for p in problems) == ["I10", "I20.0"]


async def test_a_completed_follow_up_is_an_encounter(client, world):
    [task] = await make_tasks(world, source_id=str(uuid.uuid4()))
    village = world.client_as(client, "village_doctor")
    r = await village.post(f"{TASKS}/{task}/complete", json={"note": "血压128/78mmHg，无不适"})
    assert r.status_code == 200, r.text
    record = (await village.get(f"{API}/{world.patients['pa']}/record")).json()
    [enc] = record["encounters"]
    assert enc["kind"] == "follow_up" and enc["case_type"] == "referral"
    assert enc["summary"].endswith("血压128/78mmHg，无不适")
    assert record["pending_reconciliations"] == 0


# ---------------------------------------------------------------- the permission matrix
# Written from the rules (patients/policy.py, the record-hub brief): the reconciliations are
# read by real-name verified clinicians with the patient in their network and decided only by
# those of the home organisation (or the one the proposal was sent to); everyone else, patients
# included, is refused. The "in"
# proposal is of patient pa (home village A1a, sent to A1a); the "out" one of pb (home B1).

TARGET = {"in": ("pa", "A1a"), "out": ("pb", "B1")}
RECORD_ROLES = CLINICAL_ROLES - {Role.pharmacist}
_expect = route(RECORD_ROLES)


def _in_network(who: str, scope: str) -> bool:
    from tests.factories import covers

    org = ACTORS[who]
    # The network reaches up to the county: the province reads by relationship only.
    return org is not None and org != "P" and covers(org, TARGET[scope][1])


def reads(who: str, scope: str) -> str:
    return _expect(who, OK if _in_network(who, scope) else FORBIDDEN)


def decides(who: str, scope: str) -> str:
    """Of the readers, only the clinicians of the home (and receiving) organisation."""
    return _expect(who, OK if ACTORS[who] == TARGET[scope][1] else FORBIDDEN)


@dataclass
class Ctx:
    world: World
    scope: str
    client: httpx.AsyncClient

    async def proposal(self) -> str:
        """A fresh pending proposal: deciding one changes it."""
        from tests.files.helpers import actor_of
        from yilian.patients import service as patients

        patient, org = TARGET[self.scope]
        app = self.world.app
        actor = await actor_of(app, self.world, "alliance_admin")
        async with app.state.sessionmaker() as db:
            enc = await patients.record_encounter(
                db, app.state.clock, actor, self.world.patients[patient],
                patients.EncounterSpec(kind="follow_up", organisation_id=self.world.orgs[org].id,
                                       started_at=app.state.clock.now(), source_type="test",
                                       source_id=str(uuid.uuid4())),
                patients.Proposal(organisation_id=self.world.orgs[org].id,
                                  problems=[{"icd10": "I10", "description": "高血压",
                                             "status": "active"}]))
            await db.commit()
            rec = (await db.execute(select(Reconciliation.id).where(
                Reconciliation.encounter_id == enc.id))).scalar_one()
        return f"{RECS}/{rec}"


async def _list(c: Ctx) -> str:
    return f"{API}/{c.world.patients[TARGET[c.scope][0]]}/reconciliations"


MATRIX = Matrix("reconciliation", {
    ("GET", API + "/{patient_id}/reconciliations"): Endpoint(reads, _list),
    ("GET", RECS + "/{reconciliation_id}"): Endpoint(reads, lambda c: c.proposal()),
    ("POST", RECS + "/{reconciliation_id}/confirm"): Endpoint(
        decides, lambda c: _then(c, "/confirm"), {}),
    ("POST", RECS + "/{reconciliation_id}/discard"): Endpoint(
        decides, lambda c: _then(c, "/discard"), {"reason": "与实际不符"}),
}, outcomes={OK: Outcome(200), FORBIDDEN: Outcome(403), UNVERIFIED: Outcome(403)},
    routes=lambda method, path: path.startswith(RECS) or path.endswith("/reconciliations"))


async def _then(c: Ctx, tail: str) -> str:
    return await c.proposal() + tail


def test_the_matrix_covers_every_reconciliation_endpoint(app):
    MATRIX.check_routes(app)


@MATRIX.parametrize
async def test_endpoint_by_role_and_scope(endpoint, client, world):
    await MATRIX.check(endpoint, client, world, lambda who, scope: Ctx(world, scope, client))

