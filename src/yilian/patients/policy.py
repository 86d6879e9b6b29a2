"""Who may see and change a patient's record: need to know (docs/decisions/0017).

By role, staff read the patients of their grant's organisation and of the organisations below
it, as long as the grant's organisation is the patient's home organisation or lies at most at
the county (the county's integrated network, 医共体). Above that (a provincial hospital, a city)
and across counties, a read needs a relationship: a case the reader takes part in, the
patient's consent given to the reader's own organisation, or an emergency break-glass access
with a written reason. Unverified practitioners read nothing clinical; pharmacists read what a
prescription shows them, not records. Patients see their own record and those they are proxies
for. Every read is written to the access log (core/accesslog.py).
"""

from __future__ import annotations

import enum
import uuid

from yilian.core.accesslog import Basis
from yilian.core.authz import ADMIN_ROLES, CLINICAL_ROLES, Actor, Role


class Access(enum.StrEnum):
    self = "self"
    own_scope = "own-scope"
    case = "case"
    consent = "consent"
    break_glass = "break-glass"


# Reading and writing the clinical record is for clinicians; admins keep the index itself.
# Pharmacists see what a prescription shows them, never the record or the index.
RECORD_ROLES = CLINICAL_ROLES - {Role.pharmacist}
INDEX_ROLES = RECORD_ROLES | ADMIN_ROLES
# Levels above the county: their staff read by relationship, not by the tree.
ABOVE_COUNTY = frozenset({"province", "city"})
# Identifiers in full (resident ID, phone, address): for the patient, for the home network, and
# in an emergency; a case or a consent shows them masked.
REVEALING = frozenset({Access.self, Access.own_scope, Access.break_glass})


def in_network(actor: Actor, home_org_id: uuid.UUID, home_org_path: str) -> bool:
    """The patient's home organisation and those on its path up to the county."""
    return actor.covers(home_org_path) and (
        actor.org_id == home_org_id or actor.org_level not in ABOVE_COUNTY)


def basis(actor: Actor, patient_id: uuid.UUID, access: Access) -> Basis:
    """How the access log names an access."""
    if access == Access.self:
        return Basis.self_ if patient_id == actor.own_patient_id else Basis.proxy
    return {Access.own_scope: Basis.network, Access.case: Basis.case,
            Access.consent: Basis.consent, Access.break_glass: Basis.break_glass}[access]


def path_ids(path: str | None) -> list[uuid.UUID]:
    """The organisation ids on a stored ancestor path, root first."""
    return [uuid.UUID(h) for h in (path or "").strip("/").split("/") if h]


def patient_access(
    actor: Actor, home_org_id: uuid.UUID, home_org_path: str, patient_id: uuid.UUID, *,
    case: bool, consented: bool, break_glass: bool,
) -> Access | None:
    """The strongest reason ``actor`` has to read the patient, if any. ``case``, ``consented``
    and ``break_glass`` are the relationships found for a reader outside the network."""
    if actor.role == Role.patient:
        return Access.self if patient_id in actor.patient_ids else None
    if actor.role not in INDEX_ROLES:
        return None
    if in_network(actor, home_org_id, home_org_path):
        return Access.own_scope
    if actor.role not in RECORD_ROLES or not actor.clinically_verified:
        return None
    if case:
        return Access.case
    if consented:
        return Access.consent
    if break_glass:
        return Access.break_glass
    return None


def may_read_record(actor: Actor, access: Access | None) -> bool:
    """The clinical record: the patient, or a real-name verified clinician with a reason."""
    if access is None:
        return False
    return access == Access.self or (actor.role in RECORD_ROLES and actor.clinically_verified)


def may_reveal(access: Access | None) -> bool:
    return access in REVEALING


def may_write_record(actor: Actor, access: Access | None) -> bool:
    """Clinical entries: a verified clinician with the patient in scope or by consent."""
    return (
        access in (Access.own_scope, Access.case, Access.consent, Access.break_glass)
        and actor.role in RECORD_ROLES
        and actor.clinically_verified
    )


def may_reconcile(actor: Actor, access: Access | None, home_org_id: uuid.UUID,
                  sent_to: uuid.UUID) -> bool:
    """What a case proposes for the record is decided where the patient is cared for: by a
    clinician who may write the record, of the home organisation or of the one it was sent
    to (a return's receiving clinic), not by every reader up the network."""
    return may_write_record(actor, access) and actor.org_id in (home_org_id, sent_to)


def may_edit_index(actor: Actor, access: Access | None) -> bool:
    return access == Access.own_scope and actor.role in INDEX_ROLES


def may_manage_consent(actor: Actor, patient_id: uuid.UUID) -> bool:
    """The patient, or a proxy given that right (a parent for a child), never staff."""
    return actor.role == Role.patient and patient_id in actor.consent_patient_ids
