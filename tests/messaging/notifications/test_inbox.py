"""The in-app inbox: a requested notification lands once per user, live and counted."""

from __future__ import annotations

import uuid

from sqlalchemy import select, update

from tests.messaging.notifications.helpers import API, PARAMS, notify
from yilian.core.events import EventRecipient, OutboxEvent
from yilian.messaging.notifications.models import Notification


async def _events(query, kind):
    return await query(select(OutboxEvent).where(OutboxEvent.kind == kind)
                       .order_by(OutboxEvent.seq))


async def _recipients(query, seq):
    return set(await query(select(EventRecipient.user_id).where(EventRecipient.seq == seq)))


async def test_notify_lands_in_the_inbox_and_tells_the_user_live(app, client, world, clock, query,
                                                                  settle):
    user = world.users["specialist_a"]
    await notify(app, clock, [user], entity_type="conversation", entity_id="c-1",
                 link="/conversations/c-1")
    # Nothing but the request is written in the caller's transaction.
    assert await query(select(Notification)) == []
    requested = await _events(query, "notification.requested")
    assert len(requested) == 1 and await _recipients(query, requested[0].seq) == set()
    # The case title (clinical text) is sealed in the outbox, not readable there.
    assert PARAMS["case_title"] not in str(requested[0].payload)

    await settle()
    [row] = await query(select(Notification))
    assert (row.user_id, row.template, row.entity_type, row.entity_id, row.link, row.read_at) == (
        user, "conversation.added", "conversation", "c-1", "/conversations/c-1", None)
    assert row.created_at == clock.now()
    [created] = await _events(query, "notification.created")
    assert await _recipients(query, created.seq) == {user}
    assert created.payload == {"notification_id": str(row.id), "template": "conversation.added",
                               "entity_type": "conversation", "entity_id": "c-1",
                               "unread_count": 1}

    me = world.client_as(client, "specialist_a")
    assert (await me.get(f"{API}/unread-count")).json() == {"unread_count": 1}
    [item] = (await me.get(API)).json()["items"]
    assert item["title"] == "您已加入病例会话"
    assert item["body"] == "您已被加入病例「胸痛待查会诊」（HZ20261124-0001）的会话。"
    assert (item["link"], item["entity_type"], item["entity_id"]) == (
        "/conversations/c-1", "conversation", "c-1")
    [item_en] = (await me.get(API, headers={"Accept-Language": "en"})).json()["items"]
    assert item_en["title"] == "Added to a case conversation"
    # Someone else's inbox stays empty.
    other = world.client_as(client, "specialist_b")
    assert (await other.get(API)).json()["items"] == []
    assert (await other.get(f"{API}/unread-count")).json() == {"unread_count": 0}


async def test_one_request_for_several_users_makes_a_row_each(app, world, clock, query, settle):
    users = [world.users["specialist_a"], world.users["town_doctor_a1"]]
    await notify(app, clock, users + [users[0]])
    await settle()
    rows = await query(select(Notification))
    assert sorted(r.user_id for r in rows) == sorted(users)
    created = await _events(query, "notification.created")
    assert [await _recipients(query, e.seq) for e in created] in (
        [{users[0]}, {users[1]}], [{users[1]}, {users[0]}])


async def test_a_redelivered_request_makes_no_second_row(app, world, clock, query, settle):
    await notify(app, clock, [world.users["nurse_a1"]])
    await settle()
    # As after a relay crash between the subscriber's commit and marking the event dispatched.
    async with app.state.sessionmaker() as db:
        await db.execute(update(OutboxEvent).values(dispatched_at=None, lease_until=None))
        await db.commit()
    assert await settle() >= 1
    assert len(await query(select(Notification))) == 1
    assert len(await _events(query, "notification.created")) == 1


async def test_nothing_is_requested_for_nobody(app, clock, query):
    await notify(app, clock, [])
    assert await _events(query, "notification.requested") == []


async def test_mark_read_and_read_all(app, client, world, clock, query, settle):
    user = world.users["specialist_a"]
    for _ in range(3):
        await notify(app, clock, [user])
        clock.advance(minutes=1)
    await notify(app, clock, [world.users["specialist_b"]])
    await settle()
    me = world.client_as(client, "specialist_a")
    first = (await me.get(API)).json()["items"][-1]
    r = await me.post(f"{API}/{first['id']}/read")
    assert r.status_code == 200 and r.json() == {"unread_count": 2}
    [read_event] = await _events(query, "notification.read")
    assert await _recipients(query, read_event.seq) == {user}
    assert read_event.payload == {"notification_id": first["id"], "unread_count": 2}
    # Marking it again changes nothing and tells nobody.
    assert (await me.post(f"{API}/{first['id']}/read")).json() == {"unread_count": 2}
    assert len(await _events(query, "notification.read")) == 1
    unread = (await me.get(API, params={"unread": "true"})).json()["items"]
    assert len(unread) == 2 and first["id"] not in {i["id"] for i in unread}

    # Another user's notification is not there for this one.
    [theirs] = await query(select(Notification.id).where(
        Notification.user_id == world.users["specialist_b"]))
    for target in (theirs, uuid.uuid4()):
        assert (await me.post(f"{API}/{target}/read")).status_code == 404
    [row] = await query(select(Notification).where(Notification.id == theirs))
    assert row.read_at is None

    r = await me.post(f"{API}/read-all")
    assert r.json() == {"unread_count": 0}
    assert (await me.get(f"{API}/unread-count")).json() == {"unread_count": 0}
    assert len(await _events(query, "notification.read")) == 2
    # Nothing left to mark: no event.
    await me.post(f"{API}/read-all")
    assert len(await _events(query, "notification.read")) == 2
    other = world.client_as(client, "specialist_b")
    assert (await other.get(f"{API}/unread-count")).json() == {"unread_count": 1}


async def test_the_list_is_newest_first_by_cursor(app, client, world, clock, settle):
    user = world.users["village_doctor"]
    for n in range(5):
        await notify(app, clock, [user], params={"case_title": f"病例{n}", "case_number": f"N{n}"})
        if n != 2:  # two share a time: the id breaks the tie
            clock.advance(seconds=30)
    await settle()
    me = world.client_as(client, "village_doctor")
    seen, cursor = [], None
    while True:
        page = (await me.get(API, params={"limit": 2, **({"cursor": cursor} if cursor else {})}))
        assert page.status_code == 200, page.text
        body = page.json()
        seen += body["items"]
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert len(seen) == 5 and len({i["id"] for i in seen}) == 5
    times = [i["created_at"] for i in seen]
    assert times == sorted(times, reverse=True)
    assert seen[0]["body"].endswith("（N4）的会话。")
    bad = await me.get(API, params={"cursor": "bm90LWEtY3Vyc29y"})
    assert bad.status_code == 422
