"""Referrals on the workbench: the receiving side sees the new request, then the arrival to
confirm; the patient sees where and when to go; the village doctor sees the patient coming
back, then the follow-ups it leaves."""

from __future__ import annotations

from sqlalchemy import select

from tests.referral.helpers import in_days, prepare, referral, return_body
from tests.workbench.helpers import WORKBENCH, todo
from yilian.core.accesslog import AccessEntry


async def test_a_referral_up_and_back_waits_for_each_side_in_turn(client, world, query):
    setup = await prepare(world)
    village = world.client_as(client, "village_doctor")
    office = world.client_as(client, "coordinator_a")
    cardio = world.client_as(client, "specialist_a")
    patient = world.client_as(client, "patient_pa")

    r = await village.post("/api/v1/referrals", json=referral(
        world, target="A", target_department_id=str(setup.depts["cardio_a"]),
        skip_reason="乡镇卫生院无心内科，需县医院住院"))
    assert r.status_code == 201, r.text
    up = r.json()
    url = f"/api/v1/referrals/{up['id']}"
    assert await todo(office) == [(up["number"], ["accept", "redirect"])]
    assert await todo(village) == []

    r = await office.post(url + "/accept", json={
        "reservation": "bed", "reserved_at": in_days(world, 0.5),
        "reserved_place": "心血管内科病区 12床"})
    assert r.status_code == 200, r.text
    assert await todo(office) == [(up["number"], ["arrive"])]
    wb = (await patient.get(WORKBENCH)).json()
    assert [(x["number"], x["place"]) for x in wb["reservations"]] == [
        (up["number"], "心血管内科病区 12床")]

    await office.post(url + "/arrive", json={})
    assert await todo(cardio) == [(up["number"], ["treat"])]
    await cardio.post(url + "/treat", json={"outcome": "心衰纠正，好转出院"})
    r = await cardio.post("/api/v1/referrals", json=return_body(world, target="A1a",
                                                                   up_id=up["id"]))
    assert r.status_code == 201, r.text
    down = r.json()
    # Coming back: the village doctor accepts the patient; nobody else is asked to.
    assert await todo(village) == [(down["number"], ["accept", "redirect"])]
    assert await todo(cardio) == []

    r = await village.post(f"/api/v1/referrals/{down['id']}/accept", json={})
    assert r.status_code == 200, r.text
    wb = (await village.get(WORKBENCH)).json()
    assert wb["todo"] == []
    assert wb["followups_total"] == len(wb["followups"]) > 0
    assert wb["counts"]["followups"] == wb["followups_total"]
    logged = await query(select(AccessEntry).where(
        AccessEntry.actor_user_id == world.users["village_doctor"],
        AccessEntry.action == "followup.listed"))
    assert {e.entity_id for e in logged} >= {f["id"] for f in wb["followups"]}
