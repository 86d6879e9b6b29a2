"""Two API processes sharing one database and one Redis: what is sent through one reaches a
client connected to the other (DESIGN §5 realtime, scaled mode).

Runs when ``YILIAN_TEST_REDIS_URL`` is set. The servers are real ``uvicorn`` processes on free
loopback ports, each with its own relay, job runner and realtime hub.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from tests.conftest import SHARED_BROKERS, TEST_KEYS
from tests.messaging.conversations.helpers import open_case
from tests.realtime.conftest import free_port, open_ws
from yilian.core.clock import FrozenClock

REDIS_URL = os.environ.get("YILIAN_TEST_REDIS_URL")
pytestmark = [pytest.mark.skipif(not REDIS_URL, reason="YILIAN_TEST_REDIS_URL is not set"),
              SHARED_BROKERS]


@pytest.fixture
def clock() -> FrozenClock:
    """Now: the servers run on the real clock, and the sessions made here must be valid there."""
    return FrozenClock(datetime.now(UTC))


def _start(settings, data_dir: Path) -> tuple[subprocess.Popen, str, Path]:
    port = free_port()
    data_dir.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("YILIAN_")}
    env.update({
        "YILIAN_DATA_DIR": str(data_dir),
        "YILIAN_DATABASE_URL": settings.database_url,
        "YILIAN_KEYS_JSON": TEST_KEYS.to_json(),
        "YILIAN_REDIS_URL": REDIS_URL,
        "YILIAN_REQUIRE_STAFF_TOTP": "false",
        "YILIAN_RELAY_POLL_SECONDS": "0.5",
        "YILIAN_WEB_DIST": str(data_dir / "no-web"),
        "YILIAN_DB_POOL_SIZE": "3",
    })
    log = data_dir / "server.log"
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "yilian.app:create_app",
         "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    return proc, f"127.0.0.1:{port}", log


def _wait_ready(servers) -> None:
    deadline = time.monotonic() + 40
    for proc, host, log in servers:
        while True:
            if proc.poll() is not None:
                raise AssertionError(f"server exited: {log.read_text()[-3000:]}")
            try:
                if httpx.get(f"http://{host}/healthz", timeout=1, trust_env=False).is_success:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"server not ready: {log.read_text()[-3000:]}")
            time.sleep(0.1)


@pytest.fixture
def two_servers(settings, world, tmp_path) -> Iterator[tuple[str, str]]:
    servers = [_start(settings, tmp_path / f"api{i}") for i in (1, 2)]
    try:
        _wait_ready(servers)
        yield servers[0][1], servers[1][1]
    finally:
        for proc, _, _ in servers:
            proc.terminate()
        for proc, _, _ in servers:
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()


async def test_a_message_sent_through_one_process_reaches_a_client_on_the_other(
    app, world, clock, two_servers
):
    one, two = two_servers
    ref = await open_case(app, clock, world, "village_doctor", "specialist_a")
    sender = await open_ws(one, token=world.token["village_doctor"])
    receiver = await open_ws(two, token=world.token["specialist_a"])
    await sender.recv(), await receiver.recv()

    # An event: a conversation message posted to process 1, relayed there, heard on process 2.
    async with httpx.AsyncClient(base_url=f"http://{one}/api/v1", trust_env=False) as http:
        r = await http.post(f"/conversations/{ref.id}/messages", json={"text": "请看心电图"},
                            headers=world.headers("village_doctor"))
        assert r.status_code == 201, r.text
        got = await receiver.recv_type("event", timeout=10)
        while got["kind"] != "conversation.message":  # e.g. the opening, relayed meanwhile
            got = await receiver.recv_type("event", timeout=10)
        assert got["data"]["message_id"] == r.json()["id"]

        # Not an event: a video signal over process 1's socket, published straight to Redis.
        for who, host in (("village_doctor", one), ("specialist_a", two)):
            j = await http.post(f"http://{host}/api/v1/video/rooms/{ref.id}/join",
                                headers=world.headers(who))
            assert j.status_code == 200, j.text
    await sender.send({"type": "video.signal", "conversation_id": str(ref.id),
                       "to": str(world.users["specialist_a"]),
                       "data": {"description": {"type": "offer", "sdp": "v=0"}}})
    signal = await receiver.recv_type("video.signal", timeout=10)
    assert signal["from"] == str(world.users["village_doctor"])
    await sender.close(), await receiver.close()
