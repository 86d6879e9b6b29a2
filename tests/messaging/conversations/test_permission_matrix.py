"""Every conversation endpoint × every role × a conversation the actor takes part in and one it
does not.

Written from the rule (messaging/conversations/policy.py): a conversation belongs to its case's
current participants, staff or patients, whatever their role; nobody else reads or writes it.
Listing one's own conversations is for everyone signed in. The test fails when the module gains
an endpoint this table does not cover.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from tests.matrix import FORBIDDEN, OK, Endpoint, Matrix, Outcome, everyone, only, under
from tests.messaging.conversations.helpers import API
from yilian.messaging.conversations import service

# Someone outside the matrix's actors, in every conversation made here.
PEER = "village_doctor"
OUTSIDER = "specialist_b"


participants_only = only("in")


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


C = API + "/{conversation_id}"
MATRIX = Matrix("conversation", {
    ("GET", API): Endpoint(everyone, API),
    ("GET", C): Endpoint(participants_only, _conv),
    ("GET", C + "/messages"): Endpoint(participants_only, lambda c: _conv(c, "/messages")),
    ("POST", C + "/messages"): Endpoint(participants_only, lambda c: _conv(c, "/messages"),
                                        {"text": "矩阵里的一句话"}),
    ("POST", C + "/messages/{message_id}/retract"): Endpoint(participants_only, _retract,
                                                             {"reason": "矩阵撤回"}),
    ("POST", C + "/read"): Endpoint(participants_only, lambda c: _conv(c, "/read"), {"seq": 0}),
}, outcomes={OK: Outcome(200, 201), FORBIDDEN: Outcome(403)}, routes=under(API, head=False))


def test_the_matrix_covers_every_conversation_endpoint(app):
    MATRIX.check_routes(app)


@MATRIX.parametrize
async def test_endpoint_by_role_and_participation(endpoint, app, client, world, clock):
    await MATRIX.check(endpoint, client, world,
                       lambda who, scope: Ctx(app, client, world, clock, who, scope))
