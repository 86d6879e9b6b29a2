"""Follow-up tasks as their users meet them: made when a clinic accepts a down-referral, the
doctor told, listed for whoever does or oversees them, completed once with a note."""

from __future__ import annotations

import json
import uuid

from sqlalchemy import select, text

from tests.followup.helpers import TASKS, make_tasks, spec
from yilian.core.audit import AuditEntry
from yilian.followup.models import FollowUpTask
from yilian.messaging.notifications.models import Notification
from yilian.messaging.notifications.templates import render_outward


async def _listed(world, client, who: str, **query) -> list[dict]:
    r = await world.client_as(client, who).get(TASKS, params=query)
    assert r.status_code == 200, r.text
    return r.json()["items"]


# ---------------------------------------------------------------- made by another module


async def test_tasks_are_made_audited_and_the_assignee_told(app, world, query, settle):
    source = str(uuid.uuid4())
    ids = await make_tasks(world, tasks=[spec(14, "复查血糖"), spec(7)], source_id=source)

    rows = {r.id: r for r in await query(select(FollowUpTask))}
    assert set(rows) == set(ids)
    assert {r.title for r in rows.values()} == {"复查血压", "复查血糖"}
    assert all((r.source_type, r.source_id) == ("referral", source) for r in rows.values())
    assert all(r.created_by == world.users["village_doctor"] for r in rows.values())
    async with app.state.sessionmaker() as db:
        stored = (await db.execute(text("SELECT detail FROM followup_tasks"))).scalars().all()
    assert all("血压" not in value for value in stored), "clinical text is stored encrypted"

    audited = await query(select(AuditEntry).where(AuditEntry.action == "followup.create"))
    assert {a.entity_id for a in audited} == {str(i) for i in ids}
    assert {a.subject_org_id for a in audited} == {world.orgs["A1a"].id}

    await settle()
    told = await query(select(Notification).where(Notification.template == "followup.created"))
    assert [n.user_id for n in told] == [world.users["village_doctor"]]
    params = json.loads(told[0].params)
    assert params == {"count": "2", "due": "2026-12-01", "org": "甲一村卫生室"}
    assert told[0].link == "/followup"
    # Outward channels carry the count, date and clinic only, never the patient.
    subject, sms = render_outward("followup.created", params)
    assert "张秀英" not in subject + sms and "甲一村卫生室" in sms


async def test_without_an_assignee_the_clinics_community_doctors_are_told(world, query, settle):
    await make_tasks(world, assignee=None, by=None)
    await settle()
    told = await query(select(Notification.user_id).where(
        Notification.template == "followup.created"))
    assert set(told) == {world.users["village_doctor"], world.users["family_doctor"]}
    task = (await query(select(FollowUpTask)))[0]
    assert task.created_by is None and task.assignee_id is None


async def test_no_follow_ups_make_no_tasks_and_tell_no_one(world, query, settle):
    assert await make_tasks(world, tasks=[]) == []
    await settle()
    assert await query(select(FollowUpTask)) == []
    assert await query(select(Notification)) == []


# ---------------------------------------------------------------- listing


async def test_each_sees_the_tasks_of_the_organisations_they_cover(world, client):
    [at_a1a] = await make_tasks(world)
    [at_b1] = await make_tasks(world, org="B1", patient="pb", assignee="specialist_b",
                               by="specialist_b")

    def ids(items):
        return {uuid.UUID(i["id"]) for i in items}

    for who in ("village_doctor", "family_doctor", "town_doctor_a1", "nurse_a1", "specialist_a",
                "coordinator_a", "org_admin_a", "patient_pa"):
        assert ids(await _listed(world, client, who)) == {at_a1a}, who
    for who in ("specialist_b", "org_admin_b", "patient_pb"):
        assert ids(await _listed(world, client, who)) == {at_b1}, who
    assert ids(await _listed(world, client, "mdt_expert")) == {at_a1a, at_b1}
    assert await _listed(world, client, "parent") == []
    for who in ("alliance_admin", "auditor"):
        r = await world.client_as(client, who).get(TASKS)
        assert r.status_code == 403, who

    [item] = await _listed(world, client, "town_doctor_a1", patient_id=str(world.patients["pa"]))
    assert item["patient_name"] == "张秀英"
    assert item["organisation_name"] == "甲一村卫生室"
    assert item["assignee_name"] == "village_doctor"
    assert item["detail"] == "每日早晚各测一次，记录血压。"
    assert await _listed(world, client, "town_doctor_a1", patient_id=str(world.patients["pb"])) == []


async def test_mine_is_what_i_am_to_do(world, client):
    [assigned] = await make_tasks(world)
    [anyones] = await make_tasks(world, assignee=None)
    await make_tasks(world, org="A1", assignee=None)

    def ids(items):
        return {uuid.UUID(i["id"]) for i in items}

    assert ids(await _listed(world, client, "village_doctor", mine="true")) == {assigned, anyones}
    assert ids(await _listed(world, client, "family_doctor", mine="true")) == {anyones}
    # Overseeing the clinic from the county is not doing its follow-ups.
    assert await _listed(world, client, "specialist_a", mine="true") == []
    assert len(await _listed(world, client, "specialist_a")) == 3


async def test_open_tasks_come_soonest_due_then_done_ones_latest_done(world, client):
    ids = await make_tasks(world, tasks=[spec(3, "三天"), spec(-1, "昨天"), spec(0, "今天"),
                                         spec(10, "十天"), spec(5, "五天")])
    by_title = dict(zip(["三天", "昨天", "今天", "十天", "五天"], ids, strict=True))
    doctor = world.client_as(client, "village_doctor")
    for title in ("十天", "三天"):
        r = await doctor.post(f"{TASKS}/{by_title[title]}/complete", json={"note": "已随访，情况稳定"})
        assert r.status_code == 200, r.text
        world.clock.advance(minutes=5)

    seen, cursor = [], None
    while True:
        r = await doctor.get(TASKS, params={"limit": 2, **({"cursor": cursor} if cursor else {})})
        assert r.status_code == 200, r.text
        seen += r.json()["items"]
        cursor = r.json()["next_cursor"]
        if not cursor:
            break
    assert [i["title"] for i in seen] == ["昨天", "今天", "五天", "三天", "十天"]
    assert [i["overdue"] for i in seen] == [True, False, False, False, False]

    open_ = await _listed(world, client, "village_doctor", state="open")
    assert [i["title"] for i in open_] == ["昨天", "今天", "五天"]
    done = await _listed(world, client, "village_doctor", state="done", limit=1)
    assert [i["title"] for i in done] == ["三天"]

    r = await doctor.get(TASKS, params={"cursor": "not-ours"})
    assert r.status_code == 422


async def test_a_day_later_todays_task_is_overdue(world, client):
    await make_tasks(world, tasks=[spec(0)])
    [item] = await _listed(world, client, "village_doctor")
    assert item["overdue"] is False
    world.clock.advance(hours=14)  # past midnight in Shanghai
    await world.sign_in_again("village_doctor")
    [item] = await _listed(world, client, "village_doctor")
    assert item["overdue"] is True


# ---------------------------------------------------------------- completing


async def test_the_assignee_completes_a_task_once(world, client, query):
    [task] = await make_tasks(world, tasks=[spec(-2)])
    doctor = world.client_as(client, "village_doctor")
    r = await doctor.post(f"{TASKS}/{task}/complete", json={"note": "  血压控制良好，继续服药  "})
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["done_note"] == "血压控制良好，继续服药"
    assert out["done_by_name"] == "village_doctor"
    assert out["done_at"] is not None and out["overdue"] is False

    [done] = await _listed(world, client, "village_doctor", state="done")
    assert done["id"] == str(task)
    assert await _listed(world, client, "village_doctor", state="open") == []
    audited = await query(select(AuditEntry).where(AuditEntry.action == "followup.complete"))
    assert [(a.entity_id, a.subject_org_id) for a in audited] == [(str(task), world.orgs["A1a"].id)]

    again = await doctor.post(f"{TASKS}/{task}/complete", json={"note": "再次随访"})
    assert again.status_code == 409 and again.json()["code"] == "task-done"
    [row] = await query(select(FollowUpTask))
    assert row.done_note == "血压控制良好，继续服药"


async def test_a_clinician_of_the_clinic_may_complete_anothers_task(world, client):
    [task] = await make_tasks(world)
    r = await world.client_as(client, "family_doctor").post(
        f"{TASKS}/{task}/complete", json={"note": "代为随访，已电话联系患者"})
    assert r.status_code == 200, r.text
    assert r.json()["done_by_name"] == "family_doctor"


async def test_others_are_refused_and_the_refusal_audited(world, client, query):
    [task] = await make_tasks(world)
    for who in ("town_doctor_a1", "specialist_a", "specialist_b"):
        r = await world.client_as(client, who).post(f"{TASKS}/{task}/complete",
                                                    json={"note": "越权完成"})
        assert r.status_code == 403, who
        assert r.json()["code"] == "not-task-doer"
    denied = await query(select(AuditEntry).where(AuditEntry.outcome == "denied",
                                                  AuditEntry.entity_type == "followup_task"))
    assert len(denied) == 3
    assert {(a.entity_id, a.subject_org_id) for a in denied} == {(str(task), world.orgs["A1a"].id)}
    for who in ("patient_pa", "org_admin_a"):
        r = await world.client_as(client, who).post(f"{TASKS}/{task}/complete",
                                                    json={"note": "越权完成"})
        assert r.status_code == 403, who
    [row] = await query(select(FollowUpTask))
    assert row.done_at is None


async def test_a_note_is_needed_and_an_unknown_task_is_not_found(world, client):
    [task] = await make_tasks(world)
    doctor = world.client_as(client, "village_doctor")
    for body in ({"note": " 好 "}, {}, {"note": "x" * 501}, {"note": "已随访", "extra": 1}):
        r = await doctor.post(f"{TASKS}/{task}/complete", json=body)
        assert r.status_code == 422, body
    r = await doctor.post(f"{TASKS}/{uuid.uuid4()}/complete", json={"note": "已随访"})
    assert r.status_code == 404 and r.json()["code"] == "task-not-found"
