"""The parts of the tus 1.0.0 resumable-upload protocol (https://tus.io/protocols/resumable-upload)
that are plain header work: versions, numbers, metadata; and the download headers."""

from __future__ import annotations

import base64
import binascii
from urllib.parse import quote

from yilian.core.errors import Problem

VERSION = "1.0.0"
EXTENSIONS = "creation,termination"
OFFSET_STREAM = "application/offset+octet-stream"


class UnsupportedVersion(Problem):
    status = 412
    code = "tus-version"
    title_zh = "不支持的断点续传协议版本"
    title_en = "Unsupported tus version"


class BadHeader(Problem):
    status = 400
    code = "bad-header"
    title_zh = "请求头有误"
    title_en = "A request header is not valid"


def require_version(value: str | None) -> None:
    if value != VERSION:
        raise UnsupportedVersion(f"send Tus-Resumable: {VERSION}")


def non_negative(name: str, value: str | None) -> int:
    if value is None or not value.isascii() or not value.isdigit() or len(value) > 18:
        raise BadHeader(f"{name} must be a non-negative integer")
    return int(value)


def parse_metadata(value: str | None) -> dict[str, str]:
    """``Upload-Metadata``: comma-separated ``key base64value`` pairs (the value may be absent)."""
    out: dict[str, str] = {}
    for pair in (value or "").split(","):
        if not pair.strip():
            continue
        key, _, encoded = pair.strip().partition(" ")
        if not key or key in out:
            raise BadHeader("Upload-Metadata keys must be present and unique")
        try:
            out[key] = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            raise BadHeader(f"Upload-Metadata {key!r} is not base64 of UTF-8 text") from None
    return out


def content_disposition(kind: str, filename: str) -> str:
    """RFC 6266 with an RFC 5987 ``filename*`` for the real (often Chinese) name and an ASCII
    fallback for old clients."""
    fallback = "".join(c if c.isascii() and c.isprintable() and c not in '"\\' else "_"
                       for c in filename)
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"
