"""Every conversation endpoint × every role × a conversation the actor takes part in and one it
does not.

Written from the rule (messaging/conversations/policy.py): a conversation belongs to its case's
current participants, staff or patients, whatever their role; nobody else reads or writes it.
Listing one's own conversations is for everyone signed in. The test fails when the module gains
an endpoint this table does not cover.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import pytest

from tests.factories import MATRIX_ACTORS
from tests.messaging.conversations.helpers import API
from yilian.core.authz import app_routes
from yilian.messaging.conversations import service

OK, FORBIDDEN = "ok", "forbidden"
STATUS = {OK: {200, 201}, FORBIDDEN: {403}}
# Someone outside MATRIX_ACTORS, in every conversation made here.
PEER = "village_doctor"
OUTSIDER = "specialist_b"


def participants_only(who: str, scope: str) -> str:
    return OK if scope == "in" else FORBIDDEN


def everyone(who: str, scope: str) -> str:
    return OK


@dataclass
class Ctx:
    app: object
    client: object
    world: object
    clock: object
    who: str
    scope: str

    async def conversation(self):
        """A fresh case's conversation: the actor with a peer ("in"), or others only ("out")."""
        people = [self.who, PEER] if self.scope == "in" else [OUTSIDER, PEER]
        async with self.app.state.sessionmaker() as db:
            ref = await service.open_for_case(
                db, self.clock, None, case_type="consultation", case_id=uuid.uuid4(),
                title="矩阵会诊", subject_org_id=self.world.orgs["A1a"].id,
                participants={self.world.users[p]: "参与者" for p in people})
            await db.commit()
        return ref

    async def message(self):
        """A conversation and a message in it by the actor ("in") or by the peer ("out")."""
        ref = await self.conversation()
        sender = self.who if self.scope == "in" else PEER
        r = await self.client.post(f"{API}/{ref.id}/messages", json={"text": "矩阵消息"},
                                   headers=self.world.headers(sender))
        assert r.status_code == 201, r.text
        return ref, r.json()["id"]


async def _conv(c: Ctx, suffix: str = "") -> str:
    return f"{API}/{(await c.conversation()).id}{suffix}"


async def _retract(c: Ctx) -> str:
    ref, message_id = await c.message()
    return f"{API}/{ref.id}/messages/{message_id}/retract"


@dataclass
class Endpoint:
    expect: Callable[[str, str], str]
    path: Callable[[Ctx], Awaitable[str]]
    body: dict | None = None


async def _list(c: Ctx) -> str:
    return API


C = API + "/{conversation_id}"
MATRIX: dict[tuple[str, str], Endpoint] = {
    ("GET", API): Endpoint(everyone, _list),
    ("GET", C): Endpoint(participants_only, _conv),
    ("GET", C + "/messages"): Endpoint(participants_only, lambda c: _conv(c, "/messages")),
    ("POST", C + "/messages"): Endpoint(participants_only, lambda c: _conv(c, "/messages"),
                                        {"text": "矩阵里的一句话"}),
    ("POST", C + "/messages/{message_id}/retract"): Endpoint(participants_only, _retract,
                                                             {"reason": "矩阵撤回"}),
    ("POST", C + "/read"): Endpoint(participants_only, lambda c: _conv(c, "/read"), {"seq": 0}),
}


def test_the_matrix_covers_every_conversation_endpoint(app):
    served = {(m, p) for m, p, _ in app_routes(app) if m != "HEAD" and p.startswith(API)}
    assert served == set(MATRIX), "add the new endpoint to the conversation permission matrix"


@pytest.mark.parametrize("endpoint", sorted(MATRIX), ids=lambda e: f"{e[0]} {e[1]}")
async def test_endpoint_by_role_and_participation(endpoint, app, client, world, clock):
    method, template = endpoint
    spec = MATRIX[endpoint]
    anonymous = await client.request(method, template.format(
        conversation_id=uuid.uuid4(), message_id=uuid.uuid4()),
        json=spec.body if method != "GET" else None)
    assert anonymous.status_code == 401, anonymous.text
    failures = []
    for who in MATRIX_ACTORS:
        for scope in ("in", "out"):
            c = Ctx(app, client, world, clock, who, scope)
            path = await spec.path(c)
            r = await client.request(method, path, json=spec.body, headers=world.headers(who))
            expected = spec.expect(who, scope)
            if r.status_code not in STATUS[expected]:
                failures.append(f"{who}/{scope}: expected {expected}, got {r.status_code} "
                                f"{r.text[:160]}")
    assert failures == []
