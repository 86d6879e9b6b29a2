"""Tables of this module: issued documents and the per-organisation, per-day numbering.

The signed PDF itself is a blob in storage (core/storage.py), named by its SHA-256, which is
also what the verifier looks up. Nothing here is ever deleted: a corrected document or an
addendum is a new row that names the one it supersedes.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from yilian.core.db import Base, UUIDPk


class IssuedDocument(UUIDPk, Base):
    __tablename__ = "issued_documents"
    __table_args__ = (
        # Numbers restart every day at every organisation: unique with their issuer.
        UniqueConstraint("organisation_id", "number", name="uq_issued_documents_org_number"),
        Index("ix_issued_documents_entity", "entity_type", "entity_id"),
    )

    number: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(100))
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"))
    # As printed and signed: the verifier names the issuer as it was then.
    organisation_name: Mapped[str] = mapped_column(String(100))
    # The case the document belongs to (a consultation, a referral...): its module's
    # registered reader decides who may download the PDF.
    entity_type: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(64))
    patient_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("patients.id"), index=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    size: Mapped[int] = mapped_column(BigInteger)
    # The stored-file record of the PDF, once the files module can make one for generated
    # bytes (until then the blob is reached by sha256 alone).
    file_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("stored_files.id"))
    signer_serial: Mapped[str] = mapped_column(String(40))
    issued_at: Mapped[datetime]
    issued_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    # A corrected version or addendum names the one it replaces; each is replaced at most once,
    # so the versions of a document form one line.
    supersedes_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("issued_documents.id"), unique=True)


class DocumentCounter(Base):
    """The last number given per organisation, prefix and day (Asia/Shanghai), taken with an
    upsert in the issuing transaction: concurrent issuers queue on the row, and a rolled-back
    issue gives its number back."""

    __tablename__ = "document_counters"

    organisation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organisations.id"), primary_key=True)
    prefix: Mapped[str] = mapped_column(String(8), primary_key=True)
    day: Mapped[str] = mapped_column(String(8), primary_key=True)
    last: Mapped[int] = mapped_column(Integer)
