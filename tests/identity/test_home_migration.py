"""`yilian db upgrade` gives existing staff accounts a home organisation and keeps their data."""

from __future__ import annotations

import asyncio
import uuid
from datetime import datetime
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from tests.core.test_migrations import empty_database
from yilian.core.migrate import alembic_config, upgrade


def _home_revision() -> tuple[str, str]:
    """This migration's revision and the one before it, wherever it sits in the chain."""
    scripts = ScriptDirectory.from_config(alembic_config("sqlite://"))
    script = next(s for s in scripts.walk_revisions()
                  if Path(s.path).name.endswith("_user_home_organisation.py"))
    return script.revision, script.down_revision


def test_upgrade_backfills_the_home_from_the_primary_registration_else_the_earliest_grant(
    backend, tmp_path
):
    url = empty_database(backend, tmp_path)
    home_rev, before = _home_revision()
    upgrade(url, before)

    def uid() -> uuid.UUID:
        return uuid.uuid4()

    def v(u: uuid.UUID):
        return u if backend == "postgresql" else u.hex

    orgs = {k: uid() for k in ("P", "A", "B")}
    users = {k: uid() for k in ("registered", "granted", "revoked_first", "nothing", "patient")}

    async def seed():
        engine = create_async_engine(url)
        async with engine.begin() as conn:
            for i, oid in enumerate(orgs.values()):
                await conn.execute(text(
                    "INSERT INTO organisations (id, name, level, kind, division_code, path, active,"
                    " created_at, updated_at) VALUES (:id, :name, 'county', 'general_hospital',"
                    " '440000', :path, true, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"),
                    {"id": v(oid), "name": f"医院{i}", "path": f"/{oid.hex}/"})
            for key, user_id in users.items():
                await conn.execute(text(
                    "INSERT INTO users (id, username, display_name, kind, password_hash,"
                    " password_changed_at, active, totp_enabled, created_at, updated_at)"
                    " VALUES (:id, :name, :name, :kind, 'x', CURRENT_TIMESTAMP, true, false,"
                    " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"),
                    {"id": v(user_id), "name": key,
                     "kind": "patient" if key == "patient" else "staff"})
            grants = [  # (user, organisation, created, revoked?)
                ("registered", "A", "2026-01-01", False), ("registered", "P", "2026-01-02", False),
                ("granted", "B", "2026-03-01", False), ("granted", "A", "2026-02-01", False),
                ("revoked_first", "P", "2026-01-01", True), ("revoked_first", "B", "2026-05-01", False),
            ]
            for user, org, created, revoked in grants:
                await conn.execute(text(
                    "INSERT INTO role_grants (id, user_id, role, organisation_id, valid_from,"
                    " revoked_at, created_at) VALUES (:id, :user, 'specialist', :org, :at,"
                    " :revoked, :at)"),
                    {"id": v(uid()), "user": v(users[user]), "org": v(orgs[org]),
                     "at": datetime.fromisoformat(f"{created}T00:00:00+00:00"),
                     "revoked": datetime.fromisoformat(f"{created}T01:00:00+00:00") if revoked else None})
            for org, primary in (("B", False), ("P", True)):
                await conn.execute(text(
                    'INSERT INTO practice_registrations (id, user_id, organisation_id, "primary",'
                    " created_at) VALUES (:id, :user, :org, :primary, CURRENT_TIMESTAMP)"),
                    {"id": v(uid()), "user": v(users["registered"]), "org": v(orgs[org]),
                     "primary": primary})
        await engine.dispose()

    async def homes():
        engine = create_async_engine(url)
        async with engine.connect() as conn:
            rows = (await conn.execute(text(
                "SELECT username, home_organisation_id FROM users"))).all()
            counts = [(await conn.execute(text(f"SELECT count(*) FROM {t}"))).scalar_one()
                      for t in ("users", "role_grants", "practice_registrations")]
        await engine.dispose()
        by_id = {str(v(o)): k for k, o in orgs.items()}
        return {name: by_id.get(str(home)) if home else None for name, home in rows}, counts

    asyncio.run(seed())
    upgrade(url, home_rev)
    found, counts = asyncio.run(homes())
    assert found == {
        "registered": "P",  # the primary registration, although a grant at A is older
        "granted": "A",  # the earliest grant
        "revoked_first": "B",  # the earliest grant still standing
        "nothing": None,  # managed from the alliance root only
        "patient": None,
    }
    assert counts == [5, 6, 2]
    upgrade(url)  # the rest of the chain keeps it
    assert asyncio.run(homes())[0] == found
