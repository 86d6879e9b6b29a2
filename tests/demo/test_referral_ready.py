"""The demo is ready for two-way referral: agreements level by level (and a county's return
straight to the village), someone at every hospital and township health centre to receive a
referral, one loop closed last week that both ends read as one timeline, the village doctor's
follow-up tasks from it, and a request waiting in the county hospital's queue."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from tests.demo.helpers import Db, sign_in
from yilian.alliance import service as alliance
from yilian.alliance.models import AgreementService, Organisation, OrgLevel
from yilian.core.authz import Role
from yilian.core.clock import SHANGHAI
from yilian.demo import build_demo
from yilian.identity.models import RoleGrant, User
from yilian.patients.models import Patient

# In time order: the county sends the patient back; the village's acceptance closes the loop
# (the up-referral's last step).
LOOP = [("request", "requested"), ("accept", "accepted"), ("arrive", "arrived"),
        ("treat", "treated"), ("request", "requested"), ("accept", "accepted"),
        ("return", "returned")]


async def _orgs(db: Db) -> dict[str, Organisation]:
    by_short = {o.short_name: o for (o,) in await db.rows(select(Organisation))}
    keys = {"湘江医院": "P", "星沙中心医院": "A", "松柏镇卫生院": "A1", "东坪村卫生室": "A1a"}
    return {key: by_short[short] for short, key in keys.items()} | {
        "all": list(by_short.values())}


async def _patient(db: Db, name: str) -> Patient:
    [patient] = [p for (p,) in await db.rows(select(Patient).where(Patient.name == name))]
    return patient


async def test_agreements_and_receiving_offices_cover_referral_level_by_level(settings, clock):
    report = await build_demo(settings, size=0, clock=clock)
    db = Db(settings)
    orgs = await _orgs(db)
    today = clock.now().astimezone(SHANGHAI).date()

    async def covers(a: Organisation, b: Organisation) -> bool:
        return await db.run(lambda s: alliance.agreement_covers(
            s, a.id, b.id, AgreementService.referral, today))

    by_id = {o.id: o for o in orgs["all"]}
    for org in orgs["all"]:
        if org.parent_id:  # village → town → county → province, and back down
            assert await covers(org, by_id[org.parent_id]), org.name
            assert await covers(by_id[org.parent_id], org), org.name
        if org.level == OrgLevel.village:
            county = by_id[by_id[org.parent_id].parent_id]
            # A county hospital returns a patient straight to the village.
            assert await covers(county, org) and await covers(org, county), org.name
            assert not await covers(org, orgs["P"]), org.name  # the green channel's business

    # Every hospital and township health centre has a coordinator to receive referrals.
    receivers = {g.organisation_id for (g,) in await db.rows(
        select(RoleGrant).where(RoleGrant.role == Role.coordinator))}
    for org in orgs["all"]:
        if org.level != OrgLevel.village:
            assert org.id in receivers, org.name

    roles = {a.username: a.role for a in report.accounts}
    assert "转诊办公室：接收转诊、预留床位" in roles["countyA_coordinator"]
    assert "转诊办公室" in roles["townA1_coordinator"]
    assert "张桂英" in roles["villageA1a_doctor"]


async def test_a_village_doctor_may_refer_to_the_town_or_with_a_reason_to_the_county(
        settings, clock, client):
    await build_demo(settings, size=0, clock=clock)
    orgs = await _orgs(Db(settings))
    village = await sign_in(client, "villageA1a_doctor")
    targets = {t["name"]: t for t in (await village.get(
        "/api/v1/referrals/targets", params={"direction": "up"})).json()}
    assert set(targets) == {orgs["A1"].name, orgs["A"].name}
    assert targets[orgs["A1"].name]["next_level"] and not targets[orgs["A"].name]["next_level"]
    county = await sign_in(client, "countyA_doctor")
    down = {t["name"] for t in (await county.get(
        "/api/v1/referrals/targets", params={"direction": "down"})).json()}
    assert {orgs["A1"].name, orgs["A1a"].name} <= down

    # The township's office answers a village's referral.
    wang = await _patient(Db(settings), "王秀兰")
    r = await village.post("/api/v1/referrals", json={
        "patient_id": str(wang.id), "target_org_id": str(orgs["A1"].id),
        "reason": "血压控制不佳，需镇卫生院调整用药", "diagnosis_icd10": "I10",
        "diagnosis_text": "原发性高血压", "summary": "女，65 岁，高血压 11 年。",
        "treatment": "氨氯地平 5 mg 每日一次。",
        "consent": {"by": "patient", "name": "王秀兰", "at": clock.now().isoformat()}})
    assert r.status_code == 201, r.text
    town = await sign_in(client, "townA1_coordinator")
    seen = (await town.get(f"/api/v1/referrals/{r.json()['id']}")).json()
    assert "accept" in [a["action"] for a in seen["actions"]]


async def test_the_closed_loop_is_one_timeline_for_both_ends_and_a_second_build_adds_nothing(
        settings, clock, client):
    report = await build_demo(settings, size=0, clock=clock)
    assert report.added["referrals"] == 3  # the loop's two, and the request waiting
    db = Db(settings)
    orgs = await _orgs(db)
    zhang = await _patient(db, "张桂英")
    village = await sign_in(client, "villageA1a_doctor")
    office = await sign_in(client, "countyA_coordinator")

    [summary] = (await village.get("/api/v1/referrals", params={
        "patient_id": str(zhang.id), "direction": "up"})).json()["items"]
    assert (summary["state"], summary["source_org_id"], summary["target_org_id"]) == (
        "returned", str(orgs["A1a"].id), str(orgs["A"].id))
    assert summary["reservation"] == "bed" and summary["target_department_name"] == "心血管内科专业"
    url = f"/api/v1/referrals/{summary['id']}"
    up = (await village.get(url)).json()
    assert up["skip_reason"] and up["reserved_place"] == "心血管内科病区 12 床"
    assert up["outcome"].startswith("住院 6 天") and up["document_number"].startswith("ZZD")
    down = (await village.get(f"/api/v1/referrals/{up['down_referral_id']}")).json()
    assert (down["direction"], down["state"], down["up_referral_number"]) == (
        "down", "accepted", up["number"])
    assert len(down["medications"]) == 4 and len(down["follow_ups"]) == 3

    # Both ends read the same timeline: from the request last week to the village taking the
    # patient back, each step by whom and when.
    theirs = (await office.get(url)).json()["timeline"]
    assert theirs == up["timeline"]
    # The return shows the same loop (the up-referral's steps marked with its number).
    from_down = (await office.get(f"/api/v1/referrals/{down['id']}")).json()["timeline"]
    assert [(s["action"], s["at"]) for s in from_down] == [(s["action"], s["at"]) for s in theirs]
    assert from_down[0]["number"] == up["number"]
    assert [(s["action"], s["to_state"]) for s in theirs] == LOOP
    names = {u.username: u.display_name for (u,) in await db.rows(select(User))}
    assert [s["actor_name"] for s in theirs] == [
        names["villageA1a_doctor"], names["countyA_coordinator"], names["countyA_nurse"],
        # The loop closes when the village takes the patient back: the platform's step.
        names["countyA_doctor"], names["countyA_doctor"], names["villageA1a_doctor"], None]
    assert theirs[1]["note_code"] == "reserved" and theirs[1]["note_params"]["reservation"] == "bed"
    assert "12 床" in theirs[1]["note_params"]["place"]
    days = [date.fromisoformat(s["at"][:10]) for s in theirs]
    today = clock.now().astimezone(SHANGHAI).date()
    assert days[0] == today - timedelta(days=10) and max(days) < today
    assert up["actions"] == [] and not up["overdue"]

    # The follow-ups are the village doctor's tasks, due in the days ahead.
    tasks = (await village.get("/api/v1/followup-tasks", params={
        "mine": "true", "state": "open"})).json()["items"]
    assert [(t["title"], t["patient_name"]) for t in tasks] == [
        ("出院后第一次随访：血压、心率、体重、下肢水肿", "张桂英"),
        ("复查肾功能、血钾", "张桂英"), ("县医院心血管内科门诊复诊", "张桂英")]
    assert all(date.fromisoformat(t["due_on"]) > today and not t["overdue"] for t in tasks)
    assert {t["assignee_name"] for t in tasks} == {names["villageA1a_doctor"]}

    # A township's request waits in the county's queue, for the office or the surgery's head.
    queue = (await office.get("/api/v1/referrals", params={
        "side": "incoming", "state": "requested"})).json()["items"]
    assert [(r["patient_name"], r["source_org_id"], r["target_department_name"])
            for r in queue] == [("周建华", str(orgs["A1"].id), "普通外科专业")]
    waiting = f"/api/v1/referrals/{queue[0]['id']}"
    for who in (office, await sign_in(client, "countyA_surgeon")):
        assert "accept" in [a["action"] for a in (await who.get(waiting)).json()["actions"]]

    before = await db.table_counts()
    again = await build_demo(settings, size=0, clock=clock)
    assert again.added == {}
    assert await db.table_counts() == before
