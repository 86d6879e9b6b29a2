"""Alliance agreements: which organisations cooperate on which services, and when."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from tests.alliance.helpers import API, audit_rows, count, fields
from yilian.alliance import service
from yilian.alliance.models import Agreement, AgreementService

AGREEMENTS = f"{API}/agreements"


def agreement_body(world, a="P", b="A", services=("consultation", "referral"),
                   valid_from="2026-01-01", valid_until="2026-12-31") -> dict:
    return {"organisation_a_id": str(world.orgs[a].id), "organisation_b_id": str(world.orgs[b].id),
            "services": list(services), "valid_from": valid_from, "valid_until": valid_until}


async def covers(app, x, y, what: AgreementService, on: date) -> bool:
    async with app.state.sessionmaker() as db:
        return await service.agreement_covers(db, x, y, what, on)


async def test_an_agreement_covers_its_services_both_ways_within_its_dates(client, world, admin):
    r = await admin.post(AGREEMENTS, json=agreement_body(world))
    assert r.status_code == 201, r.text
    agreement = r.json()
    assert agreement["organisation_a_name"] == "省人民医院"
    assert agreement["organisation_b_name"] == "甲县人民医院"
    assert agreement["services"] == ["consultation", "referral"]
    assert (await admin.get(f"{AGREEMENTS}/{agreement['id']}")).json() == agreement

    p, a, b = world.orgs["P"].id, world.orgs["A"].id, world.orgs["B"].id
    mid = date(2026, 6, 1)
    assert await covers(world.app, p, a, AgreementService.consultation, mid)
    assert await covers(world.app, a, p, AgreementService.referral, mid)
    assert await covers(world.app, a, p, AgreementService.referral, date(2026, 1, 1))
    assert await covers(world.app, a, p, AgreementService.referral, date(2026, 12, 31))
    assert not await covers(world.app, a, p, AgreementService.referral, date(2025, 12, 31))
    assert not await covers(world.app, a, p, AgreementService.referral, date(2027, 1, 1))
    assert not await covers(world.app, p, a, AgreementService.diagnosis, mid)
    assert not await covers(world.app, p, b, AgreementService.consultation, mid)

    r = await admin.post(f"{AGREEMENTS}/{agreement['id']}/deactivate")
    assert r.status_code == 200 and r.json()["active"] is False
    assert not await covers(world.app, p, a, AgreementService.consultation, mid)
    assert [row.entity_id for row in await audit_rows(world.app, entity_type="agreement")] == [
        agreement["id"], agreement["id"]]


async def test_an_open_ended_agreement_ends_with_its_organisation(client, world, admin):
    body = agreement_body(world, a="A1a", b="A1", services=["diagnosis"], valid_until=None)
    assert (await admin.post(AGREEMENTS, json=body)).status_code == 201
    village, town = world.orgs["A1a"].id, world.orgs["A1"].id
    assert await covers(world.app, town, village, AgreementService.diagnosis, date(2040, 1, 1))
    await admin.post(f"{API}/organisations/{village}/deactivate")
    assert not await covers(world.app, town, village, AgreementService.diagnosis, date(2026, 6, 1))


@pytest.mark.parametrize(("change", "field"), [
    ({"organisation_b_id": "P"}, "organisation_b_id"),
    ({"services": []}, "services"),
    ({"services": ["referral", "referral"]}, "services"),
    ({"services": ["surgery"]}, "services"),
    ({"valid_until": "2025-06-30"}, "valid_until"),
    ({"valid_until": "2026-01-01"}, "valid_until"),
    ({"valid_from": "2026-02-30"}, "valid_from"),
    ({"organisation_a_id": "missing"}, "organisation_a_id"),
    ({"note": "x"}, "note"),
])
async def test_bad_agreements_are_refused_naming_the_field(client, world, admin, change, field):
    body = agreement_body(world)
    for key in ("organisation_a_id", "organisation_b_id"):
        if change.get(key) == "P":
            change = change | {key: str(world.orgs["P"].id)}
        elif change.get(key) == "missing":
            change = change | {key: str(uuid.uuid4())}
    r = await admin.post(AGREEMENTS, json=body | change)
    assert r.status_code == 422, r.text
    assert field in fields(r)
    assert await count(world.app, Agreement) == 0


async def test_agreements_between_a_pair_do_not_overlap(client, world, admin):
    first = (await admin.post(AGREEMENTS, json=agreement_body(world))).json()
    r = await admin.post(AGREEMENTS, json=agreement_body(
        world, a="A", b="P", services=["consultation"], valid_from="2026-06-01", valid_until=None))
    assert r.status_code == 409
    assert r.json()["code"] == "overlapping-agreement" and r.json()["existing_id"] == first["id"]
    # Another service in the same period, or a renewal after the end, is fine.
    r = await admin.post(AGREEMENTS, json=agreement_body(world, services=["diagnosis"]))
    assert r.status_code == 201
    renewal = await admin.post(AGREEMENTS, json=agreement_body(
        world, valid_from="2027-01-01", valid_until=None))
    assert renewal.status_code == 201
    # Stretching the first one into the renewal's years is refused, as is a bad period.
    url = f"{AGREEMENTS}/{first['id']}"
    r = await admin.patch(url, json={"valid_until": "2027-06-30"})
    assert r.status_code == 409 and r.json()["existing_id"] == renewal.json()["id"]
    r = await admin.patch(url, json={"valid_from": "2027-01-01"})
    assert r.status_code == 422 and fields(r) == {"valid_until"}
    r = await admin.patch(url, json={"services": ["referral", "consultation"],
                                     "valid_from": "2025-07-01"})
    assert r.status_code == 200, r.text
    assert r.json()["services"] == ["consultation", "referral"]
    assert r.json()["valid_from"] == "2025-07-01"
    assert (await admin.get(url)).json() == r.json()
    update = (await audit_rows(world.app, action="agreement.update"))[-1]
    assert update.detail["fields"] == ["valid_from"]


async def test_listing_agreements(client, world, admin):
    await admin.post(AGREEMENTS, json=agreement_body(world))
    await admin.post(AGREEMENTS, json=agreement_body(world, b="B", services=["diagnosis"]))
    third = (await admin.post(AGREEMENTS, json=agreement_body(
        world, a="A", b="A1", services=["referral"]))).json()
    await admin.post(f"{AGREEMENTS}/{third['id']}/deactivate")
    reader = world.client_as(client, "town_doctor_a1")

    async def listed(**params) -> list[tuple[str, str]]:
        r = await reader.get(AGREEMENTS, params=params)
        assert r.status_code == 200, r.text
        return [(a["organisation_a_name"], a["organisation_b_name"]) for a in r.json()["items"]]

    assert len(await listed()) == 3
    assert sorted(await listed(organisation_id=str(world.orgs["A"].id))) == [
        ("甲县人民医院", "甲镇卫生院"), ("省人民医院", "甲县人民医院")]
    assert sorted(await listed(service="referral")) == [
        ("甲县人民医院", "甲镇卫生院"), ("省人民医院", "甲县人民医院")]
    assert await listed(service="diagnosis") == [("省人民医院", "乙县人民医院")]
    assert await listed(active="false") == [("甲县人民医院", "甲镇卫生院")]
    r = await reader.get(AGREEMENTS, params={"service": "surgery"})
    assert r.status_code == 422 and fields(r) == {"service"}

    first = await reader.get(AGREEMENTS, params={"limit": 2})
    rest = await reader.get(AGREEMENTS, params={"cursor": first.json()["next_cursor"]})
    assert rest.status_code == 200, rest.text
    ids = [a["id"] for a in first.json()["items"] + rest.json()["items"]]
    assert len(ids) == len(set(ids)) == 3 and rest.json()["next_cursor"] is None
