"""Every video endpoint × every role × a call in a conversation the actor takes part in and one
it does not.

Written from the rule (messaging/video/service.py, DESIGN §6): a case's call belongs to the
case's current participants, whatever their role; nobody else joins, leaves or looks at it. ICE
servers are for everyone signed in (the TURN credentials name the user and expire). The test
fails when the module gains an endpoint this table does not cover.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import pytest

from tests.factories import MATRIX_ACTORS
from tests.messaging.conversations.helpers import open_case
from yilian.core.authz import app_routes

API = "/api/v1/video"
OK, FORBIDDEN = "ok", "forbidden"
STATUS = {OK: {200}, FORBIDDEN: {403}}
# Outside MATRIX_ACTORS: in every conversation made here ("out" ones have only these two).
PEER, OUTSIDER = "village_doctor", "specialist_b"


def participants_only(who: str, scope: str) -> str:
    return OK if scope == "in" else FORBIDDEN


def everyone(who: str, scope: str) -> str:
    return OK


@dataclass
class Ctx:
    app: object
    world: object
    clock: object
    who: str
    scope: str

    async def room(self, suffix: str = "") -> str:
        people = [self.who, PEER] if self.scope == "in" else [OUTSIDER, PEER]
        ref = await open_case(self.app, self.clock, self.world, *people)
        return f"{API}/rooms/{ref.id}{suffix}"


@dataclass
class Endpoint:
    expect: Callable[[str, str], str]
    path: Callable[[Ctx], Awaitable[str]]


async def _ice(c: Ctx) -> str:
    return f"{API}/ice-servers"


R = API + "/rooms/{conversation_id}"
MATRIX: dict[tuple[str, str], Endpoint] = {
    ("GET", API + "/ice-servers"): Endpoint(everyone, _ice),
    ("GET", R): Endpoint(participants_only, lambda c: c.room()),
    ("POST", R + "/join"): Endpoint(participants_only, lambda c: c.room("/join")),
    ("POST", R + "/leave"): Endpoint(participants_only, lambda c: c.room("/leave")),
}


def test_the_matrix_covers_every_video_endpoint(app):
    served = {(m, p) for m, p, _ in app_routes(app) if m != "HEAD" and p.startswith(API)}
    assert served == set(MATRIX), "add the new endpoint to the video permission matrix"


@pytest.mark.parametrize("endpoint", sorted(MATRIX), ids=lambda e: f"{e[0]} {e[1]}")
async def test_endpoint_by_role_and_participation(endpoint, app, client, world, clock):
    method, template = endpoint
    spec = MATRIX[endpoint]
    anonymous = await client.request(method, template.format(conversation_id=uuid.uuid4()))
    assert anonymous.status_code == 401, anonymous.text
    failures = []
    for who in MATRIX_ACTORS:
        for scope in ("in", "out"):
            path = await spec.path(Ctx(app, world, clock, who, scope))
            r = await client.request(method, path, headers=world.headers(who))
            expected = spec.expect(who, scope)
            if r.status_code not in STATUS[expected]:
                failures.append(f"{who}/{scope}: expected {expected}, got {r.status_code} "
                                f"{r.text[:160]}")
    assert failures == []
