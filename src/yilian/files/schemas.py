"""Shapes of stored files and uploads, for other modules (FileInfo) and the API."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from pydantic import BaseModel

from yilian.files.models import UploadState


@dataclass(frozen=True)
class FileInfo:
    """A stored file as other modules see it (they never read this module's tables)."""

    id: uuid.UUID
    filename: str
    content_type: str
    size: int
    sha256: str
    is_image: bool
    owner_user_id: uuid.UUID
    entity_type: str | None
    entity_id: str | None
    created_at: datetime


class FileOut(BaseModel):
    id: uuid.UUID
    filename: str
    content_type: str
    size: int
    sha256: str
    is_image: bool
    owner_user_id: uuid.UUID
    entity_type: str | None
    entity_id: str | None
    created_at: datetime


class UploadOut(BaseModel):
    id: uuid.UUID
    filename: str
    content_type: str
    length: int
    offset: int
    state: UploadState
    expires_at: datetime
    file_id: uuid.UUID | None
