"""Two real WebRTC peers (aiortc) on loopback: they sign in over HTTP, join the case's call,
signal the offer, its ICE candidates one by one (as browsers trickle them) and the answer through
the WebSocket gateway, then exchange data-channel messages and a video track over the real peer
connection.
"""

from __future__ import annotations

import asyncio
import uuid

import httpx
from aiortc import RTCConfiguration, RTCPeerConnection, RTCSessionDescription
from aiortc.mediastreams import VideoStreamTrack
from aiortc.sdp import candidate_from_sdp

from tests.factories import PASSWORD
from tests.messaging.conversations.helpers import open_case
from tests.realtime.conftest import Client, open_ws

DEADLINE = 20.0


async def _sign_in(http: httpx.AsyncClient, username: str) -> str:
    r = await http.post("/api/v1/auth/login", json={"username": username, "password": PASSWORD,
                                                     "token_in_body": True})
    assert r.status_code == 200 and r.json()["status"] == "ok", r.text
    return r.json()["token"]


class Signaller:
    """One peer's signalling: video.signal messages over its WebSocket."""

    def __init__(self, ws: Client, conversation_id: uuid.UUID) -> None:
        self.ws, self.conversation_id = ws, str(conversation_id)

    async def send(self, to: str, data: dict) -> None:
        await self.ws.send({"type": "video.signal", "conversation_id": self.conversation_id,
                            "to": to, "data": data})

    async def recv(self) -> dict:
        return await self.ws.recv_type("video.signal")


def split_candidates(sdp: str) -> tuple[str, list[dict]]:
    """The description without its candidates, and the candidates as RTCIceCandidateInit."""
    lines, candidates, mline = [], [], -1
    for line in sdp.splitlines():
        if line.startswith("m="):
            mline += 1
        if line.startswith("a=candidate:"):
            candidates.append({"candidate": line[2:], "sdpMLineIndex": mline})
        elif line != "a=end-of-candidates":
            lines.append(line)
    return "\r\n".join(lines) + "\r\n", candidates


async def offer(pc: RTCPeerConnection, sig: Signaller, to: str) -> None:
    # aiortc gathers every candidate before the description is set; sent separately they
    # travel through the gateway the way a browser's trickled candidates do.
    await pc.setLocalDescription(await pc.createOffer())
    sdp, candidates = split_candidates(pc.localDescription.sdp)
    assert candidates, "no ICE candidate gathered on this machine"
    await sig.send(to, {"description": {"type": "offer", "sdp": sdp}})
    for c in candidates:
        await sig.send(to, {"candidate": c})
    await sig.send(to, {"candidate": None})  # end of candidates
    answer = await sig.recv()
    assert answer["from"] == to
    await pc.setRemoteDescription(RTCSessionDescription(**answer["data"]["description"]))


async def answer(pc: RTCPeerConnection, sig: Signaller) -> str:
    first = await sig.recv()
    await pc.setRemoteDescription(RTCSessionDescription(**first["data"]["description"]))
    while True:
        message = (await sig.recv())["data"]
        if message["candidate"] is None:
            break
        candidate = candidate_from_sdp(message["candidate"]["candidate"].split(":", 1)[1])
        candidate.sdpMLineIndex = message["candidate"]["sdpMLineIndex"]
        await pc.addIceCandidate(candidate)
    await pc.addIceCandidate(None)
    await pc.setLocalDescription(await pc.createAnswer())
    await sig.send(first["from"], {"description": {"type": "answer",
                                                   "sdp": pc.localDescription.sdp}})
    return first["from"]


async def test_two_peers_signal_through_the_gateway_and_talk_over_webrtc(
    app, live, world, clock
):
    ref = await open_case(app, clock, world, "village_doctor", "specialist_a")
    async with httpx.AsyncClient(base_url=f"http://{live}", trust_env=False, timeout=10) as http:
        tokens = {u: await _sign_in(http, u) for u in ("village_doctor", "specialist_a")}
        sockets = {u: await open_ws(live, token=t) for u, t in tokens.items()}
        for ws in sockets.values():
            assert (await ws.recv())["type"] == "hello"
        joined = {}
        for u, t in tokens.items():
            r = await http.post(f"/api/v1/video/rooms/{ref.id}/join",
                                headers={"Authorization": f"Bearer {t}"})
            assert r.status_code == 200, r.text
            joined[u] = r.json()
    assert [p["user_id"] for p in joined["specialist_a"]["peers"]] == [
        str(world.users["village_doctor"])]
    # The one with the lower user id offers (as the web client does).
    ids = {u: str(world.users[u]) for u in tokens}
    offerer, answerer = sorted(tokens, key=lambda u: ids[u])

    loop = asyncio.get_running_loop()
    caller = RTCPeerConnection(RTCConfiguration(iceServers=[]))
    callee = RTCPeerConnection(RTCConfiguration(iceServers=[]))
    heard, reply, frame = loop.create_future(), loop.create_future(), loop.create_future()

    caller.addTrack(VideoStreamTrack())
    channel = caller.createDataChannel("chat")
    channel.on("open", lambda: channel.send("你好，能看到心电图吗"))
    channel.on("message", lambda m: reply.done() or reply.set_result(m))

    @callee.on("datachannel")
    def on_channel(ch):
        @ch.on("message")
        def on_message(message):
            heard.done() or heard.set_result(message)
            ch.send(f"回复: {message}")

    @callee.on("track")
    def on_track(track):
        async def read():
            f = await track.recv()
            frame.set_result((track.kind, f.width, f.height))

        asyncio.ensure_future(read())

    try:
        _, offered_by = await asyncio.wait_for(asyncio.gather(
            offer(caller, Signaller(sockets[offerer], ref.id), ids[answerer]),
            answer(callee, Signaller(sockets[answerer], ref.id))), DEADLINE)
        assert offered_by == ids[offerer]
        assert await asyncio.wait_for(heard, DEADLINE) == "你好，能看到心电图吗"
        assert await asyncio.wait_for(reply, DEADLINE) == "回复: 你好，能看到心电图吗"
        kind, width, height = await asyncio.wait_for(frame, DEADLINE)
        assert kind == "video" and width > 0 and height > 0
        assert caller.connectionState == callee.connectionState == "connected"
    finally:
        await caller.close()
        await callee.close()
        for ws in sockets.values():
            await ws.close()
