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


class AccessRow(BaseModel):
    """One read of a patient's data, as the auditor sees it."""

    seq: int
    at: datetime
    patient_id: uuid.UUID
    subject_org_id: uuid.UUID | None
    actor_user_id: uuid.UUID
    actor_username: str
    role: str | None
    org_id: uuid.UUID | None
    action: str
    entity_type: str | None
    entity_id: str | None
    basis: str
    basis_ref: str | None
    purpose: str | None
    ip: str | None
    sealed: bool


class VerifyOut(BaseModel):
    ok: bool
    rows: int
    head: str
    bad_seq: int | None
    reason: str | None
    # The access log's sealed batches, checked against their entries in the chain.
    access_ok: bool
    access_rows: int
    access_unsealed: int
    access_problem: str | None
