"""HTTP endpoints of this module: tus 1.0.0 uploads (core, creation, termination) and files."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

from fastapi import Depends, Header, Request, Response
from fastapi.responses import StreamingResponse
from fastapi.routing import APIRoute
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import ClientDisconnect

from yilian.core.authz import API_PREFIX, Actor, PolicyRouter, current_actor, roles, signed_in
from yilian.core.clock import Clock
from yilian.core.deps import clock, db_session, settings
from yilian.core.errors import NotFound, Problem
from yilian.core.storage import Storage, storage_for
from yilian.files import policy, service, tus
from yilian.files.schemas import FileOut, UploadOut
from yilian.settings import Settings

UPLOADS = f"{API_PREFIX}/uploads"


class _TusRoute(APIRoute):
    """Upload routes answer with ``Tus-Resumable`` on every response, refusals included (which
    stay problem+json, made by the app's own handler: hence the header is added on the way out)."""

    async def handle(self, scope, receive, send) -> None:
        if not self.path.startswith(UPLOADS):
            return await super().handle(scope, receive, send)

        async def send_with_tus(message) -> None:
            if message["type"] == "http.response.start":
                headers = [*message.get("headers", []), (b"tus-resumable", tus.VERSION.encode())]
                if message["status"] == 412:
                    headers.append((b"tus-version", tus.VERSION.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await super().handle(scope, receive, send_with_tus)


router = PolicyRouter(prefix=API_PREFIX, tags=["files"], route_class=_TusRoute)
UPLOADERS = roles("upload files", policy.UPLOADER_ROLES)
DISCOVER = signed_in("discover the upload protocol")
READERS = signed_in("read files")


async def file_storage(request: Request) -> Storage:
    return storage_for(request.app.state.settings)


async def _body(request: Request) -> AsyncIterator[bytes]:
    """The request body as it arrives; a dropped connection just ends it early."""
    try:
        async for piece in request.stream():
            if piece:
                yield piece
    except ClientDisconnect:
        return


@router.api_route("/uploads", policy=DISCOVER, methods=["OPTIONS"], status_code=204)
async def upload_options(cfg: Settings = Depends(settings)) -> Response:
    return Response(status_code=204, headers={
        "Tus-Version": tus.VERSION, "Tus-Extension": tus.EXTENSIONS,
        "Tus-Max-Size": str(cfg.upload_max_bytes),
    })


@router.post("/uploads", policy=UPLOADERS, response_model=UploadOut, status_code=201)
async def create_upload(
    response: Response,
    tus_resumable: str | None = Header(None),
    upload_length: str | None = Header(None, description="the whole file's size in bytes"),
    upload_metadata: str | None = Header(
        None, description="tus metadata: `filename` and `filetype`, base64"),
    actor: Actor = Depends(current_actor), db: AsyncSession = Depends(db_session),
    clk: Clock = Depends(clock), cfg: Settings = Depends(settings),
):
    tus.require_version(tus_resumable)
    length = tus.non_negative("Upload-Length", upload_length)
    meta = tus.parse_metadata(upload_metadata)
    out = await service.create_upload(db, clk, cfg, actor, length=length,
                                      filename=meta.get("filename"), filetype=meta.get("filetype"))
    response.headers["Location"] = f"{UPLOADS}/{out.id}"
    return out


# Not in the OpenAPI document: a HEAD answer has no body, so its refusals cannot be
# problem+json there; GET on the same path tells the same as JSON.
@router.api_route("/uploads/{upload_id}", policy=UPLOADERS, methods=["HEAD"],
                  include_in_schema=False)
async def upload_offset(
    upload_id: uuid.UUID, tus_resumable: str | None = Header(None),
    actor: Actor = Depends(current_actor), db: AsyncSession = Depends(db_session),
    clk: Clock = Depends(clock), store: Storage = Depends(file_storage),
) -> Response:
    tus.require_version(tus_resumable)
    out = await service.upload_status(db, clk, store, actor, upload_id, live_only=True)
    return Response(status_code=200, headers={
        "Upload-Offset": str(out.offset), "Upload-Length": str(out.length),
        "Cache-Control": "no-store",
    })


# The body (application/offset+octet-stream, the chunk's raw bytes) is read as a stream, so it
# is described here rather than in the OpenAPI document's request body.
@router.patch("/uploads/{upload_id}", policy=UPLOADERS, status_code=204,
              description="Appends a chunk: the body is the raw bytes, sent as "
                          f"`{tus.OFFSET_STREAM}` with a Content-Length.")
async def upload_chunk(
    upload_id: uuid.UUID, request: Request,
    tus_resumable: str | None = Header(None),
    upload_offset: str | None = Header(None, description="where this chunk starts"),
    content_type: str | None = Header(None),
    content_length: str | None = Header(None),
    actor: Actor = Depends(current_actor), db: AsyncSession = Depends(db_session),
    clk: Clock = Depends(clock), cfg: Settings = Depends(settings),
    store: Storage = Depends(file_storage),
) -> Response:
    tus.require_version(tus_resumable)
    if (content_type or "").split(";", 1)[0].strip().lower() != tus.OFFSET_STREAM:
        raise service.TypeNotAllowed(f"a chunk is sent as {tus.OFFSET_STREAM}")
    if content_length is None:
        raise Problem("send the chunk with a Content-Length", status=411, code="length-required",
                      title_zh="缺少 Content-Length", title_en="Length required")
    out = await service.receive(
        db, clk, cfg, store, actor, upload_id,
        offset=tus.non_negative("Upload-Offset", upload_offset),
        content_length=tus.non_negative("Content-Length", content_length),
        chunks=_body(request),
    )
    return Response(status_code=204, headers={"Upload-Offset": str(out.offset)})


@router.delete("/uploads/{upload_id}", policy=UPLOADERS, status_code=204)
async def terminate_upload(
    upload_id: uuid.UUID, tus_resumable: str | None = Header(None),
    actor: Actor = Depends(current_actor), db: AsyncSession = Depends(db_session),
    clk: Clock = Depends(clock), store: Storage = Depends(file_storage),
) -> Response:
    tus.require_version(tus_resumable)
    await service.terminate(db, clk, store, actor, upload_id)
    return Response(status_code=204)


@router.get("/uploads/{upload_id}", policy=UPLOADERS, response_model=UploadOut)
async def upload_status(
    upload_id: uuid.UUID,
    actor: Actor = Depends(current_actor), db: AsyncSession = Depends(db_session),
    clk: Clock = Depends(clock), store: Storage = Depends(file_storage),
):
    return await service.upload_status(db, clk, store, actor, upload_id)


@router.get("/files/{file_id}", policy=READERS, response_model=FileOut)
async def file_info(
    file_id: uuid.UUID,
    actor: Actor = Depends(current_actor), db: AsyncSession = Depends(db_session),
):
    return FileOut.model_validate(await service.readable_file(db, actor, file_id),
                                  from_attributes=True)


@router.get(
    "/files/{file_id}/content", policy=READERS, response_class=StreamingResponse,
    responses={200: {"content": {"application/octet-stream": {}}}},
)
async def file_content(
    file_id: uuid.UUID, request: Request,
    actor: Actor = Depends(current_actor), db: AsyncSession = Depends(db_session),
    store: Storage = Depends(file_storage),
) -> Response:
    info = await service.readable_file(db, actor, file_id)
    await db.commit()  # no transaction held while the bytes stream out
    if not await store.has_blob(info.sha256):
        raise NotFound("the file's content is missing from storage", code="file-content-missing")
    # Stored files never change: the hash is the ETag, and a client that has the bytes keeps
    # them (village networks); access is still checked on every request.
    etag = f'"{info.sha256}"'
    headers = {
        "ETag": etag, "Cache-Control": "private, no-cache",
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; sandbox",
        "Content-Disposition": tus.content_disposition(
            "inline" if info.is_image else "attachment", info.filename),
    }
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    headers["Content-Length"] = str(info.size)
    return StreamingResponse(store.read_blob(info.sha256), media_type=info.content_type,
                             headers=headers)
