"""The patient master index: registration checks, duplicates, search, scope."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import func, select

from tests.factories import resident_id
from yilian.patients import service as patients
from yilian.patients.models import Patient, Sex

URL = "/api/v1/patients"


def _new(world, **over):
    body = {
        "name": "王建华", "sex": "male", "birth_date": "1972-08-15",
        "resident_id": resident_id("440111", date(1972, 8, 15), 77, Sex.male),
        "phone": "13912345678", "address": "甲镇甲一村3组12号",
        "home_organisation_id": str(world.orgs["A1a"].id), "insurance_no": "GD1234567",
    }
    body.update(over)
    return body


async def _count(db) -> int:
    n = (await db.execute(select(func.count()).select_from(Patient))).scalar_one()
    await db.rollback()  # end the read so the server's writes are not kept waiting
    return n


async def test_register_then_find_by_name_id_and_phone(client, world):
    doctor = world.client_as(client, "town_doctor_a1")
    created = await doctor.post(URL, json=_new(world))
    assert created.status_code == 201, created.text
    p = created.json()
    assert p["resident_id_masked"].startswith("440111") and "*" in p["resident_id_masked"]
    assert p["age"] == 54 and p["home_organisation_name"] == "甲一村卫生室"
    for params in ({"q": "王建"}, {"q": "王建华"}, {"resident_id": _new(world)["resident_id"]},
                   {"phone": "139-1234-5678"}):
        found = await doctor.get(URL, params=params)
        assert [x["id"] for x in found.json()["items"]] == [p["id"]], params
    assert (await doctor.get(URL, params={"q": "建华"})).json()["items"] == []  # by beginning


async def test_duplicate_resident_id_points_to_the_existing_patient(client, world, db):
    doctor = world.client_as(client, "village_doctor")
    body = _new(world, resident_id=world.resident_ids["pa"], name="张秀英",
                birth_date="1958-03-07", sex="female")
    before = await _count(db)
    r = await doctor.post(URL, json=body)
    assert r.status_code == 409
    assert r.json()["existing_patient_id"] == str(world.patients["pa"])
    assert r.json()["title"] == "该身份证号已建档"
    assert await _count(db) == before


async def test_invalid_identifiers_are_refused_naming_the_field(client, world, db):
    doctor = world.client_as(client, "village_doctor")
    good = _new(world)["resident_id"]
    bad_check = good[:-1] + ("0" if good[-1] != "0" else "1")
    cases = [
        ({"resident_id": bad_check}, "resident_id"),
        ({"resident_id": "440111197202301234"}, "resident_id"),  # 30 February
        ({"birth_date": "1972-08-16"}, "birth_date"),  # not the date in the ID
        ({"sex": "female"}, "sex"),
        ({"phone": "12345"}, "phone"),
        ({"name": "王" * 51}, "name"),
        ({"home_organisation_id": "not-a-uuid"}, "home_organisation_id"),
        ({"sex": 3}, "sex"),
    ]
    before = await _count(db)
    for over, field in cases:
        r = await doctor.post(URL, json=_new(world, **over))
        assert r.status_code == 422, (over, r.text)
        assert r.headers["content-type"] == "application/problem+json"
        assert field in {e["field"] for e in r.json()["errors"]}, (over, r.json())
    unknown_org = await doctor.post(URL, json=_new(
        world, home_organisation_id="00000000-0000-4000-8000-000000000000"))
    assert unknown_org.status_code == 404
    assert await _count(db) == before


async def test_registration_outside_scope_is_refused(client, world, db):
    doctor = world.client_as(client, "village_doctor")
    r = await doctor.post(URL, json=_new(world, home_organisation_id=str(world.orgs["B1"].id)))
    assert r.status_code == 403
    assert await _count(db) == 3


async def test_search_only_shows_patients_in_scope(client, world):
    county_a = world.client_as(client, "specialist_a")
    names = {p["name"] for p in (await county_a.get(URL)).json()["items"]}
    assert names == {"张秀英", "张小明"}
    # The province is above the counties: by relationship only, and none exists yet.
    province = world.client_as(client, "mdt_expert")
    assert (await province.get(URL)).json()["items"] == []
    patient = world.client_as(client, "patient_pa")
    assert [p["name"] for p in (await patient.get(URL)).json()["items"]] == ["张秀英"]


async def test_search_pages_with_a_cursor(client, world):
    doctor = world.client_as(client, "specialist_a")
    first = (await doctor.get(URL, params={"limit": 1})).json()
    second = (await doctor.get(URL, params={"limit": 1, "cursor": first["next_cursor"]})).json()
    ids = [p["id"] for p in first["items"] + second["items"]]
    assert len(ids) == len(set(ids)) == 2 and second["next_cursor"] is None
    bad = await doctor.get(URL, params={"cursor": "garbage!"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "cursor"


async def test_edit_index_by_home_scope_only(client, world):
    url = f"{URL}/{world.patients['pa']}"
    ok = await world.client_as(client, "nurse_a1").patch(url, json={"phone": "13800000000"})
    assert ok.status_code == 200 and ok.json()["phone_masked"] == "138****0000"
    other = await world.client_as(client, "specialist_b").patch(url, json={"name": "x"})
    assert other.status_code == 403
    empty = await world.client_as(client, "nurse_a1").patch(url, json={"name": None})
    assert empty.status_code == 422


async def test_find_patient_for_modules_that_decided_access(world):
    async with world.app.state.sessionmaker() as db:
        found = await patients.find_patient(db, world.patients["pb"])
        assert found is not None and found.name == "李建国"
        assert found.home_organisation_id == world.orgs["B1"].id
        assert await patients.find_patient(db, uuid.uuid4()) is None
    assert patients.SEX_ZH[Sex.female] == "女"
