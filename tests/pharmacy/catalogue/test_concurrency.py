"""Two people at once, each in a session of their own (on PostgreSQL truly at once; SQLite has
one writer at a time): two dispensers racing for the last packages, two imports started for one
organisation, two receipts of one new batch."""

from __future__ import annotations

import asyncio
from datetime import date

from sqlalchemy import select

from tests.files.helpers import actor_of
from tests.pharmacy.catalogue.helpers import (
    csv_bytes,
    make_drug,
    receive,
    sample_rows,
    upload_catalogue,
)
from yilian.core.errors import Problem
from yilian.pharmacy.catalogue import service
from yilian.pharmacy.catalogue.models import CatalogueImport, StockBatch
from yilian.pharmacy.catalogue.schemas import ReceiveIn


async def _take(app, world, drug_id, packages: int) -> str:
    async with app.state.sessionmaker() as db:
        actor = await actor_of(app, world, "pharmacist_a")
        try:
            await service.take(db, app.state.clock, actor, world.orgs["A"].id, drug_id, packages)
            # Held a moment, as a dispensing records what it took: the rival waits meanwhile.
            await asyncio.sleep(0.05)
        except Problem as e:
            await db.rollback()
            return e.code
        await db.commit()
        return "taken"


async def test_two_dispensers_racing_for_the_last_packages_never_both_get_them(
        app, world, query):
    drug = await make_drug(world, "A")
    await receive(world, "A", drug, 3, expires_on=date(2027, 3, 31), batch_no="A")
    await receive(world, "A", drug, 2, expires_on=date(2027, 9, 30), batch_no="B")
    outcomes = await asyncio.gather(_take(app, world, drug, 4), _take(app, world, drug, 4))
    assert sorted(outcomes) == ["out-of-stock", "taken"]
    assert sorted((b.batch_no, b.quantity) for b in await query(select(StockBatch))) == [
        ("A", 0), ("B", 1)]


async def test_two_dispensers_each_get_their_share_when_there_is_enough(app, world, query):
    drug = await make_drug(world, "A")
    await receive(world, "A", drug, 5, expires_on=date(2027, 3, 31))
    outcomes = await asyncio.gather(*(_take(app, world, drug, 2) for _ in range(2)))
    assert outcomes == ["taken", "taken"]
    [batch] = await query(select(StockBatch))
    assert batch.quantity == 1


async def test_two_imports_started_at_once_for_one_organisation_run_one(app, client, world,
                                                                        query):
    files = [await upload_catalogue(client, world, who, csv_bytes(sample_rows()))
             for who in ("pharmacist_a", "org_admin_a")]

    async def start(who: str, file_id) -> str:
        async with app.state.sessionmaker() as db:
            actor = await actor_of(app, world, who)
            try:
                await service.start_import(db, app.state.clock, app.state.settings, actor,
                                           world.orgs["A"].id, file_id)
            except Problem as e:
                await db.rollback()
                return e.code
            return "started"

    outcomes = await asyncio.gather(start("pharmacist_a", files[0]),
                                    start("org_admin_a", files[1]))
    assert sorted(outcomes) == ["import-running", "started"]
    [row] = await query(select(CatalogueImport))
    assert row.state == "running" and row.total_rows == 6


async def test_two_receipts_of_one_new_batch_at_once_both_count(app, world, query):
    drug = await make_drug(world, "A")

    async def receipt(quantity: int) -> None:
        async with app.state.sessionmaker() as db:
            actor = await actor_of(app, world, "pharmacist_a")
            await service.receive(db, app.state.clock, actor, world.orgs["A"].id, ReceiveIn(
                drug_id=drug, batch_no="251101", expires_on=date(2027, 10, 31),
                quantity=quantity))

    await asyncio.gather(receipt(10), receipt(7))
    [batch] = await query(select(StockBatch))
    assert batch.quantity == 17
