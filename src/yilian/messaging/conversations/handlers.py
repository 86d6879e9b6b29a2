"""Event subscribers, jobs, periodic tasks and client-message handlers of this module."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from yilian.core.authz import Actor
from yilian.files import service as files
from yilian.messaging.conversations import service


async def _may_read_files(db: AsyncSession, actor: Actor, entity_id: str) -> bool:
    """A conversation's files are for its current participants, like its messages."""
    try:
        conversation_id = uuid.UUID(entity_id)
    except ValueError:
        return False
    return await service.is_participant(db, actor.user_id, conversation_id)


files.register_reader("conversation", _may_read_files)
