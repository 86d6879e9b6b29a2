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
    return administers(actor, org_path) and role in GRANTABLE.get(actor.role, frozenset())


def incompatible_with(role: Role, held: set[Role]) -> Role | None:
    clash = INCOMPATIBLE.get(role, frozenset()) & held
    return next(iter(sorted(clash)), None)


def may_manage_user(actor: Actor, user_org_paths: list[str], user_id) -> bool:
    """An administrator manages people who work somewhere in scope, never themself."""
    if actor.user_id == user_id:
        return False
    return any(administers(actor, p) for p in user_org_paths)
