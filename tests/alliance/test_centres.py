"""Diagnosis centres: a county hosts, the towns and villages it serves are members."""

from __future__ import annotations

import uuid

from tests.alliance.helpers import API, audit_rows, count, fields
from yilian.alliance.models import DiagnosisCentre

CENTRES = f"{API}/diagnosis-centres"


def centre_body(world, name="甲县远程心电诊断中心", kind="ecg", host="A",
                members=("A1", "A1a")) -> dict:
    return {"name": name, "kind": kind, "host_organisation_id": str(world.orgs[host].id),
            "member_organisation_ids": [str(world.orgs[m].id) for m in members]}


async def test_a_county_ecg_centre_serves_its_town_and_village(client, world, admin):
    r = await admin.post(CENTRES, json=centre_body(world))
    assert r.status_code == 201, r.text
    centre = r.json()
    assert centre["host_organisation_name"] == "甲县人民医院"
    assert centre["kind"] == "ecg" and centre["active"] is True
    # Members come back in name order: 甲一村卫生室 before 甲镇卫生院.
    assert centre["member_organisation_ids"] == [str(world.orgs["A1a"].id), str(world.orgs["A1"].id)]
    reader = world.client_as(client, "reader_a")
    assert (await reader.get(f"{CENTRES}/{centre['id']}")).json() == centre

    async def listed(**params) -> list[str]:
        r = await reader.get(CENTRES, params=params)
        assert r.status_code == 200, r.text
        return [c["name"] for c in r.json()["items"]]

    await admin.post(CENTRES, json=centre_body(world, name="乙县远程影像诊断中心", kind="imaging",
                                               host="B", members=("B1",)))
    assert await listed(organisation_id=str(world.orgs["A1a"].id)) == ["甲县远程心电诊断中心"]
    assert await listed(organisation_id=str(world.orgs["A"].id)) == ["甲县远程心电诊断中心"]
    assert await listed(kind="imaging") == ["乙县远程影像诊断中心"]
    assert await listed(organisation_id=str(world.orgs["P"].id)) == []
    assert len(await listed()) == 2

    row = (await audit_rows(world.app, action="diagnosis_centre.create"))[0]
    assert row.entity_id == centre["id"] and len(row.detail["members"]) == 2


async def test_the_member_list_is_replaced_by_patch(client, world, admin):
    centre = (await admin.post(CENTRES, json=centre_body(world))).json()
    url = f"{CENTRES}/{centre['id']}"
    members = [str(world.orgs["A1"].id), str(world.orgs["B1"].id)]
    r = await admin.patch(url, json={"member_organisation_ids": members})
    assert r.status_code == 200, r.text
    assert sorted(r.json()["member_organisation_ids"]) == sorted(members)
    r = await admin.patch(url, json={"name": "甲县区域心电诊断中心"})
    assert r.status_code == 200 and sorted(r.json()["member_organisation_ids"]) == sorted(members)
    r = await admin.patch(url, json={"member_organisation_ids": []})
    assert r.status_code == 200 and r.json()["member_organisation_ids"] == []
    r = await admin.patch(url, json={"member_organisation_ids": None})
    assert r.status_code == 422 and fields(r) == {"member_organisation_ids"}
    updates = await audit_rows(world.app, action="diagnosis_centre.update")
    assert [u.detail["fields"] for u in updates] == [
        ["member_organisation_ids"], ["name"], ["member_organisation_ids"]]


async def test_bad_centres_are_refused_naming_the_field(client, world, admin):
    await admin.post(f"{API}/organisations/{world.orgs['A1a'].id}/deactivate")
    before = await count(world.app, DiagnosisCentre)
    a1 = str(world.orgs["A1"].id)
    for change, field in [
        ({"host_organisation_id": a1}, "host_organisation_id"),
        ({"host_organisation_id": str(uuid.uuid4())}, "host_organisation_id"),
        ({"member_organisation_ids": [str(uuid.uuid4())]}, "member_organisation_ids"),
        ({"member_organisation_ids": [a1, a1]}, "member_organisation_ids"),
        ({"member_organisation_ids": [str(world.orgs["A1a"].id)]}, "member_organisation_ids"),
        ({"kind": "dental"}, "kind"),
        ({"name": "中" * 101}, "name"),
    ]:
        body = centre_body(world, members=("A1",)) | change
        r = await admin.post(CENTRES, json=body)
        assert r.status_code == 422, (change, r.text)
        assert fields(r) == {field}, (change, r.text)
    assert await count(world.app, DiagnosisCentre) == before


async def test_centre_names_are_unique_and_deactivation_is_final(client, world, admin):
    centre = (await admin.post(CENTRES, json=centre_body(world))).json()
    r = await admin.post(CENTRES, json=centre_body(world, host="B", members=()))
    assert r.status_code == 409 and r.json()["existing_id"] == centre["id"]

    r = await admin.post(f"{CENTRES}/{centre['id']}/deactivate")
    assert r.status_code == 200 and r.json()["active"] is False
    assert (await admin.patch(f"{CENTRES}/{centre['id']}", json={"name": "新名"})).status_code == 409
    r = await admin.get(CENTRES, params={"active": "true"})
    assert r.json()["items"] == []
    assert (await admin.get(f"{CENTRES}/{uuid.uuid4()}")).status_code == 404
