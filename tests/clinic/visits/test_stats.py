"""The counts of online visits: per organisation and mode, how they ended, the wait from
check-in to call, the refunds; for administrators and coordinators of the organisations they
cover."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.clinic.visits.helpers import (
    SESSIONS,
    VISITS,
    add_problem,
    book,
    make_setting,
    on_the_day,
    pay,
    step_up,
)
from tests.files.helpers import actor_of
from yilian.clinic.visits import stats
from yilian.core.errors import Forbidden


async def test_counts_of_visits_waits_and_refunds(app, client, world):
    s = await make_setting(app, client, world)
    start = world.clock.now() - timedelta(days=1)
    first = await book(client, s)
    await pay(client, world, first)
    second = await book(client, s, "patient_pb", patient_id=str(world.patients["pb"]),
                        proof={"kind": "record_diagnosis",
                               "problem_id": await add_problem(app, world, "pb")})
    await pay(client, world, second, "patient_pb")
    await book(client, s, "village_doctor", patient_id=str(world.patients["pc"]),
               proof={"kind": "record_diagnosis",
                      "problem_id": await add_problem(app, world, "pc")})  # never paid
    await on_the_day(world, "patient_pa", "specialist_a", "org_admin_a", "coordinator_a")
    await world.client_as(client, "patient_pa").post(f"{VISITS}/{first['id']}/check-in", json={})
    world.clock.advance(minutes=6)
    await step_up(client, world)
    doctor = world.client_as(client, "specialist_a")
    await doctor.post(f"{SESSIONS}/{s.session['id']}/call-next")
    await doctor.post(f"{VISITS}/{first['id']}/not-eligible", json={"reason": "需线下检查"})
    end = world.clock.now() + timedelta(days=1)
    admin, coordinator, doctor_actor = [await actor_of(app, world, n) for n in (
        "org_admin_a", "coordinator_a", "specialist_a")]
    async with app.state.sessionmaker() as db:
        [row] = await stats.counts(db, admin, start=start, end=end)
        by_mode = await stats.counts(db, coordinator, start=start, end=end, group="mode")
        with pytest.raises(Forbidden):
            await stats.counts(db, doctor_actor, start=start, end=end)
    assert (row.label, row.booked, row.finished, dict(row.ended)) == (
        "甲县人民医院", 2, 0, {"not_eligible": 1})
    assert (row.refunds, row.refunded_fen, row.wait_median_minutes) == (1, 2000, 6.0)
    assert [(t.key, t.booked) for t in by_mode] == [("text", 2)]
