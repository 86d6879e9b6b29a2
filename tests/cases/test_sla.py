"""An organisation's time limits: the defaults, setting its own, and the deadlines they give."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from yilian.cases import sla
from yilian.cases.columns import Urgency
from yilian.cases.models import SlaPolicy
from yilian.core.audit import AuditEntry

API = "/api/v1"
FRIDAY_10_CST = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)


def url(world, org: str = "A") -> str:
    return f"{API}/organisations/{world.orgs[org].id}/sla"


def rule(case_type="consultation", urgency="routine", first=24, hours=None, days=2) -> dict:
    return {"case_type": case_type, "urgency": urgency, "first_hours": first,
            "complete_hours": hours, "complete_working_days": days}


def by_key(body: dict) -> dict[tuple[str, str], dict]:
    return {(r["case_type"], r["urgency"]): r for r in body["rules"]}


async def audit_rows(query, action: str) -> list[AuditEntry]:
    return await query(select(AuditEntry).where(AuditEntry.action == action)
                       .order_by(AuditEntry.seq))


@pytest.mark.parametrize(("case_type", "urgency", "first", "complete"), [
    # Friday 10:00 in Shanghai: routine cases wait over the weekend, urgent ones do not.
    ("consultation", Urgency.routine, timedelta(hours=48), datetime(2026, 12, 2, 2, 0, tzinfo=UTC)),
    ("consultation", Urgency.urgent, timedelta(hours=6), FRIDAY_10_CST + timedelta(hours=12)),
    ("referral", Urgency.routine, timedelta(hours=24), datetime(2026, 12, 4, 2, 0, tzinfo=UTC)),
    ("referral", Urgency.urgent, timedelta(hours=2), FRIDAY_10_CST + timedelta(hours=24)),
])
def test_default_deadlines(case_type, urgency, first, complete):
    assert sla.deadlines(sla.DEFAULTS[(case_type, urgency)], FRIDAY_10_CST) == (
        FRIDAY_10_CST + first, complete)


async def test_an_organisation_starts_with_the_defaults(client, world):
    r = await world.client_as(client, "coordinator_a").get(url(world))
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["organisation_id"] == str(world.orgs["A"].id) and body["updated_at"] is None
    rules = by_key(body)
    assert set(rules) == {("consultation", "routine"), ("consultation", "urgent"),
                          ("referral", "routine"), ("referral", "urgent"),
                          ("online_visit", "routine"), ("online_visit", "urgent"),
                          ("prescription", "routine"), ("prescription", "urgent")}
    assert all(r["default"] for r in rules.values())
    assert rules[("consultation", "routine")] | {"default": True} == rule(
        first=48, days=3) | {"default": True}
    assert rules[("referral", "urgent")]["first_hours"] == 2
    assert rules[("referral", "urgent")]["complete_hours"] == 24
    # An online visit's text reply within 24 h, and the visit over within 48 h.
    assert rules[("online_visit", "routine")]["first_hours"] == 24
    assert rules[("online_visit", "routine")]["complete_hours"] == 48
    assert rules[("prescription", "routine")]["first_hours"] == 1  # the pharmacist's review


async def test_an_org_admin_sets_limits_the_cases_then_follow(app, client, world, clock, query):
    admin = world.client_as(client, "org_admin_a")
    r = await admin.put(url(world), json={"rules": [
        rule(first=24, days=2), rule("referral", "urgent", first=1, hours=12, days=None)]})
    assert r.status_code == 200, r.text
    rules = by_key(r.json())
    assert rules[("consultation", "routine")] == rule(first=24, days=2) | {"default": False}
    assert rules[("referral", "urgent")]["complete_hours"] == 12
    assert rules[("referral", "urgent")]["default"] is False
    assert rules[("consultation", "urgent")]["default"] is True
    assert datetime.fromisoformat(r.json()["updated_at"]) == clock.now()

    seen = by_key((await world.client_as(client, "specialist_a").get(url(world))).json())
    assert seen == rules
    async with app.state.sessionmaker() as db:
        mine = await sla.limits(db, world.orgs["A"].id, "consultation", Urgency.routine)
        other = await sla.limits(db, world.orgs["B"].id, "consultation", Urgency.routine)
    assert mine == sla.Limits(24, None, 2)
    assert other == sla.DEFAULTS[("consultation", Urgency.routine)]
    assert sla.deadlines(mine, FRIDAY_10_CST) == (
        FRIDAY_10_CST + timedelta(hours=24), datetime(2026, 12, 1, 2, 0, tzinfo=UTC))

    # Saving again changes the rule in place, leaving the others as they were.
    clock.advance(minutes=5)
    r = await admin.put(url(world), json={"rules": [rule(first=12, hours=36, days=None)]})
    assert r.status_code == 200, r.text
    rules = by_key(r.json())
    assert rules[("consultation", "routine")]["complete_hours"] == 36
    assert rules[("consultation", "routine")]["complete_working_days"] is None
    assert rules[("referral", "urgent")]["complete_hours"] == 12
    assert datetime.fromisoformat(r.json()["updated_at"]) == clock.now()
    assert len(await query(select(SlaPolicy))) == 2

    entries = await audit_rows(query, "sla.update")
    assert [e.actor_username for e in entries] == ["org_admin_a", "org_admin_a"]
    assert {e.subject_org_id for e in entries} == {world.orgs["A"].id}
    assert entries[-1].detail["rules"][0]["complete_hours"] == 36


async def test_an_alliance_admin_sets_limits_below_the_root(client, world):
    alliance_admin = world.client_as(client, "alliance_admin")
    r = await alliance_admin.put(url(world, "B"),
                                 json={"rules": [rule("referral", "routine", first=12, days=4)]})
    assert r.status_code == 200, r.text
    assert by_key(r.json())[("referral", "routine")]["complete_working_days"] == 4


@pytest.mark.parametrize("body", [
    {"rules": [rule(hours=48, days=2)]},  # both kinds of limit for the whole case
    {"rules": [rule(hours=None, days=None)]},  # neither
    {"rules": [rule(first=24, hours=12, days=None)]},  # the whole case due before its first step
    {"rules": [rule(first=72, days=2)]},  # two working days may be 48 hours
    {"rules": [rule(first=24, days=2), rule(first=12, days=3)]},  # the same rule twice
    {"rules": [rule(case_type="surgery")]},
    {"rules": [rule(urgency="critical")]},
    {"rules": [rule(first=0)]},
    {"rules": [rule(days=31)]},
    {"rules": [rule() | {"note": "x"}]},
    {"rules": []},
    {},
])
async def test_a_bad_request_changes_nothing(client, world, query, body):
    admin = world.client_as(client, "org_admin_a")
    before = (await admin.get(url(world))).json()
    r = await admin.put(url(world), json=body)
    assert r.status_code == 422, r.text
    assert (await admin.get(url(world))).json() == before
    assert await query(select(SlaPolicy)) == []
    assert await audit_rows(query, "sla.update") == []


async def test_the_field_at_fault_is_named(client, world):
    admin = world.client_as(client, "org_admin_a")
    r = await admin.put(url(world), json={"rules": [rule(), rule("referral", first=72, days=2)]})
    assert [e["field"] for e in r.json()["errors"]] == ["rules.1.complete_working_days"]
    r = await admin.put(url(world), json={"rules": [rule(hours=None, days=None)]})
    assert [e["field"] for e in r.json()["errors"]] == ["rules.0.complete_hours"]


async def test_an_unknown_organisation(client, world):
    missing = f"{API}/organisations/{uuid.uuid4()}/sla"
    admin = world.client_as(client, "alliance_admin")
    assert (await admin.get(missing)).status_code == 404
    r = await admin.put(missing, json={"rules": [rule()]})
    assert r.status_code == 404 and r.json()["code"] == "organisation-not-found"


async def test_out_of_scope_refusals_are_audited(client, world, query):
    r = await world.client_as(client, "org_admin_a").put(url(world, "B"), json={"rules": [rule()]})
    assert r.status_code == 403 and r.json()["code"] == "out-of-scope"
    r = await world.client_as(client, "specialist_a").get(url(world, "B"))
    assert r.status_code == 403
    denied = await query(select(AuditEntry).where(AuditEntry.outcome == "denied")
                         .order_by(AuditEntry.seq))
    assert [(e.actor_username, e.entity_type, e.entity_id, e.subject_org_id) for e in denied] == [
        (who, "organisation", str(world.orgs["B"].id), world.orgs["B"].id)
        for who in ("org_admin_a", "specialist_a")]
    assert (await query(select(func.count()).select_from(SlaPolicy))) == [0]
