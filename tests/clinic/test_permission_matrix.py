"""Every online clinic endpoint × every role × a session (or organisation, or doctor) in the
actor's scope and one outside it.

Written from the rules (clinic/policy.py, issue 15's brief), not read from the code:
- finding doctors, their open sessions, symptom → department suggestions, fees and doctors'
  cards are for any signed-in user, patients above all;
- sessions and fees are kept by the administrators whose grant covers the organisation
  (org_admin of county A, alliance_admin for all); a doctor never sets sessions;
- the list of sessions: administrators see those of the organisations they cover, doctors their
  own only; other roles have none;
- a doctor's card is written by the doctor or an administrator of an organisation where the
  doctor is homed or practises.

"in" is county A with specialist_a's session there; "out" is county B with specialist_b's.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import timedelta

import httpx

from tests.clinic.helpers import CLINIC, FEES, SESSIONS, TOMORROW, Clinic, make_clinic
from tests.factories import World, covers
from tests.matrix import ACTORS, FORBIDDEN, OK, Endpoint, Matrix, Outcome, everyone, role_of
from yilian.clinic.api import router as schedule_router
from yilian.clinic.policy import ADMINISTRATORS, DOCTOR_ROLES
from yilian.identity.models import PracticeRegistration

CREATED, LISTED, HIDDEN = "created", "listed", "hidden"
TARGET = {"in": ("A", "specialist_a"), "out": ("B", "specialist_b")}


def keeps(who: str, scope: str) -> str:
    org, _ = TARGET[scope]
    return OK if role_of(who) in ADMINISTRATORS and covers(ACTORS[who], org) else FORBIDDEN


def creates(who: str, scope: str) -> str:
    return CREATED if keeps(who, scope) == OK else FORBIDDEN


def lists(who: str, scope: str) -> str:
    org, doctor = TARGET[scope]
    role = role_of(who)
    if role not in ADMINISTRATORS | DOCTOR_ROLES:
        return FORBIDDEN
    if role in ADMINISTRATORS:
        return LISTED if covers(ACTORS[who], org) else HIDDEN
    return LISTED if who == doctor else HIDDEN


def writes_card(who: str, scope: str) -> str:
    _, doctor = TARGET[scope]
    return OK if who == doctor or keeps(who, scope) == OK else FORBIDDEN


@dataclass
class Ctx:
    client: httpx.AsyncClient
    clinic: Clinic
    scope: str
    days: itertools.count
    session: str | None = None

    @property
    def world(self) -> World:
        return self.clinic.world

    @property
    def org(self) -> str:
        return TARGET[self.scope][0]

    def body(self) -> dict:
        """A session of the scope's doctor on a day no other call has used."""
        day = TOMORROW + timedelta(days=next(self.days))
        return self.clinic.session_body(doctor=TARGET[self.scope][1], org=self.org,
                                        day=day.isoformat())

    async def fresh_session(self) -> str:
        """A fresh session each time: stopping or changing one changes it."""
        r = await self.world.client_as(self.client, "alliance_admin").post(SESSIONS,
                                                                           json=self.body())
        assert r.status_code == 201, r.text
        self.session = r.json()["id"]
        return self.session


async def _listed(c: Ctx) -> str:
    await c.fresh_session()
    return SESSIONS


def listed(r: httpx.Response, c: Ctx) -> bool:
    return c.session in {s["id"] for s in r.json()["items"]}


async def _session(c: Ctx, tail: str = "") -> str:
    return f"{SESSIONS}/{await c.fresh_session()}{tail}"


def _substitute(c: Ctx) -> dict:
    return {"doctor_id": str(c.clinic.user("mdt_expert")), "reason": "病假"}


MATRIX = Matrix("clinic", {
    ("GET", CLINIC + "/doctors"): Endpoint(everyone, CLINIC + "/doctors"),
    ("GET", CLINIC + "/doctors/{user_id}/sessions"): Endpoint(
        everyone, lambda c: f"{CLINIC}/doctors/{c.clinic.user(TARGET[c.scope][1])}/sessions"),
    ("GET", CLINIC + "/departments"): Endpoint(everyone, CLINIC + "/departments",
                                               params={"symptom": "头痛"}),
    ("GET", SESSIONS): Endpoint(lists, _listed),
    ("POST", SESSIONS): Endpoint(creates, SESSIONS, lambda c: c.body()),
    ("PATCH", SESSIONS + "/{session_id}"): Endpoint(keeps, _session, {"mode": "video"}),
    ("POST", SESSIONS + "/{session_id}/stop"): Endpoint(
        keeps, lambda c: _session(c, "/stop"), {"reason": "停诊"}),
    ("POST", SESSIONS + "/{session_id}/substitute"): Endpoint(
        keeps, lambda c: _session(c, "/substitute"), _substitute),
    ("GET", CLINIC + "/fees/{organisation_id}"): Endpoint(
        everyone, lambda c: f"{CLINIC}/fees/{c.clinic.org(c.org)}"),
    ("PUT", CLINIC + "/fees/{organisation_id}"): Endpoint(
        keeps, lambda c: f"{CLINIC}/fees/{c.clinic.org(c.org)}", FEES),
    ("GET", CLINIC + "/profiles/{user_id}"): Endpoint(
        everyone, lambda c: f"{CLINIC}/profiles/{c.clinic.user(TARGET[c.scope][1])}"),
    ("PUT", CLINIC + "/profiles/{user_id}"): Endpoint(
        writes_card, lambda c: f"{CLINIC}/profiles/{c.clinic.user(TARGET[c.scope][1])}",
        {"specialties": ["高血压"], "introduction": "擅长高血压。"}),
}, outcomes={OK: Outcome(200), CREATED: Outcome(201), FORBIDDEN: Outcome(403),
             LISTED: Outcome(200, check=listed),
             HIDDEN: Outcome(200, check=lambda r, c: not listed(r, c))},
    # This module's router (the visits' routes, under /clinic too, have a matrix of their own).
    routes=lambda method, path: (method, path) in {
        (m, r.path) for r in schedule_router.routes for m in getattr(r, "methods", ())})


def test_the_matrix_covers_every_clinic_endpoint(app):
    MATRIX.check_routes(app)


@MATRIX.parametrize
async def test_endpoint_by_role_and_scope(endpoint, app, client, world):
    clinic = await make_clinic(app, world)
    async with app.state.sessionmaker() as db:  # the expert may stand in at B too
        db.add(PracticeRegistration(user_id=world.users["mdt_expert"],
                                    organisation_id=world.orgs["B"].id,
                                    created_at=world.clock.now()))
        await db.commit()
    admin = world.client_as(client, "alliance_admin")
    for org in ("A", "B"):
        r = await admin.put(f"{CLINIC}/fees/{world.orgs[org].id}", json=FEES)
        assert r.status_code == 200, r.text
    days = itertools.count(1)
    await MATRIX.check(endpoint, client, world,
                       lambda who, scope: Ctx(client, clinic, scope, days))

