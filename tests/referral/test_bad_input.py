"""Bad referrals and bad answers (issue 6, "Bad input") are refused with a clear problem,
audited where they are refusals, and leave nothing stored or changed."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.cases.helpers import changed
from tests.factories import add_staff
from tests.referral.helpers import in_days, prepare, referral, return_body, snapshot
from yilian.core.audit import AuditEntry
from yilian.core.authz import Role

BASE = "/api/v1/referrals"
PROBLEM = "application/problem+json"
BED = {"reservation": "bed", "reserved_place": "心血管内科病区 12床"}


def refused(r, status: int, code: str, field: str | None = None) -> dict:
    """The response is a problem of this status and code (naming ``field``)."""
    assert (r.status_code, r.headers["content-type"].split(";")[0]) == (status, PROBLEM), r.text
    body = r.json()
    assert body["code"] == code, r.text
    if field is not None:
        assert [e["field"] for e in body["errors"]] == [field], r.text
    return body


async def denials(query, entity_type: str, entity_id) -> list[AuditEntry]:
    return await query(select(AuditEntry).where(
        AuditEntry.outcome == "denied", AuditEntry.entity_type == entity_type,
        AuditEntry.entity_id == str(entity_id)))


async def requested_up(client, world, setup) -> str:
    """Town A1 → county A's cardiology, waiting for the county's answer."""
    r = await world.client_as(client, "town_doctor_a1").post(BASE, json=referral(
        world, target="A", target_department_id=str(setup.depts["cardio_a"])))
    assert r.status_code == 201, r.text
    return r.json()["id"]


async def up_in(client, world, setup, *steps: tuple[str, str, dict]) -> str:
    rid = await requested_up(client, world, setup)
    for who, step, body in steps:
        r = await world.client_as(client, who).post(f"{BASE}/{rid}/{step}", json=body)
        assert r.status_code == 200, f"{who} {step}: {r.text}"
    return rid


def accepted(world) -> tuple[str, str, dict]:
    return ("coordinator_a", "accept", {**BED, "reserved_at": in_days(world, 1)})


# ---------------------------------------------------------------- the request


@pytest.mark.parametrize("who, target, direction", [
    ("town_doctor_a1", "A1a", "up"),  # the village below
    ("town_doctor_a1", "B1", "up"),  # another town, the same level
    ("town_doctor_a1", "A1", "up"),  # its own organisation
    ("specialist_a", "P", "down"),  # the province above
    ("specialist_a", "B", "down"),  # another county, the same level
])
async def test_a_referral_goes_the_way_its_direction_says(app, client, world, who, target,
                                                          direction):
    await prepare(world)
    body = (referral(world, target=target) if direction == "up"
            else return_body(world, target=target, up_id=None))
    before = await snapshot(app)
    r = await world.client_as(client, who).post(BASE, json=body)
    refused(r, 422, "validation", "target_org_id")
    assert changed(before, await snapshot(app)) == []


async def test_skipping_a_level_needs_a_reason_or_the_green_channel(app, client, world):
    await prepare(world)
    village = world.client_as(client, "village_doctor")
    before = await snapshot(app)
    for target in ("A", "P"):
        r = await village.post(BASE, json=referral(world, target=target))
        refused(r, 422, "validation", "skip_reason")
    assert changed(before, await snapshot(app)) == []

    r = await village.post(BASE, json=referral(world, target="A",
                                               skip_reason="镇卫生院无心脏超声设备"))
    assert r.status_code == 201, r.text
    assert (r.json()["skip_reason"], r.json()["green_channel"]) == ("镇卫生院无心脏超声设备", False)
    r = await village.post(BASE, json=referral(world, target="P", green_channel=True,
                                               urgency="urgent"))
    assert r.status_code == 201, r.text
    assert r.json()["green_channel"] is True
    # The next level up needs neither.
    r = await village.post(BASE, json=referral(world, target="A1"))
    assert r.status_code == 201, r.text


async def test_without_an_agreement_the_referral_is_refused_and_audited(app, client, world,
                                                                       query):
    await prepare(world)
    before = await snapshot(app)
    # Town A1 has agreements with its village and its county, not with county B.
    r = await world.client_as(client, "town_doctor_a1").post(BASE, json=referral(
        world, target="B"))
    refused(r, 403, "no-agreement")
    assert changed(before, await snapshot(app)) == []
    [entry] = await denials(query, "organisation", world.orgs["B"].id)
    assert entry.actor_user_id == world.users["town_doctor_a1"]


async def test_a_patient_outside_the_referrers_scope_is_refused(app, client, world, query):
    await prepare(world)
    before = await snapshot(app)
    r = await world.client_as(client, "town_doctor_a1").post(BASE, json=referral(
        world, target="A", patient="pb"))
    refused(r, 403, "out-of-scope")
    assert changed(before, await snapshot(app)) == []
    assert len(await denials(query, "patient", world.patients["pb"])) == 1


@pytest.mark.parametrize("change, field", [
    ({"consent": {"by": "patient", "name": "患者本人", "at": "2026-11-25T01:00:00+00:00"}},
     "consent.at"),
    ({"consent": {"by": "guardian", "name": "张某", "at": "2026-11-24T01:00:00+00:00"}},
     "consent.relation"),
    ({"diagnosis_icd10": "胸闷"}, "diagnosis_icd10"),
    ({"reason": ""}, "reason"),
    ({"target_department_id": "general_a1"}, "target_department_id"),  # the town's, not A's
    ({"target_org_id": "00000000-0000-4000-8000-000000000000"}, "target_org_id"),
])
async def test_an_incomplete_or_inconsistent_request_is_refused(app, client, world, change,
                                                               field):
    setup = await prepare(world)
    body = {**referral(world, target="A"), **change}
    if body.get("target_department_id") == "general_a1":
        body["target_department_id"] = str(setup.depts["general_a1"])
    before = await snapshot(app)
    r = await world.client_as(client, "town_doctor_a1").post(BASE, json=body)
    refused(r, 422, "validation", field)
    assert changed(before, await snapshot(app)) == []


async def test_a_return_names_its_follow_ups(app, client, world):
    await prepare(world)
    before = await snapshot(app)
    r = await world.client_as(client, "specialist_a").post(BASE, json={
        **return_body(world, target="A1", up_id=None), "follow_ups": []})
    refused(r, 422, "validation", "follow_ups")
    assert changed(before, await snapshot(app)) == []


@pytest.mark.parametrize("direction, change", [
    ("up", {"medications": [{"name": "美托洛尔缓释片"}]}),
    ("up", {"follow_ups": [{"title": "一周后随访", "days": 7}]}),
    ("up", {"follow_up_plan": "每周测血压"}),
    ("up", {"up_referral_id": "00000000-0000-4000-8000-000000000000"}),
    # Only an up-referral skips levels: a return has no green channel and no skip reason.
    ("down", {"green_channel": True}),
    ("down", {"skip_reason": "患者要求"}),
])
async def test_the_other_directions_fields_are_refused(app, client, world, direction, change):
    await prepare(world)
    if direction == "up":
        who, body = "town_doctor_a1", referral(world, target="A")
    else:
        who, body = "specialist_a", return_body(world, target="A1", up_id=None)
    before = await snapshot(app)
    r = await world.client_as(client, who).post(BASE, json={**body, **change})
    problem = refused(r, 422, "validation")
    assert problem["errors"][0]["field"] in ("direction", *change), r.text
    assert changed(before, await snapshot(app)) == []


# ---------------------------------------------------------------- the receiving side


async def test_an_acceptance_by_someone_at_another_organisation_is_refused(app, client, world,
                                                                          query):
    setup = await prepare(world)
    await add_staff(world, "coordinator_b", Role.coordinator, "B")
    rid = await requested_up(client, world, setup)
    before = await snapshot(app)
    for who in ("coordinator_b", "specialist_b", "mdt_expert"):
        r = await world.client_as(client, who).post(
            f"{BASE}/{rid}/accept", json={**BED, "reserved_at": in_days(world, 1)})
        # Not a party to the referral: refused on scope, nothing said of its state.
        refused(r, 403, "forbidden")
        assert [e.actor_user_id for e in await denials(query, "referral", rid)][-1] \
            == world.users[who]
    assert changed(before, await snapshot(app)) == []


async def test_a_second_acceptance_is_a_conflict(app, client, world):
    setup = await prepare(world)
    rid = await up_in(client, world, setup, accepted(world))
    before = await snapshot(app)
    r = await world.client_as(client, "coordinator_a2").post(f"{BASE}/{rid}/accept", json={
        "reservation": "appointment", "reserved_at": in_days(world, 2),
        "reserved_place": "心内科门诊3诊室"})
    problem = refused(r, 409, "wrong-state")
    assert (problem["state"], problem["allowed_from"]) == ("accepted", ["requested"])
    assert changed(before, await snapshot(app)) == []
    shown = (await world.client_as(client, "town_doctor_a1").get(f"{BASE}/{rid}")).json()
    assert (shown["reservation"], shown["reserved_place"]) == ("bed", BED["reserved_place"])


@pytest.mark.parametrize("change, field", [
    ({"reservation": None}, "reservation"),
    ({"reserved_at": None}, "reserved_at"),
    ({"reserved_at": "2026-11-24T01:00:00+00:00"}, "reserved_at"),  # an hour ago
    ({"reserved_at": "2026-11-24T02:00:00+00:00"}, "reserved_at"),  # now
    ({"reserved_place": None}, "reserved_place"),
    ({"reservation": "sofa"}, "reservation"),
])
async def test_an_up_referral_is_accepted_with_a_reservation_to_come(app, client, world,
                                                                     change, field):
    setup = await prepare(world)
    rid = await requested_up(client, world, setup)
    body = {k: v for k, v in {**BED, "reserved_at": in_days(world, 1), **change}.items()
            if v is not None}
    before = await snapshot(app)
    r = await world.client_as(client, "coordinator_a").post(f"{BASE}/{rid}/accept", json=body)
    refused(r, 422, "validation", field)
    assert changed(before, await snapshot(app)) == []


async def test_a_return_reserves_nothing(app, client, world):
    await prepare(world)
    r = await world.client_as(client, "specialist_a").post(
        BASE, json=return_body(world, target="A1", up_id=None))
    rid = r.json()["id"]
    before = await snapshot(app)
    r = await world.client_as(client, "town_doctor_a1").post(
        f"{BASE}/{rid}/accept", json={**BED, "reserved_at": in_days(world, 1)})
    refused(r, 422, "validation", "reservation")
    assert changed(before, await snapshot(app)) == []


async def test_a_redirect_names_a_place_the_referral_may_go(app, client, world, query):
    setup = await prepare(world)
    rid = await requested_up(client, world, setup)
    office = world.client_as(client, "coordinator_a")
    before = await snapshot(app)
    r = await office.post(f"{BASE}/{rid}/redirect", json={"reason": "请改转其他医院"})
    refused(r, 422, "validation", "target_org_id")
    # The town may go to county A only: county B has no agreement with it.
    r = await office.post(f"{BASE}/{rid}/redirect", json={
        "target_org_id": str(world.orgs["B"].id), "reason": "本院床位已满"})
    refused(r, 403, "no-agreement")
    assert len(await denials(query, "organisation", world.orgs["B"].id)) == 1
    r = await office.post(f"{BASE}/{rid}/redirect", json={
        "target_department_id": str(setup.depts["general_a1"]), "reason": "请全科评估"})
    refused(r, 422, "validation", "target_department_id")
    assert changed(before, await snapshot(app)) == []


async def test_a_no_show_waits_for_the_reserved_time(app, client, world, clock):
    setup = await prepare(world)
    rid = await up_in(client, world, setup, ("coordinator_a", "accept", {
        **BED, "reserved_at": in_days(world, 1 / 48)}))  # in half an hour
    office = world.client_as(client, "coordinator_a")
    before = await snapshot(app)
    r = await office.post(f"{BASE}/{rid}/no-show", json={})
    refused(r, 409, "not-yet-due")
    assert changed(before, await snapshot(app)) == []

    clock.advance(minutes=29)
    refused(await office.post(f"{BASE}/{rid}/no-show", json={}), 409, "not-yet-due")
    assert changed(before, await snapshot(app)) == []
    # The button is not offered before the time either.
    assert "no_show" not in [a["action"] for a in (await office.get(f"{BASE}/{rid}")).json()[
        "actions"]]
    clock.advance(minutes=1)
    assert "no_show" in [a["action"] for a in (await office.get(f"{BASE}/{rid}")).json()[
        "actions"]]
    r = await office.post(f"{BASE}/{rid}/no-show", json={})
    assert (r.status_code, r.json()["state"]) == (200, "no_show"), r.text


# ---------------------------------------------------------------- the return


async def test_a_return_follows_the_treatment(app, client, world):
    setup = await prepare(world)
    await add_staff(world, "nurse_a", Role.nurse, "A")
    county = world.client_as(client, "specialist_a")
    rid = await up_in(client, world, setup, accepted(world), ("nurse_a", "arrive", {}))
    before = await snapshot(app)
    r = await county.post(BASE, json=return_body(world, target="A1", up_id=rid))
    problem = refused(r, 409, "wrong-state")
    assert (problem["state"], problem["allowed_from"]) == ("arrived", ["treated"])
    assert changed(before, await snapshot(app)) == []

    # Treated: the return goes out, once.
    r = await county.post(f"{BASE}/{rid}/treat", json={"outcome": "好转出院"})
    assert r.status_code == 200, r.text
    r = await county.post(BASE, json=return_body(world, target="A1", up_id=rid))
    assert r.status_code == 201, r.text
    before = await snapshot(app)
    r = await county.post(BASE, json=return_body(world, target="A1a", up_id=rid))
    refused(r, 409, "return-pending")
    # Not this patient's referral, or not one to this hospital.
    r = await county.post(BASE, json=return_body(world, target="A1", up_id=rid, patient="pc"))
    refused(r, 422, "validation", "up_referral_id")
    r = await world.client_as(client, "mdt_expert").post(
        BASE, json=return_body(world, target="A1a", up_id=rid))
    refused(r, 422, "validation", "up_referral_id")
    assert changed(before, await snapshot(app)) == []
