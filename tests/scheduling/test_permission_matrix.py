"""Every availability endpoint × every role × whose schedule it is.

Written from the rules (scheduling/policy.py): any staff member reads any doctor's times
(patients never); a doctor offers their own; a coordinator or organisation administrator
offers and withdraws the times of the doctors of the organisations its grant covers, and lists
those doctors; the owner of a slot may always withdraw it. Scopes: "self" (the actor's own
schedule, at its grant's organisation), "village" (village_doctor at A1a, below county A) and
"other" (specialist_b at county B). Neither of those two doctors is a matrix actor. The test
fails when the module gains an endpoint this table does not cover.
"""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass
from typing import Any

from tests.factories import covers
from tests.matrix import (
    ACTORS,
    FORBIDDEN,
    INVALID,
    OK,
    Endpoint,
    Matrix,
    Outcome,
    role_of,
    under,
)
from tests.scheduling.helpers import AVAIL, DOCTORS, beijing, book, insert_slot, iso
from yilian.core.authz import Role
from yilian.scheduling.policy import DOCTOR_ROLES, SCHEDULER_ROLES

SCOPES = {"self": None, "village": ("village_doctor", "A1a"), "other": ("specialist_b", "B")}


def _schedules(who: str, scope: str) -> bool:
    org = SCOPES[scope][1] if SCOPES[scope] else ACTORS[who]
    return role_of(who) in SCHEDULER_ROLES and covers(ACTORS[who], org)


def read(who: str, scope: str) -> str:
    return FORBIDDEN if role_of(who) == Role.patient else OK


def offer(who: str, scope: str) -> str:
    if scope == "self":
        if role_of(who) in DOCTOR_ROLES:
            return OK
        # A scheduler may enter its own times only where it is a doctor: none of these is.
        return INVALID if role_of(who) in SCHEDULER_ROLES else FORBIDDEN
    return OK if _schedules(who, scope) else FORBIDDEN


def withdraw(who: str, scope: str) -> str:
    if role_of(who) == Role.patient:
        return FORBIDDEN
    return OK if scope == "self" or _schedules(who, scope) else FORBIDDEN


def list_doctors(who: str, scope: str) -> str:
    return OK if _schedules(who, scope) else FORBIDDEN


@dataclass
class Ctx:
    app: Any
    world: Any
    who: str
    scope: str
    days: itertools.count

    @property
    def owner(self) -> tuple[str, str]:
        """Whose schedule, at which organisation (a patient account's at the village)."""
        return SCOPES[self.scope] or (self.who, ACTORS[self.who] or "A1a")


def _read(c: Ctx) -> dict[str, str]:
    who, _ = c.owner
    return {"user_id": str(c.world.users[who])}


def _offer(c: Ctx) -> dict[str, str]:
    who, org = c.owner
    day = next(c.days)  # every request its own day, so that no two clash
    body = {"starts_at": iso(day, 9), "ends_at": iso(day, 10)}
    if c.scope != "self":
        body |= {"user_id": str(c.world.users[who]), "organisation_id": str(c.world.orgs[org].id)}
    return body


async def _withdraw(c: Ctx) -> str:
    who, org = c.owner
    slot_id = await insert_slot(c.app, c.world, who, org, beijing(next(c.days), 9))
    return f"{AVAIL}/{slot_id}"


def _doctors(c: Ctx) -> dict[str, str] | None:
    return None if c.scope == "self" else {"organisation_id": str(c.world.orgs[c.owner[1]].id)}


MATRIX = Matrix("availability", {
    ("GET", AVAIL): Endpoint(read, AVAIL, params=_read),
    ("POST", AVAIL): Endpoint(offer, AVAIL, body=_offer),
    ("GET", DOCTORS): Endpoint(list_doctors, DOCTORS, params=_doctors),
    ("DELETE", AVAIL + "/{slot_id}"): Endpoint(withdraw, _withdraw),
}, outcomes={OK: Outcome(200, 201), FORBIDDEN: Outcome(403), INVALID: Outcome(422)},
    routes=under(AVAIL), scopes=tuple(SCOPES))


def test_the_matrix_covers_every_availability_endpoint(app):
    MATRIX.check_routes(app)


@MATRIX.parametrize
async def test_endpoint_by_role_and_scope(endpoint, app, client, world):
    days = itertools.count(1)
    await MATRIX.check(endpoint, client, world,
                       lambda who, scope: Ctx(app, world, who, scope, days))


async def test_which_case_holds_a_time_is_shown_to_the_organisations_schedulers(app, client,
                                                                               clock, world):
    """Of the matrix's actors, those who schedule for the village (A1a) see the booked case."""
    slot_id = await insert_slot(app, world, "village_doctor", "A1a", beijing(1, 9))
    case_id = uuid.uuid4()
    await book(app, clock, slot_id, world.users["village_doctor"], case_id)
    failures = []
    for who in ACTORS:
        if role_of(who) == Role.patient:
            continue
        r = await client.get(AVAIL, params={"user_id": str(world.users["village_doctor"])},
                             headers=world.headers(who))
        shown = r.json()[0]["booked_case_id"]
        if (shown == str(case_id)) != _schedules(who, "village"):
            failures.append(f"{who}: booked_case_id {shown}")
    assert failures == []
