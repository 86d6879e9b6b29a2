"""User and grant administration as an organisation admin sees it."""

from __future__ import annotations

import uuid

from yilian.identity import service as identity
from yilian.identity.models import ProfessionalTitle


async def test_admin_lists_the_people_of_their_scope_with_grants_titles_and_locks(client, world):
    for _ in range(5):
        await client.post("/api/v1/auth/login", json={"username": "nurse_a1", "password": "x"})
    admin = world.client_as(client, "org_admin_a")
    page = (await admin.get("/api/v1/users", params={"limit": 200})).json()
    people = {u["username"]: u for u in page["items"]}
    assert "specialist_b" not in people and "alliance_admin" not in people
    assert {"specialist_a", "nurse_a1", "village_doctor"} <= people.keys()
    assert people["nurse_a1"]["locked_until"] is not None
    assert people["specialist_a"]["locked_until"] is None
    assert [(g["role"], g["organisation_name"]) for g in people["specialist_a"]["grants"]] == [
        ("specialist", "甲县人民医院")]
    assert people["specialist_a"]["practitioner"]["title_label"] == "主治医师"
    unlocked = await admin.post(f"/api/v1/users/{world.users['nurse_a1']}/unlock")
    assert unlocked.json()["locked_until"] is None  # the source address stays locked


async def test_separation_of_duties_and_scope_on_grants(client, world):
    admin = world.client_as(client, "alliance_admin")
    url = f"/api/v1/users/{world.users['org_admin_a']}/grants"
    clash = await admin.post(url, json={"role": "auditor", "organisation_id": str(world.orgs["A"].id)})
    assert clash.status_code == 409 and clash.json()["code"] == "separation-of-duties"
    county_admin = world.client_as(client, "org_admin_a")
    other_county = await county_admin.post(
        f"/api/v1/users/{world.users['nurse_a1']}/grants",
        json={"role": "nurse", "organisation_id": str(world.orgs["B1"].id)})
    assert other_county.status_code == 403
    beyond_role = await county_admin.post(
        f"/api/v1/users/{world.users['nurse_a1']}/grants",
        json={"role": "auditor", "organisation_id": str(world.orgs["A1"].id)})
    assert beyond_role.status_code == 403
    own = await county_admin.post(f"/api/v1/users/{world.users['org_admin_a']}/grants",
                                  json={"role": "specialist", "organisation_id": str(world.orgs["A"].id)})
    assert own.status_code == 403  # nobody raises their own rights


async def test_patient_accounts_and_titles_for_the_case_modules(world):
    async with world.app.state.sessionmaker() as db:
        assert sorted(await identity.patient_accounts(db, world.patients["pa"])) == sorted(
            [world.users["patient_pa"], world.users["reader_of_pa"]])
        assert await identity.patient_accounts(db, world.patients["pc"]) == [world.users["parent"]]
        someone = uuid.uuid4()
        assert await identity.patient_accounts(db, someone) == []
        titles = await identity.practitioner_titles(
            db, {world.users["specialist_a"], world.users["patient_pa"], someone})
        assert await identity.practitioner_titles(db, set()) == {}
    assert titles == {world.users["specialist_a"]: ProfessionalTitle.attending_physician,
                      world.users["patient_pa"]: None, someone: None}
