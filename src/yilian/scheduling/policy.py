"""Who may offer, withdraw and see the bookings of availability slots. Plain functions; the
service calls them with the slot's doctor and the path of the slot's organisation."""

from __future__ import annotations

import uuid

from yilian.core.authz import Actor, Role

# Those who see cases at agreed times and so offer their own.
DOCTOR_ROLES = frozenset({Role.specialist, Role.mdt_expert, Role.grassroots_doctor,
                          Role.family_doctor})
# Those who keep the schedules of the doctors of their organisations (排班).
SCHEDULER_ROLES = frozenset({Role.coordinator, Role.org_admin})


def schedules_for(actor: Actor, org_path: str) -> bool:
    return actor.role in SCHEDULER_ROLES and actor.covers(org_path)


def may_offer(actor: Actor, user_id: uuid.UUID, org_path: str) -> bool:
    """A doctor offers their own times; a scheduler those of the doctors it covers."""
    own = actor.user_id == user_id and actor.role in DOCTOR_ROLES
    return own or schedules_for(actor, org_path)


def may_withdraw(actor: Actor, user_id: uuid.UUID, org_path: str) -> bool:
    return actor.user_id == user_id or schedules_for(actor, org_path)


def sees_booking(actor: Actor, user_id: uuid.UUID, org_path: str) -> bool:
    """Which case holds a slot is for the doctor and the organisation's schedulers: the others
    who read the schedule (to book a time) see only that it is taken."""
    return actor.user_id == user_id or schedules_for(actor, org_path)
