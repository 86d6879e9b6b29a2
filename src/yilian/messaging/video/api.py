"""Video call routes: ICE servers, joining and leaving a case's call, who is in it.

Signalling goes over the WebSocket (message type "video.signal", handlers.py).
"""

from __future__ import annotations

import uuid

from fastapi import Depends
from sqlalchemy.ext.asyncio import AsyncSession

from yilian.core.authz import API_PREFIX, Actor, PolicyRouter, current_actor, signed_in
from yilian.core.clock import Clock
from yilian.core.deps import clock, db_session, settings
from yilian.messaging.video import service
from yilian.messaging.video.schemas import IceServersOut, JoinOut, RoomOut
from yilian.settings import Settings

router = PolicyRouter(prefix=API_PREFIX, tags=["video"])
# Who may take part is decided per call: the case's current participants (service.py).
CALLERS = signed_in("take part in video calls")
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
