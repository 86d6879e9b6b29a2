"""Every payments endpoint × every role × an order (or organisation) in the actor's scope and one
outside it.

Written from the rules (payments/policy.py, the payments brief), not read from the code:
- the payer side (the patient's own account, or the user named as payer) reads, pays, confirms a
  demo payment and cancels; nobody else does any of that;
- the payee's office (org admins, coordinators, auditors, alliance admins whose grant covers the
  payee) reads the orders; org admins and coordinators refund;
- money at the clinic is collected by staff granted at the payee itself, or by a grassroots or
  family doctor of the patient's home organisation, who may therefore read the order;
- the reconciliation is for org admins, coordinators and auditors in scope; channel accounts for
  the org admin of the organisation and alliance admins;
- the gateways' notifications are public and refused without a valid signature, whoever asks.

The "in" order is at county hospital A for patient pa (home village A1a), the "out" one at county
hospital B for patient pb (home town B1).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import httpx
import pytest

from tests.factories import World, covers
from tests.matrix import ACTORS, FORBIDDEN, OK, Endpoint, Matrix, Outcome, in_scope, role_of
from tests.payments.helpers import ORDERS, PAY, TOTAL, make_order
from yilian.core.authz import Role

TARGET = {"in": ("A", "pa", "patient_pa"), "out": ("B", "pb", "patient_pb")}
ORGS = {scope: org for scope, (org, _, _) in TARGET.items()}
HOMES = {"in": "A1a", "out": "B1"}
LISTED, HIDDEN, REFUSED = "listed", "hidden", "refused"
OFFICE = {Role.org_admin, Role.coordinator, Role.auditor, Role.alliance_admin}
COLLECTORS = frozenset(Role) - {Role.patient, Role.auditor, Role.alliance_admin}
VILLAGE = {Role.grassroots_doctor, Role.family_doctor}
ORDER = ORDERS + "/{order_id}"


def payer(who: str, scope: str) -> str:
    return OK if who == "patient_pa" and scope == "in" else FORBIDDEN


def collects(who: str, scope: str) -> str:
    if role_of(who) not in COLLECTORS:
        return FORBIDDEN
    at = ACTORS[who]
    village = role_of(who) in VILLAGE and at == HOMES[scope]
    return OK if at == ORGS[scope] or village else FORBIDDEN


def reads(who: str, scope: str) -> str:
    office = role_of(who) in OFFICE and covers(ACTORS[who], ORGS[scope])
    return OK if OK in (payer(who, scope), collects(who, scope)) or office else FORBIDDEN


def lists(who: str, scope: str) -> str:
    office = role_of(who) in OFFICE and covers(ACTORS[who], ORGS[scope])
    return LISTED if payer(who, scope) == OK or office else HIDDEN


@dataclass
class Ctx:
    world: World
    client: httpx.AsyncClient
    scope: str
    order: uuid.UUID | None = None

    @property
    def org_id(self) -> uuid.UUID:
        return self.world.orgs[ORGS[self.scope]].id

    async def fresh(self) -> uuid.UUID:
        org, patient, _ = TARGET[self.scope]
        self.order = await make_order(self.world, org=org, patient=patient, by=None)
        return self.order

    async def paid(self) -> uuid.UUID:
        order = await self.fresh()
        r = await self.world.client_as(self.client, TARGET[self.scope][2]).post(
            f"{ORDERS}/{order}/demo-confirm")
        assert r.status_code == 200, r.text
        return order


async def _list(c: Ctx) -> str:
    await c.fresh()
    return ORDERS


async def _order(c: Ctx, then: str = "") -> str:
    return f"{ORDERS}/{await c.fresh()}{then}"


async def _paid(c: Ctx) -> str:
    return f"{ORDERS}/{await c.paid()}/refunds"


def listed(r: httpx.Response, c: Ctx) -> bool:
    return str(c.order) in {i["id"] for i in r.json()["items"]}


MATRIX = Matrix("payments", {
    ("GET", ORDERS): Endpoint(lists, _list, params={"limit": 100}),
    ("GET", ORDER): Endpoint(reads, _order),
    ("POST", ORDER + "/pay"): Endpoint(payer, lambda c: _order(c, "/pay"), {"channel": "clinic"}),
    ("POST", ORDER + "/demo-confirm"): Endpoint(payer, lambda c: _order(c, "/demo-confirm")),
    ("POST", ORDER + "/collect"): Endpoint(
        collects, lambda c: _order(c, "/collect"), {"receipt_no": "SJ-1", "amount_fen": TOTAL}),
    ("POST", ORDER + "/cancel"): Endpoint(payer, lambda c: _order(c, "/cancel")),
    ("POST", ORDER + "/refunds"): Endpoint(
        in_scope({Role.org_admin, Role.coordinator}, ORGS), _paid,
        {"amount_fen": 100, "reason": "部分退款"}),
    ("POST", PAY + "/notify/wechat/{organisation_id}"): Endpoint(
        lambda who, scope: REFUSED, lambda c: f"{PAY}/notify/wechat/{c.org_id}", anonymous=400),
    ("POST", PAY + "/notify/alipay/{organisation_id}"): Endpoint(
        lambda who, scope: REFUSED, lambda c: f"{PAY}/notify/alipay/{c.org_id}", anonymous=400),
    ("GET", PAY + "/reconciliation"): Endpoint(
        in_scope({Role.org_admin, Role.coordinator, Role.auditor}, ORGS),
        PAY + "/reconciliation",
        params=lambda c: {"organisation_id": str(c.org_id), "day": "2026-11-24"}),
    ("GET", PAY + "/channels/{organisation_id}"): Endpoint(
        in_scope({Role.org_admin, Role.alliance_admin}, ORGS),
        lambda c: f"{PAY}/channels/{c.org_id}"),
    ("PUT", PAY + "/channels/{organisation_id}"): Endpoint(
        in_scope({Role.org_admin, Role.alliance_admin}, ORGS),
        lambda c: f"{PAY}/channels/{c.org_id}", {"channel": "clinic", "enabled": True}),
}, outcomes={LISTED: Outcome(200, check=listed),
             HIDDEN: Outcome(200, check=lambda r, c: not listed(r, c)),
             OK: Outcome(200, 201), FORBIDDEN: Outcome(403),
             REFUSED: Outcome(400, code="notification-refused")},
    routes=lambda method, path: path.startswith(PAY + "/"))


@pytest.fixture
def demo(app):
    app.state.settings.demo_payments = True


def test_the_matrix_covers_every_payments_endpoint(app):
    MATRIX.check_routes(app)


@MATRIX.parametrize
async def test_endpoint_by_role_and_scope(endpoint, client, world, demo):
    await MATRIX.check(endpoint, client, world, lambda who, scope: Ctx(world, client, scope))
