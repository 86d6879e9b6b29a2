"""Who keeps the online clinic's schedule and fees. Plain functions; the service calls them with
the path of the organisation concerned."""

from __future__ import annotations

import uuid

from yilian.core.authz import ADMIN_ROLES, Actor, Role

# Those who hold online clinics and see their own sessions.
DOCTOR_ROLES = frozenset({Role.specialist, Role.mdt_expert, Role.grassroots_doctor,
                          Role.family_doctor})
# 排班 and 挂号费 are kept by the administrators of the organisation (and the alliance's).
ADMINISTRATORS = ADMIN_ROLES


def administers(actor: Actor, org_path: str) -> bool:
    return actor.role in ADMINISTRATORS and actor.covers(org_path)


def edits_profile(actor: Actor, user_id: uuid.UUID, org_paths: list[str]) -> bool:
    """The doctor their own card; an administrator of an organisation where the doctor is homed
    or registered to practise."""
    if actor.user_id == user_id and actor.role in DOCTOR_ROLES:
        return True
    return any(administers(actor, path) for path in org_paths)
