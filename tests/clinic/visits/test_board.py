"""The coordinator's 今日门诊 board (GET /clinic/today) and the visit counts' route
(GET /clinic/stats): what each reader sees of the day's sessions, and who is refused."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select, update

from tests.clinic.helpers import CLINIC, new_session, set_fees
from tests.clinic.visits.helpers import (
    SESSIONS,
    VISITS,
    Setting,
    add_problem,
    book,
    make_setting,
    on_the_day,
    pay,
    step_up,
)
from yilian.alliance.models import Department
from yilian.clinic.visits.models import ClinicVisit

TODAY = f"{CLINIC}/today"
STATS = f"{CLINIC}/stats"
PEOPLE = ("patient_pa", "patient_pb", "specialist_a", "specialist_b", "coordinator_a",
          "org_admin_a", "alliance_admin", "nurse_a1")


async def _day_with_a_queue(app, client, world) -> tuple[Setting, dict, dict]:
    """Tomorrow at A: pa checked in and called after 6 minutes, pb booked; specialist_b's video
    session at B; specialist_a's afternoon session at A stopped."""
    s = await make_setting(app, client, world)
    await set_fees(client, world, "alliance_admin", "B")
    await new_session(client, s.clinic, "alliance_admin", doctor="specialist_b", org="B",
                      mode="video")
    later = await new_session(client, s.clinic, half_day="pm")
    r = await world.client_as(client, "org_admin_a").post(
        f"{SESSIONS}/{later['id']}/stop", json={"reason": "医生临时出诊"})
    assert r.status_code == 200, r.text
    first = await book(client, s)
    await pay(client, world, first)
    second = await book(client, s, "patient_pb", patient_id=str(world.patients["pb"]),
                        proof={"kind": "record_diagnosis",
                               "problem_id": await add_problem(app, world, "pb")})
    await pay(client, world, second, "patient_pb")
    await on_the_day(world, *PEOPLE)
    await world.client_as(client, "patient_pa").post(f"{VISITS}/{first['id']}/check-in", json={})
    world.clock.advance(minutes=6)
    await step_up(client, world)
    r = await world.client_as(client, "specialist_a").post(
        f"{SESSIONS}/{s.session['id']}/call-next")
    assert r.status_code == 200 and r.json()["id"] == first["id"], r.text
    return s, first, second


async def test_the_coordinator_sees_the_days_sessions_counted(app, client, world):
    s, first, second = await _day_with_a_queue(app, client, world)
    r = await world.client_as(client, "coordinator_a").get(TODAY)
    assert r.status_code == 200, r.text
    board = r.json()
    assert board["day"] == "2026-11-25"
    [morning, afternoon] = board["sessions"]
    assert (morning["doctor_name"], morning["department_name"], morning["organisation_name"],
            morning["mode"], morning["status"], morning["capacity"]) == (
        "specialist_a", "心血管内科", "甲县人民医院", "text", "open", 8)
    assert {k: v for k, v in morning["counts"].items() if v} == {"booked": 1, "in_visit": 1}
    assert morning["average_wait_minutes"] == 6.0 and board["average_wait_minutes"] == 6.0
    assert (afternoon["status"], afternoon["stop_reason"]) == ("stopped", "医生临时出诊")
    # Counts and staff only: no patient's name (so nothing for their access logs).
    for name in ("张秀英", "李建国", "patient_pa", "patient_pb"):
        assert name not in r.text
    # The alliance's administrator sees B's video session too; one organisation when asked.
    admin = world.client_as(client, "alliance_admin")
    everything = (await admin.get(TODAY)).json()
    assert sorted(x["mode"] for x in everything["sessions"]) == ["text", "text", "video"]
    only_b = (await admin.get(TODAY, params={"organisation_id": str(world.orgs["B"].id)})).json()
    assert [x["doctor_name"] for x in only_b["sessions"]] == [
        "specialist_b"]
    assert only_b["counts"]["booked"] == 0


async def test_a_department_head_sees_their_department_only(app, client, world):
    s, _, _ = await _day_with_a_queue(app, client, world)
    doctor = world.client_as(client, "specialist_a")
    r = await doctor.get(TODAY)
    assert r.status_code == 403 and r.json()["code"] == "forbidden"
    await new_session(client, s.clinic, doctor="mdt_expert", code="03.03", half_day="pm")
    async with app.state.sessionmaker() as db:
        await db.execute(update(Department).where(Department.id == s.clinic.depts["A", "03.04"])
                         .values(head_user_id=world.users["specialist_a"]))
        await db.commit()
    board = (await doctor.get(TODAY)).json()
    assert {x["department_name"] for x in board["sessions"]} == {"心血管内科"}
    assert len(board["sessions"]) == 2


async def test_others_are_refused_the_board(app, client, world):
    await _day_with_a_queue(app, client, world)
    coordinator = world.client_as(client, "coordinator_a")
    r = await coordinator.get(TODAY, params={"organisation_id": str(world.orgs["B"].id)})
    assert r.status_code == 403 and r.json()["code"] == "forbidden"
    for who in ("patient_pa", "nurse_a1"):
        r = await world.client_as(client, who).get(TODAY)
        assert r.status_code == 403, (who, r.text)
    r = await coordinator.get(TODAY, params={"organisation_id": "not-an-id"})
    assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json"
    assert r.json()["errors"][0]["field"] == "organisation_id"
    r = await coordinator.get(TODAY, params={"organisation_id": str(world.users["patient_pa"])})
    assert r.status_code == 404


async def _visits(app) -> int:
    async with app.state.sessionmaker() as db:
        return (await db.execute(select(func.count()).select_from(ClinicVisit))).scalar_one()


async def test_stats_route_counts_by_group(app, client, world):
    await _day_with_a_queue(app, client, world)
    window = {"start": (world.clock.now() - timedelta(days=7)).isoformat(),
              "end": (world.clock.now() + timedelta(days=1)).isoformat()}
    coordinator = world.client_as(client, "coordinator_a")
    r = await coordinator.get(STATS, params=window)
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["group"] == "organisation"
    assert [(x["label"], x["booked"]) for x in out["rows"]] == [("甲县人民医院", 2)]
    assert out["total"]["booked"] == 2 and out["total"]["wait_median_minutes"] == 6.0
    by_mode = (await coordinator.get(STATS, params={**window, "group": "mode"})).json()
    assert [(x["key"], x["booked"]) for x in by_mode["rows"]] == [("text", 2)]
    everything = (await world.client_as(client, "alliance_admin").get(
        STATS, params={**window, "group": "department"})).json()
    assert [x["label"] for x in everything["rows"]] == ["心血管内科"]


async def test_stats_refuses_bad_input_and_other_roles(app, client, world):
    await _day_with_a_queue(app, client, world)
    before = await _visits(app)
    now = world.clock.now()
    coordinator = world.client_as(client, "coordinator_a")
    for params, field in (
        ({"start": now.isoformat(), "end": now.isoformat(), "group": "week"}, "group"),
        ({"start": now.isoformat(), "end": (now - timedelta(days=1)).isoformat()}, "end"),
        ({"start": (now - timedelta(days=500)).isoformat(), "end": now.isoformat()}, "end"),
        ({"start": "2026-11-01", "end": now.isoformat()}, "start"),
    ):
        r = await coordinator.get(STATS, params=params)
        assert r.status_code == 422, (params, r.text)
        assert r.headers["content-type"] == "application/problem+json"
        assert r.json()["errors"][0]["field"] == field
    window = {"start": (now - timedelta(days=1)).isoformat(), "end": now.isoformat()}
    for who in ("specialist_a", "patient_pa", "nurse_a1"):
        r = await world.client_as(client, who).get(STATS, params=window)
        assert r.status_code == 403, (who, r.text)
    assert await _visits(app) == before
