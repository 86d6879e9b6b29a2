"""Request-scoped dependencies: the database session, the clock, the settings."""

from __future__ import annotations

from collections.abc import AsyncIterator

from fastapi import Request
from sqlalchemy.ext.asyncio import AsyncSession

from yilian.core.clock import Clock
from yilian.settings import Settings


async def db_session(request: Request) -> AsyncIterator[AsyncSession]:
    # A route marked ``autocommit`` (its only write is the access log) runs its statements
    # without BEGIN and COMMIT round trips on PostgreSQL (core.db.make_statement_sessionmaker).
    state = request.app.state
    route = request.scope.get("route")
    maker = (state.statement_sessionmaker if getattr(route, "autocommit", False)
             else state.sessionmaker)
    async with maker() as session:
        yield session


# Dependencies are coroutines: FastAPI runs plain functions in a thread pool, per request.
async def clock(request: Request) -> Clock:
    value: Clock = request.app.state.clock
    return value


async def settings(request: Request) -> Settings:
    value: Settings = request.app.state.settings
    return value


def client_ip(request: Request) -> str | None:
    return request.client.host if request.client else None
