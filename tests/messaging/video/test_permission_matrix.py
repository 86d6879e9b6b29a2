"""Every video endpoint × every role × a call in a conversation the actor takes part in and one
it does not.

Written from the rule (messaging/video/service.py, DESIGN §6): a case's call belongs to the
case's current participants, whatever their role; nobody else joins, leaves or looks at it. ICE
servers are for everyone signed in (the TURN credentials name the user and expire). The room
controls are refused to a non-participant before anything else (scope before state); to a
participant of a call that is a mesh (no SFU here) they answer that the room has no controls.
Who chairs an SFU room, and the controls themselves, are tested with a real Janus
(tests/messaging/video/test_sfu_controls.py). The test fails when the module gains an endpoint
this table does not cover.
"""

from __future__ import annotations

from dataclasses import dataclass

from tests.matrix import FORBIDDEN, OK, Endpoint, Matrix, Outcome, everyone, only, under
from tests.messaging.conversations.helpers import open_case

API = "/api/v1/video"
# Outside the matrix's actors: in every conversation made here ("out" ones have only these two).
PEER, OUTSIDER = "village_doctor", "specialist_b"


participants_only = only("in")
NOT_SFU = "not-sfu"


def controls(who: str, scope: str) -> str:
    """The room is a mesh: a participant reaches the room's kind, which has no controls."""
    return NOT_SFU if scope == "in" else FORBIDDEN


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
    ("POST", R + "/participants/{user_id}/mute"): Endpoint(
        controls, lambda c: c.room(f"/participants/{c.world.users[PEER]}/mute"),
        body={"muted": True}),
    ("POST", R + "/spotlight"): Endpoint(controls, lambda c: c.room("/spotlight"),
                                         body={"user_id": None}),
    ("POST", R + "/hand"): Endpoint(controls, lambda c: c.room("/hand"), body={"raised": True}),
    ("POST", R + "/screen"): Endpoint(controls, lambda c: c.room("/screen"),
                                      body={"sharing": True}),
    ("POST", R + "/recording"): Endpoint(controls, lambda c: c.room("/recording"),
                                         body={"consent_confirmed": True}),
    ("POST", R + "/recording/stop"): Endpoint(controls, lambda c: c.room("/recording/stop")),
    ("POST", R + "/recording/ack"): Endpoint(controls, lambda c: c.room("/recording/ack")),
}, outcomes={OK: Outcome(200), FORBIDDEN: Outcome(403), NOT_SFU: Outcome(409, code="not-sfu")},
    routes=under(API, head=False))


def test_the_matrix_covers_every_video_endpoint(app):
    MATRIX.check_routes(app)


@MATRIX.parametrize
async def test_endpoint_by_role_and_participation(endpoint, app, client, world, clock):
    await MATRIX.check(endpoint, client, world,
                       lambda who, scope: Ctx(app, world, clock, who, scope))
