"""Video calls: ICE credentials, who may join, attendance times, signalling between the people
in a call, and the ends not chosen by the user (removal, closing, disconnect, stale rows)."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import shutil
import subprocess
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.messaging.conversations.helpers import close, open_case, set_people
from tests.realtime.conftest import live, open_ws  # noqa: F401  (the live server fixture)
from yilian.core.audit import AuditEntry
from yilian.core.events import EventRecipient, OutboxEvent
from yilian.core.jobs import JobContext
from yilian.messaging.video import handlers, service
from yilian.messaging.video.models import Attendance, EndReason

API = "/api/v1/video"


def room(ref, action: str = "") -> str:
    return f"{API}/rooms/{ref.id}" + (f"/{action}" if action else "")


async def join(client, world, who, ref, status: int = 200) -> dict:
    r = await world.client_as(client, who).post(room(ref, "join"))
    assert r.status_code == status, r.text
    return r.json()


async def attendance(query, ref) -> list[Attendance]:
    return await query(select(Attendance).where(Attendance.conversation_id == ref.id)
                       .order_by(Attendance.joined_at, Attendance.user_id))


# --- ICE servers -------------------------------------------------------------------------------


async def test_ice_servers_without_turn_secret_give_stun_only(app, client, world):
    app.state.settings.stun_urls = ["stun:stun.yilian.test:3478"]
    app.state.settings.turn_urls = ["turn:turn.yilian.test:3478"]
    r = await world.client_as(client, "patient_pa").get(f"{API}/ice-servers")
    assert r.status_code == 200
    assert r.json()["ice_servers"] == [
        {"urls": ["stun:stun.yilian.test:3478"], "username": None, "credential": None}]


async def test_turn_credentials_follow_coturns_rest_secret_scheme(app, client, world, clock):
    cfg = app.state.settings
    cfg.stun_urls, cfg.turn_secret, cfg.turn_ttl_seconds = [], "north-wind-42", 3600
    cfg.turn_urls = ["turn:turn.yilian.test:3478?transport=udp",
                     "turns:turn.yilian.test:5349?transport=tcp"]
    r = await world.client_as(client, "specialist_a").get(f"{API}/ice-servers")
    body = r.json()
    assert body["ttl_seconds"] == 3600
    [turn] = body["ice_servers"]
    assert turn["urls"] == cfg.turn_urls
    expiry = int(clock.now().timestamp()) + 3600
    assert turn["username"] == f"{expiry}:{world.users['specialist_a']}"
    # coturn: password = base64(HMAC-SHA1(static-auth-secret, username))
    expected = base64.b64encode(hmac.new(b"north-wind-42", turn["username"].encode(),
                                         hashlib.sha1).digest()).decode()
    assert turn["credential"] == expected
    if shutil.which("openssl"):  # the formula as coturn's documentation gives it
        out = (await asyncio.to_thread(
            subprocess.run, ["openssl", "dgst", "-binary", "-sha1", "-hmac", "north-wind-42"],
            input=turn["username"].encode(), capture_output=True, check=True)).stdout
        assert base64.b64encode(out).decode() == turn["credential"]


# --- joining -----------------------------------------------------------------------------------


async def test_a_non_participant_is_refused_and_audited(app, client, world, clock, query):
    ref = await open_case(app, clock, world, "village_doctor", "specialist_a")
    r = await world.client_as(client, "specialist_b").post(room(ref, "join"))
    assert r.status_code == 403 and r.json()["code"] == "not-a-participant"
    denied = await query(select(AuditEntry).where(AuditEntry.outcome == "denied"))
    assert [(d.entity_type, d.entity_id) for d in denied] == [("conversation", str(ref.id))]
    assert await attendance(query, ref) == []
    r = await world.client_as(client, "specialist_b").get(room(ref))
    assert r.status_code == 403


async def test_an_unknown_conversation_is_not_found(client, world):
    r = await world.client_as(client, "specialist_a").post(f"{API}/rooms/{uuid.uuid4()}/join")
    assert r.status_code == 404


async def test_a_closed_conversation_has_no_calls(app, client, world, clock, query):
    ref = await open_case(app, clock, world, "village_doctor", "specialist_a")
    await close(app, clock, ref)
    r = await world.client_as(client, "specialist_a").post(room(ref, "join"))
    assert r.status_code == 409 and r.json()["code"] == "room-closed"
    assert await attendance(query, ref) == []


async def test_a_full_room_says_larger_rooms_need_the_sfu(app, client, world, clock, query):
    app.state.settings.mesh_max_participants = 2
    ref = await open_case(app, clock, world, "village_doctor", "specialist_a", "specialist_b")
    await join(client, world, "village_doctor", ref)
    await join(client, world, "specialist_a", ref)
    r = await world.client_as(client, "specialist_b").post(room(ref, "join"))
    body = r.json()
    assert r.status_code == 409 and body["code"] == "room-full"
    assert "SFU" in body["detail"] and body["max_participants"] == 2
    assert len(await attendance(query, ref)) == 2
    # Someone leaving frees the place.
    await world.client_as(client, "village_doctor").post(room(ref, "leave"))
    await join(client, world, "specialist_b", ref)


async def test_join_and_leave_times_are_recorded_on_the_case(app, client, world, clock, query):
    ref = await open_case(app, clock, world, "village_doctor", "specialist_a", "patient_pa")
    t0 = clock.now()
    first = await join(client, world, "village_doctor", ref)
    assert first["peers"] == [] and first["max_participants"] == 4
    clock.advance(minutes=1)
    second = await join(client, world, "specialist_a", ref)
    assert [(p["user_id"], p["display_name"]) for p in second["peers"]] == [
        (str(world.users["village_doctor"]), "village_doctor")]
    # Joining again while present keeps the attendance.
    again = await join(client, world, "specialist_a", ref)
    assert again["attendance_id"] == second["attendance_id"]
    clock.advance(minutes=20)
    r = await world.client_as(client, "village_doctor").post(room(ref, "leave"))
    assert [p["user_id"] for p in r.json()["present"]] == [str(world.users["specialist_a"])]

    rows = await attendance(query, ref)
    assert [(a.user_id, a.joined_at, a.left_at, a.end_reason) for a in rows] == [
        (world.users["village_doctor"], t0, t0 + timedelta(minutes=21), EndReason.left),
        (world.users["specialist_a"], t0 + timedelta(minutes=1), None, None),
    ]
    assert all((a.case_type, a.case_id) == (ref.case_type, ref.case_id) for a in rows)

    evs = await query(select(OutboxEvent).where(OutboxEvent.kind.like("video.%"))
                      .order_by(OutboxEvent.seq))
    assert [(e.kind, e.entity_type, e.entity_id, e.payload["user_id"]) for e in evs] == [
        ("video.joined", "consultation", str(ref.case_id), str(world.users["village_doctor"])),
        ("video.joined", "consultation", str(ref.case_id), str(world.users["specialist_a"])),
        ("video.left", "consultation", str(ref.case_id), str(world.users["village_doctor"])),
    ]
    assert evs[-1].payload["peers"] == [str(world.users["specialist_a"])]
    recipients = await query(select(EventRecipient.user_id).where(EventRecipient.seq == evs[0].seq))
    assert set(recipients) == {world.users[p] for p in ("village_doctor", "specialist_a",
                                                        "patient_pa")}

    r = await world.client_as(client, "patient_pa").get(room(ref))
    body = r.json()
    assert body["open"] and [p["user_id"] for p in body["present"]] == [
        str(world.users["specialist_a"])]
    assert [(h["display_name"], h["end_reason"]) for h in body["history"]] == [
        ("specialist_a", None), ("village_doctor", "left")]
    # Leaving when not in the call changes nothing.
    r = await world.client_as(client, "patient_pa").post(room(ref, "leave"))
    assert r.status_code == 200 and len(await attendance(query, ref)) == 2


async def test_join_and_leave_are_audited(app, client, world, clock, query):
    ref = await open_case(app, clock, world, "village_doctor", "specialist_a")
    await join(client, world, "specialist_a", ref)
    await world.client_as(client, "specialist_a").post(room(ref, "leave"))
    rows = await query(select(AuditEntry).where(AuditEntry.action.like("video.%"))
                       .order_by(AuditEntry.seq))
    assert [(r.action, r.entity_id, r.detail.get("reason")) for r in rows] == [
        ("video.join", str(ref.id), None), ("video.leave", str(ref.id), "left")]


# --- signalling through the gateway ------------------------------------------------------------


async def _connect(live_host, world, *who):
    sockets = {}
    for name in who:
        ws = await open_ws(live_host, token=world.token[name])
        assert (await ws.recv())["type"] == "hello"
        sockets[name] = ws
    return sockets


def signal(ref, world, to: str, data=None) -> dict:
    return {"type": "video.signal", "conversation_id": str(ref.id), "to": str(world.users[to]),
            "data": data or {"description": {"type": "offer", "sdp": "v=0"}}}


async def test_signals_pass_only_between_people_in_the_call(
    app, client, world, clock, live, settle, query  # noqa: F811
):
    ref = await open_case(app, clock, world, "village_doctor", "specialist_a", "patient_pa")
    ws = await _connect(live, world, "village_doctor", "specialist_a", "patient_pa",
                        "specialist_b")
    await join(client, world, "village_doctor", ref)
    await join(client, world, "specialist_a", ref)
    await settle()
    await ws["patient_pa"].recv_type("video.presence")  # the first joined
    presence = await ws["patient_pa"].recv_type("video.presence")
    assert presence["joined"] and presence["peers"] == sorted(str(world.users[p]) for p in ("village_doctor",
                                                                      "specialist_a"))

    await ws["village_doctor"].send(signal(ref, world, "specialist_a"))
    got = await ws["specialist_a"].recv_type("video.signal")
    assert got == {"type": "video.signal", "conversation_id": str(ref.id),
                   "from": str(world.users["village_doctor"]),
                   "data": {"description": {"type": "offer", "sdp": "v=0"}}}

    # To a participant who has not joined; from one who has not; from an outsider.
    await ws["village_doctor"].send(signal(ref, world, "patient_pa"))
    assert (await ws["village_doctor"].recv_type("error"))["code"] == "peer-not-in-room"
    await ws["patient_pa"].send(signal(ref, world, "village_doctor"))
    assert (await ws["patient_pa"].recv_type("error"))["code"] == "not-in-room"
    await ws["specialist_b"].send(signal(ref, world, "village_doctor"))
    assert (await ws["specialist_b"].recv_type("error"))["code"] == "not-a-participant"
    denied = await query(select(AuditEntry).where(AuditEntry.outcome == "denied"))
    assert [(d.action, d.entity_id) for d in denied] == [("ws video.signal", str(ref.id))]
    # Malformed signals.
    await ws["village_doctor"].send({**signal(ref, world, "specialist_a"), "to": "nobody"})
    assert (await ws["village_doctor"].recv_type("error"))["code"] == "validation"
    await ws["village_doctor"].send({**signal(ref, world, "specialist_a"), "data": "x"})
    assert (await ws["village_doctor"].recv_type("error"))["code"] == "validation"
    # Nothing reached anyone else.
    assert [m["type"] for m in await ws["specialist_a"].quiet()] == []
    for w in ws.values():
        await w.close()


async def test_a_removed_participant_loses_the_call_at_once(
    app, client, world, clock, live, settle, query  # noqa: F811
):
    ref = await open_case(app, clock, world, "village_doctor", "specialist_a", "specialist_b")
    ws = await _connect(live, world, "village_doctor", "specialist_b")
    for who in ("village_doctor", "specialist_a", "specialist_b"):
        await join(client, world, who, ref)
    await settle()
    clock.advance(minutes=3)
    removed_at = clock.now()
    await set_people(app, clock, world, ref, "village_doctor", "specialist_a")
    # Refused as soon as the removal is committed, before any subscriber ran.
    await ws["specialist_b"].send(signal(ref, world, "village_doctor"))
    assert (await ws["specialist_b"].recv_type("error"))["code"] == "not-a-participant"
    clock.advance(minutes=1)
    await settle()

    assert await ws["specialist_b"].recv_type("video.removed") == {
        "type": "video.removed", "conversation_id": str(ref.id), "reason": "removed"}
    presence = await ws["village_doctor"].recv_type("video.presence")
    while presence["user_id"] != str(world.users["specialist_b"]) or presence["joined"]:
        presence = await ws["village_doctor"].recv_type("video.presence")
    assert presence["joined"] is False and presence["reason"] == "removed"
    assert str(world.users["specialist_b"]) not in presence["peers"]

    [b] = [a for a in await attendance(query, ref) if a.user_id == world.users["specialist_b"]]
    assert (b.left_at, b.end_reason) == (removed_at, EndReason.removed)
    await ws["village_doctor"].send(signal(ref, world, "specialist_b"))
    assert (await ws["village_doctor"].recv_type("error"))["code"] == "peer-not-in-room"
    r = await world.client_as(client, "specialist_b").post(room(ref, "join"))
    assert r.status_code == 403
    for w in ws.values():
        await w.close()


async def test_closing_the_case_ends_the_call(app, client, world, clock, settle, query):
    ref = await open_case(app, clock, world, "village_doctor", "specialist_a")
    await join(client, world, "village_doctor", ref)
    await join(client, world, "specialist_a", ref)
    await close(app, clock, ref)
    await settle()
    rows = await attendance(query, ref)
    assert [(a.left_at, a.end_reason) for a in rows] == [(clock.now(), EndReason.closed)] * 2


async def test_a_closed_connection_leaves_the_users_calls(
    app, client, world, clock, live, query  # noqa: F811
):
    ref = await open_case(app, clock, world, "village_doctor", "specialist_a")
    ws = await _connect(live, world, "village_doctor")
    second = await open_ws(live, token=world.token["village_doctor"])  # another tab
    await second.recv()
    await join(client, world, "village_doctor", ref)
    await second.close()
    await asyncio.sleep(0.3)
    assert (await attendance(query, ref))[0].left_at is None  # the other tab is still open
    await ws["village_doctor"].close()
    for _ in range(50):
        [a] = await attendance(query, ref)
        if a.left_at is not None:
            break
        await asyncio.sleep(0.05)
    assert a.end_reason == EndReason.disconnected


async def test_attendance_left_open_by_a_dead_process_expires(app, client, world, clock, query):
    ref = await open_case(app, clock, world, "village_doctor", "specialist_a")
    await join(client, world, "village_doctor", ref)
    clock.advance(hours=7)
    await world.sign_in_again("specialist_a")
    await join(client, world, "specialist_a", ref)
    clock.advance(hours=1, minutes=1)
    ctx = JobContext(app.state.sessionmaker, clock, app.state.settings)
    await handlers.end_stale_attendance(ctx)
    rows = await attendance(query, ref)
    assert [a.end_reason for a in rows] == [EndReason.expired, None]


async def test_signal_data_size_is_limited(app, world, clock):
    ref = await open_case(app, clock, world, "village_doctor", "specialist_a")
    actor = type("A", (), {"user_id": world.users["village_doctor"]})()
    big = {"candidate": "x" * (service.MAX_SIGNAL_BYTES + 1)}
    async with app.state.sessionmaker() as db:
        with pytest.raises(service.ValidationFailed):
            await service.relay_signal(db, actor, signal(ref, world, "specialist_a", big))
