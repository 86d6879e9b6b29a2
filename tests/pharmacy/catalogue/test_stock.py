"""Stock by batch: receipts add a batch or add to the same one, a count sets a batch with a
reason, the stock is what has not expired, and dispensing takes the earliest expiry first or
nothing at all."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from sqlalchemy import select

from tests.files.helpers import actor_of
from tests.pharmacy.catalogue.helpers import make_drug, receive, stock_path
from yilian.core.audit import AuditEntry
from yilian.core.errors import Conflict
from yilian.pharmacy.catalogue import service
from yilian.pharmacy.catalogue.models import StockBatch

# The tests' clock stands on 2026-11-24 in Beijing.
SOON, LATER, LAST = date(2026, 12, 10), date(2027, 6, 30), date(2028, 3, 31)


@pytest.fixture
async def drug(world) -> uuid.UUID:
    return await make_drug(world, "A", code="XY001")


async def _stock(client, world, drug_id, who: str = "specialist_a", **params) -> dict:
    r = await world.client_as(client, who).get(f"{stock_path(world.orgs['A'].id)}/{drug_id}",
                                               params=params)
    assert r.status_code == 200, r.text
    return r.json()


async def test_receipts_add_batches_and_the_same_batch_adds_up(client, world, drug, query):
    pharmacist = world.client_as(client, "pharmacist_a")
    url = f"{stock_path(world.orgs['A'].id)}/receipts"
    for batch_no, expires, quantity in (("250601", LATER, 20), ("250601", LATER, 5),
                                        ("251201", LAST, 12), ("250601", LAST, 3)):
        r = await pharmacist.post(url, json={"drug_id": str(drug), "batch_no": batch_no,
                                             "expires_on": expires.isoformat(),
                                             "quantity": quantity})
        assert r.status_code == 201, r.text
    out = r.json()
    assert out["stock_packages"] == 40 and out["drug"]["stock_packages"] == 40
    assert [(b["batch_no"], b["expires_on"], b["quantity"]) for b in out["batches"]] == [
        ("250601", "2027-06-30", 25), ("250601", "2028-03-31", 3), ("251201", "2028-03-31", 12)]
    assert out["batches"][0]["received_by_name"] == "pharmacist_a"
    receipts = await query(select(AuditEntry).where(AuditEntry.action == "pharmacy.stock.receive"))
    assert [(e.detail["received"], e.detail["quantity"]) for e in receipts] == [
        (20, 20), (5, 25), (12, 12), (3, 3)]


async def test_receipts_that_cannot_be_are_refused(client, world, drug, query):
    pharmacist = world.client_as(client, "pharmacist_a")
    url = f"{stock_path(world.orgs['A'].id)}/receipts"
    body = {"drug_id": str(drug), "batch_no": "240101", "expires_on": "2026-11-23",
            "quantity": 10}
    r = await pharmacist.post(url, json=body)
    assert (r.status_code, r.json()["errors"][0]["field"]) == (422, "expires_on")
    assert (await pharmacist.post(url, json={**body, "expires_on": "2027-01-01",
                                             "quantity": 0})).status_code == 422
    r = await pharmacist.post(url, json={**body, "expires_on": "2027-01-01",
                                         "drug_id": str(uuid.uuid4())})
    assert (r.status_code, r.json()["code"]) == (404, "drug-not-found")
    r = await pharmacist.post(f"{stock_path(world.orgs['A'].id).replace('stock', 'catalogue')}"
                              f"/{drug}/deactivate", json={"reason": "停产"})
    assert r.status_code == 200
    r = await pharmacist.post(url, json={**body, "expires_on": "2027-01-01"})
    assert (r.status_code, r.json()["code"]) == (409, "drug-inactive")
    assert await query(select(StockBatch)) == []


async def test_a_count_sets_a_batch_with_its_reason(client, world, drug, query):
    batch = await receive(world, "A", drug, 20, expires_on=LATER)
    url = f"{stock_path(world.orgs['A'].id)}/batches/{batch}/adjust"
    pharmacist = world.client_as(client, "pharmacist_a")
    r = await pharmacist.post(url, json={"quantity": 18})
    assert r.status_code == 422
    r = await pharmacist.post(url, json={"quantity": 0, "reason": "破损报废两盒，余数盘亏"})
    assert r.status_code == 200, r.text
    assert r.json()["stock_packages"] == 0
    assert [b["quantity"] for b in r.json()["batches"]] == [0]  # an emptied batch is shown here
    assert (await _stock(client, world, drug))["batches"] == []
    assert len((await _stock(client, world, drug, all_batches="true"))["batches"]) == 1
    [entry] = await query(select(AuditEntry).where(AuditEntry.action == "pharmacy.stock.adjust"))
    assert (entry.detail["from"], entry.detail["to"], entry.detail["reason"]) == (
        20, 0, "破损报废两盒，余数盘亏")
    r = await pharmacist.post(f"{stock_path(world.orgs['A'].id)}/batches/{uuid.uuid4()}/adjust",
                              json={"quantity": 1, "reason": "盘点"})
    assert (r.status_code, r.json()["code"]) == (404, "batch-not-found")


async def _take(app, world, drug_id, packages: int):
    async with app.state.sessionmaker() as db:
        actor = await actor_of(app, world, "pharmacist_a")
        try:
            taken = await service.take(db, app.state.clock, actor, world.orgs["A"].id, drug_id,
                                       packages)
        except Conflict as e:
            await db.rollback()
            return e
        await db.commit()
        return taken


async def test_taking_stock_empties_the_earliest_expiry_first(app, client, world, drug, clock,
                                                              query):
    await receive(world, "A", drug, 4, expires_on=LATER, batch_no="B2")
    await receive(world, "A", drug, 10, expires_on=LAST, batch_no="B3")
    await receive(world, "A", drug, 3, expires_on=SOON, batch_no="B1")
    assert await _take(app, world, drug, 5) == [("B1", SOON, 3), ("B2", LATER, 2)]
    assert (await _stock(client, world, drug))["stock_packages"] == 12
    # Past SOON's date its batch no longer counts, nor is it taken.
    await receive(world, "A", drug, 6, expires_on=SOON, batch_no="B0")
    clock.advance(days=17)
    await world.sign_in_again("pharmacist_a")
    await world.sign_in_again("specialist_a")
    out = await _stock(client, world, drug, all_batches="true")
    assert out["stock_packages"] == 12
    assert [(b["batch_no"], b["expired"]) for b in out["batches"]] == [
        ("B0", True), ("B1", True), ("B2", False), ("B3", False)]
    refused = await _take(app, world, drug, 13)
    assert isinstance(refused, Conflict) and refused.code == "out-of-stock"
    assert refused.extra["available"] == 12
    assert sorted((b.batch_no, b.quantity) for b in await query(select(StockBatch))) == [
        ("B0", 6), ("B1", 0), ("B2", 2), ("B3", 10)]
    assert await _take(app, world, drug, 12) == [("B2", LATER, 2), ("B3", LAST, 10)]
    takes = await query(select(AuditEntry).where(AuditEntry.action == "pharmacy.stock.take"))
    assert [e.detail["batches"] for e in takes] == [
        [["B1", "2026-12-10", 3], ["B2", "2027-06-30", 2]],
        [["B2", "2027-06-30", 2], ["B3", "2028-03-31", 10]]]


async def test_the_stock_list_finds_what_is_out_or_expiring(client, world, drug):
    await make_drug(world, "A", code="XY002", generic_name="阿莫西林胶囊", trade_name=None)
    soon = await make_drug(world, "A", code="XY003", generic_name="盐酸二甲双胍片",
                           trade_name=None)
    await receive(world, "A", drug, 10, expires_on=LATER)
    await receive(world, "A", soon, 10, expires_on=LATER)
    await receive(world, "A", soon, 2, expires_on=SOON, batch_no="250102")
    reader = world.client_as(client, "reader_a")
    url = stock_path(world.orgs["A"].id)

    async def codes(**params) -> list[tuple[str, int]]:
        r = await reader.get(url, params=params)
        assert r.status_code == 200, r.text
        return [(s["drug"]["code"], s["stock_packages"]) for s in r.json()["items"]]

    assert await codes() == [("XY001", 10), ("XY002", 0), ("XY003", 12)]
    assert await codes(only="out") == [("XY002", 0)]
    assert await codes(only="expiring") == [("XY003", 12)]
    assert await codes(q="二甲双胍") == [("XY003", 12)]
    r = await reader.get(url, params={"only": "soon"})
    assert r.status_code == 422
    r = await reader.get(url, params={"q": "XY003"})
    assert [b["expires_soon"] for b in r.json()["items"][0]["batches"]] == [True, False]
