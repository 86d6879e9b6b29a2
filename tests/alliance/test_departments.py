"""Departments: standard ones from the national catalogue, custom ones under codes of their own."""

from __future__ import annotations

import uuid

from tests.alliance.helpers import API, audit_rows, count, fields
from yilian.alliance import service as alliance
from yilian.alliance.models import Department
from yilian.identity.models import RoleGrant


async def test_the_catalogue_is_the_national_list(client, world):
    r = await world.client_as(client, "village_doctor").get(f"{API}/department-catalogue")
    assert r.status_code == 200
    entries = {e["code"]: e for e in r.json()}
    assert entries["01"]["name"] == "预防保健科"
    assert entries["26"]["name"] == "麻醉科"
    assert entries["32.03"]["name"] == "磁共振成像诊断专业"
    assert entries["32.06"] == {"code": "32.06", "name": "心电诊断专业",
                                "name_en": "Electrocardiography", "parent_code": "32"}
    assert entries["03.04"]["parent_code"] == "03" and entries["03"]["parent_code"] is None
    assert all(e["parent_code"] in (None, *entries) for e in entries.values())
    assert all(e["name_en"] for e in entries.values())


async def test_an_org_admin_opens_departments_from_the_catalogue(client, world):
    org_admin = world.client_as(client, "org_admin_a")
    county = world.orgs["A"]
    url = f"{API}/organisations/{county.id}/departments"

    r = await org_admin.post(url, json={"code": "03.04"})
    assert r.status_code == 201, r.text
    cardiology = r.json()
    assert cardiology["name"] == "心血管内科专业" and cardiology["name_en"] == "Cardiology"
    assert cardiology["standard"] is True and cardiology["organisation_id"] == str(county.id)
    # Sending the catalogue's own name along is fine.
    r = await org_admin.post(url, json={"code": "20", "name": "急诊医学科"})
    assert r.status_code == 201

    r = await org_admin.post(url, json={"code": "03.04"})
    assert r.status_code == 409
    assert r.json()["code"] == "duplicate-department"
    assert r.json()["existing_id"] == cardiology["id"]

    listed = (await world.client_as(client, "specialist_a").get(url)).json()
    assert [d["code"] for d in listed] == ["03.04", "20"]
    row = (await audit_rows(world.app, action="department.create"))[0]
    assert row.entity_id == cardiology["id"] and row.actor_username == "org_admin_a"


async def test_custom_departments_need_their_own_code_and_a_name(client, world):
    org_admin = world.client_as(client, "org_admin_a")
    url = f"{API}/organisations/{world.orgs['A'].id}/departments"
    before = await count(world.app, Department)

    r = await org_admin.post(url, json={"code": "03.04", "name": "心内科"})
    assert r.status_code == 422 and fields(r) == {"code"}
    assert "心血管内科专业" in r.json()["detail"]
    r = await org_admin.post(url, json={"code": "HX-01"})
    assert r.status_code == 422 and fields(r) == {"name"}
    for bad in [{"code": "!!"}, {"code": ""}, {"code": "1" * 17}, {"code": "03", "extra": 1},
                {"code": "HX-01", "name": "科" * 61}, {"code": "HX-01", "name": " "}]:
        r = await org_admin.post(url, json=bad)
        assert r.status_code == 422, (bad, r.text)
    assert await count(world.app, Department) == before

    r = await org_admin.post(url, json={"code": "HX-01", "name": "慢病管理中心"})
    assert r.status_code == 201, r.text
    custom = r.json()
    assert custom["standard"] is False and custom["name_en"] == "慢病管理中心"
    r = await org_admin.post(url, json={"code": "HX-02", "name": "慢病管理中心"})
    assert r.status_code == 409 and r.json()["existing_id"] == custom["id"]

    r = await org_admin.patch(f"{API}/departments/{custom['id']}",
                              json={"name": "慢性病管理中心", "name_en": "Chronic Disease Centre"})
    assert r.status_code == 200 and r.json()["name"] == "慢性病管理中心"
    r = await org_admin.patch(f"{API}/departments/{custom['id']}", json={"name": None})
    assert r.status_code == 422 and fields(r) == {"name"}

    standard = (await org_admin.post(url, json={"code": "02"})).json()
    r = await org_admin.patch(f"{API}/departments/{standard['id']}", json={"name": "全科"})
    assert r.status_code == 422 and fields(r) == {"name"}


async def test_deactivated_departments_stay_listed_but_closed(client, world):
    org_admin = world.client_as(client, "org_admin_a")
    url = f"{API}/organisations/{world.orgs['A'].id}/departments"
    dept = (await org_admin.post(url, json={"code": "10"})).json()

    r = await org_admin.post(f"{API}/departments/{dept['id']}/deactivate")
    assert r.status_code == 200 and r.json()["active"] is False
    assert (await org_admin.post(f"{API}/departments/{dept['id']}/deactivate")).status_code == 409
    r = await org_admin.patch(f"{API}/departments/{dept['id']}", json={"name": "x"})
    assert r.status_code == 409
    assert (await org_admin.get(url, params={"active": "true"})).json() == []
    assert [d["id"] for d in (await org_admin.get(url)).json()] == [dept["id"]]


async def test_departments_belong_to_the_organisations_in_scope(client, world):
    org_admin = world.client_as(client, "org_admin_a")
    r = await org_admin.post(f"{API}/organisations/{world.orgs['A1a'].id}/departments",
                             json={"code": "02"})
    assert r.status_code == 201
    r = await org_admin.post(f"{API}/organisations/{world.orgs['B'].id}/departments",
                             json={"code": "02"})
    assert r.status_code == 403
    b_dept = (await world.client_as(client, "org_admin_b").post(
        f"{API}/organisations/{world.orgs['B'].id}/departments", json={"code": "02"})).json()
    assert (await org_admin.post(f"{API}/departments/{b_dept['id']}/deactivate")).status_code == 403
    assert (await world.client_as(client, "alliance_admin").post(
        f"{API}/departments/{b_dept['id']}/deactivate")).status_code == 200

    missing = uuid.uuid4()
    assert (await org_admin.get(f"{API}/organisations/{missing}/departments")).status_code == 404
    r = await org_admin.post(f"{API}/organisations/{missing}/departments", json={"code": "02"})
    assert r.status_code == 404
    r = await org_admin.patch(f"{API}/departments/{missing}", json={"name": "x"})
    assert r.status_code == 404 and r.json()["code"] == "department-not-found"


async def test_no_departments_open_in_a_deactivated_organisation(client, world, admin):
    village = world.orgs["A1a"]
    await admin.post(f"{API}/organisations/{village.id}/deactivate")
    r = await admin.post(f"{API}/organisations/{village.id}/departments", json={"code": "02"})
    assert r.status_code == 409 and r.json()["code"] == "deactivated"


# ---------------------------------------------------------------- heads (科主任)


async def _cardiology(org_admin, world) -> dict:
    r = await org_admin.post(f"{API}/organisations/{world.orgs['A'].id}/departments",
                             json={"code": "03.04"})
    assert r.status_code == 201, r.text
    return r.json()


async def test_an_org_admin_names_and_removes_a_department_head(client, world):
    org_admin = world.client_as(client, "org_admin_a")
    dept = await _cardiology(org_admin, world)
    assert dept["head_user_id"] is None and dept["head_name"] is None
    head = str(world.users["specialist_a"])

    r = await org_admin.patch(f"{API}/departments/{dept['id']}", json={"head_user_id": head})
    assert r.status_code == 200, r.text
    assert r.json()["head_user_id"] == head and r.json()["head_name"] == "specialist_a"
    assert r.json()["name"] == "心血管内科专业"  # a standard department takes a head all the same
    listed = (await world.client_as(client, "village_doctor").get(
        f"{API}/organisations/{world.orgs['A'].id}/departments")).json()
    assert [(d["head_user_id"], d["head_name"]) for d in listed] == [(head, "specialist_a")]
    row = (await audit_rows(world.app, action="department.update"))[-1]
    assert row.entity_id == dept["id"] and row.detail == {"fields": ["head_user_id"],
                                                          "head_user_id": head}

    # A patch that does not name the head leaves it; null removes it.
    r = await org_admin.patch(f"{API}/departments/{dept['id']}", json={})
    assert r.status_code == 200 and r.json()["head_user_id"] == head
    r = await org_admin.patch(f"{API}/departments/{dept['id']}", json={"head_user_id": None})
    assert r.status_code == 200, r.text
    assert r.json()["head_user_id"] is None and r.json()["head_name"] is None
    listed = (await org_admin.get(f"{API}/organisations/{world.orgs['A'].id}/departments")).json()
    assert listed[0]["head_name"] is None
    row = (await audit_rows(world.app, action="department.update"))[-1]
    assert row.detail == {"fields": ["head_user_id"], "head_user_id": None}


async def test_a_head_holds_a_clinical_role_at_the_departments_organisation(client, world):
    org_admin = world.client_as(client, "org_admin_a")
    dept = await _cardiology(org_admin, world)
    async with world.app.state.sessionmaker() as db:
        grant = await db.get(RoleGrant, world.grants["coordinator_a"])
        grant.revoked_at = world.clock.now()
        await db.commit()
    for who in ("specialist_b",  # another county's hospital
                "town_doctor_a1",  # a town below it
                "org_admin_a",  # no clinical role
                "coordinator_a",  # the grant was revoked
                "patient_pa"):
        r = await org_admin.patch(f"{API}/departments/{dept['id']}",
                                  json={"head_user_id": str(world.users[who])})
        assert r.status_code == 422 and fields(r) == {"head_user_id"}, (who, r.text)
    r = await org_admin.patch(f"{API}/departments/{dept['id']}",
                              json={"head_user_id": str(uuid.uuid4())})
    assert r.status_code == 422 and fields(r) == {"head_user_id"}
    listed = (await org_admin.get(f"{API}/organisations/{world.orgs['A'].id}/departments")).json()
    assert listed[0]["head_user_id"] is None
    assert [r.detail for r in await audit_rows(world.app, action="department.update")] == []


async def test_department_heads_for_the_case_modules(client, world):
    org_admin = world.client_as(client, "org_admin_a")
    headed = await _cardiology(org_admin, world)
    await org_admin.patch(f"{API}/departments/{headed['id']}",
                          json={"head_user_id": str(world.users["specialist_a"])})
    other = (await org_admin.post(f"{API}/organisations/{world.orgs['A'].id}/departments",
                                  json={"code": "20"})).json()
    async with world.app.state.sessionmaker() as db:
        heads = await alliance.department_heads(
            db, {uuid.UUID(headed["id"]), uuid.UUID(other["id"]), uuid.uuid4()})
        assert await alliance.department_heads(db, set()) == {}
    assert heads == {uuid.UUID(headed["id"]): world.users["specialist_a"],
                     uuid.UUID(other["id"]): None}


async def test_department_reads_for_the_case_modules(client, world):
    org_admin = world.client_as(client, "org_admin_a")
    url = f"{API}/organisations/{world.orgs['A'].id}/departments"
    cardiology = await _cardiology(org_admin, world)
    emergency = (await org_admin.post(url, json={"code": "20"})).json()
    closed = (await org_admin.post(url, json={"code": "01"})).json()
    r = await org_admin.patch(f"{API}/departments/{closed['id']}",
                              json={"head_user_id": str(world.users["specialist_a"])})
    assert r.status_code == 200, r.text
    assert (await org_admin.post(f"{API}/departments/{closed['id']}/deactivate")).status_code == 200
    ids = {uuid.UUID(d["id"]) for d in (cardiology, emergency, closed)}
    unknown = uuid.uuid4()
    async with world.app.state.sessionmaker() as db:
        assert [d.code for d in await alliance.departments_of(db, world.orgs["A"].id)] == [
            "03.04", "20"]
        assert await alliance.departments_of(db, world.orgs["B"].id) == []
        found = await alliance.find_department(db, uuid.UUID(closed["id"]))
        assert found is not None and found.active is False
        assert await alliance.find_department(db, unknown) is None
        by_id = await alliance.departments_by_id(db, ids | {unknown})
        assert set(by_id) == ids and by_id[uuid.UUID(emergency["id"])].code == "20"
        assert await alliance.departments_by_id(db, set()) == {}
        assert await alliance.department_names(db, ids | {unknown}) == {
            uuid.UUID(d["id"]): d["name"] for d in (cardiology, emergency, closed)}
        assert await alliance.department_names(db, set()) == {}
        # A deactivated department keeps its head: the cases it took part in still show them.
        assert await alliance.departments_headed_by(db, world.users["specialist_a"]) == [
            uuid.UUID(closed["id"])]
        assert await alliance.departments_headed_by(db, world.users["specialist_b"]) == []


async def test_a_department_gives_its_phone_and_location(client, world):
    """What a referred patient's reservation card shows: set on opening, changed, cleared; bad
    input changes nothing."""
    org_admin = world.client_as(client, "org_admin_a")
    url = f"{API}/organisations/{world.orgs['A'].id}/departments"
    r = await org_admin.post(url, json={"code": "03.04", "phone": "0571-8888 1234",
                                        "location": "门诊楼 3 楼东区"})
    assert r.status_code == 201, r.text
    dept = r.json()
    assert (dept["phone"], dept["location"]) == ("0571-8888 1234", "门诊楼 3 楼东区")

    for bad in [{"phone": "call me"}, {"phone": "1" * 33}, {"phone": "123"},
                {"location": "楼" * 201}, {"location": "3楼\n东区"}, {"location": " "}]:
        r = await org_admin.patch(f"{API}/departments/{dept['id']}", json=bad)
        assert r.status_code == 422 and fields(r) == set(bad), (bad, r.text)
    r = await org_admin.post(url, json={"code": "20", "phone": "none"})
    assert r.status_code == 422 and fields(r) == {"phone"}
    listed = (await org_admin.get(url)).json()
    assert [(d["code"], d["phone"], d["location"]) for d in listed] == [
        ("03.04", "0571-8888 1234", "门诊楼 3 楼东区")]

    r = await org_admin.patch(f"{API}/departments/{dept['id']}",
                              json={"phone": "0571-8888 5678", "location": None})
    assert r.status_code == 200, r.text
    assert (r.json()["phone"], r.json()["location"]) == ("0571-8888 5678", None)
    row = (await audit_rows(world.app, action="department.update"))[-1]
    assert row.detail["fields"] == ["location", "phone"]
    r = await world.client_as(client, "village_doctor").patch(
        f"{API}/departments/{dept['id']}", json={"phone": "110"})
    assert r.status_code == 403
    assert (await org_admin.get(url)).json()[0]["phone"] == "0571-8888 5678"
