"""What a visit's page offers its patient: unlike other kinds, the patient takes steps of the visit
(check in, cancel, add materials), so the visit read by the patient carries the steps they may
take now, and only those."""

from __future__ import annotations

import pytest

from tests.clinic.visits.helpers import VISITS, book, make_setting, on_the_day, pay


@pytest.fixture
async def s(app, client, world):
    return await make_setting(app, client, world)


async def _actions(client, world, visit: dict, who: str) -> list[str]:
    r = await world.client_as(client, who).get(f"{VISITS}/{visit['id']}")
    assert r.status_code == 200, r.text
    return [a["action"] for a in r.json()["actions"]]


async def test_the_patient_is_offered_their_steps_and_not_the_doctors(client, world, s):
    visit = await book(client, s)
    assert await _actions(client, world, visit, "patient_pa") == ["cancel", "attach"]
    await pay(client, world, visit)
    # Before the day: no check-in yet.
    assert await _actions(client, world, visit, "patient_pa") == ["cancel", "attach"]
    await on_the_day(world, "patient_pa", "specialist_a")
    assert await _actions(client, world, visit, "patient_pa") == ["check_in", "cancel", "attach"]
    r = await world.client_as(client, "patient_pa").post(f"{VISITS}/{visit['id']}/check-in",
                                                          json={})
    assert r.status_code == 200, r.text
    assert r.json()["actions"] == [{"action": "cancel", "zh": "取消预约", "en": "Cancel"},
                                   {"action": "attach", "zh": "添加资料", "en": "Add material"}]
    # The doctor's call is the doctor's: the patient is offered nothing of it.
    assert "call" in await _actions(client, world, visit, "specialist_a")
    assert "call" not in await _actions(client, world, visit, "patient_pa")
