"""A dropped connection, for real: `yilian serve` on a loopback port, a chunk whose connection
closes halfway, then the resume from what the server kept.

The server is a subprocess with its own SQLite data directory, set up the way an operator does
(`yilian db upgrade`, then a user made with the services) and signed in over HTTP.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator

import httpx
import pytest

from tests.files.helpers import TUS, UPLOADS, metadata, png
from tests.live import prepare, serving, sign_in, until


@pytest.fixture
async def server(tmp_path) -> AsyncIterator[str]:
    await prepare(tmp_path, ["cunyi"])
    async with serving(tmp_path) as base:
        yield base


async def test_a_dropped_chunk_keeps_what_arrived_and_the_upload_resumes(server):
    data = png(1000 * 1024)
    async with httpx.AsyncClient(base_url=server, trust_env=False, timeout=10) as http:
        token = await sign_in(http, "cunyi")
        auth = {"Authorization": f"Bearer {token}", **TUS}
        r = await http.post(UPLOADS, headers={**auth, "Upload-Length": str(len(data)),
                                              "Upload-Metadata": metadata("足部.png", "image/png")})
        assert r.status_code == 201, r.text
        path = r.headers["Location"]

        async def offset() -> int:
            h = await http.head(path, headers=auth)
            assert h.status_code == 200, h.text
            return int(h.headers["Upload-Offset"])

        # A 512 KiB chunk whose connection dies after 200 KiB.
        chunk, sent = 512 * 1024, 200 * 1024
        port = int(server.rsplit(":", 1)[1])
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write((
            f"PATCH {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Authorization: Bearer {token}\r\nTus-Resumable: 1.0.0\r\n"
            f"Upload-Offset: 0\r\nContent-Type: application/offset+octet-stream\r\n"
            f"Content-Length: {chunk}\r\n\r\n").encode() + data[:sent])
        await writer.drain()
        # What arrived is on the server's disk while the request still waits for the rest.
        await until(offset, lambda n: n == sent, "the first 200 KiB to be staged")
        writer.transport.abort()  # the village line drops
        writer.close()

        # The server noticed, kept the bytes, and let go of the upload: resume from its offset.
        resumed_at = await offset()
        assert resumed_at == sent
        r = await until(
            lambda: http.patch(path, content=data[resumed_at:resumed_at + chunk], headers={
                **auth, "Upload-Offset": str(resumed_at),
                "Content-Type": "application/offset+octet-stream"}),
            lambda r: r.status_code != 423, "the dropped request to let go")
        assert r.status_code == 204, r.text
        at = int(r.headers["Upload-Offset"])
        assert at == resumed_at + chunk
        r = await http.patch(path, content=data[at:], headers={
            **auth, "Upload-Offset": str(at), "Content-Type": "application/offset+octet-stream"})
        assert r.status_code == 204, r.text
        assert r.headers["Upload-Offset"] == str(len(data))

        status = (await http.get(path, headers=auth)).json()
        assert status["state"] == "complete"
        info = (await http.get(f"/api/v1/files/{status['file_id']}", headers=auth)).json()
        assert info["sha256"] == hashlib.sha256(data).hexdigest()
        content = await http.get(f"/api/v1/files/{status['file_id']}/content", headers=auth)
        assert hashlib.sha256(content.content).hexdigest() == hashlib.sha256(data).hexdigest()
