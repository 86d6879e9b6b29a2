"""What may be uploaded, and who may touch an upload or read a file.

The allow-list is the one place that names the accepted types. A declared type is also checked
against the file's first bytes (magic numbers, via ``filetype``), so a PDF cannot arrive
dressed as a photo and later be served inline as one.
"""

from __future__ import annotations

import uuid

import filetype
from filetype.types import archive, audio, document, image, video
from filetype.types.base import Type

from yilian.core.authz import Actor, Role

# Declared type -> the signatures its bytes may carry. ``None``: plain text has no signature;
# it must carry no known binary one and no NUL byte instead.
ALLOWED_TYPES: dict[str, tuple[Type, ...] | None] = {
    "image/jpeg": (image.Jpeg(),),
    "image/png": (image.Png(),),
    "image/webp": (image.Webp(),),
    "image/gif": (image.Gif(),),
    "application/pdf": (archive.Pdf(),),
    "text/plain": None,
    "application/dicom": (image.Dcm(),),
    "audio/mpeg": (audio.Mp3(),),
    "audio/mp4": (audio.M4a(), video.Mp4()),
    "video/mp4": (video.Mp4(),),
    # Spreadsheets: the pharmacy's catalogue imports.
    "text/csv": None,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (document.Xlsx(),),
}
# Names browsers and devices use for the same types.
ALIASES = {
    "image/jpg": "image/jpeg",
    "image/pjpeg": "image/jpeg",
    "audio/mp3": "audio/mpeg",
    "audio/x-m4a": "audio/mp4",
    "audio/m4a": "audio/mp4",
    "application/csv": "text/csv",
    "text/x-csv": "text/csv",
    # What Windows names a .csv where Excel is installed; an actual .xls file under that name
    # carries a binary signature and is refused as a mismatch.
    "application/vnd.ms-excel": "text/csv",
}
# Enough leading bytes for every signature above (filetype reads at most this many).
SNIFF_BYTES = 8192

# Auditors only read (separation of duties); every other signed-in role may upload.
UPLOADER_ROLES = frozenset(Role) - {Role.auditor}


def normalise_type(declared: str) -> str | None:
    """The allow-listed name of a declared content type, or None when it is not allowed."""
    name = declared.split(";", 1)[0].strip().lower()
    name = ALIASES.get(name, name)
    return name if name in ALLOWED_TYPES else None


def bytes_match(content_type: str, head: bytes) -> bool:
    """Whether the first bytes of a file fit its (allow-listed) declared type."""
    signatures = ALLOWED_TYPES[content_type]
    if signatures is None:
        return b"\x00" not in head and filetype.guess(head) is None
    return any(sig.match(head) for sig in signatures)


def is_image(content_type: str) -> bool:
    return content_type.startswith("image/")


def owns(actor: Actor, owner_user_id: uuid.UUID) -> bool:
    return actor.user_id == owner_user_id
