"""Time limits: a routine consultation must be scheduled within 48 h and completed within 3
working days; an urgent one within 12 h. Late cases are escalated once per limit to the invited
organisation's office, and show as overdue."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from tests.consultation.helpers import application, prepare
from yilian.cases import engine
from yilian.cases.models import CaseStep
from yilian.consultation.kind import CONSULTATION
from yilian.messaging.notifications.models import Notification


async def _escalate(app, clock) -> int:
    async with app.state.sessionmaker() as db:
        return await engine.sweep(db, clock, CONSULTATION)


async def test_a_routine_consultation_not_scheduled_in_48_hours_is_escalated_once(
        app, client, world, clock, query, settle):
    await prepare(world)
    village = world.client_as(client, "village_doctor")
    office = world.client_as(client, "coordinator_a")
    r = await village.post("/api/v1/consultations", json=application(world))
    case = r.json()
    # Tuesday 10:00 Shanghai: scheduled by Thursday 10:00, completed by Friday 10:00.
    assert datetime.fromisoformat(case["schedule_due"]) == datetime(2026, 11, 26, 2, tzinfo=UTC)
    assert datetime.fromisoformat(case["complete_due"]) == datetime(2026, 11, 27, 2, tzinfo=UTC)
    assert case["overdue"] is False

    clock.advance(hours=47)
    assert await _escalate(app, clock) == 0
    await world.sign_in_again("coordinator_a")
    office = world.client_as(client, "coordinator_a")
    r = await office.get("/api/v1/consultations?overdue=true")
    assert r.json()["items"] == [], r.text

    clock.advance(hours=2)
    await world.sign_in_again("coordinator_a")
    office = world.client_as(client, "coordinator_a")
    assert await _escalate(app, clock) == 1
    assert await _escalate(app, clock) == 0  # once per limit
    listed = (await office.get("/api/v1/consultations?overdue=true")).json()["items"]
    assert [(c["id"], c["overdue"]) for c in listed] == [(case["id"], True)]
    await settle()
    told = await query(select(Notification.template).where(
        Notification.user_id == world.users["coordinator_a"]))
    assert told.count("consultation.overdue") == 1
    # Said as a code the reader's client words ("past the booking limit").
    escalated = select(CaseStep).where(CaseStep.action == "escalate")
    assert await query(escalated.with_only_columns(CaseStep.note_code)) == ["past_limit"]
    assert await query(escalated.with_only_columns(CaseStep.note_params)) == [
        '{"limit": "schedule"}']

    # A day later the completion limit passes too: escalated again, for that limit.
    clock.advance(hours=24)
    assert await _escalate(app, clock) == 1


async def test_an_urgent_consultation_has_twelve_hours(client, world):
    await prepare(world)
    village = world.client_as(client, "village_doctor")
    r = await village.post("/api/v1/consultations", json=application(world, urgency="urgent"))
    case = r.json()
    assert datetime.fromisoformat(case["complete_due"]) == datetime(2026, 11, 24, 14, tzinfo=UTC)


async def test_the_invited_organisations_own_limits_apply(client, world):
    await prepare(world)
    admin = world.client_as(client, "org_admin_a")
    r = await admin.put(f"/api/v1/organisations/{world.orgs['A'].id}/sla", json={"rules": [
        {"case_type": "consultation", "urgency": "routine", "first_hours": 24,
         "complete_working_days": 2}]})
    assert r.status_code == 200, r.text
    village = world.client_as(client, "village_doctor")
    case = (await village.post("/api/v1/consultations", json=application(world))).json()
    assert datetime.fromisoformat(case["schedule_due"]) == datetime(2026, 11, 25, 2, tzinfo=UTC)
    assert datetime.fromisoformat(case["complete_due"]) == datetime(2026, 11, 26, 2, tzinfo=UTC)
