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
from tests.consultation.helpers import application, prepare
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
from yilian.core.authz import Role

BASE = "/api/v1/consultations"
ONE = BASE + "/{consultation_id}"

R = Role
INVITING = {R.grassroots_doctor, R.specialist, R.family_doctor, R.mdt_expert}
OVERSEERS = {R.coordinator, R.org_admin}
APPLIERS = INVITING
STEPPERS = INVITING | {R.coordinator}
COUNTERS = {R.alliance_admin, R.org_admin, R.coordinator}


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


counts = by_role(COUNTERS)


def reader(who: str, scope: str) -> str:
    return OK if reads(who, scope) else FORBIDDEN


def department_list(who: str, scope: str) -> str:
    past = route(STEPPERS)(who)
    return past if past != OK else reader(who, scope)


def candidates(who: str, scope: str) -> str:
    past = department_list(who, scope)
    return past if past != OK or ACTORS[who] == CASES[scope].invited else FORBIDDEN


class Ctx(CaseCtx):
    async def make(self) -> None:
        """The three cases."""
        setup = await prepare(self.world)
        await add_staff(self.world, "village_doctor_b1", Role.grassroots_doctor, "B1")
        await agree(self.world, "B1", "A", ["consultation"])
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

MATRIX = Matrix("consultation", {
    ("POST", BASE): Endpoint(applies, BASE, body={}),
    ("GET", BASE): Endpoint(everyone, BASE),
    ("GET", BASE + "/stats"): Endpoint(
        counts, BASE + "/stats?start=2026-11-01T00:00:00Z&end=2026-12-01T00:00:00Z"),
    ("GET", ONE): Endpoint(reader, of_case(BASE), scopes=SCOPES),
    ("GET", ONE + "/candidates"): Endpoint(candidates, of_case(BASE, "/candidates"),
                                           scopes=SCOPES),
    ("GET", ONE + "/departments"): Endpoint(department_list, of_case(BASE, "/departments"),
                                            scopes=SCOPES),
    ("PUT", ONE + "/draft"): Endpoint(steps, nowhere(BASE, "/draft"), body=DRAFT),
    **{("POST", ONE + suffix): Endpoint(steps, nowhere(BASE, suffix), body=body)
       for suffix, body in STEP_BODIES.items()},
}, outcomes=outcomes(not_found="consultation-not-found"),
    routes=under(BASE), actors=ACTORS, scopes=NO_CASE)


def test_the_matrix_covers_every_consultation_endpoint(app):
    MATRIX.check_routes(app)


@MATRIX.parametrize
async def test_endpoint_by_role_and_case(endpoint, app, client, world):
    await MATRIX.check(endpoint, client, world, Ctx(app, client, world).at)


async def test_the_list_shows_a_case_to_its_parties_only(app, client, world):
    ctx = Ctx(app, client, world)
    cases = {scope: await ctx.case(scope) for scope in SCOPES}
    await check_list_shows_parties_only(client, world, BASE, cases, reads)
