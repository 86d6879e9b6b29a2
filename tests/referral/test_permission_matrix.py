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
from dataclasses import dataclass

from tests.cases.helpers import (
    ACTORS,
    NO_CASE,
    CaseCtx,
    agree,
    check_list_shows_parties_only,
    nowhere,
    of_case,
    outcomes,
)
from tests.factories import add_staff, covers
from tests.matrix import (
    FORBIDDEN,
    INVALID,
    NOT_FOUND,
    OK,
    Endpoint,
    Matrix,
    by_role,
    everyone,
    role_of,
    route,
    under,
)
from tests.referral.helpers import in_days, prepare, referral, return_body
from yilian.core.authz import Role

BASE = "/api/v1/referrals"
ONE = BASE + "/{referral_id}"

R = Role
REFERRERS = {R.grassroots_doctor, R.family_doctor, R.specialist, R.mdt_expert}
RECEIVERS = REFERRERS | {R.nurse, R.coordinator}
STEPPERS = RECEIVERS
OVERSEERS = {R.coordinator, R.org_admin}
COUNTERS = {R.alliance_admin, R.org_admin, R.coordinator}


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


counts = by_role(COUNTERS)


def reader(who: str, scope: str) -> str:
    return OK if reads(who, scope) else FORBIDDEN


def department_list(who: str, scope: str) -> str:
    past = route(STEPPERS)(who)
    return past if past != OK else reader(who, scope)


class Ctx(CaseCtx):
    async def post(self, who: str, path: str, body: dict) -> dict:
        r = await self.world.client_as(self.client, who).post(path, json=body)
        assert r.status_code in (200, 201), f"{who} {path}: {r.text}"
        return r.json()

    async def make(self) -> None:
        """The referrals."""
        w = self.world
        setup = await prepare(w)
        await add_staff(w, "doctor_b1", Role.grassroots_doctor, "B1")
        await agree(w, "B1", "B", ["referral"])
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

MATRIX = Matrix("referral", {
    ("POST", BASE): Endpoint(refers, BASE, body={}),
    ("GET", BASE): Endpoint(everyone, BASE),
    ("GET", BASE + "/targets"): Endpoint(targets, BASE + "/targets?direction=up"),
    ("GET", BASE + "/dashboard"): Endpoint(counts, BASE + "/dashboard"),
    ("GET", BASE + "/stats"): Endpoint(
        counts, BASE + "/stats?start=2026-11-01T00:00:00Z&end=2026-12-01T00:00:00Z"),
    ("GET", ONE): Endpoint(reader, of_case(BASE), scopes=SCOPES),
    ("GET", ONE + "/departments"): Endpoint(department_list, of_case(BASE, "/departments"),
                                            scopes=SCOPES),
    **{("POST", ONE + suffix): Endpoint(steps, nowhere(BASE, suffix), body=body)
       for suffix, body in STEP_BODIES.items()},
}, outcomes=outcomes(not_found="referral-not-found"),
    routes=under(BASE), actors=ACTORS, scopes=NO_CASE)


def test_the_matrix_covers_every_referral_endpoint(app):
    MATRIX.check_routes(app)


@MATRIX.parametrize
async def test_endpoint_by_role_and_case(endpoint, app, client, world):
    await MATRIX.check(endpoint, client, world, Ctx(app, client, world).at)


async def test_the_list_shows_a_referral_to_its_parties_only(app, client, world):
    ctx = Ctx(app, client, world)
    cases = {scope: await ctx.case(scope) for scope in SCOPES}
    await check_list_shows_parties_only(client, world, BASE, cases,
                                        lambda who, scope: party(who, CASES[scope]))


def test_the_scopes_tell_the_rules_apart():
    """Each rule decides a read somewhere here (so a rule dropped from the code is noticed)."""
    linked_only = {(who, s) for who in ACTORS for s in SCOPES
                   if reads(who, s) and not party(who, CASES[s])}
    assert {("town_doctor_a1", "loop_down"), ("family_doctor", "loop_up"),
            ("specialist_a", "original"), ("nurse_a1", "copy")} <= linked_only
    assert not reads("nurse_a1", "loop_up")  # a nurse of the referring side is no party
    assert reads("nurse_a1", "original") and not reads("pharmacist_a", "copy")
    assert not any(reads(who, "b") for who in ACTORS)
