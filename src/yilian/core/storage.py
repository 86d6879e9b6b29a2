"""File storage: content-addressed blobs plus a staging area for uploads in progress.

A blob is named by the SHA-256 of its bytes, so the same content is stored once and a stored
blob never changes. Uploads grow in staging, one piece at a time (village networks drop), and
only a complete, checked upload becomes a blob. The interface is small so that an
S3-compatible backend can stand beside the local one (DESIGN §2, scaled mode).
"""

from __future__ import annotations

import asyncio
import fcntl
import hashlib
import os
import re
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from yilian.settings import Settings

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_KEY = re.compile(r"^[0-9A-Za-z_-]{1,64}$")
READ_CHUNK = 256 * 1024


class StagingBusy(Exception):
    """Another request is writing this upload right now."""


class OffsetMismatch(Exception):
    """The writer expected another size than the staged bytes have."""

    def __init__(self, actual: int) -> None:
        super().__init__(f"the staged upload holds {actual} bytes")
        self.actual = actual


class StagedMissing(Exception):
    """The staged bytes are gone (the upload was discarded meanwhile)."""


class StagedWriter(ABC):
    """Appends to one staged upload; what was written stays even if the writer stops early."""

    size: int

    @abstractmethod
    def write(self, data: bytes) -> None: ...


class Storage(ABC):
    # Staging: keyed by the upload's id.
    @abstractmethod
    async def staged_size(self, key: str) -> int:
        """Bytes staged so far (0 when nothing was)."""

    @abstractmethod
    def append(self, key: str, offset: int) -> AbstractAsyncContextManager[StagedWriter]:
        """Exclusive appending from ``offset``, which must be the staged size (else
        :class:`OffsetMismatch`); :class:`StagingBusy` while another writer holds it."""

    @abstractmethod
    async def promote(self, key: str) -> str:
        """Hashes the staged bytes, makes them a blob (once per content) and removes them from
        staging. Returns the SHA-256 hex digest."""

    @abstractmethod
    async def discard(self, key: str) -> None:
        """Removes staged bytes; nothing staged is not an error."""

    # Blobs: keyed by their SHA-256 hex digest.
    @abstractmethod
    async def has_blob(self, sha256: str) -> bool: ...

    @abstractmethod
    def read_blob(self, sha256: str) -> AsyncIterator[bytes]: ...


class LocalStorage(Storage):
    """Blobs under ``root/blobs/ab/cd/<sha256>``, staged uploads under ``root/staging``.

    Staging and blobs share one file system, so promoting is a hard link: atomic, and it
    fails rather than overwrite an existing blob. Writers of one staged upload exclude each
    other with an advisory lock (``flock``), which holds across the processes of one host."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.blobs = root / "blobs"
        self.staging = root / "staging"

    def _staged(self, key: str) -> Path:
        if not _KEY.match(key):
            raise ValueError("bad staging key")
        return self.staging / key

    def blob_path(self, sha256: str) -> Path:
        if not _SHA256.match(sha256):
            raise ValueError("bad blob name")
        return self.blobs / sha256[:2] / sha256[2:4] / sha256

    async def staged_size(self, key: str) -> int:
        try:
            return self._staged(key).stat().st_size
        except FileNotFoundError:
            return 0

    def append(self, key: str, offset: int) -> AbstractAsyncContextManager[StagedWriter]:
        return self._append(self._staged(key), offset)

    @asynccontextmanager
    async def _append(self, path: Path, offset: int) -> AsyncIterator[StagedWriter]:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise StagingBusy() from None
            stat = os.fstat(fd)
            # Inline, like the os calls around it: a metadata lookup on the local disk.
            if not path.exists() or path.stat().st_ino != stat.st_ino:  # noqa: ASYNC240
                # Promoted or discarded between opening and locking: this inode is no
                # longer the staged upload (it may be a blob now) and must not grow.
                raise StagedMissing()
            size = stat.st_size
            if size != offset:
                raise OffsetMismatch(size)
            yield _FdWriter(fd, size)
        finally:
            os.close(fd)  # also releases the lock

    async def promote(self, key: str) -> str:
        return await asyncio.to_thread(self._promote, self._staged(key))

    def _promote(self, staged: Path) -> str:
        digest = hashlib.sha256()
        try:
            with staged.open("rb") as f:
                while piece := f.read(READ_CHUNK):
                    digest.update(piece)
                os.fsync(f.fileno())
        except FileNotFoundError:
            raise StagedMissing() from None
        sha256 = digest.hexdigest()
        target = self.blob_path(sha256)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(staged, target)
            os.chmod(target, 0o440)
        except FileExistsError:
            pass  # the same content is stored already
        staged.unlink(missing_ok=True)
        return sha256

    async def discard(self, key: str) -> None:
        self._staged(key).unlink(missing_ok=True)

    async def has_blob(self, sha256: str) -> bool:
        return self.blob_path(sha256).is_file()

    async def read_blob(self, sha256: str) -> AsyncIterator[bytes]:
        with self.blob_path(sha256).open("rb") as f:
            while piece := await asyncio.to_thread(f.read, READ_CHUNK):
                yield piece


class _FdWriter(StagedWriter):
    def __init__(self, fd: int, size: int) -> None:
        self.fd = fd
        self.size = size

    def write(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            written = os.write(self.fd, view)
            view = view[written:]
            self.size += written


@lru_cache(maxsize=8)
def _local(root: Path) -> LocalStorage:
    return LocalStorage(root)


def storage_for(settings: Settings) -> Storage:
    """The storage the settings name (the local file system under ``resolved_storage_dir``)."""
    return _local(Path(settings.resolved_storage_dir).resolve())
