"""Every endpoint of the drug catalogue, its stock and its imports × every role × an
organisation in the actor's scope, one below it, and one outside it.

Written from the rule (issue 16's brief), not read from the code:
- reading (the catalogue, a drug, the stock, a drug's stock, the imports, an import) is for any
  staff member granted at the organisation or at one covering it; patients read nothing here;
- changing (add, edit, take off the list, put back, import, receive, count) is for pharmacists
  and organisation admins granted at that organisation itself, not at one above it.

"in" is county hospital A, "below" its town health centre A1, "out" county hospital B.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

import httpx
import pytest
from sqlalchemy import update

from tests.factories import World
from tests.files.helpers import actor_of
from tests.matrix import ACTORS, FORBIDDEN, OK, Endpoint, Matrix, Outcome, in_scope, role_of, under
from tests.pharmacy.catalogue.helpers import (
    API,
    KEEPERS,
    csv_bytes,
    drug_body,
    make_drug,
    receive,
    sample_rows,
    start_import,
    upload_catalogue,
)
from yilian.core.authz import Role
from yilian.pharmacy.catalogue import service
from yilian.pharmacy.catalogue.models import CatalogueImport, ImportState

ORGS = {"in": "A", "below": "A1", "out": "B"}
STAFF = frozenset(Role) - {Role.patient}
WRITERS = {Role.pharmacist, Role.org_admin}
BASE = API + "/{org_id}"
CATALOGUE = BASE + "/catalogue"
DRUG = CATALOGUE + "/{drug_id}"
IMPORTS = CATALOGUE + "/imports"
STOCK = BASE + "/stock"

reads = in_scope(STAFF, ORGS)


def writes(who: str, scope: str) -> str:
    return OK if role_of(who) in WRITERS and ACTORS[who] == ORGS[scope] else FORBIDDEN


@dataclass
class Ctx:
    world: World
    client: httpx.AsyncClient
    who: str
    scope: str

    @property
    def org(self) -> str:
        return ORGS[self.scope]

    def path(self, then: str) -> str:
        return f"{API}/{self.world.orgs[self.org].id}/{then}"

    async def drug(self, *, active: bool = True) -> uuid.UUID:
        drug_id = await make_drug(self.world, self.org)
        if not active:
            app = self.world.app
            actor = await actor_of(app, self.world, KEEPERS[self.org])
            async with app.state.sessionmaker() as db:
                await service.set_active(db, app.state.clock, actor,
                                         self.world.orgs[self.org].id, drug_id, False, "停产")
        return drug_id

    async def batch(self) -> uuid.UUID:
        return await receive(self.world, self.org, await self.drug(), 10,
                             expires_on=date(2027, 6, 30))

    async def an_import(self) -> uuid.UUID:
        keeper = KEEPERS[self.org]
        file_id = await upload_catalogue(self.client, self.world, keeper,
                                         csv_bytes(sample_rows()))
        r = await start_import(self.client, self.world, keeper, self.org, file_id)
        assert r.status_code == 202, r.text
        await finish_running(self.world)
        return uuid.UUID(r.json()["id"])

    async def own_file(self) -> dict[str, str]:
        """A catalogue the actor uploaded (an auditor uploads nothing: someone's file)."""
        if role_of(self.who) == Role.auditor:
            return {"file_id": str(uuid.uuid4())}
        file_id = await upload_catalogue(self.client, self.world, self.who,
                                         csv_bytes(sample_rows()))
        return {"file_id": str(file_id)}


async def finish_running(world: World) -> None:
    """No job runs here: a started import is ended so that the next may start."""
    async with world.app.state.sessionmaker() as db:
        await db.execute(update(CatalogueImport).where(
            CatalogueImport.state == ImportState.running).values(state=ImportState.failed))
        await db.commit()


async def _after(endpoint: tuple[str, str], ctx: Ctx, r: httpx.Response) -> None:
    if endpoint == ("POST", IMPORTS):
        await finish_running(ctx.world)


async def _drug_path(c: Ctx, then: str = "", *, active: bool = True) -> str:
    return c.path(f"catalogue/{await c.drug(active=active)}{then}")


MATRIX = Matrix("pharmacy catalogue", {
    ("GET", CATALOGUE): Endpoint(reads, lambda c: c.path("catalogue"), params={"q": "T"}),
    ("POST", CATALOGUE): Endpoint(
        writes, lambda c: c.path("catalogue"),
        lambda c: drug_body(code=f"N{uuid.uuid4().hex[:8]}")),
    ("GET", DRUG): Endpoint(reads, _drug_path),
    ("PATCH", DRUG): Endpoint(writes, _drug_path, {"price_fen": 3500}),
    ("POST", DRUG + "/deactivate"): Endpoint(
        writes, lambda c: _drug_path(c, "/deactivate"), {"reason": "厂家停产"}),
    ("POST", DRUG + "/reactivate"): Endpoint(
        writes, lambda c: _drug_path(c, "/reactivate", active=False)),
    ("GET", IMPORTS): Endpoint(reads, lambda c: c.path("catalogue/imports")),
    ("POST", IMPORTS): Endpoint(writes, lambda c: c.path("catalogue/imports"),
                                lambda c: c.own_file()),
    ("GET", IMPORTS + "/{import_id}"): Endpoint(
        reads, lambda c: _then(c.an_import(), lambda i: c.path(f"catalogue/imports/{i}"))),
    ("GET", STOCK): Endpoint(reads, lambda c: c.path("stock"), params={"only": "out"}),
    ("GET", STOCK + "/{drug_id}"): Endpoint(
        reads, lambda c: _then(c.drug(), lambda d: c.path(f"stock/{d}"))),
    ("POST", STOCK + "/receipts"): Endpoint(
        writes, lambda c: c.path("stock/receipts"),
        lambda c: _then(c.drug(), lambda d: {"drug_id": str(d), "batch_no": "251101",
                                             "expires_on": "2027-10-31", "quantity": 20})),
    ("POST", STOCK + "/batches/{batch_id}/adjust"): Endpoint(
        writes, lambda c: _then(c.batch(), lambda b: c.path(f"stock/batches/{b}/adjust")),
        {"quantity": 8, "reason": "盘点少两盒"}),
}, outcomes={OK: Outcome(200, 201, 202), FORBIDDEN: Outcome(403)},
    routes=under(API + "/"), scopes=("in", "below", "out"), after=_after)


async def _then(made, then):
    return then(await made)


def test_the_matrix_covers_every_catalogue_endpoint(app):
    MATRIX.check_routes(app)


@MATRIX.parametrize
async def test_endpoint_by_role_and_scope(endpoint, client, keepers):
    world = keepers
    await MATRIX.check(endpoint, client, world,
                       lambda who, scope: Ctx(world, client, who, scope))


@pytest.mark.parametrize("who", ["org_admin_a", "alliance_admin"])
async def test_an_admin_above_reads_but_does_not_keep_a_town_catalogue(who, client, keepers):
    """The county's admin covers the town: reads its catalogue, yet may not change it (the
    refusal names the organisation rule, not the role)."""
    world = keepers
    drug_id = await make_drug(world, "A1")
    as_admin = world.client_as(client, who)
    town = world.orgs["A1"].id
    r = await as_admin.get(f"{API}/{town}/catalogue/{drug_id}")
    assert r.status_code == 200 and r.json()["may_edit"] is False
    r = await as_admin.patch(f"{API}/{town}/catalogue/{drug_id}", json={"price_fen": 1})
    assert r.status_code == 403
    assert r.json()["code"] == ("not-your-organisation" if who == "org_admin_a" else "forbidden")
    r = await as_admin.get(f"{API}/{town}/catalogue/{drug_id}")
    assert r.json()["price_fen"] == 3360
