"""Opens a case conversation in the e2e server's database, as a case module would.

Run with the server's environment (its YILIAN_DATA_DIR) and working directory:

    python seed_conversation.py <title> <username>=<role label> [<username>=<role label> ...]

Prints ``{"conversation_id": ..., "case_id": ...}``. No conversation API creates one: a
conversation belongs to a case, and this stands in for the case.
"""

from __future__ import annotations

import asyncio
import json
import sys
import uuid

from sqlalchemy import select

import yilian.models  # noqa: F401  (every table, so the mappers can be configured)
from yilian.core.clock import Clock
from yilian.core.crypto import configure_keyring, load_keyring
from yilian.core.db import make_engine, make_sessionmaker
from yilian.identity.models import User
from yilian.messaging.conversations import service
from yilian.settings import Settings


async def seed(title: str, people: dict[str, str]) -> dict[str, str]:
    settings = Settings()
    configure_keyring(load_keyring(settings))
    engine = make_engine(settings.resolved_database_url, pool_size=1)
    try:
        async with make_sessionmaker(engine)() as db:
            users = dict((await db.execute(
                select(User.username, User.id).where(User.username.in_(people)))).all())
            missing = set(people) - set(users)
            if missing:
                raise SystemExit(f"unknown users: {sorted(missing)}")
            case_id = uuid.uuid4()
            ref = await service.open_for_case(
                db, Clock(), None, case_type="consultation", case_id=case_id, title=title,
                subject_org_id=None, participants={users[u]: label for u, label in people.items()},
                case_number=f"E2E-{case_id.hex[:6].upper()}",
            )
            await db.commit()
    finally:
        await engine.dispose()
    return {"conversation_id": str(ref.id), "case_id": str(case_id)}


def main(argv: list[str]) -> None:
    title, *pairs = argv
    people = dict(pair.split("=", 1) for pair in pairs)
    print(json.dumps(asyncio.run(seed(title, people))))


if __name__ == "__main__":
    main(sys.argv[1:])
