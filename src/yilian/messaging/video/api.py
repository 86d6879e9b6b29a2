"""Video call routes: ICE servers, joining and leaving a case's call, who is in it, and the room
controls of SFU rooms (mute, spotlight, hands, screen sharing, recording).

Signalling goes over the WebSocket (message type "video.signal", handlers.py); so do the link
reports participants send for the chair ("video.stats").
"""

from __future__ import annotations

import uuid

from fastapi import Depends
from sqlalchemy.ext.asyncio import AsyncSession

from yilian.core import jobs
from yilian.core.authz import API_PREFIX, Actor, PolicyRouter, current_actor, signed_in
from yilian.core.clock import Clock
from yilian.core.deps import clock, db_session, settings
from yilian.messaging.video import recording, service, sfu
from yilian.messaging.video.schemas import (
    HandIn,
    IceServersOut,
    JoinOut,
    MuteIn,
    RecordingIn,
    RoomOut,
    ScreenIn,
    SpotlightIn,
)
from yilian.settings import Settings

router = PolicyRouter(prefix=API_PREFIX, tags=["video"])
# Who may take part is decided per call: the case's current participants (service.py); who
# may use a room control, per room: its chair (sfu.py).
CALLERS = signed_in("take part in video calls")
CHAIRS = signed_in("chair a video call (checked per room: the case's chair)")
ROOM = "/video/rooms/{conversation_id}"


@router.get("/video/ice-servers", policy=signed_in("get ICE servers"),
            response_model=IceServersOut)
async def get_ice_servers(actor: Actor = Depends(current_actor), clk: Clock = Depends(clock),
                          cfg: Settings = Depends(settings)):
    return service.ice_servers(cfg, clk, actor.user_id)


@router.post(ROOM + "/join", policy=CALLERS, response_model=JoinOut)
async def join_room(conversation_id: uuid.UUID, actor: Actor = Depends(current_actor),
                    db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
                    cfg: Settings = Depends(settings)):
    return await service.join(db, clk, cfg, actor, conversation_id)


@router.post(ROOM + "/leave", policy=CALLERS, response_model=RoomOut)
async def leave_room(conversation_id: uuid.UUID, actor: Actor = Depends(current_actor),
                     db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
                     cfg: Settings = Depends(settings)):
    return await service.leave(db, clk, cfg, actor, conversation_id)


@router.get(ROOM, policy=CALLERS, response_model=RoomOut)
async def get_room(conversation_id: uuid.UUID, actor: Actor = Depends(current_actor),
                   db: AsyncSession = Depends(db_session), cfg: Settings = Depends(settings)):
    return await service.room(db, cfg, actor, conversation_id)


@router.post(ROOM + "/participants/{user_id}/mute", policy=CHAIRS, response_model=RoomOut)
async def mute_participant(conversation_id: uuid.UUID, user_id: uuid.UUID, data: MuteIn,
                           actor: Actor = Depends(current_actor),
                           db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
                           cfg: Settings = Depends(settings)):
    c = await service.controls(db, actor, conversation_id, chair=True)
    await sfu.mute(db, clk, cfg, actor, c, user_id, data.muted)
    return await service.room(db, cfg, actor, conversation_id)


@router.post(ROOM + "/spotlight", policy=CHAIRS, response_model=RoomOut)
async def spotlight(conversation_id: uuid.UUID, data: SpotlightIn,
                    actor: Actor = Depends(current_actor), db: AsyncSession = Depends(db_session),
                    clk: Clock = Depends(clock), cfg: Settings = Depends(settings)):
    c = await service.controls(db, actor, conversation_id, chair=True)
    await sfu.spotlight(db, clk, actor, c, data.user_id)
    return await service.room(db, cfg, actor, conversation_id)


@router.post(ROOM + "/hand", policy=CALLERS, response_model=RoomOut)
async def hand(conversation_id: uuid.UUID, data: HandIn, actor: Actor = Depends(current_actor),
               db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
               cfg: Settings = Depends(settings)):
    c = await service.controls(db, actor, conversation_id, chair=False)
    await sfu.hand(db, clk, actor, c, data.user_id, data.raised)
    return await service.room(db, cfg, actor, conversation_id)


@router.post(ROOM + "/screen", policy=CALLERS, response_model=RoomOut)
async def screen(conversation_id: uuid.UUID, data: ScreenIn,
                 actor: Actor = Depends(current_actor), db: AsyncSession = Depends(db_session),
                 clk: Clock = Depends(clock), cfg: Settings = Depends(settings)):
    c = await service.controls(db, actor, conversation_id, chair=False)
    await sfu.screen(db, clk, actor, c, data.sharing)
    return await service.room(db, cfg, actor, conversation_id)


@router.post(ROOM + "/recording", policy=CHAIRS, response_model=RoomOut)
async def start_recording(conversation_id: uuid.UUID, data: RecordingIn,
                          actor: Actor = Depends(current_actor),
                          db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
                          cfg: Settings = Depends(settings)):
    c = await service.controls(db, actor, conversation_id, chair=True)
    await recording.start(db, clk, cfg, actor, c, data)
    return await service.room(db, cfg, actor, conversation_id)


@router.post(ROOM + "/recording/stop", policy=CHAIRS, response_model=RoomOut)
async def stop_recording(conversation_id: uuid.UUID, actor: Actor = Depends(current_actor),
                         db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
                         cfg: Settings = Depends(settings)):
    c = await service.controls(db, actor, conversation_id, chair=True)
    stopped = await recording.stop(db, clk, cfg, actor, c)
    await jobs.enqueue_each(recording.PROCESS_JOB, [{"recording_id": str(stopped)}])
    return await service.room(db, cfg, actor, conversation_id)


@router.post(ROOM + "/recording/ack", policy=CALLERS, response_model=RoomOut)
async def acknowledge_recording(conversation_id: uuid.UUID, actor: Actor = Depends(current_actor),
                                db: AsyncSession = Depends(db_session),
                                clk: Clock = Depends(clock), cfg: Settings = Depends(settings)):
    c = await service.controls(db, actor, conversation_id, chair=False)
    await recording.acknowledge(db, clk, actor, c)
    return await service.room(db, cfg, actor, conversation_id)
