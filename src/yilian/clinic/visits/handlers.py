"""The online visit's wiring: the kind and its payment hook (importing the service registers
both), the doctor's first message answering a text visit, and a session stopped (停诊) or handed
to another doctor (替诊)."""

from __future__ import annotations

import uuid

from yilian.clinic import service as schedule
from yilian.clinic.visits import service
from yilian.core.clock import FrozenClock
from yilian.core.events import Event, subscribe


@subscribe("online_visit.first_reply", ["conversation.message"])
async def first_reply(db, event: Event) -> None:
    sender = event.payload.get("sender_id")
    if sender and event.payload.get("kind") != "system":
        await service.note_reply(db, uuid.UUID(event.payload["conversation_id"]),
                                 uuid.UUID(sender), event.at)


def _visits(event: Event) -> list[uuid.UUID]:
    return [uuid.UUID(v) for v in event.payload.get("visit_ids", [])]


@subscribe("online_visit.session_changed", [schedule.STOPPED, schedule.SUBSTITUTED])
async def session_changed(db, event: Event) -> None:
    # As of when the session changed, even if the relay delivers it a little later.
    at = FrozenClock(event.at)
    if event.kind == schedule.STOPPED:
        await service.session_stopped(db, at, _visits(event), event.payload.get("reason") or "")
    else:
        await service.session_substituted(db, at, _visits(event),
                                          uuid.UUID(event.payload["doctor_id"]))
