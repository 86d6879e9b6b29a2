"""API shapes of the audit viewer."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel


class AuditRow(BaseModel):
    seq: int
    at: datetime
    actor_user_id: uuid.UUID | None
    actor_username: str | None
    grant_id: uuid.UUID | None
    role: str | None
    org_id: uuid.UUID | None
    action: str
    entity_type: str | None
    entity_id: str | None
    outcome: str
    flag: str | None
    ip: str | None
    subject_org_id: uuid.UUID | None
    detail: dict[str, Any]
    hash: str


class VerifyOut(BaseModel):
    ok: bool
    rows: int
    head: str
    bad_seq: int | None
    reason: str | None
