"""Every online visit endpoint × every role × a visit (or session, or organisation) in the
actor's scope and one outside it.

Written from the rules (issue 15's brief), not read from the code:
- booking is for the patient's own account (or a proxy of it), and for a verified village or
  grassroots doctor of the patient's home clinic (代问诊); nobody else books;
- a visit is read by its patient, the session's doctor, the village doctor who booked it, and
  the coordinators and organisation admins covering either organisation; lists show the visits
  one is a party of (anyone signed in may ask);
- steps are for patients and doctors (the table decides which step whose): asked of a visit
  that does not exist, an actor let past the route policy gets 404;
- a session's queue and calling the next are for its doctor only, verified; calling needs the
  re-authentication (实名) first;
- after 停诊 the patient side moves a visit (a step) and reads where it may go;
- a village clinic's screen is for its own staff;
- the day's board (今日门诊) is for the coordinators and administrators covering the
  organisation (a department head's, for their departments, is in test_board.py);
- the visits' counts are for administrators and coordinators (of what they cover).

"in" is patient pa (home village A1a) with specialist_a's session at county A; "out" is patient
pb (home town B1) with specialist_b's session at county B.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import timedelta

import httpx

from tests.clinic.helpers import CLINIC, FEES, TOMORROW, Clinic, make_clinic
from tests.clinic.visits.helpers import SESSIONS, VISITS, add_problem, two_factor
from tests.factories import World, covers
from tests.matrix import (
    ACTORS,
    FORBIDDEN,
    NOT_FOUND,
    OK,
    Endpoint,
    Matrix,
    Outcome,
    everyone,
    role_of,
)
from yilian.cases.stats import READERS as COUNTERS
from yilian.clinic.visits.policy import BOARD, STEP
from yilian.clinic.visits.today import OVERSEERS

ONE = VISITS + "/{visit_id}"
CREATED, STEP_UP = "created", "step-up"
# Where each actor may book: their own patient (the account's, or the village clinic's).
BOOKERS = {"in": {"patient_pa", "family_doctor"}, "out": set()}
# Who reads pa's visit at A; nobody here reads pb's at B.
READERS = {"in": {"patient_pa", "specialist_a", "coordinator_a", "org_admin_a"}, "out": set()}
TARGET = {"in": ("A", "specialist_a", "pa"), "out": ("B", "specialist_b", "pb")}


def books(who: str, scope: str) -> str:
    return CREATED if who in BOOKERS[scope] else FORBIDDEN


def reads(who: str, scope: str) -> str:
    return OK if who in READERS[scope] else FORBIDDEN


def steps(who: str, scope: str) -> str:
    return NOT_FOUND if role_of(who) in STEP.roles else FORBIDDEN


def runs_queue(outcome: str):
    return lambda who, scope: outcome if (who, scope) == ("specialist_a", "in") else FORBIDDEN


def screens(who: str, scope: str) -> str:
    return OK if scope == "in" and role_of(who) in BOARD.roles and ACTORS[who] else FORBIDDEN


def oversees(who: str, scope: str) -> str:
    org = "A" if scope == "in" else "B"
    return OK if role_of(who) in OVERSEERS and covers(ACTORS[who], org) else FORBIDDEN


def counts(who: str, scope: str) -> str:
    return OK if role_of(who) in COUNTERS else FORBIDDEN


@dataclass
class Ctx:
    client: httpx.AsyncClient
    clinic: Clinic
    who: str
    scope: str
    days: itertools.count
    visits: dict[str, str]
    sessions: dict[str, str]
    problems: dict[str, str]

    @property
    def world(self) -> World:
        return self.clinic.world

    async def booking(self) -> dict:
        """A fresh session each call (a patient books one visit a session)."""
        org, doctor, patient = TARGET[self.scope]
        day = TOMORROW + timedelta(days=next(self.days))
        r = await self.world.client_as(self.client, "alliance_admin").post(
            SESSIONS, json=self.clinic.session_body(doctor=doctor, org=org, day=day.isoformat()))
        assert r.status_code == 201, r.text
        return {"session_id": r.json()["id"], "patient_id": str(self.world.patients[patient]),
                "proof": {"kind": "record_diagnosis", "problem_id": self.problems[patient]}}

    def board(self) -> dict:
        org = ACTORS[self.who] if self.scope == "in" and ACTORS[self.who] else "B1"
        return {"organisation_id": str(self.world.orgs[org].id)}


RECORD = {"chief_complaint": "头晕", "history": "高血压十年", "diagnosis_icd10": "I10",
          "diagnosis_text": "原发性高血压", "advice": "继续服药"}
STEPS = {"/check-in": {}, "/cancel": {"reason": "临时有事"}, "/miss": {}, "/start": {},
         "/finish": RECORD, "/not-eligible": {"reason": "需要线下检查"},
         "/refer-offline": {"reason": "请线下就诊"},
         "/calls": {"started_at": "2026-11-24T01:00:00Z", "minutes": 5},
         "/attachments": {"file_id": "00000000-0000-4000-8000-000000000000"},
         "/move": {"session_id": "00000000-0000-4000-8000-000000000002"}}

MATRIX = Matrix("clinic visits", {
    ("POST", VISITS): Endpoint(books, VISITS, lambda c: c.booking()),
    ("GET", VISITS): Endpoint(everyone, VISITS),
    ("GET", ONE): Endpoint(reads, lambda c: f"{VISITS}/{c.visits[c.scope]}"),
    # Where a stopped visit may move: its patient side only (pa's visit, not stopped: none).
    ("GET", ONE + "/move-options"): Endpoint(
        lambda who, scope: OK if (who, scope) == ("patient_pa", "in") else FORBIDDEN,
        lambda c: f"{VISITS}/{c.visits[c.scope]}/move-options"),
    **{("POST", ONE + tail): Endpoint(steps, VISITS + "/00000000-0000-4000-8000-000000000001"
                                      + tail, body, scopes=("in",))
       for tail, body in STEPS.items()},
    ("GET", SESSIONS + "/{session_id}/queue"): Endpoint(
        runs_queue(OK), lambda c: f"{SESSIONS}/{c.sessions[c.scope]}/queue"),
    ("POST", SESSIONS + "/{session_id}/call-next"): Endpoint(
        runs_queue(STEP_UP), lambda c: f"{SESSIONS}/{c.sessions[c.scope]}/call-next"),
    ("GET", CLINIC + "/queue-board"): Endpoint(screens, CLINIC + "/queue-board",
                                               params=lambda c: c.board()),
    ("GET", CLINIC + "/today"): Endpoint(oversees, CLINIC + "/today", params=lambda c: {
        "organisation_id": str(c.world.orgs["A" if c.scope == "in" else "B"].id)}),
    ("GET", CLINIC + "/stats"): Endpoint(
        counts, CLINIC + "/stats?start=2026-11-01T00:00:00Z&end=2026-12-01T00:00:00Z",
        scopes=("in",)),
}, outcomes={OK: Outcome(200), CREATED: Outcome(201), FORBIDDEN: Outcome(403),
             NOT_FOUND: Outcome(404, code="online_visit-not-found"),
             STEP_UP: Outcome(403, code="step-up-required")},
    routes=lambda method, path: path.startswith(VISITS) or path in {
        SESSIONS + "/{session_id}/queue", SESSIONS + "/{session_id}/call-next",
        CLINIC + "/queue-board", CLINIC + "/today", CLINIC + "/stats"})


def test_the_matrix_covers_every_visit_endpoint(app):
    MATRIX.check_routes(app)


@MATRIX.parametrize
async def test_endpoint_by_role_and_scope(endpoint, app, client, world):
    clinic = await make_clinic(app, world)
    await two_factor(app, world)
    admin = world.client_as(client, "alliance_admin")
    for org in ("A", "B"):
        r = await admin.put(f"{CLINIC}/fees/{world.orgs[org].id}", json=FEES)
        assert r.status_code == 200, r.text
    problems = {p: await add_problem(app, world, p) for p in ("pa", "pb")}
    sessions, visits = {}, {}
    for scope, (org, doctor, patient) in TARGET.items():
        r = await admin.post(SESSIONS, json=clinic.session_body(doctor=doctor, org=org))
        assert r.status_code == 201, r.text
        sessions[scope] = r.json()["id"]
        r = await world.client_as(client, f"patient_{patient}").post(VISITS, json={
            "session_id": sessions[scope], "patient_id": str(world.patients[patient]),
            "proof": {"kind": "record_diagnosis", "problem_id": problems[patient]}})
        assert r.status_code == 201, r.text
        visits[scope] = r.json()["id"]
    days = itertools.count(1)
    await MATRIX.check(endpoint, client, world, lambda who, scope: Ctx(
        client, clinic, who, scope, days, visits, sessions, problems))

