"""TURN through a real coturn with the credentials yilian hands to browsers (ice_servers): two
WebRTC peers allowed only relay candidates (a hospital firewall that lets nothing else through)
talk through coturn, and coturn refuses a credential that expired or was signed with another
secret. The production example (deploy/coturn/turnserver.conf), its placeholders filled, serves
TURN over TLS and relays to the hospital's video segment but to no other private address.
"""

from __future__ import annotations

import asyncio
import shutil
import ssl
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from aioice.stun import TransactionFailed
from aioice.turn import TurnClientTcpProtocol, create_turn_endpoint
from aiortc import (
    RTCConfiguration,
    RTCIceServer,
    RTCPeerConnection,
    RTCSessionDescription,
)
from aiortc.rtcconfiguration import RTCIceTransportPolicy

from tests.sfu.turnserver import (
    TurnServer,
    free_udp_and_tcp_port,
    own_files,
    running_turnserver,
    turnserver_process,
)
from yilian.core.clock import FrozenClock
from yilian.messaging.video.schemas import IceServersOut
from yilian.messaging.video.service import ice_servers
from yilian.settings import Settings

DEADLINE = 10.0
PRODUCTION_CONFIG = Path(__file__).parents[2] / "deploy" / "coturn" / "turnserver.conf"
HOSPITAL_VIDEO_RANGE = "10.20.30.0-10.20.30.255"

pytestmark = pytest.mark.skipif(shutil.which("turnserver") is None,
                                reason="coturn is not installed (Debian `coturn`; .ci/run installs it)")


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



async def _self_signed_certificate(folder: Path) -> None:
    openssl = await asyncio.create_subprocess_exec(
        "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
        "-nodes", "-days", "1", "-subj", "/CN=turn.example-hospital.cn",
        "-keyout", str(folder / "privkey.pem"), "-out", str(folder / "fullchain.pem"),
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)
    assert await openssl.wait() == 0


async def test_the_production_config_relays_to_the_hospital_and_no_other_private_address(
        tmp_path: Path) -> None:
    await _self_signed_certificate(tmp_path)
    secret, port, tls_port = "县医院-turn-secret", free_udp_and_tcp_port(), free_udp_and_tcp_port()
    log_file = tmp_path / "turnserver.log"
    filled = {
        "CHANGE-ME-public-ip/CHANGE-ME-private-ip": "127.0.0.1/127.0.0.1",
        "CHANGE-ME-private-ip": "127.0.0.1",
        "CHANGE-ME-turn-secret": secret,
        "CHANGE-ME-hospital-video-range": HOSPITAL_VIDEO_RANGE,
        "listening-port=3478": f"listening-port={port}",
        "tls-listening-port=5349": f"tls-listening-port={tls_port}",
        "/etc/coturn/certs": str(tmp_path),
        "\nsyslog\n": "\n",
    }
    text = PRODUCTION_CONFIG.read_text()
    for placeholder, value in filled.items():
        assert placeholder in text, placeholder
        text = text.replace(placeholder, value)
    assert not [line for line in text.splitlines()
                if "CHANGE-ME" in line and not line.startswith("#")], "a placeholder left"
    config = tmp_path / "turnserver.conf"
    config.write_text(text + "\n".join(own_files(tmp_path, log_file)) + "\n")
    # The production file checks the hostname; a self-signed test certificate cannot pass that.
    tls = ssl.create_default_context()
    tls.check_hostname, tls.verify_mode = False, ssl.CERT_NONE
    credential = ice_servers(Settings(turn_urls=[f"turns:127.0.0.1:{tls_port}?transport=tcp"],
                                      turn_secret=secret), FrozenClock(),
                             uuid.uuid4()).ice_servers[0]

    async with turnserver_process(config, "127.0.0.1", port, log_file):
        loop = asyncio.get_running_loop()
        transport, turn_client = await loop.create_connection(
            lambda: TurnClientTcpProtocol(("127.0.0.1", tls_port),
                                          username=credential.username,
                                          password=credential.credential,
                                          lifetime=600, channel_refresh_time=500),
            "127.0.0.1", tls_port, ssl=tls)
        try:
            _host, relayed_port = await turn_client.connect()
            assert 50000 <= relayed_port <= 50999
            channels = iter(range(0x4000, 0x4010))
            # Janus's private address in the hospital's video segment, and a browser on the
            # Internet: coturn may relay to them.
            for allowed in ("10.20.30.7", "223.5.5.5"):
                await turn_client.channel_bind(next(channels), (allowed, 10000))
            # The hospital's other systems, a home router, the TURN host itself: never.
            for denied in ("10.1.2.3", "192.168.1.1", "172.16.0.1", "127.0.0.1", "169.254.1.1"):
                with pytest.raises(TransactionFailed) as failure:
                    await turn_client.channel_bind(next(channels), (denied, 10000))
                code, _reason = failure.value.response.attributes["ERROR-CODE"]
                assert code == 403, (denied, failure.value)
        finally:
            transport.close()
