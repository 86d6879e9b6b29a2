"""Drugs typed in and searched: pinyin initials computed at save, search by code, name or
initials (active ones unless asked), paging, edits audited and refused when bad, taking a drug
off the list and putting it back, and what other modules read."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from tests.pharmacy.catalogue.helpers import catalogue, drug_body, make_drug
from yilian.core.audit import AuditEntry
from yilian.pharmacy.catalogue import service
from yilian.pharmacy.catalogue.models import Drug, search_initials

DRUGS = [
    ("XY001", "硝苯地平控释片", "拜新同"),
    ("XY002", "阿莫西林胶囊", None),
    ("XY003", "苯磺酸氨氯地平片", "络活喜"),
    ("ZB010", "维生素B1片", None),
    ("ZB011", "重组人胰岛素注射液", "诺和灵R"),
]


@pytest.fixture
async def drugs(world) -> dict[str, uuid.UUID]:
    return {code: await make_drug(world, "A", code=code, generic_name=name, trade_name=trade)
            for code, name, trade in DRUGS}


@pytest.mark.parametrize(("generic", "trade", "initials"), [
    ("硝苯地平控释片", "拜新同", "XBDPKSP BXT"),
    ("维生素B1片", None, "WSSB1P"),
    ("0.9%氯化钠注射液", None, "09LHNZSY"),
    ("重组人胰岛素注射液", "诺和灵R", "CZRYDSZSY NHLR"),
    ("格列齐特缓释片（Ⅱ）", "", "GLQTHSP"),
])
def test_the_initials_of_the_names(generic, trade, initials):
    assert search_initials(generic, trade) == initials


async def _codes(client, world, who: str = "specialist_a", **params) -> list[str]:
    r = await world.client_as(client, who).get(catalogue(world.orgs["A"].id), params=params)
    assert r.status_code == 200, r.text
    return [d["code"] for d in r.json()["items"]]


@pytest.mark.parametrize(("q", "codes"), [
    ("XBD", ["XY001"]),  # the generic name's initials
    ("bxt", ["XY001"]),  # the trade name's, any case
    ("LHX", ["XY003"]),
    ("WSSB", ["ZB010"]),
    ("xy00", ["XY001", "XY002", "XY003"]),  # a code's beginning, any case
    ("ZB011", ["ZB011"]),
    ("地平", ["XY001", "XY003"]),  # part of a name
    ("诺和", ["ZB011"]),
    ("B1", ["ZB010"]),  # in a name, not at a code's start
    ("%", []),  # a LIKE wildcard is a character like any other
    ("阿莫西林胶囊X", []),
])
async def test_search_by_initials_code_or_name(q, codes, client, world, drugs):
    assert await _codes(client, world, q=q) == codes


async def test_the_catalogue_pages_by_code_and_hides_inactive_drugs_unless_asked(
        client, world, drugs, query):
    pages, cursor = [], None
    while True:
        r = await world.client_as(client, "mdt_expert").get(
            catalogue(world.orgs["A"].id), params={"limit": 2, **({"cursor": cursor} if cursor
                                                                   else {})})
        pages.append([d["code"] for d in r.json()["items"]])
        cursor = r.json()["next_cursor"]
        if cursor is None:
            break
    assert pages == [["XY001", "XY002"], ["XY003", "ZB010"], ["ZB011"]]
    r = await world.client_as(client, "pharmacist_a").post(
        f"{catalogue(world.orgs['A'].id)}/{drugs['XY002']}/deactivate", json={"reason": "停产"})
    assert r.status_code == 200 and r.json()["active"] is False
    assert "XY002" not in await _codes(client, world)
    assert "XY002" in await _codes(client, world, include_inactive="true")
    assert await _codes(client, world, q="阿莫西林") == []


async def test_a_drug_typed_in_gets_its_initials_and_is_audited(client, world, query):
    r = await world.client_as(client, "pharmacist_a").post(
        catalogue(world.orgs["A"].id), json=drug_body(strength="0.5", atc="c08ca05",
                                                       strength_unit="µg"))
    assert r.status_code == 201, r.text
    out = r.json()
    assert (out["pinyin"], out["atc"], out["strength"], out["strength_unit"]) == (
        "XBDPKSP BXT", "C08CA05", 0.5, "μg")
    assert (out["stock_packages"], out["may_edit"], out["active"]) == (0, True, True)
    [entry] = await query(select(AuditEntry).where(AuditEntry.action == "pharmacy.drug.create"))
    assert entry.detail["code"] == "XY001" and entry.subject_org_id == world.orgs["A"].id


async def test_a_taken_code_is_refused_and_nothing_is_added(client, world, drugs, query):
    r = await world.client_as(client, "org_admin_a").post(
        catalogue(world.orgs["A"].id), json=drug_body(code="XY002"))
    assert (r.status_code, r.json()["code"]) == (409, "drug-code-taken")
    assert len(await query(select(Drug))) == len(DRUGS)
    # Another organisation has codes of its own.
    await world.sign_in_again("org_admin_b")
    r = await world.client_as(client, "org_admin_b").post(
        catalogue(world.orgs["B"].id), json=drug_body(code="XY002"))
    assert r.status_code == 201


@pytest.mark.parametrize(("body", "field"), [
    ({"atc": "C08CA5"}, "atc"), ({"price_fen": -1}, "price_fen"),
    ({"package_size": 0}, "package_size"), ({"strength": 0}, "strength"),
    ({"strength": "1.00001"}, "strength"), ({"control": "opium"}, "control"),
    ({"generic_name": ""}, "generic_name"), ({"code": "有 空格"}, "code"),
])
async def test_bad_input_is_refused_and_nothing_is_added(body, field, client, world, query):
    r = await world.client_as(client, "pharmacist_a").post(
        catalogue(world.orgs["A"].id), json=drug_body(**body))
    assert r.status_code == 422, r.text
    assert any(e["field"] == field for e in r.json()["errors"]), r.text
    assert await query(select(Drug)) == []


async def test_an_edit_changes_what_is_sent_and_follows_the_names(client, world, drugs, query):
    path = f"{catalogue(world.orgs['A'].id)}/{drugs['XY001']}"
    pharmacist = world.client_as(client, "pharmacist_a")
    r = await pharmacist.patch(path, json={"trade_name": None, "price_fen": 3500,
                                           "insurance": None})
    assert r.status_code == 200, r.text
    assert (r.json()["trade_name"], r.json()["pinyin"], r.json()["price_fen"],
            r.json()["insurance"], r.json()["max_daily_dose"]) == (None, "XBDPKSP", 3500,
                                                                   None, 120)
    [entry] = await query(select(AuditEntry).where(AuditEntry.action == "pharmacy.drug.update"))
    assert entry.detail["changed"]["price_fen"] == [3360, 3500]
    # Nothing to change: nothing written.
    assert (await pharmacist.patch(path, json={"price_fen": 3500})).status_code == 200
    assert len(await query(select(AuditEntry).where(
        AuditEntry.action == "pharmacy.drug.update"))) == 1
    for body, code in (({"generic_name": None}, "validation"),
                       ({"code": "XY002"}, "drug-code-taken")):
        r = await pharmacist.patch(path, json=body)
        assert r.json()["code"] == code, r.text
    [drug] = await query(select(Drug).where(Drug.id == drugs["XY001"]))
    assert (drug.code, drug.generic_name) == ("XY001", "硝苯地平控释片")
    r = await pharmacist.patch(f"{catalogue(world.orgs['A'].id)}/{uuid.uuid4()}",
                               json={"price_fen": 1})
    assert (r.status_code, r.json()["code"]) == (404, "drug-not-found")


async def test_off_the_list_and_back_once_each(client, world, drugs, query):
    path = f"{catalogue(world.orgs['A'].id)}/{drugs['XY003']}"
    pharmacist = world.client_as(client, "pharmacist_a")
    assert (await pharmacist.post(path + "/deactivate", json={"reason": "x"})).status_code == 422
    assert (await pharmacist.post(path + "/deactivate",
                                  json={"reason": "厂家停产"})).status_code == 200
    r = await pharmacist.post(path + "/deactivate", json={"reason": "厂家停产"})
    assert (r.status_code, r.json()["code"]) == (409, "drug-inactive")
    assert (await pharmacist.post(path + "/reactivate")).json()["active"] is True
    r = await pharmacist.post(path + "/reactivate")
    assert (r.status_code, r.json()["code"]) == (409, "drug-active")
    actions = [e.action for e in await query(select(AuditEntry).where(
        AuditEntry.entity_id == str(drugs["XY003"])).order_by(AuditEntry.seq))]
    assert actions == ["pharmacy.drug.create", "pharmacy.drug.deactivate",
                       "pharmacy.drug.reactivate"]


async def test_other_modules_read_their_organisations_drugs_by_id(app, world, drugs, keepers):
    theirs = await make_drug(world, "B", code="XY001")
    async with app.state.sessionmaker() as db:
        found = await service.drugs_by_id(db, world.orgs["A"].id,
                                          {drugs["XY001"], drugs["XY002"], theirs, uuid.uuid4()})
    assert set(found) == {drugs["XY001"], drugs["XY002"]}
    info = found[drugs["XY001"]]
    assert (info.generic_name, info.strength, info.strength_unit, info.max_daily_dose,
            info.price_fen, info.control) == ("硝苯地平控释片", 30, "mg", 120, 3360, None)
