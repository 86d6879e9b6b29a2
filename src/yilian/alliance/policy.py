"""Who may change the alliance structure. Plain functions; the service calls them with loaded rows.

Reading is open to every signed-in user: the structure is public inside the alliance.
Changing it is for administrators whose grant covers the organisations concerned (the grant's
organisation and everything below it):

- organisations: an org admin or alliance admin edits the details of any organisation in scope
  (their own included) and creates organisations below one in scope. Moving an organisation
  (new parent or level) and deactivating it reach into the structure above it, so they need the
  organisation to lie strictly below the actor's own, and a new parent in scope too. Nobody can
  therefore move anything out of their own scope, and a new alliance root, which lies in no
  one's scope, is created from the local command line only;
- departments: an org admin or alliance admin covering the organisation;
- diagnosis centres: an alliance admin covering the host and every member (before and after);
- agreements: an alliance admin covering both parties.
"""

from __future__ import annotations

from collections.abc import Iterable

from yilian.alliance.models import Organisation
from yilian.core.authz import ADMIN_ROLES, Actor, Role


def administers(actor: Actor, org: Organisation) -> bool:
    return actor.role in ADMIN_ROLES and actor.covers(org.path)


def may_edit_organisation(actor: Actor, org: Organisation) -> bool:
    return administers(actor, org)


def may_restructure(actor: Actor, org: Organisation) -> bool:
    """Move or deactivate: only an organisation strictly below the actor's own."""
    return administers(actor, org) and org.path != actor.org_path


def may_place_under(actor: Actor, parent: Organisation | None) -> bool:
    return parent is not None and administers(actor, parent)


def may_manage_departments(actor: Actor, org: Organisation) -> bool:
    return administers(actor, org)


def _alliance_admin_over(actor: Actor, orgs: Iterable[Organisation]) -> bool:
    return actor.role == Role.alliance_admin and all(actor.covers(o.path) for o in orgs)


def may_manage_centre(actor: Actor, host: Organisation, members: Iterable[Organisation]) -> bool:
    return _alliance_admin_over(actor, [host, *members])


def may_manage_agreement(actor: Actor, a: Organisation, b: Organisation) -> bool:
    return _alliance_admin_over(actor, [a, b])
