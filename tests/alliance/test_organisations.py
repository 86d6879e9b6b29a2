"""Organisations: building the tree, moving branches, refusing bad structure and bad input."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from sqlalchemy import select

from tests.alliance.helpers import API, audit_rows, count, create_org, fields, org_body
from yilian.alliance import service
from yilian.alliance.models import Organisation
from yilian.alliance.schemas import OrganisationIn
from yilian.core.errors import ValidationFailed

OUT_FIELDS = {"id", "name", "short_name", "level", "kind", "division_code", "parent_id", "path",
              "active", "address", "phone"}


def find(nodes: list[dict], name: str) -> dict:
    return next(n for n in nodes if n["name"] == name)


async def test_a_county_and_its_town_nest_under_the_province(client, world, admin):
    province = world.orgs["P"]
    county = await create_org(admin, "丙县人民医院", "county", province.id, code="440333",
                              short_name="丙县医院", phone="0763-1234567")
    town = await create_org(admin, "丙镇卫生院", "town", county["id"], code="440333")

    assert set(county) == OUT_FIELDS
    assert county["path"] == f"{province.path}{uuid.UUID(county['id']).hex}/"
    assert town["path"] == f"{county['path']}{uuid.UUID(town['id']).hex}/"
    assert town["parent_id"] == county["id"] and town["active"] is True

    r = await admin.get(f"{API}/organisations/{town['id']}")
    assert r.status_code == 200 and r.json() == town

    tree = (await admin.get(f"{API}/organisations/tree")).json()
    assert [n["name"] for n in tree] == ["省人民医院"]
    counties = tree[0]["children"]
    assert [n["name"] for n in counties] == sorted(["甲县人民医院", "乙县人民医院", "丙县人民医院"])
    bing = find(counties, "丙县人民医院")
    assert bing["short_name"] == "丙县医院" and bing["level"] == "county"
    assert [n["name"] for n in bing["children"]] == ["丙镇卫生院"]
    assert bing["children"][0]["children"] == []
    assert find(find(counties, "甲县人民医院")["children"], "甲镇卫生院")["children"][0]["name"] == (
        "甲一村卫生室"
    )

    created = await audit_rows(world.app, action="organisation.create", entity_id=town["id"])
    assert created[0].actor_username == "alliance_admin" and created[0].outcome == "ok"


async def test_moving_a_town_takes_its_villages_and_the_scope_follows(client, world, admin):
    a1, a1a, b = world.orgs["A1"], world.orgs["A1a"], world.orgs["B"]
    r = await admin.patch(f"{API}/organisations/{a1.id}", json={"parent_id": str(b.id)})
    assert r.status_code == 200, r.text
    moved = r.json()
    assert moved["parent_id"] == str(b.id)
    assert moved["path"] == f"{b.path}{a1.id.hex}/"
    village = (await admin.get(f"{API}/organisations/{a1a.id}")).json()
    assert village["path"] == f"{b.path}{a1.id.hex}/{a1a.id.hex}/"

    row = (await audit_rows(world.app, action="organisation.update", entity_id=str(a1.id)))[0]
    assert row.detail["fields"] == ["parent_id"] and row.detail["paths_rewritten"] == 2

    # Scope follows the stored path: county B's admin now runs the village, A's no longer does.
    body = {"code": "02"}
    r = await world.client_as(client, "org_admin_a").post(
        f"{API}/organisations/{a1a.id}/departments", json=body)
    assert r.status_code == 403
    r = await world.client_as(client, "org_admin_b").post(
        f"{API}/organisations/{a1a.id}/departments", json=body)
    assert r.status_code == 201, r.text


@pytest.mark.parametrize("target", ["A", "A1", "A1a"])
async def test_a_cycle_is_refused_and_nothing_moves(client, world, admin, target):
    county = world.orgs["A"]
    before = (await admin.get(f"{API}/organisations/tree")).json()
    r = await admin.patch(f"{API}/organisations/{county.id}",
                          json={"parent_id": str(world.orgs[target].id)})
    assert r.status_code == 422, r.text
    assert fields(r) == {"parent_id"}
    assert (await admin.get(f"{API}/organisations/tree")).json() == before
    assert (await admin.get(f"{API}/organisations/{county.id}")).json()["path"] == county.path


async def test_a_child_must_sit_below_its_parent(client, world, admin):
    town, province = world.orgs["A1"], world.orgs["P"]
    before = await count(world.app, Organisation)
    r = await admin.post(f"{API}/organisations", json=org_body("丁县人民医院", "county", town.id))
    assert r.status_code == 422 and fields(r) == {"level"}
    r = await admin.post(f"{API}/organisations", json=org_body("邻省医院", "province", province.id))
    assert r.status_code == 422 and fields(r) == {"level"}
    # Moving the town under a village of its own level's kind, or a county under a town.
    r = await admin.patch(f"{API}/organisations/{world.orgs['B'].id}",
                          json={"parent_id": str(town.id)})
    assert r.status_code == 422 and fields(r) == {"parent_id"}
    # A level change must leave the organisation between its parent and its children.
    r = await admin.patch(f"{API}/organisations/{world.orgs['A'].id}", json={"level": "town"})
    assert r.status_code == 422 and fields(r) == {"level"}
    assert "town" in r.json()["detail"]
    r = await admin.patch(f"{API}/organisations/{town.id}", json={"level": "county"})
    assert r.status_code == 422 and fields(r) == {"level"}
    assert await count(world.app, Organisation) == before
    assert (await admin.get(f"{API}/organisations/{town.id}")).json()["level"] == "town"


async def test_roots_are_province_or_city_and_come_from_the_command_line(app, world, admin, db,
                                                                          clock):
    r = await admin.post(f"{API}/organisations",
                         json=org_body("市人民医院", "city", None, code="440100"))
    assert r.status_code == 403

    with pytest.raises(ValidationFailed) as refused:
        await service.create_organisation(db, clock, None, OrganisationIn(
            **org_body("独立县医院", "county", None, code="440333")))
    assert refused.value.errors[0]["field"] == "parent_id"
    await db.rollback()

    city = await service.create_organisation(db, clock, None, OrganisationIn(
        **org_body("市人民医院", "city", None, code="440100")))
    assert city.path == f"/{city.id.hex}/" and city.parent_id is None
    row = (await audit_rows(app, action="organisation.create", entity_id=str(city.id)))[0]
    assert row.actor_user_id is None


LONG = "医" * 101


@pytest.mark.parametrize(("change", "field"), [
    ({"division_code": "12345"}, "division_code"),
    ({"division_code": "4401AB"}, "division_code"),
    ({"division_code": "990000"}, "division_code"),
    ({"division_code": "000000"}, "division_code"),
    ({"division_code": "４４０１１１"}, "division_code"),
    ({"name": LONG}, "name"),
    ({"name": "   "}, "name"),
    ({"name": "坏\u0000名"}, "name"),
    ({"address": "第一行\n第二行"}, "address"),
    ({"short_name": "短" * 41}, "short_name"),
    ({"address": "址" * 201}, "address"),
    ({"phone": "call me"}, "phone"),
    ({"level": "hamlet"}, "level"),
    ({"kind": "spa"}, "kind"),
    ({"parent_id": "not-a-uuid"}, "parent_id"),
    ({"parent_id": str(uuid.uuid4())}, "parent_id"),
    ({"founded": "1950"}, "founded"),
])
async def test_bad_input_is_refused_naming_the_field(client, world, admin, change, field):
    before = await count(world.app, Organisation)
    body = org_body("丙县人民医院", "county", world.orgs["P"].id) | change
    r = await admin.post(f"{API}/organisations", json=body)
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert field in fields(r)
    assert await count(world.app, Organisation) == before


async def test_the_same_bad_input_is_refused_on_update(client, world, admin):
    county = world.orgs["A"]
    before = (await admin.get(f"{API}/organisations/{county.id}")).json()
    for change, field in [({"division_code": "990000"}, "division_code"), ({"name": LONG}, "name"),
                          ({"name": None}, "name"), ({"level": None}, "level"),
                          ({"path": "/x/"}, "path")]:
        r = await admin.patch(f"{API}/organisations/{county.id}", json=change)
        assert r.status_code == 422 and field in fields(r), (change, r.text)
    assert (await admin.get(f"{API}/organisations/{county.id}")).json() == before


async def test_malformed_json_is_a_400(client, world, admin):
    before = await count(world.app, Organisation)
    r = await admin.client.post(f"{API}/organisations", content=b'{"name": "x",',
                                headers={**admin.headers, "Content-Type": "application/json"})
    assert r.status_code == 400 and r.json()["code"] == "malformed-body"
    assert await count(world.app, Organisation) == before


async def test_names_are_unique(client, world, admin):
    r = await admin.post(f"{API}/organisations",
                         json=org_body(" 甲县人民医院 ", "county", world.orgs["P"].id))
    assert r.status_code == 409
    assert r.json()["code"] == "duplicate-name"
    assert r.json()["existing_id"] == str(world.orgs["A"].id)
    r = await admin.patch(f"{API}/organisations/{world.orgs['B'].id}", json={"name": "甲县人民医院"})
    assert r.status_code == 409 and r.json()["existing_id"] == str(world.orgs["A"].id)
    # Sending back an unchanged name is not a clash with itself.
    r = await admin.patch(f"{API}/organisations/{world.orgs['A'].id}",
                          json={"name": "甲县人民医院", "phone": "0763-7654321"})
    assert r.status_code == 200 and r.json()["phone"] == "0763-7654321"


async def test_deactivation_goes_leaf_first(client, world, admin):
    town, village = world.orgs["A1"], world.orgs["A1a"]
    r = await admin.post(f"{API}/organisations/{town.id}/deactivate")
    assert r.status_code == 409, r.text
    assert r.json()["code"] == "active-children"
    assert r.json()["children"] == [{"id": str(village.id), "name": "甲一村卫生室"}]
    assert "甲一村卫生室" in r.json()["detail"]

    r = await admin.post(f"{API}/organisations/{village.id}/deactivate")
    assert r.status_code == 200 and r.json()["active"] is False
    r = await admin.post(f"{API}/organisations/{village.id}/deactivate")
    assert r.status_code == 409
    r = await admin.post(f"{API}/organisations/{town.id}/deactivate")
    assert r.status_code == 200 and r.json()["active"] is False

    # Nothing new goes below a deactivated organisation, but it stays readable.
    r = await admin.post(f"{API}/organisations", json=org_body("甲二村卫生室", "village", town.id))
    assert r.status_code == 422 and fields(r) == {"parent_id"}
    assert (await admin.get(f"{API}/organisations/{village.id}")).json()["active"] is False
    rows = await audit_rows(world.app, action="organisation.deactivate")
    assert [r.entity_id for r in rows] == [str(village.id), str(town.id)]


async def test_organisation_reads_for_other_modules(client, world, admin):
    village = world.orgs["A1a"]
    assert (await admin.post(f"{API}/organisations/{village.id}/deactivate")).status_code == 200
    async with world.app.state.sessionmaker() as db:
        found = await service.find_organisation(db, village.id)
        assert found is not None and found.active is False
        assert await service.find_organisation(db, uuid.uuid4()) is None
        active = await service.active_organisations(db)
    # Tree order: every organisation after its parent, the deactivated village left out.
    assert [o.id for o in active] == [
        world.orgs[k].id for k in sorted(("P", "A", "A1", "B", "B1"),
                                         key=lambda k: world.orgs[k].path)]
    assert active[0].id == world.orgs["P"].id


async def test_unknown_organisation_is_a_404(client, world, admin):
    missing = uuid.uuid4()
    for call in (admin.get(f"{API}/organisations/{missing}"),
                 admin.patch(f"{API}/organisations/{missing}", json={"phone": "12345"}),
                 admin.post(f"{API}/organisations/{missing}/deactivate")):
        r = await call
        assert r.status_code == 404 and r.json()["code"] == "organisation-not-found"


async def test_list_filters(client, world, admin):
    async def names(**params) -> list[str]:
        r = await admin.get(f"{API}/organisations", params=params)
        assert r.status_code == 200, r.text
        return [o["name"] for o in r.json()["items"]]

    await admin.post(f"{API}/organisations/{world.orgs['A1a'].id}/deactivate")
    assert await names(level="town") == sorted(["甲镇卫生院", "乙镇卫生院"])
    assert await names(parent_id=str(world.orgs["P"].id)) == sorted(["甲县人民医院", "乙县人民医院"])
    assert await names(q="县") == sorted(["甲县人民医院", "乙县人民医院"])
    assert await names(q="%") == []
    assert await names(active="false") == ["甲一村卫生室"]
    assert len(await names(active="true")) == 5
    assert await names(division_code="440222") == sorted(["乙县人民医院", "乙镇卫生院"])
    assert await names(division_code="4402") == sorted(["乙县人民医院", "乙镇卫生院"])
    assert await names(division_code="44", level="county", q="甲") == ["甲县人民医院"]
    r = await admin.get(f"{API}/organisations", params={"division_code": "44x"})
    assert r.status_code == 422 and fields(r) == {"division_code"}
    r = await admin.get(f"{API}/organisations", params={"q": "甲\u0000"})
    assert r.status_code == 422 and fields(r) == {"q"}
    r = await admin.get(f"{API}/organisations", params={"cursor": "garbage"})
    assert r.status_code == 422 and fields(r) == {"cursor"}


async def test_paging_through_every_organisation(client, world, admin):
    county = world.orgs["A"]
    for i in range(7):
        await create_org(admin, f"甲县第{i}镇卫生院", "town", county.id)
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": 3} | ({"cursor": cursor} if cursor else {})
        page = (await admin.get(f"{API}/organisations", params=params)).json()
        assert len(page["items"]) <= 3
        seen += [o["id"] for o in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == 6 + 7
    listed = (await admin.get(f"{API}/organisations", params={"limit": 200})).json()["items"]
    assert [o["id"] for o in listed] == seen
    assert [o["name"] for o in listed] == sorted(o["name"] for o in listed)


async def test_an_org_admin_edits_and_reshapes_only_below_their_own_organisation(client, world):
    org_admin = world.client_as(client, "org_admin_a")
    county, town, village = world.orgs["A"], world.orgs["A1"], world.orgs["A1a"]

    r = await org_admin.patch(f"{API}/organisations/{county.id}",
                              json={"address": "甲县人民路1号", "short_name": "甲县医院"})
    assert r.status_code == 200 and r.json()["address"] == "甲县人民路1号"
    r = await org_admin.patch(f"{API}/organisations/{county.id}", json={"short_name": None})
    assert r.status_code == 200 and r.json()["short_name"] is None

    second_town = await create_org(org_admin, "甲二镇卫生院", "town", county.id)
    r = await org_admin.patch(f"{API}/organisations/{village.id}",
                              json={"parent_id": second_town["id"]})
    assert r.status_code == 200, r.text
    assert r.json()["path"].startswith(second_town["path"])

    # Its own organisation's place in the alliance is decided above it.
    r = await org_admin.patch(f"{API}/organisations/{county.id}", json={"level": "city"})
    assert r.status_code == 403
    r = await org_admin.post(f"{API}/organisations/{county.id}/deactivate")
    assert r.status_code == 403
    # And nothing leaves its scope.
    r = await org_admin.patch(f"{API}/organisations/{town.id}",
                              json={"parent_id": str(world.orgs["B"].id)})
    assert r.status_code == 403
    r = await org_admin.patch(f"{API}/organisations/{town.id}", json={"parent_id": None})
    assert r.status_code == 403
    assert (await org_admin.get(f"{API}/organisations/{town.id}")).json()["path"] == town.path


async def test_concurrent_moves_and_creations_keep_every_path_true(client, world, admin):
    town, a, b = world.orgs["A1"], world.orgs["A"], world.orgs["B"]
    url = f"{API}/organisations/{town.id}"
    answers = await asyncio.gather(
        admin.patch(url, json={"parent_id": str(b.id)}),
        *[admin.post(f"{API}/organisations", json=org_body(f"甲{i}村卫生室", "village", town.id))
          for i in range(4)],
        admin.patch(url, json={"parent_id": str(a.id)}),
    )
    assert all(r.status_code in (200, 201) for r in answers), [r.text for r in answers]
    async with world.app.state.sessionmaker() as db:
        orgs = {o.id: o for o in (await db.execute(select(Organisation))).scalars()}
    assert len(orgs) == 6 + 4
    for org in orgs.values():
        parent_path = orgs[org.parent_id].path if org.parent_id else "/"
        assert org.path == f"{parent_path}{org.id.hex}/", org.name
