"""Every referral endpoint × every role, and who may read which referral.

Written from the rules (issue 6), not read from the code:
- referring (and listing where one may refer to) is for the doctors who refer (grassroots
  doctor, family doctor, specialist, MDT expert), really-name verified; taking a step also for
  the nurses and the office (coordinator), verified; counting is for admins and coordinators;
  reading is for anyone signed in;
- a referral is shown to its parties only: the patient's own account; the referring doctors
  (the roles above) of the source organisation; the doctors, nurses and coordinators of the
  target organisation; coordinators and organisation admins whose grant covers the source or
  the target; and the parties of a referral linked with it in the same loop (an up-referral
  and its return, a re-raised copy and its original). Lists show the referrals one is a party
  of (the linked ones are reached through the loop).

The referrals (patient pa unless said): ``b`` town B1 → county B (patient pb), nobody's here;
``loop_up`` town A1 → county A, treated, and ``loop_down`` its return from A to village A1a;
``original`` village A1a → town A1, rejected, and ``copy`` its re-raised copy sent to county A.
Steps are asked of a referral that does not exist, so an actor let past the route policy gets
404. The test fails when the module gains an endpoint this table does not cover.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date

import pytest

from tests.consultation.helpers import add_staff
from tests.factories import MATRIX_ACTORS, STAFF, World, covers, role_of
from tests.referral.helpers import in_days, prepare, referral, return_body
from yilian.alliance.models import Agreement
from yilian.core.authz import Role, app_routes

BASE = "/api/v1/referrals"
ONE = BASE + "/{referral_id}"
# One actor per role, and a specialist not yet verified (clinical steps need verification).
ACTORS = {**MATRIX_ACTORS, "specialist_unverified": "A"}

R = Role
REFERRERS = {R.grassroots_doctor, R.family_doctor, R.specialist, R.mdt_expert}
RECEIVERS = REFERRERS | {R.nurse, R.coordinator}
STEPPERS = RECEIVERS
OVERSEERS = {R.coordinator, R.org_admin}
COUNTERS = {R.alliance_admin, R.org_admin, R.coordinator}

OK, FORBIDDEN, UNVERIFIED, INVALID, NOT_FOUND = "ok", "forbidden", "unverified", "invalid", \
    "not-found"
EXPECTED = {OK: (200, None), FORBIDDEN: (403, None), UNVERIFIED: (403, "not-verified"),
            INVALID: (422, None), NOT_FOUND: (404, "referral-not-found")}


@dataclass(frozen=True)
class Case:
    source: str
    target: str
    patient: str
    # The referrals of the same loop (the up-referral and its return, a copy and its original).
    linked: tuple[str, ...] = ()


CASES = {
    "b": Case("B1", "B", "pb"),
    "loop_up": Case("A1", "A", "pa", linked=("loop_down",)),
    "loop_down": Case("A", "A1a", "pa", linked=("loop_up",)),
    "original": Case("A1a", "A1", "pa", linked=("copy",)),
    "copy": Case("A1a", "A", "pa", linked=("original",)),
}
SCOPES = tuple(CASES)
NO_CASE = ("none",)


def verified(who: str) -> bool:
    return who != "patient_pa" and STAFF[who][2]


def route(roles: set[Role]) -> Callable[[str], str]:
    """Past the route policy (then ``past``), or refused by it."""

    def expect(who: str, past: str = OK) -> str:
        if role_of(who) not in roles:
            return FORBIDDEN
        return past if verified(who) else UNVERIFIED

    return expect


def party(who: str, case: Case) -> bool:
    role = role_of(who)
    if role == R.patient:
        return case.patient == "pa"  # patient_pa's own record is pa
    org = ACTORS[who]
    return ((role in REFERRERS and org == case.source)
            or (role in RECEIVERS and org == case.target)
            or (role in OVERSEERS and (covers(org, case.source) or covers(org, case.target))))


def reads(who: str, scope: str) -> bool:
    case = CASES[scope]
    return party(who, case) or any(party(who, CASES[other]) for other in case.linked)


def refers(who: str, scope: str) -> str:
    return route(REFERRERS)(who, INVALID)  # the body is empty: past the policy it is invalid


def targets(who: str, scope: str) -> str:
    return route(REFERRERS)(who)


def steps(who: str, scope: str) -> str:
    return route(STEPPERS)(who, NOT_FOUND)


def anyone(who: str, scope: str) -> str:
    return OK


def counts(who: str, scope: str) -> str:
    return OK if role_of(who) in COUNTERS else FORBIDDEN


def reader(who: str, scope: str) -> str:
    return OK if reads(who, scope) else FORBIDDEN


def department_list(who: str, scope: str) -> str:
    past = route(STEPPERS)(who)
    return past if past != OK else reader(who, scope)


@dataclass
class Ctx:
    app: object
    client: object
    world: World
    ids: dict[str, str] = field(default_factory=dict)

    async def post(self, who: str, path: str, body: dict) -> dict:
        r = await self.world.client_as(self.client, who).post(path, json=body)
        assert r.status_code in (200, 201), f"{who} {path}: {r.text}"
        return r.json()

    async def case(self, scope: str) -> str:
        """The referrals, made the first time one is asked for."""
        if not self.ids:
            await self.make()
        return self.ids[scope]

    async def make(self) -> None:
        w = self.world
        setup = await prepare(w)
        await add_staff(w, "doctor_b1", Role.grassroots_doctor, "B1")
        async with self.app.state.sessionmaker() as db:
            db.add(Agreement(organisation_a_id=w.orgs["B1"].id, organisation_b_id=w.orgs["B"].id,
                             services=["referral"], valid_from=date(2026, 1, 1)))
            await db.commit()
        self.ids["b"] = (await self.post("doctor_b1", BASE, referral(
            w, target="B", patient="pb")))["id"]

        up = (await self.post("town_doctor_a1", BASE, referral(
            w, target="A", target_department_id=str(setup.depts["cardio_a"]))))["id"]
        for who, step, body in (
                ("coordinator_a", "accept", {"reservation": "bed", "reserved_at": in_days(w, 1),
                                             "reserved_place": "心血管内科病区 12床"}),
                ("coordinator_a", "arrive", {}),
                ("specialist_a", "treat", {"outcome": "好转出院"})):
            await self.post(who, f"{BASE}/{up}/{step}", body)
        self.ids["loop_up"] = up
        self.ids["loop_down"] = (await self.post("specialist_a", BASE, return_body(
            w, target="A1a", up_id=up)))["id"]

        original = (await self.post("village_doctor", BASE, referral(
            w, target="A1", target_department_id=str(setup.depts["general_a1"]))))["id"]
        await self.post("town_doctor_a1", f"{BASE}/{original}/reject",
                        {"reason": "本院无心脏超声，建议转县医院"})
        self.ids["original"] = original
        self.ids["copy"] = (await self.post("village_doctor", f"{BASE}/{original}/reraise", {
            "target_org_id": str(w.orgs["A"].id), "skip_reason": "镇卫生院无心脏超声设备"}))["id"]


@dataclass
class Endpoint:
    expect: Callable[[str, str], str]
    path: Callable[[Ctx, str], Awaitable[str]]
    body: dict | None = None
    scopes: tuple[str, ...] = NO_CASE


def fixed(path: str) -> Callable[[Ctx, str], Awaitable[str]]:
    async def make(c: Ctx, scope: str) -> str:
        return path

    return make


def of_case(suffix: str = "") -> Callable[[Ctx, str], Awaitable[str]]:
    async def make(c: Ctx, scope: str) -> str:
        return f"{BASE}/{await c.case(scope)}{suffix}"

    return make


def nowhere(suffix: str) -> Callable[[Ctx, str], Awaitable[str]]:
    async def make(c: Ctx, scope: str) -> str:
        return f"{BASE}/{uuid.uuid4()}{suffix}"

    return make


_ID = str(uuid.uuid4())
_REASON = {"reason": "患者家属要求取消"}
STEP_BODIES: dict[str, dict] = {
    "/accept": {"reservation": "appointment", "reserved_at": "2026-11-25T02:00:00+00:00",
                "reserved_place": "心内科门诊"},
    "/reject": _REASON,
    "/redirect": {"target_department_id": _ID, "reason": "请心内科评估"},
    "/reraise": {"note": "再次评估"},
    "/cancel": _REASON,
    "/arrive": {},
    "/no-show": {},
    "/treat": {"outcome": "好转出院"},
    "/attachments": {"file_id": _ID},
}

MATRIX: dict[tuple[str, str], Endpoint] = {
    ("POST", BASE): Endpoint(refers, fixed(BASE), body={}),
    ("GET", BASE): Endpoint(anyone, fixed(BASE)),
    ("GET", BASE + "/targets"): Endpoint(targets, fixed(BASE + "/targets?direction=up")),
    ("GET", BASE + "/dashboard"): Endpoint(counts, fixed(BASE + "/dashboard")),
    ("GET", BASE + "/stats"): Endpoint(counts, fixed(
        BASE + "/stats?start=2026-11-01T00:00:00Z&end=2026-12-01T00:00:00Z")),
    ("GET", ONE): Endpoint(reader, of_case(), scopes=SCOPES),
    ("GET", ONE + "/departments"): Endpoint(department_list, of_case("/departments"),
                                            scopes=SCOPES),
    **{("POST", ONE + suffix): Endpoint(steps, nowhere(suffix), body=body)
       for suffix, body in STEP_BODIES.items()},
}


def test_the_matrix_covers_every_referral_endpoint(app):
    served = {(m, p) for m, p, _ in app_routes(app) if p.startswith(BASE)}
    assert served == set(MATRIX), "add the new endpoint to the referral permission matrix"


@pytest.mark.parametrize("endpoint", sorted(MATRIX), ids=lambda e: f"{e[0]} {e[1]}")
async def test_endpoint_by_role_and_case(endpoint, app, client, world):
    method, template = endpoint
    spec = MATRIX[endpoint]
    anonymous = await client.request(method, template.format(referral_id=uuid.uuid4()),
                                     json=spec.body)
    assert anonymous.status_code == 401, anonymous.text
    ctx, failures = Ctx(app, client, world), []
    for who in ACTORS:
        for scope in spec.scopes:
            r = await client.request(method, await spec.path(ctx, scope), json=spec.body,
                                     headers=world.headers(who))
            expected = spec.expect(who, scope)
            status, code = EXPECTED[expected]
            if r.status_code != status or (code and r.json().get("code") != code):
                failures.append(f"{who}/{scope}: expected {expected}, got {r.status_code} "
                                f"{r.text[:160]}")
    assert not failures, "\n".join(failures)


async def test_the_list_shows_a_referral_to_its_parties_only(app, client, world):
    ctx, failures = Ctx(app, client, world), []
    mine = {await ctx.case(scope): scope for scope in SCOPES}
    for who in ACTORS:
        r = await world.client_as(client, who).get(BASE)
        assert r.status_code == 200, r.text
        shown = {mine[c["id"]] for c in r.json()["items"] if c["id"] in mine}
        expected = {scope for scope in SCOPES if party(who, CASES[scope])}
        if shown != expected:
            failures.append(f"{who}: expected {sorted(expected)}, shown {sorted(shown)}")
    assert not failures, "\n".join(failures)


def test_the_scopes_tell_the_rules_apart():
    """Each rule decides a read somewhere here (so a rule dropped from the code is noticed)."""
    linked_only = {(who, s) for who in ACTORS for s in SCOPES
                   if reads(who, s) and not party(who, CASES[s])}
    assert {("town_doctor_a1", "loop_down"), ("family_doctor", "loop_up"),
            ("specialist_a", "original"), ("nurse_a1", "copy")} <= linked_only
    assert not reads("nurse_a1", "loop_up")  # a nurse of the referring side is no party
    assert reads("nurse_a1", "original") and not reads("pharmacist_a", "copy")
    assert not any(reads(who, "b") for who in ACTORS)
