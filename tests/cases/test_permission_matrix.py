"""Every endpoint of the shared case parts × every role × an organisation in scope and one not.

Written from the rules (DESIGN §1, cases/policy.py): an organisation's time limits are read by
its coordinators, doctors, experts and administrators whose grant covers it, and set by an org
admin or alliance admin covering it. "in" is county A, "out" county B. The test fails when the
module gains an endpoint this table does not cover.
"""

from __future__ import annotations

from tests.matrix import FORBIDDEN, OK, Call, Endpoint, Matrix, Outcome, in_scope
from yilian.core.authz import Role

TARGET = {"in": "A", "out": "B"}
SLA = "/api/v1/organisations/{org_id}/sla"
BODY = {"rules": [{"case_type": "consultation", "urgency": "urgent", "first_hours": 4,
                   "complete_hours": 8}]}


def sla(c: Call) -> str:
    return SLA.format(org_id=c.world.orgs[TARGET[c.scope]].id)


MATRIX = Matrix("cases", {
    ("GET", SLA): Endpoint(in_scope({Role.coordinator, Role.specialist, Role.mdt_expert,
                                     Role.org_admin, Role.alliance_admin}, TARGET), sla),
    ("PUT", SLA): Endpoint(in_scope({Role.org_admin, Role.alliance_admin}, TARGET), sla, BODY),
}, outcomes={OK: Outcome(200), FORBIDDEN: Outcome(403)},
    routes=lambda method, path: path.endswith("/sla"))


def test_the_matrix_covers_every_sla_endpoint(app):
    MATRIX.check_routes(app)


@MATRIX.parametrize
async def test_endpoint_by_role_and_scope(endpoint, client, world):
    await MATRIX.check(endpoint, client, world)
