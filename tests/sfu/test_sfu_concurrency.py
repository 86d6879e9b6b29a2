"""What several people do at once to one SFU room, on both databases: the whole panel joining
the moment the session starts makes one Janus room with one grant each, and a chair's double
click on 开始录像 starts one recording."""

from __future__ import annotations

import asyncio

from sqlalchemy import select

from tests.sfu.test_room_controls import ROLES, mdt_room
from yilian.messaging.video.models import Grant, Recording, Room, RoomMode

API = "/api/v1/video/rooms"


async def test_the_panel_joining_at_once_gets_one_room(sfu_app, client, clock, world, query):
    ref = await mdt_room(sfu_app, client, clock, world)
    answers = await asyncio.gather(*(
        world.client_as(client, who).post(f"{API}/{ref.id}/join") for who in ROLES))
    assert [r.status_code for r in answers] == [200] * len(ROLES), [r.text for r in answers]
    rooms = {r.json()["sfu"]["room"] for r in answers}
    assert len(rooms) == 1
    [room] = await query(select(Room))
    assert (room.mode, room.janus_room) == (RoomMode.sfu, rooms.pop())
    grants = await query(select(Grant).where(Grant.revoked_at.is_(None)))
    assert sorted(g.user_id for g in grants) == sorted(world.users[who] for who in ROLES)


async def test_a_double_click_starts_one_recording(sfu_app, client, clock, world, query):
    ref = await mdt_room(sfu_app, client, clock, world)
    chair = world.client_as(client, "mdt_expert")
    assert (await chair.post(f"{API}/{ref.id}/join")).status_code == 200
    answers = await asyncio.gather(*(
        chair.post(f"{API}/{ref.id}/recording", json={"consent_confirmed": True})
        for _ in range(2)))
    assert sorted(r.status_code for r in answers) == [200, 409], [r.text for r in answers]
    assert [r.json()["code"] for r in answers if r.status_code == 409] == ["recording-active"]
    assert len(await query(select(Recording))) == 1
