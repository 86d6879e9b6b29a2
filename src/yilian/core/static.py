"""Responses as a phone on a weak village link needs them: compressed, and kept when they can be.

The build (web/vite.config.ts) writes a brotli and a gzip copy beside each asset; here the
smallest one the browser accepts is sent as it is, with no compression work per request.
Assets carry a content hash in their names, so a browser may keep them for a year unasked.
Large JSON answers are gzipped on the fly (GZipMiddleware, set up in yilian.app).
"""

from __future__ import annotations

import os
import stat
from mimetypes import guess_type

import anyio.to_thread
from starlette.datastructures import Headers
from starlette.middleware.gzip import DEFAULT_EXCLUDED_CONTENT_TYPES
from starlette.responses import FileResponse, Response
from starlette.staticfiles import NotModifiedResponse, StaticFiles
from starlette.types import Scope

IMMUTABLE = "public, max-age=31536000, immutable"
# Best first: brotli is about 15 % smaller than gzip on the app's scripts.
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))
# Answers compressed on the fly (JSON) from this size on; below it the header costs more.
GZIP_MINIMUM_BYTES = 1024
# Not compressed on the fly: stored files and documents are compressed already or are sent
# with their length (a download shows its progress, a range request stays possible).
GZIP_EXCLUDED_TYPES = (*DEFAULT_EXCLUDED_CONTENT_TYPES, "application/pdf", "application/dicom",
                       "application/octet-stream", "application/offset+octet-stream")


def accepted_encodings(accept_encoding: str) -> set[str]:
    """The codings an Accept-Encoding header allows (those it names with q=0 refused)."""
    accepted = set()
    for item in accept_encoding.lower().split(","):
        name, _, params = item.partition(";")
        q = params.strip().removeprefix("q=")
        try:
            refused = bool(params.strip()) and float(q) == 0
        except ValueError:
            refused = False
        if name.strip() and not refused:
            accepted.add(name.strip())
    return accepted


class HashedAssets(StaticFiles):
    """Vite's /assets: cached as immutable, sent precompressed when the browser accepts it."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        accepted = accepted_encodings(Headers(scope=scope).get("accept-encoding", ""))
        for encoding, suffix in ENCODINGS:
            if encoding not in accepted or scope["method"] not in ("GET", "HEAD"):
                continue
            full_path, found = await anyio.to_thread.run_sync(self.lookup_path, path + suffix)
            if found is not None and stat.S_ISREG(found.st_mode):
                response = self._precompressed(path, full_path, found, scope, encoding)
                # Caches between must keep the encodings apart. (A plain answer gets its Vary
                # from GZipMiddleware, which varies it when it is large enough to compress.)
                response.headers["Vary"] = "Accept-Encoding"
                break
        else:
            response = await super().get_response(path, scope)
        response.headers["Cache-Control"] = IMMUTABLE
        return response

    def _precompressed(self, path: str, full_path: str, found: os.stat_result, scope: Scope,
                       encoding: str) -> Response:
        # The type is the original file's, not the compressed copy's.
        media_type = guess_type(path)[0] or "application/octet-stream"
        response = FileResponse(full_path, stat_result=found, media_type=media_type,
                                headers={"Content-Encoding": encoding})
        if self.is_not_modified(response.headers, Headers(scope=scope)):
            return NotModifiedResponse(response.headers)
        return response
