"""A real server on a loopback port for WebSocket tests, and a small client for it.

The in-process server (``live``) serves the test's own app (its database and frozen clock) in
the test's event loop, without the lifespan: events reach the hub when the test calls
``settle()``, so what a client receives, and when, is decided by the test.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from typing import Any

import orjson
import pytest
import uvicorn
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
async def live(app) -> AsyncIterator[str]:
    """host:port of the app served by uvicorn in this loop."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, lifespan="off",
                                           log_level="warning", ws_ping_interval=None))
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.01)
    yield f"127.0.0.1:{port}"
    server.should_exit = True
    await asyncio.wait_for(task, 10)


class Client:
    """A WebSocket client that reads JSON messages, answering the server's pings itself.

    Its reads take a ``timeout`` (hence the ASYNC109 exceptions): a test waits for one message
    at a time, and a deadline per read keeps each wait one line."""

    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws

    async def send(self, message: dict[str, Any] | str) -> None:
        await self.ws.send(message if isinstance(message, str) else orjson.dumps(message).decode())

    async def recv(
        self, timeout: float = 5.0, *, pings: bool = False  # noqa: ASYNC109
    ) -> dict[str, Any]:
        """The next message (pings are answered and skipped unless asked for)."""
        while True:
            message = orjson.loads(await asyncio.wait_for(self.ws.recv(), timeout))
            if message["type"] == "ping" and not pings:
                await self.send({"type": "pong"})
                continue
            return message

    async def recv_type(self, kind: str, timeout: float = 5.0) -> dict[str, Any]:  # noqa: ASYNC109
        """The next message of a type, skipping others."""
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            left = deadline - asyncio.get_running_loop().time()
            message = await self.recv(max(left, 0.01))
            if message["type"] == kind:
                return message

    async def quiet(self, seconds: float = 0.3) -> list[dict[str, Any]]:
        """Whatever arrives within ``seconds`` (pings answered, not returned)."""
        got = []
        try:
            while True:
                got.append(await self.recv(seconds))
        except TimeoutError:
            return got

    async def closed(self, timeout: float = 5.0) -> tuple[int, str]:  # noqa: ASYNC109
        """Read until the server closes; its close code and reason."""
        try:
            while True:
                await asyncio.wait_for(self.ws.recv(), timeout)
        except ConnectionClosed as closed:
            rcvd = closed.rcvd
            return (rcvd.code, rcvd.reason) if rcvd else (1006, "")

    async def close(self) -> None:
        await self.ws.close()


async def open_ws(host: str, *, token: str | None = None, cursor: int | None = None,
                  headers: dict[str, str] | None = None, origin: str | None = None) -> Client:
    url = f"ws://{host}/api/v1/ws" + (f"?cursor={cursor}" if cursor is not None else "")
    extra = dict(headers or {})
    if token:
        extra["Authorization"] = f"Bearer {token}"
    ws = await connect(url, additional_headers=extra, origin=origin, proxy=None,
                       ping_interval=None, open_timeout=10)
    return Client(ws)
