"""Who may do what in a case conversation.

Membership comes from the case (each case module decides who takes part and keeps the list in
step with its own policy through ``set_participants``); here a current participant may read and
write, and nobody else, whatever their role. A removed participant is no longer current.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from yilian.messaging.conversations.models import MessageKind

RETRACT_WINDOW = timedelta(hours=24)
# What a person wrote or sent can be withdrawn; system notices and retractions cannot.
RETRACTABLE = frozenset({MessageKind.text, MessageKind.file, MessageKind.image})


def may_retract(user_id: uuid.UUID, sender_id: uuid.UUID | None) -> bool:
    return sender_id is not None and sender_id == user_id


def retract_window_open(sent_at: datetime, now: datetime) -> bool:
    return now - sent_at <= RETRACT_WINDOW
