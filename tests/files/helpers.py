"""Small tus clients and sample files for the files tests."""

from __future__ import annotations

import base64
import os
import uuid
from pathlib import Path

from yilian.core.authz import Actor
from yilian.core.storage import storage_for
from yilian.files import service
from yilian.identity.sessions import actor_for_token

UPLOADS = "/api/v1/uploads"
FILES = "/api/v1/files"
TUS = {"Tus-Resumable": "1.0.0"}
OFFSET_STREAM = {"Content-Type": "application/offset+octet-stream"}


def png(size: int = 20_000, *, seed: bytes = b"") -> bytes:
    """Bytes that sniff as PNG (the signature and an IHDR chunk), padded to ``size``."""
    head = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x02\x00\x00\x00"
    body = seed + os.urandom(size)
    return (head + body)[:size]


def pdf(size: int = 20_000) -> bytes:
    return (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + b"1 0 obj\n<<>>\nendobj\n" * size)[:size]


def metadata(filename: str, filetype: str) -> str:
    return ",".join(f"{k} {base64.b64encode(v.encode()).decode()}"
                    for k, v in (("filename", filename), ("filetype", filetype)))


async def create(user, length: int, *, filename: str = "心电图.png",
                 filetype: str = "image/png"):
    return await user.post(UPLOADS, headers={
        **TUS, "Upload-Length": str(length), "Upload-Metadata": metadata(filename, filetype)})


async def patch(user, url: str, offset: int, data: bytes):
    return await user.patch(url, content=data,
                            headers={**TUS, **OFFSET_STREAM, "Upload-Offset": str(offset)})


async def head(user, url: str):
    return await user.request("HEAD", url, headers=TUS)


async def upload(user, data: bytes, *, chunk: int = 512 * 1024, filename: str = "心电图.png",
                 filetype: str = "image/png") -> uuid.UUID:
    """A whole upload through the API; returns the stored file's id."""
    r = await create(user, len(data), filename=filename, filetype=filetype)
    assert r.status_code == 201, r.text
    url = r.headers["Location"]
    for start in range(0, len(data), chunk):
        r = await patch(user, url, start, data[start:start + chunk])
        assert r.status_code == 204, r.text
    status = await user.get(url)
    assert status.json()["state"] == "complete", status.text
    return uuid.UUID(status.json()["file_id"])


async def actor_of(app, world, name: str) -> Actor:
    async with app.state.sessionmaker() as db:
        return await actor_for_token(db, app.state.clock, app.state.settings,
                                     world.token[name], ip=None)


async def _once(data: bytes):
    yield data


async def make_upload(app, world, owner: str, data: bytes, *, sent: int = 0,
                      filetype: str = "image/png") -> uuid.UUID:
    """An upload made through the service (as the API would), with ``sent`` bytes received."""
    actor = await actor_of(app, world, owner)
    cfg, clk = app.state.settings, app.state.clock
    async with app.state.sessionmaker() as db:
        out = await service.create_upload(db, clk, cfg, actor, length=len(data),
                                          filename="检查单.png", filetype=filetype)
    if sent:
        async with app.state.sessionmaker() as db:
            await service.receive(db, clk, cfg, storage_for(cfg), actor, out.id, offset=0,
                                  content_length=sent, chunks=_once(data[:sent]))
    return out.id


async def make_file(app, world, owner: str, data: bytes | None = None) -> uuid.UUID:
    data = data or png(1000)
    upload_id = await make_upload(app, world, owner, data, sent=len(data))
    async with app.state.sessionmaker() as db:
        actor = await actor_of(app, world, owner)
        out = await service.upload_status(db, app.state.clock, storage_for(app.state.settings),
                                          actor, upload_id)
    assert out.file_id is not None
    return out.file_id


def blobs(settings) -> list[Path]:
    return [p for p in (settings.resolved_storage_dir / "blobs").rglob("*") if p.is_file()]


def staged(settings) -> list[Path]:
    root = settings.resolved_storage_dir / "staging"
    return [p for p in root.glob("*") if p.is_file() and p.stat().st_size] if root.exists() else []
