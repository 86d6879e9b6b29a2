"""An order names its patient and what they were treated for: reading an order is in the
patient's access log (我的访问记录), who and when, as reading a case is: staff's reads, and a
proxy's; the patient's own reads are kept but not shown to them. Lists log each patient they
show once, for staff only (as lists of cases), and a refused read writes nothing."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from tests.payments.helpers import ORDERS, WANTED, make_order
from yilian.core.accesslog import AccessEntry


@pytest.fixture(autouse=True)
def _wanted():
    WANTED.value = True


def log_url(world, patient: str) -> str:
    return f"/api/v1/patients/{world.patients[patient]}/access-log"


async def shown_to(client, world, patient: str, who: str) -> list[tuple]:
    """The access log as the patient's page shows it, newest first."""
    r = await world.client_as(client, who).get(log_url(world, patient))
    assert r.status_code == 200, r.text
    return [(e["actor_name"], e["organisation_name"], e["action"], e["basis"], e["basis_ref"],
             datetime.fromisoformat(e["at"])) for e in r.json()["items"]]


async def order_number(client, world, order_id) -> str:
    r = await world.client_as(client, "patient_pa").get(f"{ORDERS}/{order_id}")
    assert r.status_code == 200, r.text
    return r.json()["number"]


async def test_a_staff_read_of_an_order_is_in_the_patients_access_log(client, world, clock,
                                                                      query):
    order_id = await make_order(world)
    number = await order_number(client, world, order_id)  # the patient's own read: not shown
    assert await shown_to(client, world, "pa", "patient_pa") == []

    clock.advance(minutes=5)
    r = await world.client_as(client, "coordinator_a").get(f"{ORDERS}/{order_id}")
    assert r.status_code == 200, r.text
    read = ("coordinator_a", "甲县人民医院", "payment_order.read", "case", number, clock.now())
    assert await shown_to(client, world, "pa", "patient_pa") == [read]

    # Her lists add nothing; a proxy of hers opening the order is shown to her, as a proxy.
    clock.advance(minutes=5)
    for who in ("patient_pa", "reader_of_pa"):
        r = await world.client_as(client, who).get(ORDERS)
        assert [i["id"] for i in r.json()["items"]] == [str(order_id)]
    assert await shown_to(client, world, "pa", "patient_pa") == [read]
    r = await world.client_as(client, "reader_of_pa").get(f"{ORDERS}/{order_id}")
    assert r.status_code == 200, r.text
    by_proxy = ("reader_of_pa", None, "payment_order.read", "proxy", number, clock.now())
    assert [(e[0], None, *e[2:]) for e in await shown_to(client, world, "pa", "patient_pa")][:1] \
        == [by_proxy]
    rows = await query(select(AccessEntry).where(AccessEntry.patient_id == world.patients["pa"])
                       .order_by(AccessEntry.seq))
    assert [(r.actor_user_id, r.basis, r.entity_id) for r in rows] == [
        (world.users["patient_pa"], "self", str(order_id)),
        (world.users["coordinator_a"], "case", str(order_id)),
        (world.users["reader_of_pa"], "proxy", str(order_id))]

    # Another organisation's office is refused and leaves no read behind.
    r = await world.client_as(client, "org_admin_b").get(f"{ORDERS}/{order_id}")
    assert (r.status_code, r.json()["code"]) == (403, "not-your-order")
    assert len(await query(select(AccessEntry))) == 3


async def test_a_parent_reading_a_childs_order_is_logged_as_a_proxy(client, world, query):
    order_id = await make_order(world, patient="pc")
    parent = world.client_as(client, "parent")
    assert [i["id"] for i in (await parent.get(ORDERS)).json()["items"]] == [str(order_id)]
    assert await query(select(AccessEntry)) == []  # the list
    assert (await parent.get(f"{ORDERS}/{order_id}")).status_code == 200
    assert [(r.actor_user_id, r.basis) for r in await query(select(AccessEntry))] == [
        (world.users["parent"], "proxy")]


async def test_a_list_logs_each_patient_it_shows_once(client, world, clock, query):
    older = await make_order(world)
    clock.advance(minutes=1)
    newer = await make_order(world)
    clock.advance(minutes=1)
    other = await make_order(world, patient="pb")
    numbers = {o: await order_number(client, world, o) for o in (older, newer)}
    clock.advance(minutes=1)
    r = await world.client_as(client, "org_admin_a").get(ORDERS)
    assert r.status_code == 200, r.text
    assert [i["id"] for i in r.json()["items"]] == [str(other), str(newer), str(older)]

    # One entry per patient listed (the newest order shown as its reference), each in the
    # patient's own log.
    rows = await query(select(AccessEntry).where(AccessEntry.basis != "self"))
    assert sorted((r.patient_id, r.entity_id, r.action) for r in rows) == sorted([
        (world.patients["pa"], str(newer), "payment_order.listed"),
        (world.patients["pb"], str(other), "payment_order.listed")])
    listed = ("org_admin_a", "甲县人民医院", "payment_order.listed", "case", numbers[newer],
              clock.now())
    assert await shown_to(client, world, "pa", "patient_pa") == [listed]
    assert [e[:4] for e in await shown_to(client, world, "pb", "patient_pb")] == [listed[:4]]

    # A list filtered to one patient reads that patient only.
    r = await world.client_as(client, "org_admin_a").get(
        ORDERS, params={"patient_id": str(world.patients["pb"])})
    assert [i["id"] for i in r.json()["items"]] == [str(other)]
    assert [e[2] for e in await shown_to(client, world, "pa", "patient_pa")] == [
        "payment_order.listed"]
    assert [e[2] for e in await shown_to(client, world, "pb", "patient_pb")] == [
        "payment_order.listed", "payment_order.listed"]
    # An empty list reads nobody.
    r = await world.client_as(client, "org_admin_a").get(ORDERS, params={"state": "paid"})
    assert r.json()["items"] == []
    assert len(await query(select(AccessEntry).where(AccessEntry.basis != "self"))) == 3
