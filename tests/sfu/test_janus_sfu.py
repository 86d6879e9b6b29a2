"""An MDT panel's call through a real Janus: people join through yilian's API and then Janus with
the token it handed them, see and hear each other (decoded frames), and Janus itself refuses
whoever yilian did not let in: no token, another case's token, a token taken back."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator

import pytest

from tests.consultation.helpers import application, prepare
from tests.messaging.conversations.helpers import open_case
from tests.sfu.janus_peer import JanusError, JanusSession, VideoRoomPeer

PANEL = ("mdt_expert", "endo_expert", "neph_head", "village_doctor")
# Frames of 320x240 at 10 fps: two seconds of picture from each of the others.
FRAMES = 20
FORBIDDEN = 403  # Janus core: no valid token
UNAUTHORIZED = 433  # VideoRoom: the token is not in the room's allowed list


@pytest.fixture
def backend() -> str:
    # Media through Janus is what is tested here, not the database: one backend is enough.
    return "sqlite"


async def mdt_conversation(sfu_app, client, clock, world, *people: str):
    """An MDT consultation's conversation with these people in it."""
    r = await world.client_as(client, "village_doctor").post(
        "/api/v1/consultations", json=application(world, invited="P", kind="mdt"))
    assert r.status_code == 201, r.text
    return await open_case(sfu_app, clock, world, *people, case_type="consultation",
                           case_id=uuid.UUID(r.json()["id"]), title="consultation_mdt")


async def api_join(client, world, who: str, ref) -> dict:
    r = await world.client_as(client, who).post(f"/api/v1/video/rooms/{ref.id}/join")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["mode"] == "sfu"
    return body["sfu"]


def peer_of(grant: dict) -> VideoRoomPeer:
    return VideoRoomPeer(grant["url"], grant["token"], grant["room"], grant["publisher_id"],
                         grant["display"])


@pytest.fixture
async def peers() -> AsyncIterator[list[VideoRoomPeer]]:
    made: list[VideoRoomPeer] = []
    yield made
    for peer in made:
        with contextlib.suppress(Exception):
            await peer.close()


async def test_an_mdt_panel_of_four_sees_and_hears_each_other(sfu_app, client, clock, world,
                                                              peers):
    await prepare(world)
    ref = await mdt_conversation(sfu_app, client, clock, world, *PANEL)
    grants = {who: await api_join(client, world, who, ref) for who in PANEL}
    assert len({g["room"] for g in grants.values()}) == 1
    assert len({g["publisher_id"] for g in grants.values()}) == len(PANEL)
    assert {who: g["display"] for who, g in grants.items()} == {
        who: str(world.users[who]) for who in PANEL}

    peers.extend(peer_of(g) for g in grants.values())
    await asyncio.gather(*(peer.join() for peer in peers))
    everyone = {str(world.users[who]) for who in PANEL}
    received = await asyncio.gather(*(
        peer.wait_for_video(everyone - {peer.display}, FRAMES, seconds=20) for peer in peers))
    assert received == [True] * len(PANEL), [peer.video_frames() for peer in peers]
    for peer in peers:
        assert {r.display for r in peer.remotes.values()} == everyone - {peer.display}
        assert all(r.audio_frames > 0 for r in peer.remotes.values())


async def test_janus_refuses_whoever_yilian_did_not_let_in(sfu_app, client, clock, world,
                                                           peers):
    await prepare(world)
    ref = await mdt_conversation(sfu_app, client, clock, world, "mdt_expert", "village_doctor")
    other = await mdt_conversation(sfu_app, client, clock, world, "specialist_a", "specialist_b")
    here = await api_join(client, world, "mdt_expert", ref)
    there = await api_join(client, world, "specialist_b", other)
    assert here["room"] != there["room"]

    # Someone of the other case is refused by yilian...
    r = await world.client_as(client, "specialist_b").post(f"/api/v1/video/rooms/{ref.id}/join")
    assert r.status_code == 403 and r.json()["code"] == "not-a-participant"
    # ... and by Janus with the token of their own case's room,
    intruder = VideoRoomPeer(here["url"], there["token"], here["room"],
                             there["publisher_id"], there["display"])
    peers.append(intruder)
    with pytest.raises(JanusError) as refused:
        await intruder.join()
    assert refused.value.code == UNAUTHORIZED
    # ... and without any token Janus opens no session at all.
    forged = VideoRoomPeer(here["url"], "made-up-token", here["room"], 4242, "someone")
    peers.append(forged)
    with pytest.raises(JanusError) as refused:
        await forged.join()
    assert refused.value.code == FORBIDDEN

    # The rightful participant gets in with the same room and their own token.
    member = peer_of(here)
    peers.append(member)
    joined = await member.join(publish=False)
    assert joined["room"] == here["room"] and joined["id"] == here["publisher_id"]


async def token_refused(grant: dict) -> bool:
    session = JanusSession(grant["url"], grant["token"])
    try:
        await session.open()
    except JanusError as refused:
        return refused.code == FORBIDDEN
    finally:
        await session.close()
    return False


async def test_leaving_or_removal_takes_the_token_back_and_cuts_the_media(
        sfu_app, client, clock, world, settle, peers):
    await prepare(world)
    trio = ("mdt_expert", "endo_expert", "village_doctor")
    ref = await mdt_conversation(sfu_app, client, clock, world, *trio)
    grants = {who: await api_join(client, world, who, ref) for who in trio}
    chief, leaver, removed = (peer_of(grants[who]) for who in trio)
    peers.extend([chief, leaver, removed])
    await asyncio.gather(*(peer.join() for peer in peers))
    assert await chief.wait_for_video({leaver.display, removed.display}, 5, seconds=15)

    r = await world.client_as(client, "endo_expert").post(f"/api/v1/video/rooms/{ref.id}/leave")
    assert r.status_code == 200, r.text
    # Janus put the leaver out at once (their publisher, and with it what they received)...
    assert await leaver.wait_until(leaver.kicked.is_set, 5)
    assert await chief.wait_until(lambda: leaver.display not in chief.video_frames(), 5)
    # ... and their token opens nothing any more.
    assert await token_refused(grants["endo_expert"])

    # Removed from the case: the same, once the case's change has been delivered.
    await open_case(sfu_app, clock, world, "mdt_expert", "endo_expert", case_type="consultation",
                    case_id=ref.case_id, title="consultation_mdt")
    await settle()
    assert await removed.wait_until(removed.kicked.is_set, 5)
    assert await token_refused(grants["village_doctor"])
    assert await chief.wait_until(lambda: removed.display not in chief.video_frames(), 5)

    # The chief, still in the call, is undisturbed.
    assert not chief.kicked.is_set()
    assert await token_refused(grants["mdt_expert"]) is False
