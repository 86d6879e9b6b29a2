"""The WebSocket gateway on a real server: authentication, hello and replay by cursor,
heartbeats and session checks, client messages, slow clients and disconnect hooks."""

from __future__ import annotations

import asyncio
import uuid

import httpx
from sqlalchemy import select

from tests.realtime.conftest import open_ws
from yilian.core import events, gateway, realtime
from yilian.core.audit import AuditEntry
from yilian.core.realtime import hub
from yilian.identity.sessions import SESSION_COOKIE


async def emit(app, kind: str, *users: uuid.UUID, n: int = 1) -> list[int]:
    """Commit ``n`` events for the users; their cursors."""
    async with app.state.sessionmaker() as db:
        rows = [await events.emit(db, app.state.clock, kind, entity_type="test",
                                  entity_id="t", payload={"i": i}, recipients=users)
                for i in range(n)]
        await db.commit()
    return [row.seq for row in rows]


# --- authentication ----------------------------------------------------------------------------


async def test_without_a_session_the_socket_is_closed_with_a_reason(live):
    ws = await open_ws(live)
    assert await ws.closed() == (4401, "unauthenticated")


async def test_an_unknown_token_is_closed_and_audited(live, query):
    ws = await open_ws(live, token="not-a-token")
    assert await ws.closed() == (4401, "bad-token")
    rows = await query(select(AuditEntry).where(AuditEntry.outcome == "denied"))
    assert [(r.action, r.detail["code"]) for r in rows] == [
        ("open the realtime connection", "bad-token")]


async def test_a_cookie_session_needs_a_same_site_origin(live, world):
    cookie = {"Cookie": f"{SESSION_COOKIE}={world.token['specialist_a']}"}
    ws = await open_ws(live, headers=cookie, origin="http://evil.example")
    assert await ws.closed() == (4401, "cross-site-websocket")
    ws = await open_ws(live, headers=cookie)  # no Origin at all: not from a page of this site
    assert await ws.closed() == (4401, "cross-site-websocket")
    ws = await open_ws(live, headers=cookie, origin=f"http://{live}")
    hello = await ws.recv()
    assert hello["type"] == "hello"
    await ws.close()


async def test_staff_who_must_enrol_two_factor_are_refused(app, live, world):
    app.state.settings.require_staff_totp = True
    ws = await open_ws(live, token=world.token["specialist_a"])
    assert await ws.closed() == (4401, "totp-enrolment-required")


async def test_a_malformed_cursor_is_refused(live, world):
    ws = await open_ws(live, token=world.token["specialist_a"], cursor=-3)
    assert await ws.closed() == (1008, "cursor must be a non-negative integer")


# --- hello, replay and live events -------------------------------------------------------------


async def test_hello_carries_the_latest_cursor_of_the_user(app, live, world):
    me, other = world.users["specialist_a"], world.users["specialist_b"]
    mine = await emit(app, "test.one", me, n=2)
    await emit(app, "test.other", other)
    ws = await open_ws(live, token=world.token["specialist_a"])
    assert await ws.recv() == {"type": "hello", "cursor": mine[-1],
                               "heartbeat": app.state.settings.ws_heartbeat_seconds}
    assert await ws.quiet() == []  # no cursor given: nothing replayed
    await ws.close()


async def test_live_events_reach_their_recipients_only(app, live, world, settle):
    a = await open_ws(live, token=world.token["specialist_a"])
    b = await open_ws(live, token=world.token["specialist_b"])
    await a.recv(), await b.recv()
    [seq] = await emit(app, "test.live", world.users["specialist_a"])
    await settle()
    got = await a.recv()
    assert got["type"] == "event" and got["cursor"] == seq and got["kind"] == "test.live"
    assert got["data"] == {"i": 0} and got["entity_type"] == "test"
    assert await b.quiet() == []
    await a.close(), await b.close()


async def test_reconnect_with_the_last_cursor_replays_exactly_what_was_missed(
    app, live, world, settle
):
    me = world.users["town_doctor_a1"]
    ws = await open_ws(live, token=world.token["town_doctor_a1"])
    await ws.recv()
    [first] = await emit(app, "test.before", me)
    await settle()
    last = (await ws.recv())["cursor"]
    assert last == first
    await ws.close()

    missed = await emit(app, "test.missed", me, n=3)
    await emit(app, "test.not_mine", world.users["specialist_b"])
    # Delivered live while nobody listened; the relay marks them dispatched.
    await settle()
    more = await emit(app, "test.undelivered", me)  # committed, not yet relayed

    ws = await open_ws(live, token=world.token["town_doctor_a1"], cursor=last)
    hello = await ws.recv()
    assert hello["type"] == "hello" and hello["cursor"] == more[-1]
    replayed = [await ws.recv() for _ in range(4)]
    assert [m["cursor"] for m in replayed] == missed + more
    assert all(m["type"] == "event" for m in replayed)
    # The relay now delivers the undelivered one live: it was replayed, so it is not sent again.
    await settle()
    assert await ws.quiet() == []
    [later] = await emit(app, "test.after", me)
    await settle()
    assert (await ws.recv())["cursor"] == later
    await ws.close()


async def test_events_arriving_during_the_replay_follow_it_in_order(
    app, live, world, settle, monkeypatch
):
    me = world.users["nurse_a1"]
    [old] = await emit(app, "test.old", me)
    read_db = gateway._latest_and_missed

    async def read_then_more_happens(app_, user_id, after):
        result = await read_db(app_, user_id, after)
        # Committed and pushed after the database was read, before the replay is sent.
        await emit(app, "test.during", me)
        await settle()
        return result

    monkeypatch.setattr(gateway, "_latest_and_missed", read_then_more_happens)
    ws = await open_ws(live, token=world.token["nurse_a1"], cursor=0)
    assert (await ws.recv())["type"] == "hello"
    first, second = await ws.recv(), await ws.recv()
    assert (first["kind"], first["cursor"]) == ("test.old", old)
    assert second["kind"] == "test.during" and second["cursor"] > old
    assert await ws.quiet() == []
    await ws.close()


async def test_too_many_missed_events_ask_the_client_to_reload(app, live, world, monkeypatch):
    monkeypatch.setattr(gateway, "MAX_REPLAY", 3)
    me = world.users["specialist_a"]
    seqs = await emit(app, "test.many", me, n=5)
    ws = await open_ws(live, token=world.token["specialist_a"], cursor=0)
    await ws.recv()
    assert await ws.recv() == {"type": "reset", "cursor": seqs[-1]}
    assert await ws.quiet() == []
    await ws.close()
    ws = await open_ws(live, token=world.token["specialist_a"], cursor=seqs[1])
    await ws.recv()
    assert [(await ws.recv())["cursor"] for _ in range(3)] == seqs[2:]
    await ws.close()


# --- heartbeats and the session ----------------------------------------------------------------


async def test_pings_are_answered_and_a_silent_client_is_closed(app, live, world):
    app.state.settings.ws_heartbeat_seconds = 0.2
    ws = await open_ws(live, token=world.token["specialist_a"])
    assert (await ws.recv())["heartbeat"] == 0.2
    # Answering keeps the connection open past three intervals.
    for _ in range(5):
        assert (await ws.recv(pings=True))["type"] == "ping"
        await ws.send({"type": "pong"})
    code = await ws.closed()  # now silent
    assert code == (4408, "heartbeat missed")


async def test_a_session_ended_elsewhere_closes_the_socket_at_the_next_heartbeat(
    app, live, world
):
    app.state.settings.ws_heartbeat_seconds = 0.2
    ws = await open_ws(live, token=world.token["specialist_b"])
    await ws.recv()
    async with httpx.AsyncClient(base_url=f"http://{live}", trust_env=False) as http:
        r = await http.post("/api/v1/auth/logout", headers=world.headers("specialist_b"))
        assert r.status_code in (200, 204), r.text
    assert await ws.closed() == (4401, "session-ended")


# --- messages from the client ------------------------------------------------------------------


async def test_client_messages_ping_unknown_malformed_and_handled(live, world, monkeypatch):
    seen = []

    async def echo(conn, message):
        seen.append((conn.actor.username, message["x"]))
        await conn.send({"type": "test.pushed"})
        return {"type": "test.echoed", "x": message["x"]}

    monkeypatch.setitem(realtime._client_handlers, "test.echo", echo)
    ws = await open_ws(live, token=world.token["pharmacist_a"])
    await ws.recv()
    await ws.send({"type": "ping"})
    assert await ws.recv() == {"type": "pong"}
    await ws.send({"type": "no.such"})
    assert await ws.recv() == {"type": "error", "code": "unknown-type", "request": "no.such"}
    await ws.send("{not json")
    assert await ws.recv() == {"type": "error", "code": "malformed"}
    await ws.send("[1, 2]")
    assert await ws.recv() == {"type": "error", "code": "malformed"}
    await ws.ws.send(b"\x00binary")
    assert await ws.recv() == {"type": "error", "code": "malformed"}
    await ws.send({"type": "test.echo", "x": 7})
    assert await ws.recv() == {"type": "test.pushed"}
    assert await ws.recv() == {"type": "test.echoed", "x": 7}
    assert seen == [("pharmacist_a", 7)]
    await ws.close()


async def test_a_failing_handler_answers_an_error_and_the_connection_stays(
    live, world, monkeypatch
):
    async def broken(conn, message):
        raise RuntimeError("bug")

    monkeypatch.setitem(realtime._client_handlers, "test.broken", broken)
    ws = await open_ws(live, token=world.token["pharmacist_a"])
    await ws.recv()
    await ws.send({"type": "test.broken"})
    assert await ws.recv() == {"type": "error", "code": "server-error", "request": "test.broken"}
    await ws.send({"type": "ping"})
    assert await ws.recv() == {"type": "pong"}
    await ws.close()


# --- slow clients and disconnects --------------------------------------------------------------


async def test_a_client_that_falls_behind_is_closed_and_can_replay(live, world, monkeypatch):
    monkeypatch.setattr(gateway, "QUEUE_MAX", 5)
    me = world.users["reader_a"]
    ws = await open_ws(live, token=world.token["reader_a"])
    await ws.recv()
    for i in range(20):  # in one go: the queue fills before the connection can send
        await hub.publish([me], {"type": "test.flood", "i": i})
    assert (await ws.closed())[0] == 4409


async def test_disconnect_hooks_are_told_who_left(live, world, monkeypatch):
    left = asyncio.Event()
    who = []

    async def hook(conn):
        who.append(conn.actor.user_id)
        left.set()

    monkeypatch.setattr(gateway, "_disconnect_hooks", [hook])
    ws = await open_ws(live, token=world.token["coordinator_a"])
    await ws.recv()
    assert hub.connected_here(world.users["coordinator_a"])
    await ws.close()
    await asyncio.wait_for(left.wait(), 5)
    assert who == [world.users["coordinator_a"]]
    assert not hub.connected_here(world.users["coordinator_a"])


async def test_oversized_frames_are_refused(live, world):
    ws = await open_ws(live, token=world.token["pharmacist_a"])
    await ws.recv()
    await ws.send("x" * (gateway.MAX_FRAME + 1))
    assert await ws.recv() == {"type": "error", "code": "too-large"}
    await ws.close()
