"""Every endpoint of the shared case parts × every role × an organisation in scope and one not.

Written from the rules (DESIGN §1, cases/policy.py): an organisation's time limits are read by
its coordinators, doctors, experts and administrators whose grant covers it, and set by an org
admin or alliance admin covering it. "in" is county A, "out" county B. The test fails when the
module gains an endpoint this table does not cover.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from tests.factories import MATRIX_ACTORS, covers, role_of
from yilian.core.authz import Role, app_routes

ACTORS = MATRIX_ACTORS
TARGET = {"in": "A", "out": "B"}
SLA = "/api/v1/organisations/{org_id}/sla"
OK, FORBIDDEN = "ok", "forbidden"
STATUS = {OK: {200}, FORBIDDEN: {403}}
BODY = {"rules": [{"case_type": "consultation", "urgency": "urgent", "first_hours": 4,
                   "complete_hours": 8}]}


def scoped(roles: set[Role]) -> Callable[[str, str], str]:
    return lambda who, scope: (OK if role_of(who) in roles and covers(ACTORS[who], TARGET[scope])
                               else FORBIDDEN)


@dataclass
class Endpoint:
    expect: Callable[[str, str], str]
    body: dict | None = None


MATRIX: dict[tuple[str, str], Endpoint] = {
    ("GET", SLA): Endpoint(scoped({Role.coordinator, Role.specialist, Role.mdt_expert,
                                   Role.org_admin, Role.alliance_admin})),
    ("PUT", SLA): Endpoint(scoped({Role.org_admin, Role.alliance_admin}), BODY),
}


def test_the_matrix_covers_every_sla_endpoint(app):
    served = {(m, p) for m, p, _ in app_routes(app) if p.endswith("/sla")}
    assert served == set(MATRIX), "add the new endpoint to the cases permission matrix"


@pytest.mark.parametrize("endpoint", sorted(MATRIX), ids=lambda e: f"{e[0]} {e[1]}")
async def test_endpoint_by_role_and_scope(endpoint, client, world):
    method, template = endpoint
    spec = MATRIX[endpoint]
    anonymous = await client.request(method, template.format(org_id=uuid.uuid4()), json=spec.body)
    assert anonymous.status_code == 401, anonymous.text
    failures = []
    for who in ACTORS:
        for scope in ("in", "out"):
            path = template.format(org_id=world.orgs[TARGET[scope]].id)
            r = await client.request(method, path, json=spec.body, headers=world.headers(who))
            expected = spec.expect(who, scope)
            if r.status_code not in STATUS[expected]:
                failures.append(f"{who}/{scope}: expected {expected}, got {r.status_code} "
                                f"{r.text[:160]}")
    assert failures == []
