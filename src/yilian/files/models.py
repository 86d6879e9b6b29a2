"""Tables of this module: uploads in progress and the stored files they become.

The bytes live in storage (core/storage.py): a file row names its blob by SHA-256; an upload's
received bytes are its staged size, so an interrupted request keeps what arrived without a
write here. File names often carry a patient's name, so they are stored encrypted.
"""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from yilian.core.crypto import Encrypted
from yilian.core.db import Base, UUIDPk, str_enum


class UploadState(enum.StrEnum):
    receiving = "receiving"
    complete = "complete"
    discarded = "discarded"


class StoredFile(UUIDPk, Base):
    __tablename__ = "stored_files"
    __table_args__ = (Index("ix_stored_files_entity", "entity_type", "entity_id"),)

    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(BigInteger)
    content_type: Mapped[str] = mapped_column(String(100))
    filename: Mapped[str] = mapped_column(Encrypted("stored_files.filename"))
    owner_user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    owner_org_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("organisations.id"))
    created_at: Mapped[datetime]
    # What the file belongs to once attached (a conversation message, a consultation...);
    # its module's registered reader decides who else may read it.
    entity_type: Mapped[str | None] = mapped_column(String(40))
    entity_id: Mapped[str | None] = mapped_column(String(64))
    attached_at: Mapped[datetime | None]
    # A process record kept at least until then (DESIGN §7): recordings of consultations.
    retain_until: Mapped[datetime | None]


class Upload(UUIDPk, Base):
    __tablename__ = "uploads"
    __table_args__ = (Index("ix_uploads_state_expires", "state", "expires_at"),)

    owner_user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    owner_org_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("organisations.id"))
    filename: Mapped[str] = mapped_column(Encrypted("uploads.filename"))
    content_type: Mapped[str] = mapped_column(String(100))
    length: Mapped[int] = mapped_column(BigInteger)
    state: Mapped[UploadState] = mapped_column(
        str_enum(UploadState, "upload_state"), default=UploadState.receiving
    )
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    file_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("stored_files.id"))
