"""Who may change the alliance: refusals are 403, audited as denied, and change nothing."""

from __future__ import annotations

import pytest

from tests.alliance.helpers import API, audit_rows, count, org_body
from yilian.alliance.models import Agreement, Department, DiagnosisCentre, Organisation


async def test_an_org_admin_cannot_create_under_another_county(client, world):
    before = await count(world.app, Organisation)
    r = await world.client_as(client, "org_admin_a").post(
        f"{API}/organisations", json=org_body("乙二镇卫生院", "town", world.orgs["B"].id))
    assert r.status_code == 403
    assert r.json()["code"] == "out-of-scope"
    assert await count(world.app, Organisation) == before
    denied = await audit_rows(world.app, outcome="denied", actor_username="org_admin_a")
    assert len(denied) == 1
    assert denied[0].action == "administer organisations"
    assert denied[0].detail["code"] == "out-of-scope"
    assert (denied[0].entity_type, denied[0].entity_id) == ("organisation", str(world.orgs["B"].id))


def write_calls(world):
    a, b = str(world.orgs["A"].id), str(world.orgs["B"].id)
    return [
        ("post", f"{API}/organisations", org_body("新村卫生室", "village", world.orgs["A1"].id)),
        ("patch", f"{API}/organisations/{a}", {"phone": "12345"}),
        ("post", f"{API}/organisations/{world.orgs['A1a'].id}/deactivate", None),
        ("post", f"{API}/organisations/{a}/departments", {"code": "02"}),
        ("post", f"{API}/diagnosis-centres",
         {"name": "心电中心", "kind": "ecg", "host_organisation_id": a,
          "member_organisation_ids": []}),
        ("post", f"{API}/agreements",
         {"organisation_a_id": a, "organisation_b_id": b, "services": ["referral"],
          "valid_from": "2026-01-01"}),
    ]


@pytest.mark.parametrize("who", ["village_doctor", "specialist_a", "auditor", "patient_pa"])
async def test_non_administrators_change_nothing(client, world, who):
    user = world.client_as(client, who)
    tables = (Organisation, Department, DiagnosisCentre, Agreement)
    before = [await count(world.app, t) for t in tables]
    for method, url, body in write_calls(world):
        r = await getattr(user, method)(url, **({"json": body} if body is not None else {}))
        assert r.status_code == 403, (method, url, r.text)
    assert [await count(world.app, t) for t in tables] == before
    assert len(await audit_rows(world.app, outcome="denied", actor_username=who)) == 6


async def test_centres_and_agreements_are_for_alliance_admins(client, world):
    org_admin = world.client_as(client, "org_admin_a")
    for method, url, body in write_calls(world)[-2:]:
        assert (await getattr(org_admin, method)(url, json=body)).status_code == 403


async def test_an_alliance_admin_below_the_root_stays_in_their_county(client, world, app, clock):
    """A county-level alliance admin: agreements and centres only among the county's own."""
    from datetime import timedelta

    from yilian.core.authz import Role
    from yilian.identity.models import RoleGrant, SessionStage, User
    from yilian.identity.sessions import create_session

    async with app.state.sessionmaker() as db:
        user = await db.get(User, world.users["org_admin_a"])
        grant = RoleGrant(user_id=user.id, role=Role.alliance_admin,
                          organisation_id=world.orgs["A"].id,
                          valid_from=clock.now() - timedelta(days=1), created_at=clock.now())
        db.add(grant)
        await db.flush()
        _, token, _ = await create_session(db, clock, app.state.settings, user, grant_id=grant.id,
                                           stage=SessionStage.active, ip=None, user_agent="tests")
        await db.commit()
    county_admin = world.client_as(client, "org_admin_a")
    county_admin.headers = {"Authorization": f"Bearer {token}"}

    a, a1, b1, p = (str(world.orgs[k].id) for k in ("A", "A1", "B1", "P"))
    body = {"name": "甲县心电中心", "kind": "ecg", "host_organisation_id": a,
            "member_organisation_ids": [a1, b1]}
    assert (await county_admin.post(f"{API}/diagnosis-centres", json=body)).status_code == 403
    r = await county_admin.post(f"{API}/diagnosis-centres", json=body | {
        "member_organisation_ids": [a1]})
    assert r.status_code == 201, r.text
    centre = r.json()["id"]
    r = await county_admin.patch(f"{API}/diagnosis-centres/{centre}",
                                 json={"member_organisation_ids": [a1, b1]})
    assert r.status_code == 403

    agreement = {"organisation_a_id": p, "organisation_b_id": a, "services": ["referral"],
                 "valid_from": "2026-01-01"}
    assert (await county_admin.post(f"{API}/agreements", json=agreement)).status_code == 403
    r = await county_admin.post(f"{API}/agreements", json=agreement | {"organisation_a_id": a1})
    assert r.status_code == 201, r.text


async def test_reading_is_for_everyone_signed_in(client, world):
    for who in ("patient_pa", "village_doctor", "auditor"):
        user = world.client_as(client, who)
        for url in ("/organisations", "/organisations/tree", "/department-catalogue",
                    f"/organisations/{world.orgs['A'].id}", "/diagnosis-centres", "/agreements",
                    f"/organisations/{world.orgs['A'].id}/departments"):
            r = await user.get(API + url)
            assert r.status_code == 200, (who, url, r.text)
    r = await client.get(f"{API}/organisations/tree")
    assert r.status_code == 401
