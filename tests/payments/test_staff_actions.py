"""What an order tells its reader they may do (the order page shows the buttons by it): collect
it at the clinic while pending (the payee's staff, the patient's village doctor), refund it once
paid (the payee's office); and the office's list filtered by state, day and patient."""

from __future__ import annotations

import pytest

from tests.payments.helpers import ORDERS, TOTAL, WANTED, make_order


@pytest.fixture(autouse=True)
def _wanted():
    WANTED.value = True


async def mays(client, world, who: str, order_id) -> tuple[bool, bool]:
    r = await world.client_as(client, who).get(f"{ORDERS}/{order_id}")
    assert r.status_code == 200, r.text
    return r.json()["may_collect"], r.json()["may_refund"]


async def test_the_order_says_who_may_collect_and_who_may_refund(client, world):
    order_id = await make_order(world)
    pending = {who: await mays(client, world, who, order_id)
               for who in ("patient_pa", "village_doctor", "coordinator_a", "org_admin_a",
                           "auditor")}
    assert pending == {"patient_pa": (False, False), "village_doctor": (True, False),
                       "coordinator_a": (True, False), "org_admin_a": (True, False),
                       "auditor": (False, False)}
    r = await world.client_as(client, "village_doctor").post(
        f"{ORDERS}/{order_id}/collect", json={"receipt_no": "SJ-0002", "amount_fen": TOTAL})
    assert (r.status_code, r.json()["may_collect"], r.json()["may_refund"]) == (200, False,
                                                                                 False)
    paid = {who: await mays(client, world, who, order_id)
            for who in ("patient_pa", "village_doctor", "coordinator_a", "org_admin_a")}
    assert paid == {"patient_pa": (False, False), "village_doctor": (False, False),
                    "coordinator_a": (False, True), "org_admin_a": (False, True)}
    # The office of another organisation does not see it at all.
    r = await world.client_as(client, "org_admin_b").get(f"{ORDERS}/{order_id}")
    assert (r.status_code, r.json()["code"]) == (403, "not-your-order")


async def test_the_office_filters_its_orders_by_state_day_and_patient(client, world):
    pa = await make_order(world)
    pb = await make_order(world, patient="pb")
    r = await world.client_as(client, "village_doctor").post(
        f"{ORDERS}/{pa}/collect", json={"receipt_no": "SJ-0003", "amount_fen": TOTAL})
    assert r.status_code == 200, r.text
    office = world.client_as(client, "org_admin_a")

    async def listed(**params) -> list[str]:
        r = await office.get(ORDERS, params=params)
        assert r.status_code == 200, r.text
        return [i["id"] for i in r.json()["items"]]

    assert sorted(await listed()) == sorted([str(pb), str(pa)])
    assert await listed(state="paid") == [str(pa)]
    assert await listed(state="pending", patient_id=str(world.patients["pb"])) == [str(pb)]
    assert await listed(patient_id=str(world.patients["pa"]), day="2026-11-24") == [str(pa)]
    assert await listed(day="2026-11-25") == []
    r = await office.get(ORDERS, params={"day": "2026-13-01"})
    assert (r.status_code, r.json()["errors"][0]["field"]) == (422, "day")
