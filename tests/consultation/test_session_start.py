"""Starting the session: far from the booked time it takes a confirmation (nothing changes
without one); once started every participant is rung with a link that opens the video, and
nobody else is."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from tests.consultation.helpers import booked, prepare
from yilian.cases.models import CaseStep
from yilian.consultation.models import Consultation
from yilian.consultation.steps import SESSION_TIME_TOLERANCE
from yilian.messaging.notifications.models import Notification


async def _started_told(query, cid: str) -> dict[str, str | None]:
    rows = await query(select(Notification).where(Notification.template == "consultation.started",
                                                  Notification.entity_id == cid))
    return {str(n.user_id): n.link for n in rows}


async def test_far_from_the_booked_time_the_start_is_refused_until_confirmed(
        client, world, query, settle):
    setup = await prepare(world)
    cid = await booked(client, world, setup, hours=3)
    expert = world.client_as(client, "specialist_a")
    url = f"/api/v1/consultations/{cid}"

    r = await expert.post(url + "/start", json={})
    assert r.status_code == 409
    problem = r.json()
    assert problem["code"] == "session-off-time"
    starts_at = (await expert.get(url)).json()["starts_at"]
    assert problem["starts_at"][:16] == starts_at[:16]
    # The title names the booked time, in Shanghai's clock as the page shows it.
    assert "会诊预约时间为 2026-" in problem["title_zh"]
    await settle()
    seen = (await expert.get(url)).json()
    assert seen["state"] == "scheduled"
    assert "start" not in await query(select(CaseStep.action).where(
        CaseStep.case_id == uuid.UUID(cid)))
    assert await _started_told(query, cid) == {}

    r = await expert.post(url + "/start", json={"confirm_off_time": True})
    assert r.status_code == 200, r.text
    assert r.json()["state"] == "in_session"
    await settle()
    # The applicant is rung with the joining link; the office (no coordinator asked for) and
    # the expert who started are not.
    assert await _started_told(query, cid) == {
        str(world.users["village_doctor"]): f"/consultations/{cid}?join=1"}


async def test_within_the_tolerance_the_session_starts_without_a_question(
        client, world, query):
    setup = await prepare(world)
    minutes = SESSION_TIME_TOLERANCE.total_seconds() / 60 - 5
    cid = await booked(client, world, setup, hours=minutes / 60)
    r = await world.client_as(client, "specialist_a").post(
        f"/api/v1/consultations/{cid}/start", json={})
    assert r.status_code == 200, r.text
    assert r.json()["state"] == "in_session"
    row = (await query(select(Consultation).where(Consultation.id == uuid.UUID(cid))))[0]
    assert row.state.value == "in_session"


async def test_the_inviting_side_cannot_start_the_session(client, world, query):
    setup = await prepare(world)
    cid = await booked(client, world, setup, hours=0.1)
    r = await world.client_as(client, "village_doctor").post(
        f"/api/v1/consultations/{cid}/start", json={"confirm_off_time": True})
    assert r.status_code == 403 and r.json()["code"] == "not-your-step"
    assert await _started_told(query, cid) == {}
