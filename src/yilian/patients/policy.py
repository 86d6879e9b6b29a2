"""Who may see and change a patient's record.

Staff see the patients of their grant's organisation and everything below it. Beyond that scope a
read needs the patient's consent for the reader's organisation (or one above it), or an
emergency break-glass access, which is allowed with a written reason and flagged to the
patient's home organisation. Patients see their own record and those they are proxies for.
"""

from __future__ import annotations

import enum
import uuid

from yilian.core.authz import ADMIN_ROLES, CLINICAL_ROLES, Actor, Role


class Access(enum.StrEnum):
    self = "self"
    own_scope = "own-scope"
    consent = "consent"
    break_glass = "break-glass"


# Reading and writing the clinical record is for clinicians; admins keep the index itself.
RECORD_ROLES = CLINICAL_ROLES
INDEX_ROLES = CLINICAL_ROLES | ADMIN_ROLES


def path_ids(path: str | None) -> list[uuid.UUID]:
    """The organisation ids on a stored ancestor path, root first."""
    return [uuid.UUID(h) for h in (path or "").strip("/").split("/") if h]


def patient_access(
    actor: Actor, home_org_path: str, patient_id: uuid.UUID, *, consented: bool, break_glass: bool
) -> Access | None:
    if actor.role == Role.patient:
        return Access.self if patient_id in actor.patient_ids else None
    if actor.role not in INDEX_ROLES:
        return None
    if actor.covers(home_org_path):
        return Access.own_scope
    if actor.role not in RECORD_ROLES:
        return None
    if consented:
        return Access.consent
    if break_glass:
        return Access.break_glass
    return None


def may_read_record(actor: Actor, access: Access | None) -> bool:
    if access is None:
        return False
    return access == Access.self or actor.role in RECORD_ROLES


def may_write_record(actor: Actor, access: Access | None) -> bool:
    """Clinical entries: a verified clinician with the patient in scope or by consent."""
    return (
        access in (Access.own_scope, Access.consent, Access.break_glass)
        and actor.role in RECORD_ROLES
        and actor.clinically_verified
    )


def may_edit_index(actor: Actor, access: Access | None) -> bool:
    return access == Access.own_scope and actor.role in INDEX_ROLES


def may_manage_consent(actor: Actor, patient_id: uuid.UUID) -> bool:
    """The patient, or a proxy given that right (a parent for a child), never staff."""
    return actor.role == Role.patient and patient_id in actor.consent_patient_ids
