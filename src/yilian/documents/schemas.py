"""Shapes of issued documents and of a verification, for other modules and the API."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

Reason = Literal["not-a-pdf", "unsigned", "modified", "untrusted-signer", "unknown-document"]


class IssuedDocumentOut(BaseModel):
    id: uuid.UUID
    number: str
    kind: str
    title: str
    organisation_id: uuid.UUID
    organisation_name: str
    entity_type: str
    entity_id: str
    patient_id: uuid.UUID | None
    sha256: str
    size: int
    issued_at: datetime
    issued_by: uuid.UUID
    supersedes_id: uuid.UUID | None
    superseded_by_id: uuid.UUID | None = None


class VerificationOut(BaseModel):
    """Whether a PDF is a document yilian issued, untouched since. The document's fields are
    given only for an authentic one; the signer's whenever a signature could be read."""

    authentic: bool
    reason: Reason | None = Field(None, description="why not authentic")
    number: str | None = None
    kind: str | None = None
    title: str | None = None
    issuer: str | None = Field(None, description="the issuing organisation, as named then")
    issued_at: datetime | None = None
    signer: str | None = Field(None, description="the signing certificate's subject")
    signed_at: datetime | None = None
    superseded: bool = False
    superseded_by: str | None = Field(None, description="the number of the document replacing it")


class RegisterEntryOut(BaseModel):
    """What the register of issued documents says of one, for an anonymous reader of its QR
    code: nothing about the patient or the case."""

    number: str
    kind: str
    title: str
    issuer: str = Field(description="the issuing organisation, as named then")
    issued_at: datetime
    superseded: bool = False
    superseded_by: str | None = Field(None, description="the number of the document replacing it")
