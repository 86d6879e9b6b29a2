"""Who may see, pay, collect, refund and configure payments.

- The payer side: the patient's own account or a proxy's (the order's patient is among the
  account's patients), or the user named as payer (a village doctor paying for the patient),
  reads, pays, confirms a demo payment and cancels while pending.
- The payee's office: organisation admins, coordinators and auditors (and alliance admins) whose
  grant covers the payee read its orders; org admins and coordinators refund; the reconciliation
  is for org admins, coordinators and auditors in scope.
- Money at the clinic is collected by staff granted at the payee organisation itself, or by a
  grassroots or family doctor of the patient's home organisation (村医代收); they read the order.
- Channel accounts: the org admin whose grant covers the organisation, and alliance admins.
"""

from __future__ import annotations

import uuid

from yilian.core.authz import STAFF_ROLES, Actor, Role, roles, signed_in

OFFICE = frozenset({Role.org_admin, Role.coordinator, Role.auditor, Role.alliance_admin})
REFUNDERS = frozenset({Role.org_admin, Role.coordinator})
RECONCILERS = frozenset({Role.org_admin, Role.coordinator, Role.auditor})
VILLAGE_COLLECTORS = frozenset({Role.grassroots_doctor, Role.family_doctor})
COLLECTORS = STAFF_ROLES - {Role.auditor, Role.alliance_admin}
CONFIGURERS = frozenset({Role.org_admin, Role.alliance_admin})

READ = signed_in("read payment orders")
PAY = signed_in("pay an order")
COLLECT = roles("record a payment collected at the clinic", COLLECTORS)
REFUND = roles("refund a payment", REFUNDERS)
RECONCILE = roles("read the payments reconciliation", RECONCILERS)
CONFIGURE = roles("configure payment channels", CONFIGURERS)


def is_payer(actor: Actor, patient_id: uuid.UUID, payer_user_id: uuid.UUID | None) -> bool:
    if actor.user_id == payer_user_id:
        return True
    return actor.role == Role.patient and patient_id in actor.patient_ids


def office_reads(actor: Actor, payee_path: str) -> bool:
    return actor.role in OFFICE and actor.covers(payee_path)


def may_collect(actor: Actor, payee_id: uuid.UUID, patient_home_id: uuid.UUID | None) -> bool:
    if actor.role not in COLLECTORS:
        return False
    if actor.org_id == payee_id:
        return True
    return actor.role in VILLAGE_COLLECTORS and actor.org_id == patient_home_id


def may_read(actor: Actor, payee_id: uuid.UUID, payee_path: str, patient_id: uuid.UUID,
             payer_user_id: uuid.UUID | None, patient_home_id: uuid.UUID | None) -> bool:
    return (is_payer(actor, patient_id, payer_user_id) or office_reads(actor, payee_path)
            or may_collect(actor, payee_id, patient_home_id))


def may_refund(actor: Actor, payee_path: str) -> bool:
    return actor.role in REFUNDERS and actor.covers(payee_path)


def may_reconcile(actor: Actor, org_path: str) -> bool:
    return actor.role in RECONCILERS and actor.covers(org_path)


def may_configure(actor: Actor, org_path: str) -> bool:
    return actor.role in CONFIGURERS and actor.covers(org_path)
