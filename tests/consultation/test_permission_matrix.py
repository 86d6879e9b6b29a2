"""Every consultation endpoint × every role, and who may read which case.

Written from the rules (issue 5, docs/decisions/0013), not read from the code:
- applying is for the doctors who may invite (grassroots doctor, specialist, family doctor,
  MDT expert), really-name verified; taking a step also for the office (coordinator), verified;
  counting is for admins and coordinators; reading is for anyone signed in;
- a case is shown to its parties only: the doctors (inviting roles) of the inviting
  organisation itself; coordinators and organisation admins whose grant covers the inviting
  organisation (they oversee the organisations below them); the office and admins
  covering the invited organisation; the heads and experts of the invited organisation who
  take part; and the patient's own account;
- candidates are named by the invited organisation only.

Three cases: ``inviting`` (village A1a → county A, patient pa, just requested), ``invited``
(town B1 → county A, patient pb, just requested) and ``routed`` (the same, routed to A's
cardiology, whose head is specialist_a). Steps are asked of a consultation that does not exist,
so an actor let past the route policy gets 404. The test fails when the module gains an endpoint
this table does not cover.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date

import pytest

from tests.consultation.helpers import add_staff, application, prepare
from tests.factories import MATRIX_ACTORS, STAFF, World, covers, role_of
from yilian.alliance.models import Agreement
from yilian.core.authz import Role, app_routes

BASE = "/api/v1/consultations"
ONE = BASE + "/{consultation_id}"
# One actor per role, and a specialist not yet verified (clinical steps need verification).
ACTORS = {**MATRIX_ACTORS, "specialist_unverified": "A"}

R = Role
INVITING = {R.grassroots_doctor, R.specialist, R.family_doctor, R.mdt_expert}
OVERSEERS = {R.coordinator, R.org_admin}
APPLIERS = INVITING
STEPPERS = INVITING | {R.coordinator}
COUNTERS = {R.alliance_admin, R.org_admin, R.coordinator}

OK, FORBIDDEN, UNVERIFIED, INVALID, NOT_FOUND = "ok", "forbidden", "unverified", "invalid", \
    "not-found"
EXPECTED = {OK: (200, None), FORBIDDEN: (403, None), UNVERIFIED: (403, "not-verified"),
            INVALID: (422, None), NOT_FOUND: (404, "consultation-not-found")}


@dataclass(frozen=True)
class Case:
    inviting: str
    invited: str
    patient: str
    applicant: str
    # People of the invited organisation taking part (heading the routed department).
    parties: tuple[str, ...] = ()
    routed: bool = False


CASES = {
    "inviting": Case("A1a", "A", "pa", "village_doctor"),
    "invited": Case("B1", "A", "pb", "village_doctor_b1"),
    "routed": Case("B1", "A", "pb", "village_doctor_b1", parties=("specialist_a",), routed=True),
}
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


def reads(who: str, scope: str) -> bool:
    case = CASES[scope]
    role = role_of(who)
    if role == R.patient:
        return case.patient == "pa"  # patient_pa's own record is pa
    org = ACTORS[who]
    return ((role in INVITING and org == case.inviting)
            or (role in OVERSEERS and covers(org, case.inviting))
            or (role in OVERSEERS and covers(org, case.invited))
            or (org == case.invited and who in case.parties))


def applies(who: str, scope: str) -> str:
    return route(APPLIERS)(who, INVALID)  # the body is empty: past the policy it is invalid


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


def candidates(who: str, scope: str) -> str:
    past = department_list(who, scope)
    return past if past != OK or ACTORS[who] == CASES[scope].invited else FORBIDDEN


@dataclass
class Ctx:
    app: object
    client: object
    world: World
    ids: dict[str, str] = field(default_factory=dict)

    async def case(self, scope: str) -> str:
        """The three cases, made the first time one is asked for."""
        if not self.ids:
            setup = await prepare(self.world)
            await add_staff(self.world, "village_doctor_b1", Role.grassroots_doctor, "B1")
            async with self.app.state.sessionmaker() as db:
                db.add(Agreement(organisation_a_id=self.world.orgs["B1"].id,
                                 organisation_b_id=self.world.orgs["A"].id,
                                 services=["consultation"], valid_from=date(2026, 1, 1)))
                await db.commit()
            for name, c in CASES.items():
                r = await self.world.client_as(self.client, c.applicant).post(
                    BASE, json=application(self.world, invited=c.invited, patient=c.patient))
                assert r.status_code == 201, r.text
                self.ids[name] = r.json()["id"]
                if c.routed:
                    r = await self.world.client_as(self.client, "coordinator_a").post(
                        f"{BASE}/{self.ids[name]}/route",
                        json={"department_id": str(setup.depts["cardio_a"])})
                    assert r.status_code == 200, r.text
        return self.ids[scope]


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
    "/route": {"department_id": _ID},
    "/decline": _REASON,
    "/return": _REASON,
    "/assign": {"expert_id": _ID},
    "/withdraw": _REASON,
    "/dispatch": {"lead_department_id": _ID},
    "/answer": {"department_id": _ID, "accept": True, "chief_id": _ID},
    "/confirm-panel": {},
    "/book": {"slot_id": _ID},
    "/reschedule": {"slot_id": _ID, "reason": "时间冲突"},
    "/request-info": {"request": "请补充心电图"},
    "/supply-info": {"note": "已补充心电图"},
    "/attachments": {"file_id": _ID},
    "/start": {},
    "/coordinator": {"joins": False},
    "/opinion": {"opinion": "同意首席专家意见"},
    "/publish": {},
    "/acknowledge": {},
    "/cancel": _REASON,
    "/addenda": {"opinion": "补充说明"},
}
DRAFT = {"findings": "心电图示ST段压低。", "opinion": "考虑不稳定型心绞痛。",
         "diagnoses": [{"code": "I20.0", "name": "不稳定型心绞痛"}], "recommendations": "冠脉造影。"}
SCOPES = tuple(CASES)

MATRIX: dict[tuple[str, str], Endpoint] = {
    ("POST", BASE): Endpoint(applies, fixed(BASE), body={}),
    ("GET", BASE): Endpoint(anyone, fixed(BASE)),
    ("GET", BASE + "/stats"): Endpoint(counts, fixed(
        BASE + "/stats?start=2026-11-01T00:00:00Z&end=2026-12-01T00:00:00Z")),
    ("GET", ONE): Endpoint(reader, of_case(), scopes=SCOPES),
    ("GET", ONE + "/candidates"): Endpoint(candidates, of_case("/candidates"), scopes=SCOPES),
    ("GET", ONE + "/departments"): Endpoint(department_list, of_case("/departments"),
                                            scopes=SCOPES),
    ("PUT", ONE + "/draft"): Endpoint(steps, nowhere("/draft"), body=DRAFT),
    **{("POST", ONE + suffix): Endpoint(steps, nowhere(suffix), body=body)
       for suffix, body in STEP_BODIES.items()},
}


def test_the_matrix_covers_every_consultation_endpoint(app):
    served = {(m, p) for m, p, _ in app_routes(app) if p.startswith(BASE)}
    assert served == set(MATRIX), "add the new endpoint to the consultation permission matrix"


@pytest.mark.parametrize("endpoint", sorted(MATRIX), ids=lambda e: f"{e[0]} {e[1]}")
async def test_endpoint_by_role_and_case(endpoint, app, client, world):
    method, template = endpoint
    spec = MATRIX[endpoint]
    anonymous = await client.request(method, template.format(consultation_id=uuid.uuid4()),
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


async def test_the_list_shows_a_case_to_its_parties_only(app, client, world):
    ctx, failures = Ctx(app, client, world), []
    mine = {await ctx.case(scope): scope for scope in SCOPES}
    for who in ACTORS:
        r = await world.client_as(client, who).get(BASE)
        assert r.status_code == 200, r.text
        shown = {mine[c["id"]] for c in r.json()["items"] if c["id"] in mine}
        expected = {scope for scope in SCOPES if reads(who, scope)}
        if shown != expected:
            failures.append(f"{who}: expected {sorted(expected)}, shown {sorted(shown)}")
    assert not failures, "\n".join(failures)
