"""Case conversation routes. Any signed-in user may call them; the service then admits only the
conversation's current participants (staff or patients), so the route policy is the first gate
only."""

from __future__ import annotations

import uuid

from fastapi import Depends, Query
from sqlalchemy.ext.asyncio import AsyncSession

from yilian.core.authz import API_PREFIX, Actor, PolicyRouter, current_actor, signed_in
from yilian.core.clock import Clock
from yilian.core.deps import clock, db_session
from yilian.core.pagination import MAX_LIMIT, Page
from yilian.messaging.conversations import service
from yilian.messaging.conversations.models import CaseType, ConversationState
from yilian.messaging.conversations.schemas import (
    ConversationOut,
    ConversationSummary,
    MessageIn,
    MessageOut,
    MessagePage,
    ReadIn,
    ReadOut,
    RetractIn,
)

router = PolicyRouter(prefix=API_PREFIX, tags=["conversations"])
READ = signed_in("read case conversations")
WRITE = signed_in("write in case conversations")


@router.get("/conversations", policy=READ, response_model=Page[ConversationSummary])
async def my_conversations(
    case_type: CaseType | None = None, state: ConversationState | None = None,
    cursor: str | None = Query(None, max_length=200), limit: int = Query(30, ge=1, le=MAX_LIMIT),
    actor: Actor = Depends(current_actor), db: AsyncSession = Depends(db_session),
):
    items, nxt = await service.list_mine(db, actor, case_type=case_type, state=state,
                                         cursor=cursor, limit=limit)
    return Page(items=items, next_cursor=nxt)


@router.get("/conversations/{conversation_id}", policy=READ, response_model=ConversationOut)
async def get_conversation(
    conversation_id: uuid.UUID, actor: Actor = Depends(current_actor),
    db: AsyncSession = Depends(db_session),
):
    return await service.get_conversation(db, actor, conversation_id)


@router.get("/conversations/{conversation_id}/messages", policy=READ, response_model=MessagePage)
async def list_messages(
    conversation_id: uuid.UUID,
    after: int | None = Query(None, ge=0, le=2**62, description="messages after this seq"),
    before: int | None = Query(None, ge=0, le=2**62, description="messages before this seq"),
    limit: int = Query(50, ge=1, le=MAX_LIMIT), actor: Actor = Depends(current_actor),
    db: AsyncSession = Depends(db_session),
):
    return await service.list_messages(db, actor, conversation_id, after=after, before=before,
                                       limit=limit)


@router.post("/conversations/{conversation_id}/messages", policy=WRITE,
             response_model=MessageOut, status_code=201)
async def post_message(
    conversation_id: uuid.UUID, body: MessageIn, actor: Actor = Depends(current_actor),
    db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
):
    return await service.post_message(db, clk, actor, conversation_id, body)


@router.post("/conversations/{conversation_id}/messages/{message_id}/retract", policy=WRITE,
             response_model=MessageOut, status_code=201)
async def retract_message(
    conversation_id: uuid.UUID, message_id: uuid.UUID, body: RetractIn,
    actor: Actor = Depends(current_actor), db: AsyncSession = Depends(db_session),
    clk: Clock = Depends(clock),
):
    return await service.retract_message(db, clk, actor, conversation_id, message_id, body.reason)


@router.post("/conversations/{conversation_id}/read", policy=READ, response_model=ReadOut)
async def mark_read(
    conversation_id: uuid.UUID, body: ReadIn, actor: Actor = Depends(current_actor),
    db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
):
    return await service.mark_read(db, clk, actor, conversation_id, body.seq)
