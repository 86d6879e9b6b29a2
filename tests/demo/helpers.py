"""Reading a built demo: short sessions on the settings' database, and signing in."""

from __future__ import annotations

from sqlalchemy import func, select

from yilian.core.db import make_engine, make_sessionmaker
from yilian.demo import DEMO_PASSWORD
from yilian.models import metadata


class Db:
    """Short read-only sessions on the settings' database (never held open across a build)."""

    def __init__(self, settings) -> None:
        self.settings = settings

    async def run(self, fn):
        engine = make_engine(self.settings.resolved_database_url, pool_size=1)
        try:
            async with make_sessionmaker(engine)() as db:
                return await fn(db)
        finally:
            await engine.dispose()

    async def rows(self, stmt):
        return await self.run(lambda db: _all(db, stmt))

    async def table_counts(self) -> dict[str, int]:
        async def count(db):
            return {t.name: (await db.execute(select(func.count()).select_from(t))).scalar_one()
                    for t in metadata.sorted_tables}
        return await self.run(count)


async def _all(db, stmt):
    return (await db.execute(stmt)).all()


class Signed:
    """The test client, signed in as a demo account (bearer token)."""

    def __init__(self, client, token: str, me: dict) -> None:
        self.client, self.me = client, me
        self.headers = {"Authorization": f"Bearer {token}"}

    async def get(self, url: str, **kw):
        return await self.client.get(url, headers=self.headers, **kw)

    async def post(self, url: str, **kw):
        return await self.client.post(url, headers=self.headers, **kw)

    async def put(self, url: str, **kw):
        return await self.client.put(url, headers=self.headers, **kw)


async def sign_in(client, username: str) -> Signed:
    r = await client.post("/api/v1/auth/login", json={
        "username": username, "password": DEMO_PASSWORD, "token_in_body": True})
    assert r.status_code == 200, r.text
    return Signed(client, r.json()["token"], r.json()["me"])
