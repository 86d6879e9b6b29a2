"""Run by test_outbox_restart.py in a process of its own, which kills itself at the moment a
crash hurts most:

- ``commit``: a service commits a change that requests a notification; the process dies before
  any relay saw the event.
- ``deliver``: a relay hands the event to the inbox subscriber, whose effect commits; the process
  dies before the event is marked dispatched.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import uuid
from datetime import timedelta

import yilian.handlers  # noqa: F401  (the application's subscribers, as a server has them)
from yilian.core.clock import Clock
from yilian.core.crypto import configure_keyring, load_keyring
from yilian.core.db import make_engine, make_sessionmaker
from yilian.core.relay import Relay
from yilian.messaging.notifications.service import notify
from yilian.settings import Settings


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


async def main(phase: str, user_id: str) -> None:
    settings = Settings()
    configure_keyring(load_keyring(settings))
    maker = make_sessionmaker(make_engine(settings.resolved_database_url))
    if phase == "commit":
        async with maker() as db:
            await notify(db, Clock(), user_ids=[uuid.UUID(user_id)], template="conversation.added",
                         params={"case_title": "右下腹痛会诊", "case_number": "HZ20261124-0001"})
            await db.commit()
        die()
    relay = Relay(maker, Clock(), lease=timedelta(seconds=1))
    hand_to = relay._hand_to

    async def hand_then_die(sub, event) -> None:
        await hand_to(sub, event)
        if sub.name == "notifications.inbox":
            die()

    relay._hand_to = hand_then_die
    await relay.run_once()
    raise SystemExit("the relay found nothing to deliver")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
