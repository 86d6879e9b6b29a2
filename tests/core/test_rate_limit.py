"""The sign-in rate limit per source address; with Redis, API processes share one budget."""

from __future__ import annotations

import os
import secrets

import httpx
import pytest

from tests.conftest import SHARED_BROKERS
from yilian.app import create_app

REDIS_URL = os.environ.get("YILIAN_TEST_REDIS_URL")


@pytest.fixture(autouse=True)
def one_minute(monkeypatch):
    """Every attempt of a test falls in one rate-limit window, whatever the wall clock does (a
    minute turning mid-test on a loaded machine opened a fresh budget)."""
    monkeypatch.setattr("yilian.core.ratelimit.time.time", lambda: 1_800_000_000.0)


async def _attempts(app, n: int, address: str = "127.0.0.77") -> list[str]:
    """The problem codes of n failed sign-ins from one address."""
    transport = httpx.ASGITransport(app=app, client=(address, 5000))
    async with httpx.AsyncClient(transport=transport, base_url="http://yilian.test") as c:
        return [
            (await c.post("/api/v1/auth/login", json={"username": f"u{i}", "password": "y"}))
            .json()["code"]
            for i in range(n)
        ]


async def _app(settings, clock, **overrides):
    for key, value in {"lockout_failures": 1000, **overrides}.items():
        setattr(settings, key, value)
    return create_app(settings, clock)


async def _close(*apps) -> None:
    for app in apps:
        await app.state.ratelimit.close()
        await app.state.engine.dispose()


async def test_sign_in_attempts_beyond_the_budget_are_refused(settings, clock):
    app = await _app(settings, clock, auth_rate_limit_per_minute=5)
    try:
        codes = await _attempts(app, 7)
    finally:
        await _close(app)
    assert codes == ["invalid-credentials"] * 5 + ["rate-limited"] * 2


@SHARED_BROKERS
@pytest.mark.skipif(not REDIS_URL, reason="YILIAN_TEST_REDIS_URL is not set")
async def test_two_api_processes_share_one_budget_through_redis(settings, clock):
    # An address of this run's own: the Redis server is shared with other runs and other test
    # processes, whose budgets and queues this test must neither see nor clear.
    address = "127." + ".".join(str(b) for b in secrets.token_bytes(3))
    first = await _app(settings, clock, auth_rate_limit_per_minute=6, redis_url=REDIS_URL)
    second = await _app(settings, clock, auth_rate_limit_per_minute=6, redis_url=REDIS_URL)
    try:
        assert "rate-limited" not in await _attempts(first, 4, address)
        assert await _attempts(second, 4, address) == \
            ["invalid-credentials"] * 2 + ["rate-limited"] * 2
    finally:
        await _close(first, second)
