"""Departments: standard ones from the national catalogue, custom ones under codes of their own."""

from __future__ import annotations

import uuid

from tests.alliance.helpers import API, audit_rows, count, fields
from yilian.alliance.models import Department


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
