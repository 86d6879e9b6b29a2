"""Every e-prescription endpoint × every role × a prescription in the actor's scope and one
outside it.

Written from the rules (issue 16's brief), not read from the code:
- only the visit's doctor, in person, during the open visit, checks a draft and writes and
  signs it (re-authenticated: 实名); a doctor not yet real-name verified is refused as such;
  no endpoint drafts a prescription for the doctor;
- the dispensing organisation's pharmacists review it (pass, or return to the doctor); a
  pharmacist of another organisation is refused;
- the doctor who signed it voids it (a change is a new version);
- the patient (or a proxy of their account) chooses delivery or pick-up, may decline it before
  paying and ask a refund before it is dispensed; a pharmacist of the dispensing organisation
  may refund too;
- the pharmacy dispenses it and records the carrier's collection, the transit and the delivery
  against the patient's receipt code; the patient may confirm receipt of a delivery; a doctor
  of the village clinic where it is picked up confirms its arrival and hands it over against
  the pick-up code, usage explained;
- a prescription is read by its patient (and proxies), its doctor, the dispensing
  organisation's pharmacists, the pick-up clinic's village doctors, and the coordinators and
  organisation admins covering the prescribing or the dispensing organisation; lists show the
  prescriptions one is a party of (anyone signed in may ask).

"in" is patient pa's prescription written by specialist_a in an online visit at county A,
dispensed by A and (once chosen) picked up at pa's village clinic A1a; "out" is patient pb's
written by specialist_b at county B, picked up at pb's town B1: nobody of the cast takes part.
Each step is asked of a prescription in the state where the step applies (for a delivery
where the step is the carrier's), brought there through the service, so that the rightful
person's answer is the real step (a new prescription after each step taken). The test fails
when the module gains an endpoint this table does not cover.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from tests.cases.helpers import ACTORS as CASE_ACTORS
from tests.cases.helpers import check_list_shows_parties_only
from tests.factories import covers
from tests.matrix import (
    FORBIDDEN,
    OK,
    UNVERIFIED,
    Endpoint,
    Matrix,
    Outcome,
    everyone,
    role_of,
    under,
    verified,
)
from tests.pharmacy.prescriptions.helpers import (
    RX,
    Counties,
    draft,
    make_counties,
    step_path,
)
from yilian.core.authz import Role
from yilian.pharmacy.prescriptions.models import State

R, S = Role, State
ONE = RX + "/{prescription_id}"
CREATED, MOVED = "created", "moved"
# The cast: one actor per role (an unverified specialist too), the grassroots doctor of pa's
# village clinic beside its family doctor, and two proxies: of pa's account (her child's), and
# of another patient's (pc's parent).
PROXIES = ("reader_of_pa", "parent")
ACTORS: dict[str, str | None] = {**CASE_ACTORS, "village_doctor": "A1a",
                                 **dict.fromkeys(PROXIES)}
DOCTORS = {R.specialist, R.mdt_expert, R.grassroots_doctor, R.family_doctor}
VILLAGE_DOCTORS = {R.grassroots_doctor, R.family_doctor}
OVERSEERS = {R.coordinator, R.org_admin}


@dataclass(frozen=True)
class Case:
    patient: tuple[str, ...]  # the patient's own account and its proxies
    doctor: str
    county: str  # prescribing and dispensing
    clinic: str  # where it is picked up


CASES = {"in": Case(("patient_pa", "reader_of_pa"), "specialist_a", "A", "A1a"),
         "out": Case(("patient_pb",), "specialist_b", "B", "B1")}


# ---------------------------------------------------------------- who, from the rules


def role(who: str) -> Role:
    return R.patient if who in PROXIES else role_of(who)


def patient(who: str, case: Case) -> bool:
    return who in case.patient


def doctor(who: str, case: Case) -> bool:
    return who == case.doctor


def pharmacist(who: str, case: Case) -> bool:
    return role(who) == R.pharmacist and ACTORS[who] == case.county


def clinic_doctor(who: str, case: Case) -> bool:
    return role(who) in VILLAGE_DOCTORS and ACTORS[who] == case.clinic


def overseer(who: str, case: Case) -> bool:
    return role(who) in OVERSEERS and covers(ACTORS[who], case.county)


def reads(who: str, scope: str) -> bool:
    case = CASES[scope]
    return any(rule(who, case) for rule in (patient, doctor, pharmacist, clinic_doctor,
                                            overseer))


def reader(who: str, scope: str) -> str:
    return OK if reads(who, scope) else FORBIDDEN


def writes(done: str):
    """The visit's doctor; a doctor not real-name verified is refused as such."""

    def expect(who: str, scope: str) -> str:
        if role(who) in DOCTORS and not verified(who):
            return UNVERIFIED
        return done if doctor(who, CASES[scope]) else FORBIDDEN

    return expect


@dataclass(frozen=True)
class Step:
    action: str
    state: State  # where it is asked
    fulfilment: str | None  # what the patient chose by then
    target: State  # where it leaves the prescription
    rules: tuple[Any, ...]  # whose it is


STEPS = [
    Step("pass", S.in_review, None, S.approved, (pharmacist,)),
    Step("return", S.in_review, None, S.returned, (pharmacist,)),
    Step("void", S.approved, "pickup", S.voided, (doctor,)),
    Step("checkout", S.approved, None, S.approved, (patient,)),
    Step("cancel", S.approved, "pickup", S.cancelled, (patient,)),
    Step("refund", S.paid, "pickup", S.cancelled, (patient, pharmacist)),
    Step("dispense", S.paid, "pickup", S.dispensed, (pharmacist,)),
    Step("collect", S.dispensed, "delivery", S.collected, (pharmacist,)),
    Step("transit", S.collected, "delivery", S.in_transit, (pharmacist,)),
    Step("deliver", S.in_transit, "delivery", S.received, (pharmacist,)),
    Step("confirm_receipt", S.in_transit, "delivery", S.received, (patient,)),
    Step("arrive", S.dispensed, "pickup", S.at_clinic, (clinic_doctor,)),
    Step("hand_over", S.at_clinic, "pickup", S.received, (clinic_doctor,)),
]
BY_PATH = {ONE + step_path(s.action): s for s in STEPS}
# The prescription read: paid, to be picked up at the clinic.
READ = Step("read", S.paid, "pickup", S.paid, ())


def takes(step: Step):
    def expect(who: str, scope: str) -> str:
        return MOVED if any(rule(who, CASES[scope]) for rule in step.rules) else FORBIDDEN

    return expect


# ---------------------------------------------------------------- the calls


@dataclass
class Ctx:
    counties: Counties
    # (endpoint's path, scope) -> the prescription it is asked of; shared by a test's calls.
    made: dict[tuple[str, str], str]
    template: str
    who: str
    scope: str

    @property
    def step(self) -> Step:
        return BY_PATH.get(self.template, READ)

    async def case(self) -> str:
        key = (self.template, self.scope)
        if key not in self.made:
            step = self.step
            self.made[key] = await self.counties.bring(step.state, self.scope, step.fulfilment)
        return self.made[key]

    async def path(self, then: str = "") -> str:
        return f"{RX}/{await self.case()}{then}"

    async def body(self) -> dict[str, Any]:
        return await self.counties.body(self.step.action, await self.case())

    def draft(self) -> dict[str, Any]:
        return draft(self.counties.rx[self.scope])


async def _after(endpoint: tuple[str, str], ctx: Ctx, r: httpx.Response) -> None:
    """A step taken (or a new one signed): the next caller gets a fresh prescription."""
    if endpoint[0] == "POST" and r.status_code in (200, 201):
        ctx.made.pop((endpoint[1], ctx.scope), None)


MATRIX = Matrix("e-prescription", {
    ("POST", RX + "/check"): Endpoint(writes(OK), RX + "/check", lambda c: c.draft()),
    ("POST", RX): Endpoint(writes(CREATED), RX, lambda c: c.draft()),
    ("GET", RX): Endpoint(everyone, RX),
    ("GET", ONE): Endpoint(reader, lambda c: c.path()),
    **{("POST", path): Endpoint(takes(step), lambda c: c.path(step_path(c.step.action)),
                                lambda c: c.body())
       for path, step in BY_PATH.items()},
}, outcomes={OK: Outcome(200), CREATED: Outcome(201, check=lambda r, c: r.json()["state"] ==
                                                     S.in_review.value),
             MOVED: Outcome(200, check=lambda r, c: r.json()["state"] == c.step.target.value),
             FORBIDDEN: Outcome(403), UNVERIFIED: Outcome(403, code="not-verified")},
    routes=under(RX), actors=ACTORS, after=_after)


def test_the_matrix_covers_every_prescription_endpoint(app):
    MATRIX.check_routes(app)


@MATRIX.parametrize
async def test_endpoint_by_role_and_scope(endpoint, app, client, world):
    counties = await make_counties(app, client, world)
    made: dict[tuple[str, str], str] = {}
    await MATRIX.check(endpoint, client, world, lambda who, scope: Ctx(
        counties, made, endpoint[1], who, scope))


async def test_the_list_shows_a_prescription_to_its_parties_only(app, client, world):
    counties = await make_counties(app, client, world)
    cases = {scope: await counties.bring(S.paid, scope, "pickup") for scope in CASES}
    await check_list_shows_parties_only(client, world, RX, cases, reads, actors=ACTORS)


def test_the_scopes_tell_the_rules_apart():
    """Each reading rule decides a read here (so a rule dropped from the code is noticed)."""
    case = CASES["in"]
    for rule, who in ((patient, "patient_pa"), (patient, "reader_of_pa"),
                      (doctor, "specialist_a"),
                      (pharmacist, "pharmacist_a"), (clinic_doctor, "village_doctor"),
                      (clinic_doctor, "family_doctor"), (overseer, "coordinator_a"),
                      (overseer, "org_admin_a")):
        others = [r for r in (patient, doctor, pharmacist, clinic_doctor, overseer)
                  if r is not rule]
        assert rule(who, case) and not any(r(who, case) for r in others), who
    # Near misses: a doctor of the same hospital, the town above the clinic, the province.
    assert not any(reads(who, "in") for who in ("specialist_unverified", "town_doctor_a1",
                                                "alliance_admin", "mdt_expert", "nurse_a1",
                                                "parent"))
    assert not any(reads(who, "out") for who in ACTORS)
