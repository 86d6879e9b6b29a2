"""Who may see and set an organisation's time limits (SLA).

The limits bind the organisation serving the cases: its coordinators watch them, its doctors
and experts work to them, so staff in those roles whose grant covers the organisation read them;
its administrators (an org admin or alliance admin covering it) set them.
"""

from __future__ import annotations

from yilian.core.authz import ADMIN_ROLES, Actor, Role

SLA_READERS = frozenset({Role.coordinator, Role.specialist, Role.mdt_expert, *ADMIN_ROLES})
SLA_WRITERS = ADMIN_ROLES


def may_read_sla(actor: Actor, org_path: str) -> bool:
    return actor.role in SLA_READERS and actor.covers(org_path)


def may_set_sla(actor: Actor, org_path: str) -> bool:
    return actor.role in SLA_WRITERS and actor.covers(org_path)
