"""The workbench endpoint × every role × a case in the actor's scope and one outside it.

Written from the rules: everyone signed in has a workbench (anonymous: 401); what it lists is
what waits for them. The "in" case is a consultation from village A1a to county A, new: it
waits for county A's office (coordinator_a) alone. The "out" one goes from A1a to province P:
it waits for P's office, none of the matrix's actors, so nobody here sees it on their list.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from tests.consultation.helpers import prepare
from tests.factories import World
from tests.matrix import Endpoint, Matrix, Outcome, under
from tests.workbench.helpers import WORKBENCH, apply

LISTED, HIDDEN = "listed", "hidden"


def lists(who: str, scope: str) -> str:
    return LISTED if who == "coordinator_a" and scope == "in" else HIDDEN


@dataclass
class Ctx:
    client: httpx.AsyncClient
    world: World
    scope: str
    number: str | None = None


async def _path(c: Ctx) -> str:
    """A fresh case for each call: what the workbench lists is asked of it."""
    village = c.world.client_as(c.client, "village_doctor")
    case = await apply(c.world, village, invited="A" if c.scope == "in" else "P")
    c.number = case["number"]
    return WORKBENCH


def listed(r: httpx.Response, c: Ctx) -> bool:
    return c.number in {i["number"] for i in r.json()["todo"]}


MATRIX = Matrix("workbench", {("GET", WORKBENCH): Endpoint(lists, _path)},
                outcomes={LISTED: Outcome(200, check=listed),
                          HIDDEN: Outcome(200, check=lambda r, c: not listed(r, c))},
                routes=under(WORKBENCH))


def test_the_matrix_covers_every_workbench_endpoint(app):
    MATRIX.check_routes(app)


@MATRIX.parametrize
async def test_endpoint_by_role_and_scope(endpoint, client, world):
    await prepare(world)
    await MATRIX.check(endpoint, client, world, lambda who, scope: Ctx(client, world, scope))
