"""Every alliance endpoint × every role × a target in the actor's scope and one outside it.

Written from the rules (alliance/policy.py, DESIGN §1 and §5), not read from the code: everyone
signed in reads the structure; org and alliance admins change organisations and departments in
their scope; only alliance admins change diagnosis centres and agreements. "In" targets sit under
county A, "out" targets under county B. The test fails when the alliance gains an endpoint this
table does not cover (the core matrix leaves these paths to this one).
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, timedelta

from tests.alliance.helpers import API, org_body
from tests.matrix import FORBIDDEN, OK, Endpoint, Matrix, Outcome, everyone, in_scope, under
from yilian.alliance import service
from yilian.alliance.schemas import AgreementIn, CentreIn, DepartmentIn, OrganisationIn
from yilian.core.authz import ADMIN_ROLES, Role

# The organisation a target hangs from: a town, and its county for centres and agreements.
TOWN = {"in": "A1", "out": "B1"}
COUNTY = {"in": "A", "out": "B"}
_serial = itertools.count(1)

admins_in_scope = in_scope(ADMIN_ROLES, TOWN)
alliance_admins_in_scope = in_scope({Role.alliance_admin}, COUNTY)


@dataclass
class Ctx:
    """Fresh targets for one call, made the way the command line makes them (no actor)."""

    app: object
    world: object
    clock: object
    scope: str

    def org_id(self, key: str) -> uuid.UUID:
        return self.world.orgs[key].id

    async def _make(self, create: Callable[..., Awaitable], *args):
        async with self.app.state.sessionmaker() as db:
            return await create(db, self.clock, None, *args)

    async def village(self):
        n = next(_serial)
        return await self._make(service.create_organisation, OrganisationIn(
            **org_body(f"矩阵村{n}", "village", self.org_id(TOWN[self.scope]))))

    async def department(self):
        n = next(_serial)
        return await self._make(service.create_department, self.org_id(TOWN[self.scope]),
                                DepartmentIn(code=f"M{n}", name=f"矩阵科室{n}"))

    async def centre(self):
        return await self._make(service.create_centre, CentreIn(
            name=f"矩阵中心{next(_serial)}", kind="ecg", host_organisation_id=self.org_id(
                COUNTY[self.scope]), member_organisation_ids=[self.org_id(TOWN[self.scope])]))

    async def agreement(self):
        # Two days of its own, long past, so the fresh agreements never overlap one another.
        start = date(1900, 1, 1) + timedelta(days=3 * next(_serial))
        return await self._make(service.create_agreement, AgreementIn(
            organisation_a_id=self.org_id(COUNTY[self.scope]),
            organisation_b_id=self.org_id(TOWN[self.scope]), services=["referral"],
            valid_from=start, valid_until=start + timedelta(days=1)))


async def _village_url(c: Ctx, suffix: str = "") -> str:
    return f"{API}/organisations/{(await c.village()).id}{suffix}"


async def _department_url(c: Ctx, suffix: str = "") -> str:
    return f"{API}/departments/{(await c.department()).id}{suffix}"


async def _centre_url(c: Ctx, suffix: str = "") -> str:
    return f"{API}/diagnosis-centres/{(await c.centre()).id}{suffix}"


async def _agreement_url(c: Ctx, suffix: str = "") -> str:
    return f"{API}/agreements/{(await c.agreement()).id}{suffix}"


def town(suffix: str = "") -> Callable[[Ctx], str]:
    return lambda c: f"{API}/organisations/{c.org_id(TOWN[c.scope])}{suffix}"


O, D, C, A = (f"{API}/organisations", f"{API}/departments", f"{API}/diagnosis-centres",
              f"{API}/agreements")
ENDPOINTS: dict[tuple[str, str], Endpoint] = {
    ("GET", O): Endpoint(everyone, O),
    ("GET", O + "/tree"): Endpoint(everyone, O + "/tree"),
    ("GET", O + "/{org_id}"): Endpoint(everyone, town()),
    ("POST", O): Endpoint(admins_in_scope, O, lambda c: org_body(
        f"矩阵新村{next(_serial)}", "village", c.org_id(TOWN[c.scope]))),
    ("PATCH", O + "/{org_id}"): Endpoint(admins_in_scope, _village_url,
                                         lambda c: {"phone": "0763-1234567"}),
    ("POST", O + "/{org_id}/deactivate"): Endpoint(
        admins_in_scope, lambda c: _village_url(c, "/deactivate")),
    ("GET", f"{API}/department-catalogue"): Endpoint(everyone, f"{API}/department-catalogue"),
    ("GET", O + "/{org_id}/departments"): Endpoint(everyone, town("/departments")),
    ("POST", O + "/{org_id}/departments"): Endpoint(
        admins_in_scope, town("/departments"),
        lambda c: {"code": f"N{next(_serial)}", "name": f"矩阵新科室{next(_serial)}"}),
    ("PATCH", D + "/{department_id}"): Endpoint(
        admins_in_scope, _department_url, lambda c: {"name": f"改名科室{next(_serial)}"}),
    ("POST", D + "/{department_id}/deactivate"): Endpoint(
        admins_in_scope, lambda c: _department_url(c, "/deactivate")),
    ("GET", C): Endpoint(everyone, C),
    ("POST", C): Endpoint(alliance_admins_in_scope, C, lambda c: {
        "name": f"矩阵新中心{next(_serial)}", "kind": "imaging",
        "host_organisation_id": str(c.org_id(COUNTY[c.scope])),
        "member_organisation_ids": [str(c.org_id(TOWN[c.scope]))]}),
    ("GET", C + "/{centre_id}"): Endpoint(everyone, _centre_url),
    ("PATCH", C + "/{centre_id}"): Endpoint(alliance_admins_in_scope, _centre_url,
                                            lambda c: {"name": f"改名中心{next(_serial)}"}),
    ("POST", C + "/{centre_id}/deactivate"): Endpoint(
        alliance_admins_in_scope, lambda c: _centre_url(c, "/deactivate")),
    ("GET", A): Endpoint(everyone, A),
    ("POST", A): Endpoint(alliance_admins_in_scope, A, lambda c: {
        "organisation_a_id": str(c.org_id(COUNTY[c.scope])),
        "organisation_b_id": str(c.org_id(TOWN[c.scope])), "services": ["diagnosis"],
        "valid_from": (date(1900, 1, 1) + timedelta(days=3 * next(_serial))).isoformat()}),
    ("GET", A + "/{agreement_id}"): Endpoint(everyone, _agreement_url),
    ("PATCH", A + "/{agreement_id}"): Endpoint(alliance_admins_in_scope, _agreement_url,
                                               lambda c: {"services": ["referral", "diagnosis"]}),
    ("POST", A + "/{agreement_id}/deactivate"): Endpoint(
        alliance_admins_in_scope, lambda c: _agreement_url(c, "/deactivate")),
}
ALLIANCE_PATHS = (O, D, C, A, f"{API}/department-catalogue")
# An organisation's time limits belong to the cases module (tests/cases has their matrix).
OTHER_MODULES = (f"{O}/{{org_id}}/sla",)
MATRIX = Matrix("alliance", ENDPOINTS, outcomes={OK: Outcome(200, 201), FORBIDDEN: Outcome(403)},
                routes=under(*ALLIANCE_PATHS, but=OTHER_MODULES, head=False))


def test_the_matrix_covers_every_alliance_endpoint(app):
    MATRIX.check_routes(app)


@MATRIX.parametrize
async def test_endpoint_by_role_and_scope(endpoint, app, client, world, clock):
    await MATRIX.check(endpoint, client, world, lambda who, scope: Ctx(app, world, clock, scope))
