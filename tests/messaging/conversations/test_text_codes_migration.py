"""`yilian db upgrade` to 0014 turns the Chinese titles and roles conversations were opened with
into the codes the client words, keeps notes already written as they are, and can go back."""

from __future__ import annotations

import asyncio
import uuid

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from tests.core.test_migrations import empty_database
from yilian.core.migrate import alembic_config, upgrade


def _downgrade(url: str, revision: str) -> None:
    from alembic import command

    command.downgrade(alembic_config(url), revision)


def test_titles_and_roles_become_codes_and_come_back(backend, tmp_path):
    url = empty_database(backend, tmp_path)
    upgrade(url, "0013")

    def v(u: uuid.UUID):
        return u if backend == "postgresql" else u.hex

    convs = {"单学科会诊 HZ20261124-0001": uuid.uuid4(), "上转转诊 ZZ20261124-0002": uuid.uuid4(),
             "病例讨论": uuid.uuid4()}
    roles = ["首席专家", "转出医生", "家属"]

    async def run(sql: str, **params):
        engine = create_async_engine(url)
        try:
            async with engine.begin() as conn:
                result = await conn.execute(text(sql), params)
                return result.all() if result.returns_rows else None
        finally:
            await engine.dispose()

    async def seed():
        for (title, cid), role in zip(convs.items(), roles, strict=True):
            await run("INSERT INTO conversations (id, case_type, case_id, title, case_number,"
                      " state, created_at, last_seq, last_activity_at) VALUES (:id,"
                      " 'consultation', :case, :title, :number, 'open', CURRENT_TIMESTAMP, 0,"
                      " CURRENT_TIMESTAMP)", id=v(cid), case=v(uuid.uuid4()), title=title,
                      number=title.split(" ")[-1])
            await run("INSERT INTO conversation_participants (id, conversation_id, user_id,"
                      " role_label, added_at) VALUES (:id, :conv, :user, :role,"
                      " CURRENT_TIMESTAMP)", id=v(uuid.uuid4()), conv=v(cid),
                      user=v(uuid.uuid4()), role=role)

    async def read():
        titles = sorted(r[0] for r in await run("SELECT title FROM conversations"))
        labels = sorted(r[0] for r in await run(
            "SELECT role_label FROM conversation_participants"))
        return titles, labels

    asyncio.run(seed())
    assert asyncio.run(read()) == (sorted(convs), sorted(roles))
    upgrade(url, "0014")
    # The closed set becomes codes; a title or label outside it stays as it was.
    assert asyncio.run(read()) == (["consultation_single", "referral_up", "病例讨论"],
                                   ["chief", "referring_doctor", "家属"])
    _downgrade(url, "0013")
    assert asyncio.run(read()) == (sorted(convs), sorted(roles))
