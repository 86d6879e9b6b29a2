"""A request that lost a deadlock is run again whole; other failures are not."""

from __future__ import annotations

import asyncio
import uuid

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import create_async_engine

from tests.conftest import PG_URL, pg_async_url
from yilian.core.retry import ATTEMPTS, RetryTransactionMiddleware, is_retryable


class _Orig(Exception):
    def __init__(self, sqlstate):
        self.sqlstate = sqlstate


def _db_error(sqlstate: str) -> DBAPIError:
    return DBAPIError("UPDATE ...", {}, _Orig(sqlstate))


def _app(failures: list[BaseException], bodies: list[bytes], respond_first=False):
    """An ASGI app that fails with the queued exceptions, then answers with the body it read."""

    async def app(scope, receive, send):
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        bodies.append(body)
        if respond_first:
            await send({"type": "http.response.start", "status": 200, "headers": []})
        if failures:
            raise failures.pop(0)
        if not respond_first:
            await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"done:" + body})

    return RetryTransactionMiddleware(app, no_retry_content_types=(b"application/offset",))


async def _post(app, content=b'{"a": 1}', content_type="application/json"):
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
        return await c.post("/x", content=content, headers={"content-type": content_type})


async def test_a_deadlock_victim_is_run_again_with_the_same_body():
    bodies: list[bytes] = []
    failures = [_db_error("40P01"), _db_error("40001")]
    r = await _post(_app(failures, bodies))
    assert r.status_code == 200 and r.content == b'done:{"a": 1}'
    assert bodies == [b'{"a": 1}'] * 3


async def test_it_gives_up_after_a_bounded_number_of_attempts():
    bodies: list[bytes] = []
    failures = [_db_error("40P01") for _ in range(ATTEMPTS + 2)]
    with pytest.raises(DBAPIError):
        await _post(_app(failures, bodies))
    assert len(bodies) == ATTEMPTS


@pytest.mark.parametrize("failure", [
    _db_error("23505"), IntegrityError("INSERT", {}, _Orig("23505")), RuntimeError("bug")])
async def test_other_failures_are_not_repeated(failure):
    bodies: list[bytes] = []
    with pytest.raises(type(failure)):
        await _post(_app([failure], bodies))
    assert len(bodies) == 1


async def test_nothing_is_repeated_once_the_response_has_started():
    bodies: list[bytes] = []
    with pytest.raises(DBAPIError):
        await _post(_app([_db_error("40P01")], bodies, respond_first=True))
    assert len(bodies) == 1


async def test_streamed_uploads_are_not_buffered_nor_repeated():
    bodies: list[bytes] = []
    with pytest.raises(DBAPIError):
        await _post(_app([_db_error("40P01")], bodies), content_type="application/offset+octet")
    assert len(bodies) == 1


@pytest.mark.postgres
@pytest.mark.skipif(not PG_URL, reason="needs YILIAN_TEST_DATABASE_URL")
async def test_a_real_postgresql_deadlock_is_recognised():
    table = f"_deadlock_{uuid.uuid4().hex[:8]}"
    engine = create_async_engine(pg_async_url(PG_URL))
    try:
        async with engine.begin() as conn:
            await conn.execute(text(f"CREATE TABLE {table} (id int PRIMARY KEY, v int)"))
            await conn.execute(text(f"INSERT INTO {table} VALUES (1, 0), (2, 0)"))

        async def cross(first: int, second: int):
            async with engine.begin() as conn:
                await conn.execute(text(f"UPDATE {table} SET v = v + 1 WHERE id = {first}"))
                await asyncio.sleep(0.2)
                await conn.execute(text(f"UPDATE {table} SET v = v + 1 WHERE id = {second}"))

        results = await asyncio.gather(cross(1, 2), cross(2, 1), return_exceptions=True)
        failures = [r for r in results if isinstance(r, BaseException)]
        assert len(failures) == 1 and is_retryable(failures[0])
    finally:
        async with engine.begin() as conn:
            await conn.execute(text(f"DROP TABLE IF EXISTS {table}"))
        await engine.dispose()
