"""Case conversations: messages, read receipts, membership that follows the case, closing,
retraction, events and their recipients; messages are records and are never deleted."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from tests.messaging.conversations.helpers import (
    API,
    close,
    open_case,
    say,
    set_people,
    system_message,
)
from yilian.core.audit import AuditEntry
from yilian.core.authz import app_routes
from yilian.core.events import EventRecipient, OutboxEvent
from yilian.messaging.conversations.models import Message, Participant


async def recipients(query, kind: str) -> list[set[uuid.UUID]]:
    """The recipients of each event of a kind, in order."""
    events = await query(select(OutboxEvent).where(OutboxEvent.kind == kind)
                         .order_by(OutboxEvent.seq))
    out = []
    for e in events:
        out.append(set(await query(select(EventRecipient.user_id)
                                   .where(EventRecipient.seq == e.seq))))
    return out


async def payloads(query, kind: str) -> list[dict]:
    return [e.payload for e in await query(select(OutboxEvent).where(OutboxEvent.kind == kind)
                                           .order_by(OutboxEvent.seq))]


async def test_post_list_and_read_receipts(app, client, world, clock, query):
    ref = await open_case(app, clock, world, "village_doctor", "specialist_a", "patient_pa")
    village = world.client_as(client, "village_doctor")
    specialist = world.client_as(client, "specialist_a")

    first = await say(client, world, "village_doctor", ref, "患者血压 180/110，请会诊。\n附近期用药。")
    assert first["seq"] == 1 and first["kind"] == "text"
    assert first["sender_name"] == "village_doctor"
    clock.advance(minutes=1)
    await say(client, world, "specialist_a", ref, "收到，请上传心电图。")

    r = await specialist.get(f"{API}/{ref.id}/messages")
    assert r.status_code == 200, r.text
    page = r.json()
    assert [m["seq"] for m in page["items"]] == [1, 2]
    assert page["items"][0]["text"] == "患者血压 180/110，请会诊。\n附近期用药。"
    assert page["last_seq"] == 2 and page["more"] is False

    mine = (await specialist.get(API)).json()["items"]
    assert [(c["id"], c["unread"], c["role_label"]) for c in mine] == [(str(ref.id), 1, "expert")]
    assert mine[0]["case_number"] == "HZ20261124-0001"

    r = await specialist.post(f"{API}/{ref.id}/read", json={"seq": 2})
    assert r.status_code == 200 and r.json() == {"last_read_seq": 2}
    # Receipts only move forward; a stale one changes nothing and emits nothing.
    r = await specialist.post(f"{API}/{ref.id}/read", json={"seq": 1})
    assert r.json() == {"last_read_seq": 2}
    assert len(await payloads(query, "conversation.read")) == 1
    r = await specialist.post(f"{API}/{ref.id}/read", json={"seq": 3})
    assert r.status_code == 422

    detail = (await village.get(f"{API}/{ref.id}")).json()
    people = {p["display_name"]: (p["role_label"], p["last_read_seq"]) for p in detail["participants"]}
    assert people == {"village_doctor": ("inviting_doctor", 0), "specialist_a": ("expert", 2),
                      "patient_pa": ("patient", 0)}
    assert (await specialist.get(API)).json()["items"][0]["unread"] == 0
    # Own messages are not unread; the specialist's reply is.
    assert (await village.get(API)).json()["items"][0]["unread"] == 1
    # The patient takes part too.
    assert (await world.client_as(client, "patient_pa").get(f"{API}/{ref.id}/messages")
            ).status_code == 200


async def test_paging_back_and_catching_up(app, client, world, clock):
    ref = await open_case(app, clock, world, "village_doctor", "specialist_a")
    for i in range(1, 8):
        await say(client, world, "village_doctor", ref, f"第{i}条")
    me = world.client_as(client, "specialist_a")
    newest = (await me.get(f"{API}/{ref.id}/messages", params={"limit": 3})).json()
    assert [m["seq"] for m in newest["items"]] == [5, 6, 7] and newest["more"]
    older = (await me.get(f"{API}/{ref.id}/messages", params={"limit": 3, "before": 5})).json()
    assert [m["seq"] for m in older["items"]] == [2, 3, 4] and older["more"]
    oldest = (await me.get(f"{API}/{ref.id}/messages", params={"limit": 3, "before": 2})).json()
    assert [m["seq"] for m in oldest["items"]] == [1] and not oldest["more"]
    after = (await me.get(f"{API}/{ref.id}/messages", params={"limit": 3, "after": 5})).json()
    assert [m["seq"] for m in after["items"]] == [6, 7] and not after["more"]
    both = await me.get(f"{API}/{ref.id}/messages", params={"after": 1, "before": 5})
    assert both.status_code == 422


async def test_my_conversations_newest_activity_first_with_filters_and_cursor(
    app, client, world, clock
):
    refs = []
    for case_type in ("consultation", "referral", "online_visit"):
        refs.append(await open_case(app, clock, world, "specialist_a", "village_doctor",
                                    case_type=case_type, title=f"{case_type} 病例"))
        clock.advance(minutes=1)
    await say(client, world, "village_doctor", refs[0], "最新的消息")
    await close(app, clock, refs[1])
    me = world.client_as(client, "specialist_a")
    r = await me.get(API, params={"limit": 2})
    page = r.json()
    assert [c["id"] for c in page["items"]] == [str(refs[0].id), str(refs[2].id)]
    rest = (await me.get(API, params={"limit": 2, "cursor": page["next_cursor"]})).json()
    assert [c["id"] for c in rest["items"]] == [str(refs[1].id)] and rest["next_cursor"] is None
    assert [c["id"] for c in (await me.get(API, params={"case_type": "referral"})).json()["items"]
            ] == [str(refs[1].id)]
    assert [c["id"] for c in (await me.get(API, params={"state": "closed"})).json()["items"]
            ] == [str(refs[1].id)]
    assert (await me.get(API, params={"cursor": "nonsense"})).status_code == 422
    assert (await me.get(API, params={"case_type": "nonsense"})).status_code == 422
    # Someone in none of them sees none.
    assert (await world.client_as(client, "specialist_b").get(API)).json()["items"] == []


async def test_open_for_case_is_idempotent_and_keeps_participants_in_step(
    app, client, world, clock, query
):
    case_id = uuid.uuid4()
    ref = await open_case(app, clock, world, "village_doctor", "specialist_a", case_id=case_id)
    again = await open_case(app, clock, world, "village_doctor", "specialist_a", case_id=case_id)
    assert again.id == ref.id
    assert len(await query(select(Participant).where(Participant.conversation_id == ref.id))) == 2
    assert await recipients(query, "conversation.participant_added") == []
    assert await recipients(query, "conversation.opened") == [
        {world.users["village_doctor"], world.users["specialist_a"]}]


async def test_a_removed_participant_loses_the_conversation_at_once(
    app, client, world, clock, query
):
    ref = await open_case(app, clock, world, "village_doctor", "specialist_a", "specialist_b")
    await say(client, world, "specialist_b", ref, "我先看一下。")
    removed = world.client_as(client, "specialist_b")
    await set_people(app, clock, world, ref, "village_doctor", "specialist_a")

    for method, path, body in [
        ("GET", f"{API}/{ref.id}", None),
        ("GET", f"{API}/{ref.id}/messages", None),
        ("POST", f"{API}/{ref.id}/messages", {"text": "还在吗？"}),
        ("POST", f"{API}/{ref.id}/read", {"seq": 1}),
    ]:
        r = await removed.request(method, path, json=body)
        assert r.status_code == 403, (method, path, r.text)
        assert r.json()["code"] == "not-a-participant"
    denied = await query(select(AuditEntry).where(
        AuditEntry.outcome == "denied", AuditEntry.entity_type == "conversation",
        AuditEntry.entity_id == str(ref.id)))
    assert len(denied) == 4
    assert {d.actor_user_id for d in denied} == {world.users["specialist_b"]}
    assert (await removed.get(API)).json()["items"] == []
    # The message is still theirs, and their membership is kept as history.
    rows = await query(select(Participant).where(Participant.user_id == world.users["specialist_b"]))
    assert len(rows) == 1 and rows[0].removed_at is not None
    assert len(await query(select(Message).where(Message.conversation_id == ref.id))) == 1

    # Events: the removal reaches the remaining participants and the removed user; later
    # messages reach only the current participants.
    assert await recipients(query, "conversation.participant_removed") == [
        {world.users["village_doctor"], world.users["specialist_a"], world.users["specialist_b"]}]
    assert (await payloads(query, "conversation.participant_removed"))[0] == {
        "conversation_id": str(ref.id), "user_id": str(world.users["specialist_b"])}
    await say(client, world, "village_doctor", ref, "专家B已退出。")
    assert (await recipients(query, "conversation.message"))[-1] == {
        world.users["village_doctor"], world.users["specialist_a"]}

    # Added back: a new membership row; the conversation is theirs again.
    await set_people(app, clock, world, ref, "village_doctor", "specialist_a", "specialist_b")
    assert (await removed.get(f"{API}/{ref.id}")).status_code == 200
    assert len(await query(select(Participant).where(
        Participant.user_id == world.users["specialist_b"]))) == 2
    assert (await recipients(query, "conversation.participant_added"))[-1] == {
        world.users["village_doctor"], world.users["specialist_a"], world.users["specialist_b"]}


async def test_messages_to_a_closed_case_are_refused_and_nothing_is_stored(
    app, client, world, clock, query
):
    ref = await open_case(app, clock, world, "village_doctor", "specialist_a")
    sent = await say(client, world, "village_doctor", ref, "会诊意见已收到。")
    events_before = len(await query(select(OutboxEvent.seq)))
    await close(app, clock, ref)
    closed_events = len(await query(select(OutboxEvent.seq)))
    assert closed_events == events_before + 1
    me = world.client_as(client, "village_doctor")
    r = await me.post(f"{API}/{ref.id}/messages", json={"text": "再补充一句"})
    assert r.status_code == 409 and r.json()["code"] == "conversation-closed"
    r = await me.post(f"{API}/{ref.id}/messages/{sent['id']}/retract", json={"reason": "写错了"})
    assert r.status_code == 409 and r.json()["code"] == "conversation-closed"
    assert len(await query(select(Message).where(Message.conversation_id == ref.id))) == 1
    assert len(await query(select(OutboxEvent.seq))) == closed_events
    # Reading and receipts still work; the case's own notices are still recorded.
    assert (await me.get(f"{API}/{ref.id}/messages")).status_code == 200
    assert (await me.post(f"{API}/{ref.id}/read", json={"seq": 1})).status_code == 200
    await system_message(app, clock, ref, "booked", time="2026-11-25 09:00")
    page = (await me.get(f"{API}/{ref.id}/messages")).json()
    assert page["items"][-1]["kind"] == "system" and page["items"][-1]["sender_id"] is None
    # The notice is a code and its parameters, for the reader's client to word.
    assert page["items"][-1]["code"] == "booked" and page["items"][-1]["text"] is None
    assert page["items"][-1]["params"] == {"time": "2026-11-25 09:00"}
    assert (await me.get(f"{API}/{ref.id}")).json()["state"] == "closed"

    await close(app, clock, ref, reopen=True)
    await say(client, world, "village_doctor", ref, "补充一份化验单。")


async def test_retraction_rules(app, client, world, clock, query):
    ref = await open_case(app, clock, world, "village_doctor", "specialist_a")
    mine = await say(client, world, "village_doctor", ref, "发错了患者")
    theirs = await say(client, world, "specialist_a", ref, "请补充病史")
    me = world.client_as(client, "village_doctor")
    url = f"{API}/{ref.id}/messages/{{}}/retract"

    r = await me.post(url.format(theirs["id"]), json={"reason": "不对"})
    assert r.status_code == 403 and r.json()["code"] == "not-the-sender"
    assert (await me.post(url.format(mine["id"]), json={})).status_code == 422
    assert (await me.post(url.format(mine["id"]), json={"reason": "   "})).status_code == 422
    assert (await me.post(url.format(uuid.uuid4()), json={"reason": "x"})).status_code == 404

    r = await me.post(url.format(mine["id"]), json={"reason": "发给了错误的患者"})
    assert r.status_code == 201, r.text
    retraction = r.json()
    assert retraction["kind"] == "retraction" and retraction["retracts_id"] == mine["id"]
    assert retraction["text"] is None
    r = await me.post(url.format(mine["id"]), json={"reason": "再撤一次"})
    assert r.status_code == 409 and r.json()["code"] == "already-retracted"
    r = await me.post(url.format(retraction["id"]), json={"reason": "撤回撤回"})
    assert r.status_code == 409 and r.json()["code"] == "not-retractable"

    page = (await world.client_as(client, "specialist_a").get(f"{API}/{ref.id}/messages")).json()
    shown = {m["seq"]: m for m in page["items"]}
    assert shown[1]["retracted"] is True and shown[1]["text"] is None
    assert shown[2]["retracted"] is False and shown[2]["text"] == "请补充病史"
    assert shown[3]["kind"] == "retraction"
    # The record keeps the original text and the reason.
    rows = {m.seq: m for m in await query(select(Message).where(Message.conversation_id == ref.id))}
    assert rows[1].text == "发错了患者" and rows[3].text == "发给了错误的患者"
    assert (await payloads(query, "conversation.message"))[-1]["retracts_id"] == mine["id"]

    late = await say(client, world, "village_doctor", ref, "昨天的消息")
    clock.advance(hours=24, seconds=1)
    await world.sign_in_again("village_doctor")  # the old session timed out meanwhile
    me = world.client_as(client, "village_doctor")
    r = await me.post(url.format(late["id"]), json={"reason": "太晚了"})
    assert r.status_code == 409 and r.json()["code"] == "retract-window-passed"


async def test_message_events_go_to_current_participants_without_the_text(
    app, client, world, clock, query
):
    ref = await open_case(app, clock, world, "village_doctor", "specialist_a", "patient_pa")
    sent = await say(client, world, "patient_pa", ref, "医生您好，我头晕。")
    everyone = {world.users[n] for n in ("village_doctor", "specialist_a", "patient_pa")}
    assert await recipients(query, "conversation.message") == [everyone]
    assert await payloads(query, "conversation.message") == [{
        "conversation_id": str(ref.id), "message_id": sent["id"], "seq": 1,
        "sender_id": str(world.users["patient_pa"]), "kind": "text"}]
    await world.client_as(client, "specialist_a").post(f"{API}/{ref.id}/read", json={"seq": 1})
    assert await recipients(query, "conversation.read") == [everyone]
    assert await payloads(query, "conversation.read") == [{
        "conversation_id": str(ref.id), "user_id": str(world.users["specialist_a"]), "seq": 1}]
    posted = await query(select(AuditEntry).where(AuditEntry.action == "conversation.message.post"))
    assert [(a.actor_user_id, a.entity_id, a.detail["seq"]) for a in posted] == [
        (world.users["patient_pa"], str(ref.id), 1)]


async def test_bad_input_is_refused_and_changes_nothing(app, client, world, clock, query):
    ref = await open_case(app, clock, world, "village_doctor", "specialist_a")
    me = world.client_as(client, "village_doctor")
    for body in [{}, {"text": ""}, {"text": "   "}, {"text": "x" * 4001},
                 {"text": "a", "file_id": str(uuid.uuid4())}, {"text": "bad\x00"},
                 {"text": "a", "extra": 1}, {"text": 12}]:
        r = await me.post(f"{API}/{ref.id}/messages", json=body)
        assert r.status_code == 422, (body, r.text)
    assert (await me.post(f"{API}/{ref.id}/messages", json={"text": "x" * 4000})).status_code == 201
    assert (await me.post(f"{API}/{uuid.uuid4()}/messages", json={"text": "a"})).status_code == 404
    assert (await me.get(f"{API}/not-a-uuid")).status_code == 422
    assert (await me.post(f"{API}/{ref.id}/read", json={"seq": -1})).status_code == 422
    assert len(await query(select(Message))) == 1


def test_there_is_no_way_to_change_or_delete_a_message(app):
    methods = {m for m, p, _ in app_routes(app) if p.startswith(API)}
    assert methods <= {"GET", "POST", "HEAD"}
