"""Admin scope: an organisation admin changes a whole account only when the account's home
organisation is within its scope; grants belong to the organisation they are at, whoever holds
them (docs/decisions/0015).

The matrix: every account-wide action × {alliance admin, county admin, township admin,
provincial admin} × {a user homed in scope, one homed outside but holding a grant in scope, one
entirely outside}. In the test alliance the province is the root, so the provincial admin (like
the alliance admin) has every user in scope; the county and township admins meet all three kinds.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from tests.factories import covers
from yilian.core.audit import AuditEntry
from yilian.core.authz import Role
from yilian.identity.models import (
    LoginThrottle,
    PracticeRegistration,
    Practitioner,
    RoleGrant,
    User,
)

# The four administrators: (organisation key of their grant, role). alliance_admin and
# org_admin_a come from the shared world; the other two are added here.
ADMINS: dict[str, str] = {"alliance_admin": "P", "org_admin_a": "A", "org_admin_a1": "A1",
                          "org_admin_p": "P"}
EXTRA_ADMINS = {"org_admin_a1": "A1", "org_admin_p": "P"}

# The people administered: home, and the grants they hold (a provincial doctor practising in the
# county and the town, a county doctor with a session in the town, a town doctor, and a doctor
# of the other county).
TARGETS: dict[str, tuple[str, list[tuple[Role, str]]]] = {
    "provincial": ("P", [(Role.specialist, "P"), (Role.specialist, "A"), (Role.specialist, "A1")]),
    "county": ("A", [(Role.specialist, "A"), (Role.grassroots_doctor, "A1")]),
    "town": ("A1", [(Role.grassroots_doctor, "A1")]),
    "other_county": ("B", [(Role.specialist, "B")]),
}
TOTP_SECRET = "JBSWY3DPEHPK3PXP"


def kind_for(admin: str, target: str) -> str:
    """in: homed in scope; cross: homed outside, holding a grant in scope; out: neither."""
    org = ADMINS[admin]
    home, grants = TARGETS[target]
    if covers(org, home):
        return "in"
    return "cross" if any(covers(org, g) for _, g in grants) else "out"


def test_the_matrix_meets_every_kind_of_user():
    for admin in ("org_admin_a", "org_admin_a1"):
        assert {kind_for(admin, t) for t in TARGETS} == {"in", "cross", "out"}
    for admin in ("alliance_admin", "org_admin_p"):  # the province is the alliance root
        assert {kind_for(admin, t) for t in TARGETS} == {"in"}


@dataclass
class Cell:
    world: Any
    admin: str
    target: str
    user_id: uuid.UUID
    username: str


async def _query(app, stmt):
    async with app.state.sessionmaker() as db:
        return (await db.execute(stmt)).all()


async def snapshot(app, user_id: uuid.UUID, username: str) -> dict[str, Any]:
    """Everything an account-wide action could change."""
    async with app.state.sessionmaker() as db:
        user = await db.get(User, user_id)
        prac = await db.get(Practitioner, user_id)
        regs = (await db.execute(select(PracticeRegistration.organisation_id, PracticeRegistration.primary)
                                 .where(PracticeRegistration.user_id == user_id))).all()
        grants = (await db.execute(select(RoleGrant.id, RoleGrant.revoked_at)
                                   .where(RoleGrant.user_id == user_id))).all()
        lock = await db.get(LoginThrottle, f"user:{username}")
        return {
            "display_name": user.display_name, "active": user.active,
            "password_hash": user.password_hash, "totp_enabled": user.totp_enabled,
            "totp_secret": user.totp_secret, "home": user.home_organisation_id,
            "verified": prac.verified, "registrations": sorted(map(tuple, regs), key=str),
            "grants": sorted(map(tuple, grants), key=str),
            "locked_until": lock.locked_until if lock else None,
        }


async def _denials(app, user_id: uuid.UUID, code: str) -> int:
    rows = await _query(app, select(AuditEntry).where(
        AuditEntry.outcome == "denied", AuditEntry.entity_type == "user",
        AuditEntry.entity_id == str(user_id)))
    return sum(1 for (r,) in rows if (r.detail or {}).get("code") == code)


async def _audited(app, action: str, entity_id: Any) -> bool:
    rows = await _query(app, select(func.count()).select_from(AuditEntry).where(
        AuditEntry.action == action, AuditEntry.entity_id == str(entity_id),
        AuditEntry.outcome == "ok"))
    return rows[0][0] == 1


@dataclass
class Action:
    method: str
    path: str
    body: Callable[[Cell], dict] | None
    audit_action: str
    changed: Callable[[dict, dict], bool]


def _new_password(cell: Cell) -> dict:
    return {"password": f"Reset-{uuid.uuid4().hex[:8]}-Pw!"}


ACTIONS: dict[str, Action] = {
    "disable": Action("PATCH", "", lambda c: {"active": False}, "user.update",
                      lambda b, a: b["active"] and not a["active"]),
    "rename": Action("PATCH", "", lambda c: {"display_name": "新名字"}, "user.update",
                     lambda b, a: a["display_name"] == "新名字"),
    "unverify": Action("POST", "/verification", lambda c: {"verified": False},
                       "practitioner.verification", lambda b, a: b["verified"] and not a["verified"]),
    "password_reset": Action("POST", "/password-reset", _new_password, "user.password_reset",
                             lambda b, a: a["password_hash"] != b["password_hash"]),
    "totp_reset": Action("POST", "/totp-reset", None, "user.totp_reset",
                         lambda b, a: b["totp_enabled"] and not a["totp_enabled"]
                         and a["totp_secret"] is None),
    "unlock": Action("POST", "/unlock", None, "user.unlock",
                     lambda b, a: b["locked_until"] is not None and a["locked_until"] is None),
    # To the village clinic, within every admin's scope and nobody's home yet.
    "move_home": Action("PATCH", "", lambda c: {"home_organisation_id": str(c.world.orgs["A1a"].id)},
                        "user.update", lambda b, a: a["home"] != b["home"]),
    "primary_registration": Action(
        "POST", "/registrations",
        lambda c: {"organisation_id": str(c.world.orgs[ADMINS[c.admin]].id), "primary": True},
        "practitioner.registration", lambda b, a: len(a["registrations"]) == len(b["registrations"]) + 1),
}


async def add_admins(world) -> None:
    for name, org in EXTRA_ADMINS.items():
        await world.add_staff(name, org, [(Role.org_admin, org)], verified=False)


async def add_targets(world, suffix: str) -> dict[str, uuid.UUID]:
    """A fresh set of the people administered (verified, two-factor on, locked out)."""
    ids = {}
    for target, (home, grants) in TARGETS.items():
        name = f"{target}_{suffix}"
        ids[target] = await world.add_staff(name, home, grants, totp_secret=TOTP_SECRET)
        async with world.app.state.sessionmaker() as db:
            db.add(LoginThrottle(key=f"user:{name}", failures=0,
                                 locked_until=world.clock.now() + timedelta(minutes=10)))
            await db.commit()
    return ids


@pytest.mark.parametrize("action", sorted(ACTIONS))
async def test_account_wide_actions_by_admin_and_home(action, app, client, world):
    spec = ACTIONS[action]
    await add_admins(world)
    failures = []
    for admin in ADMINS:
        ids = await add_targets(world, admin)
        for target, user_id in ids.items():
            cell = Cell(world, admin, target, user_id, f"{target}_{admin}")
            allowed = kind_for(admin, target) == "in"
            before = await snapshot(app, user_id, cell.username)
            r = await client.request(spec.method, f"/api/v1/users/{user_id}{spec.path}",
                                     json=spec.body(cell) if spec.body else None,
                                     headers=world.headers(admin))
            after = await snapshot(app, user_id, cell.username)
            where = f"{action} by {admin} on {target} ({kind_for(admin, target)})"
            if allowed:
                if r.status_code not in (200, 201) or not spec.changed(before, after):
                    failures.append(f"{where}: expected a change, got {r.status_code} {r.text[:200]}")
                elif not await _audited(app, spec.audit_action, user_id):
                    failures.append(f"{where}: the change is not in the audit log")
                elif r.json()["may_manage_account"] is not True:
                    failures.append(f"{where}: the answer does not say the account is theirs")
            else:
                if (r.status_code != 403 or r.json().get("code") != "account-out-of-scope"
                        or not r.headers["content-type"].startswith("application/problem+json")):
                    failures.append(f"{where}: expected 403 account-out-of-scope, got "
                                    f"{r.status_code} {r.text[:200]}")
                if after != before:
                    failures.append(f"{where}: refused but the account changed")
                if await _denials(app, user_id, "account-out-of-scope") != 1:
                    failures.append(f"{where}: the refusal is not in the audit log")
    assert failures == []


async def test_the_list_says_what_each_admin_may_change(app, client, world):
    await add_admins(world)
    ids = await add_targets(world, "list")
    names = {f"{t}_list": t for t in TARGETS}
    for admin, org in ADMINS.items():
        page = (await client.get("/api/v1/users", params={"q": "_list", "limit": 200},
                                 headers=world.headers(admin))).json()
        seen = {u["username"]: u for u in page["items"]}
        # Everyone homed or holding a grant in scope is listed; nobody else.
        assert {names[n] for n in seen} == {t for t in TARGETS if kind_for(admin, t) != "out"}, admin
        for username, row in seen.items():
            target = names[username]
            assert row["may_manage_account"] is (kind_for(admin, target) == "in"), (admin, target)
            home = TARGETS[target][0]
            assert row["home_organisation_id"] == str(world.orgs[home].id)
            for grant in row["grants"]:
                at = next(k for k, o in world.orgs.items() if str(o.id) == grant["organisation_id"])
                assert grant["may_revoke"] is covers(org, at), (admin, target, at)
        detail = (await client.get(f"/api/v1/users/{ids['provincial']}",
                                   headers=world.headers(admin))).json()
        assert detail["may_manage_account"] is (kind_for(admin, "provincial") == "in")
    own = (await client.get(f"/api/v1/users/{world.users['org_admin_a']}",
                            headers=world.headers("org_admin_a"))).json()
    assert own["may_manage_account"] is False and not any(g["may_revoke"] for g in own["grants"])


async def _grant_rows(app, user_id):
    return sorted(await _query(app, select(RoleGrant.organisation_id, RoleGrant.role, RoleGrant.revoked_at)
                               .where(RoleGrant.user_id == user_id)), key=str)


async def test_county_admin_grants_at_the_county_on_a_provincial_doctor_never_at_the_province(
    app, client, world
):
    await add_admins(world)
    ids = await add_targets(world, "g")
    doctor = ids["provincial"]
    admin = world.client_as(client, "org_admin_a")
    url = f"/api/v1/users/{doctor}/grants"
    for org in ("A", "A1", "A1a"):
        added = await admin.post(url, json={"role": "mdt_expert", "organisation_id": str(world.orgs[org].id)})
        assert added.status_code == 201, added.text
    before = await _grant_rows(app, doctor)
    refused = await admin.post(url, json={"role": "mdt_expert", "organisation_id": str(world.orgs["P"].id)})
    assert refused.status_code == 403 and refused.json()["code"] == "grant-not-allowed"
    assert await _grant_rows(app, doctor) == before
    assert await _denials(app, doctor, "grant-not-allowed") == 1

    grants = {(g["organisation_id"], g["role"]): g for g in added.json()["grants"]}
    at_county = grants[(str(world.orgs["A"].id), "specialist")]
    at_province = grants[(str(world.orgs["P"].id), "specialist")]
    assert at_county["may_revoke"] and not at_province["may_revoke"]
    refused = await admin.post(f"{url}/{at_province['id']}/revoke")
    assert refused.status_code == 403 and refused.json()["code"] == "grant-not-allowed"
    assert await _grant_rows(app, doctor) == before
    assert await _denials(app, doctor, "grant-not-allowed") == 2
    revoked = await admin.post(f"{url}/{at_county['id']}/revoke")
    assert revoked.status_code == 200, revoked.text
    assert next(g for g in revoked.json()["grants"] if g["id"] == at_county["id"])["revoked_at"]

    # The township admin: at the town, yes; at the county above it, no.
    town = world.client_as(client, "org_admin_a1")
    assert (await town.post(url, json={"role": "nurse", "organisation_id": str(world.orgs["A1"].id)})).status_code == 201
    assert (await town.post(url, json={"role": "nurse", "organisation_id": str(world.orgs["A"].id)})).status_code == 403
    # On anyone: a doctor of the other county comes to practise in county A.
    other = await admin.post(f"/api/v1/users/{ids['other_county']}/grants",
                             json={"role": "specialist", "organisation_id": str(world.orgs["A"].id)})
    assert other.status_code == 201 and other.json()["may_manage_account"] is False


async def test_scope_is_decided_before_state(app, client, world):
    """An admin outside the account's home learns nothing from a 409."""
    await add_admins(world)
    ids = await add_targets(world, "s")
    admin = world.client_as(client, "org_admin_a")
    doctor = ids["provincial"]
    async with app.state.sessionmaker() as db:  # no longer a practitioner: a 409 for its admin
        await db.delete(await db.get(Practitioner, doctor))
        await db.commit()
    r = await admin.post(f"/api/v1/users/{doctor}/verification", json={"verified": True})
    assert r.status_code == 403 and r.json()["code"] == "account-out-of-scope"
    r = await world.client_as(client, "alliance_admin").post(
        f"/api/v1/users/{doctor}/verification", json={"verified": True})
    assert r.status_code == 409 and r.json()["code"] == "not-a-practitioner"
    # A revoked grant at the province: the county admin hears 403, not "already revoked".
    grant = next(g for g in (await admin.get(f"/api/v1/users/{doctor}")).json()["grants"]
                 if g["organisation_id"] == str(world.orgs["P"].id))
    assert (await world.client_as(client, "alliance_admin").post(
        f"/api/v1/users/{doctor}/grants/{grant['id']}/revoke")).status_code == 200
    r = await admin.post(f"/api/v1/users/{doctor}/grants/{grant['id']}/revoke")
    assert r.status_code == 403 and r.json()["code"] == "grant-not-allowed"
    # A weak password is a 422 for the account's admin only.
    r = await admin.post(f"/api/v1/users/{doctor}/password-reset", json={"password": "x"})
    assert r.status_code == 403
    r = await admin.post(f"/api/v1/users/{ids['county']}/password-reset", json={"password": "x"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "password"


async def test_moving_a_home_needs_both_homes_in_scope(app, client, world):
    await add_admins(world)
    ids = await add_targets(world, "m")
    admin = world.client_as(client, "org_admin_a")
    to_b = await admin.patch(f"/api/v1/users/{ids['county']}",
                             json={"home_organisation_id": str(world.orgs["B1"].id)})
    assert to_b.status_code == 403 and to_b.json()["code"] == "out-of-scope"
    down = await admin.patch(f"/api/v1/users/{ids['county']}",
                             json={"home_organisation_id": str(world.orgs["A1"].id)})
    assert down.status_code == 200 and down.json()["home_organisation_name"] == "甲镇卫生院"
    # Once homed in the town, the township admin manages the account too.
    town = world.client_as(client, "org_admin_a1")
    assert (await town.patch(f"/api/v1/users/{ids['county']}", json={"active": False})).status_code == 200
    # The alliance admin moves the provincial doctor to the county: now the county's account.
    root = world.client_as(client, "alliance_admin")
    assert (await root.patch(f"/api/v1/users/{ids['provincial']}",
                             json={"home_organisation_id": str(world.orgs["A"].id)})).status_code == 200
    assert (await admin.post(f"/api/v1/users/{ids['provincial']}/unlock")).status_code == 200


async def test_own_account_and_registrations(app, client, world):
    await add_admins(world)
    ids = await add_targets(world, "r")
    admin = world.client_as(client, "org_admin_a")
    own = await admin.patch(f"/api/v1/users/{world.users['org_admin_a']}", json={"active": False})
    assert own.status_code == 403 and own.json()["code"] == "own-account"
    # A (non-primary) practice registration at the county is the county's business...
    url = f"/api/v1/users/{ids['provincial']}/registrations"
    r = await admin.post(url, json={"organisation_id": str(world.orgs["A"].id)})
    assert r.status_code == 201, r.text
    # ... but not at the province, whose account it is.
    r = await admin.post(url, json={"organisation_id": str(world.orgs["P"].id)})
    assert r.status_code == 403 and r.json()["code"] == "out-of-scope"


async def test_created_users_are_homed_where_their_admin_says(app, client, world):
    admin = world.client_as(client, "org_admin_a")
    body = {"username": "new_nurse", "display_name": "新护士", "password": "Nurse-Pass-2026!",
            "grants": [{"role": "nurse", "organisation_id": str(world.orgs["A1"].id)}]}
    made = await admin.post("/api/v1/users", json=body)
    assert made.status_code == 201, made.text
    assert made.json()["home_organisation_id"] == str(world.orgs["A1"].id)
    assert made.json()["may_manage_account"] is True
    elsewhere = await admin.post("/api/v1/users", json={
        **body, "username": "new_nurse2", "home_organisation_id": str(world.orgs["P"].id)})
    assert elsewhere.status_code == 403
    explicit = await admin.post("/api/v1/users", json={
        **body, "username": "new_nurse3", "home_organisation_id": str(world.orgs["A"].id)})
    assert explicit.json()["home_organisation_name"] == "甲县人民医院"

