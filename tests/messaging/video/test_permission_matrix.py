"""Every video endpoint × every role × a call in a conversation the actor takes part in and one
it does not.

Written from the rule (messaging/video/service.py, DESIGN §6): a case's call belongs to the
case's current participants, whatever their role; nobody else joins, leaves or looks at it. ICE
servers are for everyone signed in (the TURN credentials name the user and expire). The test
fails when the module gains an endpoint this table does not cover.
"""

from __future__ import annotations

from dataclasses import dataclass

from tests.matrix import FORBIDDEN, OK, Endpoint, Matrix, Outcome, everyone, only, under
from tests.messaging.conversations.helpers import open_case

API = "/api/v1/video"
# Outside the matrix's actors: in every conversation made here ("out" ones have only these two).
PEER, OUTSIDER = "village_doctor", "specialist_b"


participants_only = only("in")


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


R = API + "/rooms/{conversation_id}"
MATRIX = Matrix("video", {
    ("GET", API + "/ice-servers"): Endpoint(everyone, API + "/ice-servers"),
    ("GET", R): Endpoint(participants_only, lambda c: c.room()),
    ("POST", R + "/join"): Endpoint(participants_only, lambda c: c.room("/join")),
    ("POST", R + "/leave"): Endpoint(participants_only, lambda c: c.room("/leave")),
}, outcomes={OK: Outcome(200), FORBIDDEN: Outcome(403)}, routes=under(API, head=False))


def test_the_matrix_covers_every_video_endpoint(app):
    MATRIX.check_routes(app)


@MATRIX.parametrize
async def test_endpoint_by_role_and_participation(endpoint, app, client, world, clock):
    await MATRIX.check(endpoint, client, world,
                       lambda who, scope: Ctx(app, world, clock, who, scope))
