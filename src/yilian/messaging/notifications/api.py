"""HTTP endpoints of this module: the signed-in user's own inbox and channel preferences."""

from __future__ import annotations

import uuid

from fastapi import Depends, Query, Request
from sqlalchemy.ext.asyncio import AsyncSession

from yilian.core.authz import API_PREFIX, Actor, PolicyRouter, current_actor, signed_in
from yilian.core.clock import Clock
from yilian.core.deps import clock, db_session
from yilian.core.errors import preferred_lang
from yilian.core.pagination import Page
from yilian.messaging.notifications import service
from yilian.messaging.notifications.schemas import (
    NotificationOut,
    PreferencesIn,
    PreferencesOut,
    UnreadCount,
)

router = PolicyRouter(prefix=API_PREFIX, tags=["notifications"])
# Everyone has an inbox; each sees only their own (the service filters by the actor).
OWN = signed_in("read and manage one's own notifications")


@router.get("/notifications", policy=OWN, response_model=Page[NotificationOut])
async def list_notifications(
    request: Request,
    unread: bool = Query(False, description="only those not read yet"),
    cursor: str | None = Query(None, max_length=500),
    limit: int = Query(20, ge=1, le=100),
    actor: Actor = Depends(current_actor), db: AsyncSession = Depends(db_session),
):
    items, nxt = await service.list_notifications(
        db, actor, lang=preferred_lang(request.headers.get("accept-language")), unread=unread,
        cursor=cursor, limit=limit)
    return Page(items=items, next_cursor=nxt)


@router.get("/notifications/unread-count", policy=OWN, response_model=UnreadCount)
async def unread_count(
    actor: Actor = Depends(current_actor), db: AsyncSession = Depends(db_session),
):
    return UnreadCount(unread_count=await service.unread_count(db, actor.user_id))


@router.post("/notifications/read-all", policy=OWN, response_model=UnreadCount)
async def mark_all_read(
    actor: Actor = Depends(current_actor), db: AsyncSession = Depends(db_session),
    clk: Clock = Depends(clock),
):
    return await service.mark_all_read(db, clk, actor)


@router.get("/notifications/preferences", policy=OWN, response_model=PreferencesOut)
async def get_preferences(
    actor: Actor = Depends(current_actor), db: AsyncSession = Depends(db_session),
):
    return await service.get_preferences(db, actor)


@router.patch("/notifications/preferences", policy=OWN, response_model=PreferencesOut)
async def set_preferences(
    body: PreferencesIn, actor: Actor = Depends(current_actor),
    db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
):
    return await service.set_preferences(db, clk, actor, body)


@router.post("/notifications/{notification_id}/read", policy=OWN, response_model=UnreadCount)
async def mark_read(
    notification_id: uuid.UUID, actor: Actor = Depends(current_actor),
    db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
):
    return await service.mark_read(db, clk, actor, notification_id)
