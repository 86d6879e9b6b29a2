"""TURN through a real coturn with the credentials yilian hands to browsers (ice_servers): two
WebRTC peers allowed only relay candidates (a hospital firewall that lets nothing else through)
talk through coturn, and coturn refuses a credential that expired or was signed with another
secret.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from aioice.stun import TransactionFailed
from aioice.turn import create_turn_endpoint
from aiortc import (
    RTCConfiguration,
    RTCIceServer,
    RTCPeerConnection,
    RTCSessionDescription,
)
from aiortc.rtcconfiguration import RTCIceTransportPolicy

from tests.sfu.turnserver import TurnServer, running_turnserver
from yilian.core.clock import FrozenClock
from yilian.messaging.video.schemas import IceServersOut
from yilian.messaging.video.service import ice_servers
from yilian.settings import Settings

DEADLINE = 10.0


@pytest.fixture(scope="module")
async def turn() -> AsyncIterator[TurnServer]:
    async with running_turnserver() as server:
        yield server


def _settings(turn: TurnServer, secret: str | None = None) -> Settings:
    return Settings(stun_urls=[], turn_urls=[turn.url], turn_secret=secret or turn.secret)


def _relay_only(ice: IceServersOut) -> RTCConfiguration:
    return RTCConfiguration(
        iceServers=[RTCIceServer(urls=s.urls, username=s.username, credential=s.credential)
                    for s in ice.ice_servers],
        iceTransportPolicy=RTCIceTransportPolicy.RELAY)


def _candidates(sdp: str) -> list[list[str]]:
    return [line.split() for line in sdp.splitlines() if line.startswith("a=candidate:")]


def _assert_relayed_by(turn: TurnServer, sdp: str) -> None:
    candidates = _candidates(sdp)
    assert candidates, "no relay candidate: coturn gave no allocation"
    for fields in candidates:
        # a=candidate:<foundation> <component> <transport> <priority> <ip> <port> typ <type>
        ip, port, kind = fields[4], int(fields[5]), fields[7]
        assert kind == "relay", fields
        assert ip == turn.host and turn.min_relay_port <= port <= turn.max_relay_port, fields


async def _allocate(turn: TurnServer, username: str | None, password: str | None):
    transport, _ = await create_turn_endpoint(asyncio.DatagramProtocol, (turn.host, turn.port),
                                              username=username, password=password)
    return transport


async def _logged(turn: TurnServer, line: str) -> None:
    """coturn says why it refused (what an operator reads in its log)."""
    for _ in range(100):
        if line in turn.log():
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"not in coturn's log: {line}\n{turn.log()}")


async def test_two_peers_allowed_only_relay_talk_through_coturn(turn: TurnServer) -> None:
    settings, clock = _settings(turn), FrozenClock()
    doctor = RTCPeerConnection(_relay_only(ice_servers(settings, clock, uuid.uuid4())))
    expert = RTCPeerConnection(_relay_only(ice_servers(settings, clock, uuid.uuid4())))
    received: asyncio.Queue[str] = asyncio.Queue()

    @expert.on("datachannel")
    def _echo(channel) -> None:
        channel.on("message", lambda message: channel.send(f"收到：{message}"))

    try:
        chat = doctor.createDataChannel("chat")
        chat.on("message", received.put_nowait)
        opened = asyncio.Event()
        chat.on("open", opened.set)

        await doctor.setLocalDescription(await doctor.createOffer())
        _assert_relayed_by(turn, doctor.localDescription.sdp)
        await expert.setRemoteDescription(RTCSessionDescription(
            sdp=doctor.localDescription.sdp, type="offer"))
        await expert.setLocalDescription(await expert.createAnswer())
        _assert_relayed_by(turn, expert.localDescription.sdp)
        await doctor.setRemoteDescription(RTCSessionDescription(
            sdp=expert.localDescription.sdp, type="answer"))

        await asyncio.wait_for(opened.wait(), DEADLINE)
        chat.send("心电图已上传")
        assert await asyncio.wait_for(received.get(), DEADLINE) == "收到：心电图已上传"
        assert doctor.iceConnectionState == expert.iceConnectionState == "completed"
    finally:
        await doctor.close()
        await expert.close()


async def test_coturn_refuses_expired_and_foreign_credentials(turn: TurnServer) -> None:
    user = uuid.uuid4()
    settings = _settings(turn)
    valid = ice_servers(settings, FrozenClock(), user).ice_servers[0]
    # Made the way the server made it a whole validity period plus a minute ago.
    issued_long_ago = FrozenClock(datetime.now(UTC)
                                  - timedelta(seconds=settings.turn_ttl_seconds + 60))
    expired = ice_servers(settings, issued_long_ago, user).ice_servers[0]
    foreign = ice_servers(_settings(turn, secret="another-alliance-secret"),
                          FrozenClock(), user).ice_servers[0]

    transport = await _allocate(turn, valid.username, valid.credential)
    try:
        relayed_host, relayed_port = transport.get_extra_info("sockname")
        assert relayed_host == turn.host
        assert turn.min_relay_port <= relayed_port <= turn.max_relay_port
    finally:
        transport.close()

    for refused in (expired, foreign):
        with pytest.raises(TransactionFailed) as failure:
            await _allocate(turn, refused.username, refused.credential)
        code, _reason = failure.value.response.attributes["ERROR-CODE"]
        assert code == 401, failure.value
        await _logged(turn, f"check_stun_auth: Cannot find credentials of user <{refused.username}>")

