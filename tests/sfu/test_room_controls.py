"""The chair's room controls, the recording, and the end of an SFU room, against a real Janus:
who chairs (the chief expert), what each control changes (in yilian's room and in Janus), what
is refused and that a refusal changes nothing; a recording that only the chair starts, with the
patient's consent confirmed, that everyone acknowledges and that becomes case files kept three
years; and a closed case that takes the Janus room and its tokens away."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.consultation.helpers import application, prepare
from tests.realtime.conftest import live, open_ws  # noqa: F401  (the live server fixture)
from tests.sfu.janus_peer import JanusError, JanusSession, VideoRoomPeer
from yilian.core.accesslog import AccessEntry, Basis
from yilian.core.jobs import JobContext
from yilian.files.models import StoredFile
from yilian.messaging.conversations import service as conversations
from yilian.messaging.conversations.models import Message
from yilian.messaging.video import handlers, janus, recording, service, sfu
from yilian.messaging.video.models import Grant, GrantEnd, Recording, RecordingState

API = "/api/v1/video/rooms"
# The panel and their parts in the case (role codes the consultation module gives).
ROLES = {"mdt_expert": "chief", "endo_expert": "secondary", "village_doctor": "inviting_doctor"}
FORBIDDEN = 403  # Janus core: no valid token


@pytest.fixture
def backend() -> str:
    # Janus is what these tests exercise; the database rules run on both backends elsewhere.
    return "sqlite"


async def mdt_room(app, client, clock, world) -> conversations.ConversationRef:
    await prepare(world)
    r = await world.client_as(client, "village_doctor").post(
        "/api/v1/consultations", json=application(world, invited="P", kind="mdt"))
    assert r.status_code == 201, r.text
    async with app.state.sessionmaker() as db:
        ref = await conversations.open_for_case(
            db, clock, None, case_type="consultation", case_id=uuid.UUID(r.json()["id"]),
            title="consultation_mdt", subject_org_id=world.orgs["A1a"].id,
            patient_id=world.patients["pa"],
            participants={world.users[who]: role for who, role in ROLES.items()})
        await db.commit()
    return ref


async def join(client, world, who: str, ref) -> dict:
    r = await world.client_as(client, who).post(f"{API}/{ref.id}/join")
    assert r.status_code == 200, r.text
    assert r.json()["mode"] == "sfu"
    return r.json()["sfu"]


async def act(client, world, who: str, ref, path: str, body=None, status: int = 200) -> dict:
    r = await world.client_as(client, who).post(f"{API}/{ref.id}/{path}", json=body)
    assert r.status_code == status, r.text
    return r.json()


def present(room: dict, world, who: str) -> dict:
    [entry] = [p for p in room["present"] if p["user_id"] == str(world.users[who])]
    return entry


@pytest.fixture
async def peers():
    made: list[VideoRoomPeer] = []
    yield made
    for peer in made:
        with contextlib.suppress(Exception):
            await peer.close()


async def test_the_chief_expert_chairs_and_the_others_are_refused(sfu_app, client, clock,
                                                                  world, query):
    ref = await mdt_room(sfu_app, client, clock, world)
    for who in ROLES:
        await join(client, world, who, ref)
    room = (await world.client_as(client, "endo_expert").get(f"{API}/{ref.id}")).json()
    assert room["mode"] == "sfu" and room["chair"] is False
    assert room["chair_ids"] == [str(world.users["mdt_expert"])]
    roles = {p["user_id"]: (p["role_label"], p["organisation"]) for p in room["present"]}
    assert roles[str(world.users["mdt_expert"])] == ("chief", "省人民医院")
    assert roles[str(world.users["village_doctor"])] == ("inviting_doctor", "甲一村卫生室")

    doctor = str(world.users["village_doctor"])
    for path, body in ((f"participants/{doctor}/mute", {"muted": True}),
                       ("spotlight", {"user_id": doctor}),
                       ("recording", {"consent_confirmed": True})):
        refused = await act(client, world, "endo_expert", ref, path, body, status=403)
        assert refused["code"] == "not-chair"
    room = (await world.client_as(client, "mdt_expert").get(f"{API}/{ref.id}")).json()
    assert room["chair"] is True and room["spotlight_user_id"] is None
    assert room["recording"] is None and not present(room, world, "village_doctor")["muted"]


async def test_the_chair_mutes_a_publishing_participant_in_janus(sfu_app, client, clock, world,
                                                                 peers):
    ref = await mdt_room(sfu_app, client, clock, world)
    grant = await join(client, world, "village_doctor", ref)
    await join(client, world, "mdt_expert", ref)
    doctor = VideoRoomPeer(grant["url"], grant["token"], grant["room"], grant["publisher_id"],
                           grant["display"], video=False)
    peers.append(doctor)
    await doctor.join()
    user = str(world.users["village_doctor"])

    room = await act(client, world, "mdt_expert", ref, f"participants/{user}/mute",
                     {"muted": True})
    assert present(room, world, "village_doctor")["muted"] is True

    def moderated(state: str) -> bool:
        return any((e.get("plugindata") or {}).get("data", {}).get("moderation") == state
                   for e in doctor.events)

    # Janus itself tells the publisher its microphone no longer reaches the room.
    assert await doctor.wait_until(lambda: moderated("muted"), seconds=5)
    room = await act(client, world, "mdt_expert", ref, f"participants/{user}/mute",
                     {"muted": False})
    assert present(room, world, "village_doctor")["muted"] is False
    assert await doctor.wait_until(lambda: moderated("unmuted"), seconds=5)


async def test_hands_spotlight_and_screen(sfu_app, client, clock, world):
    ref = await mdt_room(sfu_app, client, clock, world)
    for who in ("mdt_expert", "endo_expert", "village_doctor"):
        await join(client, world, who, ref)
    doctor = str(world.users["village_doctor"])

    room = await act(client, world, "village_doctor", ref, "hand", {"raised": True})
    assert present(room, world, "village_doctor")["hand_raised_at"] is not None
    # Another participant may not lower it; the chair may.
    refused = await act(client, world, "endo_expert", ref, "hand",
                        {"raised": False, "user_id": doctor}, status=403)
    assert refused["code"] == "not-chair"
    room = await act(client, world, "mdt_expert", ref, "hand", {"raised": False, "user_id": doctor})
    assert present(room, world, "village_doctor")["hand_raised_at"] is None

    room = await act(client, world, "village_doctor", ref, "screen", {"sharing": True})
    assert present(room, world, "village_doctor")["sharing_screen"] is True
    room = await act(client, world, "mdt_expert", ref, "spotlight", {"user_id": doctor})
    assert room["spotlight_user_id"] == doctor

    # Someone not in the call cannot be spotlit; the spotlight stays where it was.
    await act(client, world, "endo_expert", ref, "leave")
    refused = await act(client, world, "mdt_expert", ref, "spotlight",
                        {"user_id": str(world.users["endo_expert"])}, status=409)
    assert refused["code"] == "peer-not-in-room"
    room = (await world.client_as(client, "mdt_expert").get(f"{API}/{ref.id}")).json()
    assert room["spotlight_user_id"] == doctor
    # Out of the call, no control works for oneself either.
    refused = await act(client, world, "endo_expert", ref, "hand", {"raised": True}, status=409)
    assert refused["code"] == "not-in-room"


async def test_the_chair_sees_each_participants_link(sfu_app, client, clock, world,
                                                     live):  # noqa: F811
    ref = await mdt_room(sfu_app, client, clock, world)
    sockets = {}
    for who in ("mdt_expert", "endo_expert", "village_doctor"):
        await join(client, world, who, ref)
        sockets[who] = await open_ws(live, token=world.token[who])
        assert (await sockets[who].recv())["type"] == "hello"
    report = {"type": "video.stats", "conversation_id": str(ref.id), "up_kbps": 120,
              "down_kbps": 300.5, "rtt_ms": 480, "loss_pct": 9.5, "layer": 0,
              "audio_only": False}
    await sockets["village_doctor"].send(report)
    got = await sockets["mdt_expert"].recv_type("video.stats")
    assert got["user_id"] == str(world.users["village_doctor"])
    assert (got["down_kbps"], got["loss_pct"], got["layer"]) == (300.5, 9.5, 0)
    await sockets["village_doctor"].send({**report, "loss_pct": -1})
    assert (await sockets["village_doctor"].recv_type("error"))["code"] == "validation"
    # Only the chair is told.
    assert [m["type"] for m in await sockets["endo_expert"].quiet()] == []
    for ws in sockets.values():
        await ws.close()


async def test_recording_needs_consent_is_announced_and_becomes_case_files(
        sfu_app, client, clock, world, query, peers):
    ref = await mdt_room(sfu_app, client, clock, world)
    chair = await join(client, world, "mdt_expert", ref)
    await join(client, world, "village_doctor", ref)

    refused = await act(client, world, "mdt_expert", ref, "recording",
                        {"consent_confirmed": False}, status=422)
    assert refused["code"] == "validation"
    assert await query(select(Recording)) == []

    expert = VideoRoomPeer(chair["url"], chair["token"], chair["room"], chair["publisher_id"],
                           chair["display"])
    peers.append(expert)
    await expert.join()
    room = await act(client, world, "mdt_expert", ref, "recording",
                     {"consent_confirmed": True, "consent_note": "患者本人口头同意，家属在场"})
    assert room["recording"]["state"] == "recording"
    again = await act(client, world, "mdt_expert", ref, "recording",
                      {"consent_confirmed": True}, status=409)
    assert again["code"] == "recording-active"
    notices = await query(select(Message.code).where(Message.conversation_id == ref.id))
    assert "recording_started" in notices

    doctor_view = (await world.client_as(client, "village_doctor").get(f"{API}/{ref.id}")).json()
    assert doctor_view["recording"]["acknowledged"] is False
    room = await act(client, world, "village_doctor", ref, "recording/ack")
    assert room["recording"]["acknowledged"] is True

    await asyncio.sleep(2)  # two seconds of the chief expert's camera and microphone
    room = await act(client, world, "mdt_expert", ref, "recording/stop")
    assert room["recording"]["state"] in ("processing", "stored")
    [rec] = await query(select(Recording))
    async with sfu_app.state.sessionmaker() as db:
        await recording.process(db, clock, sfu_app.state.settings, rec.id)
    [rec] = await query(select(Recording))
    assert rec.state == RecordingState.stored, rec.failure
    made = await query(select(StoredFile).where(StoredFile.entity_id == str(rec.id)))
    assert sorted(f.content_type for f in made) == ["audio/ogg", "video/webm"]
    assert all(f.retain_until >= rec.stopped_at + timedelta(days=3 * 365) for f in made)
    # The case's participants read them; the chief expert's name is on them.
    video = next(f for f in made if f.content_type == "video/webm")
    r = await world.client_as(client, "village_doctor").get(f"/api/v1/files/{video.id}/content")
    assert r.status_code == 200 and r.content[:4] == b"\x1aE\xdf\xa3"  # a WebM (EBML) file
    assert "会诊录像" in video.filename
    r = await world.client_as(client, "specialist_b").get(f"/api/v1/files/{video.id}")
    assert r.status_code == 403
    # The download is in the patient's access log, on the ground of the case.
    reads = await query(select(AccessEntry).where(AccessEntry.action == "video_recording.read"))
    assert [(e.actor_user_id, e.patient_id, e.basis) for e in reads] == [
        (world.users["village_doctor"], world.patients["pa"], Basis.case)]


async def test_closing_the_case_takes_the_room_and_its_tokens_away(sfu_app, client, clock, world,
                                                                   query, settle):
    ref = await mdt_room(sfu_app, client, clock, world)
    grant = await join(client, world, "village_doctor", ref)
    async with sfu_app.state.sessionmaker() as db:
        await conversations.close_for_case(db, clock, None, case_type=ref.case_type,
                                           case_id=ref.case_id)
        await db.commit()
    await settle()
    await handlers.sfu_close(JobContext(sfu_app.state.sessionmaker, clock, sfu_app.state.settings),
                             str(ref.id))
    [g] = await query(select(Grant))
    assert g.end_reason == GrantEnd.closed
    assert not await janus.Janus(sfu_app.state.settings).room_exists(grant["room"])
    session = JanusSession(grant["url"], grant["token"])
    with pytest.raises(JanusError) as refused:
        await session.open()
    assert refused.value.code == FORBIDDEN
    await session.close()


async def test_a_link_gone_longer_than_the_grace_loses_its_token(sfu_app, client, clock, world,
                                                                 query):
    ref = await mdt_room(sfu_app, client, clock, world)
    await join(client, world, "village_doctor", ref)
    await join(client, world, "mdt_expert", ref)
    async with sfu_app.state.sessionmaker() as db:
        await service.end_for_user(db, clock, None, world.users["village_doctor"],
                                   service.EndReason.disconnected, ref.id)
        await db.commit()
    settings = sfu_app.state.settings
    async with sfu_app.state.sessionmaker() as db:
        assert await sfu.sweep(db, clock, settings) == 0  # still within the grace
        clock.advance(seconds=settings.sfu_reconnect_grace_seconds + 1)
        assert await sfu.sweep(db, clock, settings) == 1
        await db.commit()
    ends = {g.user_id: g.end_reason for g in await query(select(Grant))}
    assert ends == {world.users["village_doctor"]: GrantEnd.abandoned,
                    world.users["mdt_expert"]: None}
