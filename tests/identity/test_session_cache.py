"""Resolved sessions are reused briefly, and every change that alters them is seen at once."""

from __future__ import annotations

import asyncio
import os

import pytest

from tests.conftest import SHARED_BROKERS
from yilian.core.actorcache import ActorCache

REDIS_URL = os.environ.get("YILIAN_TEST_REDIS_URL")


async def test_changes_are_seen_on_the_next_request_despite_the_cache(client, world):
    doctor = world.client_as(client, "specialist_unverified")
    admin = world.client_as(client, "org_admin_a")
    url = f"/api/v1/patients/{world.patients['pa']}/problems"
    problem = {"icd10": "I10", "description": "高血压"}
    assert (await doctor.post(url, json=problem)).status_code == 403  # resolved and cached
    verified = await admin.post(f"/api/v1/users/{world.users['specialist_unverified']}/verification",
                                json={"verified": True})
    assert verified.status_code == 200
    assert (await doctor.post(url, json=problem)).status_code == 201
    grant = world.grants["specialist_unverified"]
    await admin.post(f"/api/v1/users/{world.users['specialist_unverified']}/grants/{grant}/revoke")
    r = await doctor.get("/api/v1/auth/me")
    assert r.status_code == 401 and r.json()["code"] == "session-ended"


@SHARED_BROKERS
@pytest.mark.skipif(not REDIS_URL, reason="YILIAN_TEST_REDIS_URL is not set")
async def test_a_change_in_one_process_clears_the_others_through_redis():
    here, elsewhere = ActorCache(), ActorCache()  # as in two API processes
    await here.start(REDIS_URL, ttl=60)
    await elsewhere.start(REDIS_URL, ttl=60)
    try:
        elsewhere.put("token-hash", "resolved session")
        assert elsewhere.get("token-hash") == "resolved session"
        await here.forget_all()
        for _ in range(50):
            if elsewhere.get("token-hash") is None:
                break
            await asyncio.sleep(0.02)
        assert elsewhere.get("token-hash") is None
    finally:
        await here.stop()
        await elsewhere.stop()


async def test_concurrent_misses_share_one_load():
    cache = ActorCache()
    loads = 0

    async def load():
        nonlocal loads
        loads += 1
        await asyncio.sleep(0.01)
        return "resolved"

    results = await asyncio.gather(*(cache.get_or_load("k", load) for _ in range(20)))
    assert results == ["resolved"] * 20 and loads == 1
    assert await cache.get_or_load("k", load) == "resolved" and loads == 1
