"""Who may administer whom. Plain functions; the service calls them with loaded rows."""

from __future__ import annotations

from yilian.core.authz import ADMIN_ROLES, CLINICAL_ROLES, Actor, Role

# What each administrator may hand out (at organisations within the admin's own scope).
GRANTABLE: dict[Role, frozenset[Role]] = {
    Role.org_admin: CLINICAL_ROLES | {Role.org_admin},
    Role.alliance_admin: frozenset(Role) - {Role.patient},
}

# Separation of duties (等保三级): whoever administers may not also audit.
INCOMPATIBLE: dict[Role, frozenset[Role]] = {
    Role.auditor: ADMIN_ROLES,
    Role.org_admin: frozenset({Role.auditor}),
    Role.alliance_admin: frozenset({Role.auditor}),
}


def administers(actor: Actor, org_path: str) -> bool:
    return actor.role in ADMIN_ROLES and actor.covers(org_path)


def may_grant(actor: Actor, role: Role, org_path: str) -> bool:
    """Grants at organisations within the admin's scope, on anyone (多点执业 brings people from
    elsewhere), of the roles the admin may hand out."""
    return (actor.role is not None and administers(actor, org_path)
            and role in GRANTABLE.get(actor.role, frozenset()))


def incompatible_with(role: Role, held: set[Role]) -> Role | None:
    clash = INCOMPATIBLE.get(role, frozenset()) & held
    return next(iter(sorted(clash)), None)


def sees_user(actor: Actor, user_org_paths: list[str]) -> bool:
    """An administrator reads people who are homed, hold a grant or are registered in scope."""
    return any(administers(actor, p) for p in user_org_paths)


def manages_account(actor: Actor, home_path: str | None, user_id) -> bool:
    """Account-wide changes (active, real-name verification, password and second-factor reset,
    the profile, unlock) belong to the administrators of the user's home organisation and those
    above it; a grant the user also holds in the admin's scope does not make the account theirs.
    A staff account without a home is managed from the alliance root only. Never one's own."""
    if actor.user_id == user_id:
        return False
    if home_path is None:
        return actor.role in ADMIN_ROLES and actor.at_root
    return administers(actor, home_path)


def may_revoke(actor: Actor, role: Role, org_path: str, user_id) -> bool:
    """A grant is the business of its organisation's administrators, whoever holds it."""
    return actor.user_id != user_id and may_grant(actor, role, org_path)
