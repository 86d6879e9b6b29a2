"""Uploads and stored files: the refusals before storing, the resumable receiving, completion
into a content-addressed blob, attachment to another module's record, and who may read.

An upload is invisible as a file until its last byte arrived and its bytes became a blob;
then one transaction creates the file row, marks the upload complete and audits it. A broken
upload is resumed (its staged bytes are kept) or discarded (by its uploader, a refused type,
or expiry), never half-visible.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from yilian.core import audit
from yilian.core.authz import Actor
from yilian.core.clock import Clock
from yilian.core.errors import Conflict, Forbidden, NotFound, Problem, ValidationFailed
from yilian.core.schemas import CONTROL
from yilian.core.storage import OffsetMismatch, StagedMissing, StagingBusy, Storage
from yilian.files import policy
from yilian.files.models import StoredFile, Upload, UploadState
from yilian.files.schemas import FileInfo, UploadOut
from yilian.settings import Settings

UPLOAD_TTL = timedelta(hours=24)
SWEEP_BATCH = 200
MAX_FILENAME = 255

Reader = Callable[[AsyncSession, Actor, str], Awaitable[bool]]
_readers: dict[str, Reader] = {}


class TooLarge(Problem):
    status = 413
    code = "file-too-large"
    title_zh = "文件过大"
    title_en = "The file is too large"


class TypeNotAllowed(Problem):
    status = 415
    code = "file-type-not-allowed"
    title_zh = "不支持该文件类型"
    title_en = "This file type is not allowed"


class TypeMismatch(Problem):
    status = 415
    code = "file-type-mismatch"
    title_zh = "文件内容与声明的类型不符"
    title_en = "The file's content does not match its declared type"


class OffsetConflict(Conflict):
    code = "upload-offset"
    title_zh = "上传位置不一致，请从服务器记录的位置继续"
    title_en = "The upload offset does not match; resume from the server's offset"


class UploadBusy(Problem):
    status = 423
    code = "upload-busy"
    title_zh = "该上传正在进行中"
    title_en = "This upload is being written by another request"


class UploadGone(NotFound):
    code = "upload-gone"
    title_zh = "上传已取消或已过期"
    title_en = "The upload was discarded or has expired"


# ---------------------------------------------------------------- uploads


def _filename(value: str | None) -> str:
    # Only the last path component: a name is shown and sent back, never used as a path.
    name = re.split(r"[/\\]", value or "")[-1].strip()
    if not name:
        raise ValidationFailed.field("filename", "a file name is required")
    if CONTROL.search(name) or len(name) > MAX_FILENAME:
        raise ValidationFailed.field(
            "filename", f"at most {MAX_FILENAME} characters, without control characters")
    return name


async def create_upload(
    db: AsyncSession, clock: Clock, settings: Settings, actor: Actor, *,
    length: int, filename: str | None, filetype: str | None,
) -> UploadOut:
    """Refuses what may not be stored before a byte is sent: too large, or a type not allowed."""
    if length > settings.upload_max_bytes:
        raise TooLarge(f"the file has {length} bytes; at most {settings.upload_max_bytes} are "
                       "allowed", max_bytes=settings.upload_max_bytes)
    if length == 0:
        raise ValidationFailed.field("Upload-Length", "the file is empty")
    content_type = policy.normalise_type(filetype or "")
    if content_type is None:
        raise TypeNotAllowed(f"{(filetype or '(none)')[:100]} is not an allowed type",
                             allowed=sorted(policy.ALLOWED_TYPES))
    now = clock.now()
    upload = Upload(
        owner_user_id=actor.user_id, owner_org_id=actor.org_id, filename=_filename(filename),
        content_type=content_type, length=length, state=UploadState.receiving, created_at=now,
        expires_at=now + UPLOAD_TTL,
    )
    db.add(upload)
    await db.commit()
    return _upload_out(upload, 0, clock)


async def _own_upload(db: AsyncSession, actor: Actor, upload_id: uuid.UUID) -> Upload:
    upload = await db.get(Upload, upload_id, populate_existing=True)
    if upload is None:
        raise NotFound("no such upload")
    if not policy.owns(actor, upload.owner_user_id):
        raise Forbidden("only the uploader may use an upload").about(
            "upload", upload.id, upload.owner_org_id)
    return upload


def _live(upload: Upload, clock: Clock) -> bool:
    return upload.state == UploadState.receiving and upload.expires_at > clock.now()


def _upload_out(upload: Upload, offset: int, clock: Clock) -> UploadOut:
    state = upload.state
    if state == UploadState.receiving and not _live(upload, clock):
        state = UploadState.discarded  # expired; the sweep will make it so
    return UploadOut(
        id=upload.id, filename=upload.filename, content_type=upload.content_type,
        length=upload.length, offset=offset, state=state, expires_at=upload.expires_at,
        file_id=upload.file_id,
    )


async def upload_status(
    db: AsyncSession, clock: Clock, storage: Storage, actor: Actor, upload_id: uuid.UUID,
    *, live_only: bool = False,
) -> UploadOut:
    """Where an upload stands. ``live_only``: a discarded or expired upload is not found (what
    a resuming tus client must hear so that it starts over)."""
    upload = await _own_upload(db, actor, upload_id)
    if upload.state == UploadState.complete:
        return _upload_out(upload, upload.length, clock)
    if not _live(upload, clock):
        if live_only:
            raise UploadGone()
        return _upload_out(upload, 0, clock)
    return _upload_out(upload, await storage.staged_size(str(upload.id)), clock)


async def receive(
    db: AsyncSession, clock: Clock, settings: Settings, storage: Storage, actor: Actor,
    upload_id: uuid.UUID, *, offset: int, content_length: int, chunks: AsyncIterator[bytes],
) -> UploadOut:
    """Appends one chunk, streaming it to staging as it arrives. When the chunk's stream ends
    early (a dropped connection), what arrived is kept and the next status reports it. The
    first bytes are checked against the declared type before anything is kept. The last
    chunk completes the upload into a stored file."""
    if content_length > settings.upload_chunk_max_bytes:
        raise TooLarge(f"a chunk may have at most {settings.upload_chunk_max_bytes} bytes",
                       max_bytes=settings.upload_chunk_max_bytes)
    upload = await _own_upload(db, actor, upload_id)
    if upload.state == UploadState.complete:
        raise Conflict("the upload is complete", code="upload-complete")
    if not _live(upload, clock):
        raise UploadGone()
    if offset + content_length > upload.length:
        raise TooLarge(f"the chunk ends beyond the declared length of {upload.length} bytes")
    # The body may take minutes on a village line: hold no transaction (nor SQLite's write
    # lock) meanwhile.
    await db.commit()
    key = str(upload.id)
    head_needed = min(policy.SNIFF_BYTES, upload.length) if offset == 0 else 0
    try:
        async with storage.append(key, offset) as writer:
            head = bytearray()
            received = 0
            async for piece in chunks:
                received += len(piece)
                if received > content_length:
                    raise TooLarge("the body is longer than its Content-Length")
                if len(head) < head_needed:
                    # Held back until the type is confirmed, so a refused file leaves nothing.
                    head += piece
                    if len(head) < head_needed:
                        continue
                    if not policy.bytes_match(upload.content_type, bytes(head)):
                        await _discard(db, clock, storage, actor, upload, "type-mismatch")
                        raise TypeMismatch(f"the bytes are not {upload.content_type}")
                    piece, head_needed = bytes(head), 0
                writer.write(piece)
            if received == content_length and len(head) < head_needed:
                raise ValidationFailed.field(
                    "body", f"the first chunk must carry at least {head_needed} bytes")
            if writer.size == upload.length:
                return await _complete(db, clock, storage, actor, upload.id)
            return _upload_out(upload, writer.size, clock)
    except OffsetMismatch as mismatch:
        raise OffsetConflict(f"the upload is at offset {mismatch.actual}",
                             offset=mismatch.actual) from None
    except StagingBusy:
        raise UploadBusy("another request is sending this upload; retry shortly") from None
    except StagedMissing:
        raise UploadGone() from None


async def _complete(
    db: AsyncSession, clock: Clock, storage: Storage, actor: Actor, upload_id: uuid.UUID
) -> UploadOut:
    sha256 = await storage.promote(str(upload_id))
    # Re-read under a row lock: the uploader may have discarded it while the bytes arrived
    # (the blob made meanwhile is harmless: content-addressed, it is only unreferenced).
    upload = await db.get(Upload, upload_id, populate_existing=True, with_for_update=True)
    if upload is None or upload.state != UploadState.receiving:
        raise UploadGone()
    now = clock.now()
    stored = StoredFile(
        id=uuid.uuid4(), sha256=sha256, size=upload.length, content_type=upload.content_type,
        filename=upload.filename, owner_user_id=upload.owner_user_id,
        owner_org_id=upload.owner_org_id, created_at=now,
    )
    db.add(stored)
    await db.flush()
    upload.state, upload.finished_at, upload.file_id = UploadState.complete, now, stored.id
    await audit.record(
        db, clock, actor, "file.upload", entity_type="file", entity_id=stored.id,
        subject_org_id=upload.owner_org_id,
        detail={"upload_id": str(upload.id), "size": stored.size,
                "content_type": stored.content_type, "sha256": sha256},
    )
    await db.commit()
    return _upload_out(upload, upload.length, clock)


async def _discard(
    db: AsyncSession, clock: Clock, storage: Storage, actor: Actor | None, upload: Upload,
    reason: str,
) -> None:
    await storage.discard(str(upload.id))
    # Read again under a lock: another request may have finished or discarded it meanwhile.
    row = await db.get(Upload, upload.id, populate_existing=True, with_for_update=True)
    if row is None or row.state != UploadState.receiving:
        return
    row.state, row.finished_at = UploadState.discarded, clock.now()
    await audit.record(
        db, clock, actor, "file.discard", entity_type="upload", entity_id=row.id,
        subject_org_id=row.owner_org_id, detail={"reason": reason},
    )
    await db.commit()


async def terminate(
    db: AsyncSession, clock: Clock, storage: Storage, actor: Actor, upload_id: uuid.UUID
) -> None:
    """tus termination: the uploader gives up; the staged bytes go. A complete upload's file
    stays (a stored file is a record, never deleted this way)."""
    upload = await _own_upload(db, actor, upload_id)
    if upload.state == UploadState.complete:
        raise Conflict("the upload is complete; its file stays", code="upload-complete")
    if upload.state == UploadState.discarded:
        raise UploadGone()
    await _discard(db, clock, storage, actor, upload, "terminated")


async def discard_expired(db: AsyncSession, clock: Clock, storage: Storage) -> int:
    """Discards uploads left incomplete past their expiry, with their staged bytes."""
    expired = (await db.execute(
        select(Upload).where(Upload.state == UploadState.receiving,
                             Upload.expires_at <= clock.now())
        .order_by(Upload.expires_at).limit(SWEEP_BATCH)
    )).scalars().all()
    await db.commit()
    for upload in expired:
        await _discard(db, clock, storage, None, upload, "expired")
    return len(expired)


# ---------------------------------------------------------------- files the platform makes


async def store_made(
    db: AsyncSession, clock: Clock, storage: Storage, chunks: AsyncIterator[bytes], *,
    filename: str, content_type: str, owner_user_id: uuid.UUID, owner_org_id: uuid.UUID | None,
    entity_type: str, entity_id: Any, retain_until: datetime | None = None,
) -> FileInfo:
    """A file the platform made (a call's recording), stored like an upload and attached to its
    record in the caller's transaction (the caller commits). The blob may outlive a rolled-back
    transaction: content-addressed, it is only unreferenced."""
    key = f"made-{uuid.uuid4().hex}"
    size = 0
    async with storage.append(key, 0) as writer:
        async for chunk in chunks:
            writer.write(chunk)
            size += len(chunk)
    sha256 = await storage.promote(key)
    now = clock.now()
    stored = StoredFile(
        id=uuid.uuid4(), sha256=sha256, size=size, content_type=content_type,
        filename=_filename(filename), owner_user_id=owner_user_id, owner_org_id=owner_org_id,
        created_at=now, entity_type=entity_type, entity_id=str(entity_id), attached_at=now,
        retain_until=retain_until,
    )
    db.add(stored)
    await db.flush()
    await audit.record(
        db, clock, None, "file.made", entity_type="file", entity_id=stored.id,
        subject_org_id=owner_org_id,
        detail={"entity_type": entity_type, "entity_id": str(entity_id), "size": size,
                "content_type": content_type, "sha256": sha256,
                "retain_until": retain_until.isoformat() if retain_until else None},
    )
    return _info(stored)


# ---------------------------------------------------------------- stored files


def register_reader(entity_type: str, fn: Reader) -> None:
    """Lets a module say who may read the files attached to its records:
    ``fn(db, actor, entity_id) -> bool``. The uploader may always read their own files."""
    known = _readers.get(entity_type)
    if known is not None and known is not fn:
        raise ValueError(f"a file reader for {entity_type} is registered already")
    _readers[entity_type] = fn


def _info(f: StoredFile) -> FileInfo:
    return FileInfo(
        id=f.id, filename=f.filename, content_type=f.content_type, size=f.size, sha256=f.sha256,
        is_image=policy.is_image(f.content_type), owner_user_id=f.owner_user_id,
        entity_type=f.entity_type, entity_id=f.entity_id, created_at=f.created_at,
    )


async def get_info(db: AsyncSession, file_id: uuid.UUID) -> FileInfo:
    found = await db.get(StoredFile, file_id)
    if found is None:
        raise NotFound("no such file")
    return _info(found)


async def attached_to(db: AsyncSession, entity_type: str, entity_id: Any) -> list[FileInfo]:
    """The files attached to a record, oldest first."""
    rows = (await db.execute(select(StoredFile).where(
        StoredFile.entity_type == entity_type, StoredFile.entity_id == str(entity_id))
        .order_by(StoredFile.attached_at, StoredFile.id))).scalars()
    return [_info(f) for f in rows]


async def files_info(db: AsyncSession, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, FileInfo]:
    wanted = set(ids)
    if not wanted:
        return {}
    rows = (await db.execute(select(StoredFile).where(StoredFile.id.in_(wanted)))).scalars()
    return {f.id: _info(f) for f in rows}


async def attach(
    db: AsyncSession, clock: Clock, actor: Actor, file_id: uuid.UUID, *, entity_type: str,
    entity_id: Any,
) -> FileInfo:
    """Attaches the actor's own file to a record of another module, in the caller's
    transaction (the caller commits). A file belongs to one record; attaching it to the same
    record again changes nothing."""
    stored = await db.get(StoredFile, file_id, with_for_update=True)
    if stored is None:
        raise NotFound("no such file")
    if not policy.owns(actor, stored.owner_user_id):
        raise Forbidden("only the uploader may attach a file").about(
            "file", stored.id, stored.owner_org_id)
    target = str(entity_id)
    if stored.entity_type is not None:
        if (stored.entity_type, stored.entity_id) == (entity_type, target):
            return _info(stored)
        raise Conflict("the file is attached to another record", code="file-attached",
                       title_zh="文件已附加到其他记录", title_en="The file is attached elsewhere")
    stored.entity_type, stored.entity_id, stored.attached_at = entity_type, target, clock.now()
    await audit.record(
        db, clock, actor, "file.attach", entity_type="file", entity_id=stored.id,
        subject_org_id=stored.owner_org_id,
        detail={"entity_type": entity_type, "entity_id": target},
    )
    await db.flush()
    return _info(stored)


async def read_content(storage: Storage, info: FileInfo, *, max_bytes: int) -> bytes:
    """The whole content of a stored file, for a module that processes what was uploaded (a
    catalogue import), having obtained ``info`` through :func:`readable_file` (or, in its own
    background work, :func:`get_info` for a file it holds). Refused before reading when larger
    than ``max_bytes``."""
    if info.size > max_bytes:
        raise TooLarge(f"the file has {info.size} bytes; at most {max_bytes} are read here",
                       max_bytes=max_bytes)
    if not await storage.has_blob(info.sha256):
        raise NotFound("the file's content is missing from storage", code="file-content-missing")
    return b"".join([piece async for piece in storage.read_blob(info.sha256)])


async def readable_file(db: AsyncSession, actor: Actor, file_id: uuid.UUID) -> FileInfo:
    """The file, if the actor may read it: its uploader, or whom the reader registered for
    the record it is attached to admits."""
    stored = await db.get(StoredFile, file_id)
    if stored is None:
        raise NotFound("no such file")
    if policy.owns(actor, stored.owner_user_id):
        return _info(stored)
    reader = _readers.get(stored.entity_type or "")
    if reader is not None and await reader(db, actor, stored.entity_id or ""):
        return _info(stored)
    raise Forbidden("this file is not shared with you").about(
        "file", stored.id, stored.owner_org_id)
