"""Refusals that concern no record (a forged, malformed or expired token) are counted and limited
per source address, not chained; refusals that concern a record, or come from an identified
actor, stay in the audit chain (docs/decisions/0005)."""

from __future__ import annotations

import secrets

import httpx
import pytest
from prometheus_client import REGISTRY
from sqlalchemy import func, select

from yilian.app import create_app
from yilian.core import audit
from yilian.core.audit import AuditEntry

PATIENT = "/api/v1/patients/{}"


@pytest.fixture(autouse=True)
def one_minute(monkeypatch):
    """Every request of a test falls in one rate-limit window, whatever the wall clock does."""
    monkeypatch.setattr("yilian.core.ratelimit.time.time", lambda: 1_800_000_000.0)


def _refusals(status: str, code: str, chained: str) -> float:
    return REGISTRY.get_sample_value(
        "yilian_refusals_total", {"status": status, "code": code, "chained": chained}) or 0.0


async def _chain(app) -> tuple[int, bool]:
    async with app.state.sessionmaker() as db:
        rows = (await db.execute(select(func.count()).select_from(AuditEntry))).scalar_one()
        return rows, (await audit.verify(db)).ok


def _client(app, ip: str) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=(ip, 40000))
    return httpx.AsyncClient(transport=transport, base_url="http://yilian.test")


@pytest.fixture
async def limited_app(settings, clock, world):
    """The application with a budget of 5 such refusals per address and minute (the world's
    data is in the same database)."""
    settings.refusal_rate_limit_per_minute = 5
    application = create_app(settings, clock)
    yield application
    await application.state.ratelimit.close()
    await application.state.engine.dispose()


async def test_a_flood_of_bad_tokens_is_counted_not_chained_and_limited(limited_app, world):
    app = limited_app
    before = await _chain(app)
    bad_before = _refusals("401", "bad-token", "no")
    limited_before = _refusals("429", "rate-limited", "no")
    path = PATIENT.format(world.patients["pa"])
    async with _client(app, "127.0.0.66") as flood:
        answers = [
            await flood.get(path, headers={"Authorization": f"Bearer {secrets.token_hex(16)}"})
            for _ in range(6)
        ]
        answers.append(await flood.get(path, headers={"Authorization": "Basic abc"}))
        # Past the budget the address is answered 429 before any work, a valid token or not.
        valid = await flood.get("/api/v1/auth/me", headers=world.headers("specialist_a"))
    assert [r.status_code for r in answers] == [401] * 5 + [429] * 2
    assert {r.json()["code"] for r in answers[:5]} == {"bad-token"}
    for r in answers[5:] + [valid]:
        assert r.status_code == 429
        assert r.headers["content-type"] == "application/problem+json"
        assert r.headers["retry-after"] == "60"
        assert r.json()["code"] == "rate-limited" and r.json()["status"] == 429
    assert await _chain(app) == before  # nothing appended, and the chain still verifies
    assert _refusals("401", "bad-token", "no") == bad_before + 5
    assert _refusals("429", "rate-limited", "no") == limited_before + 3
    # The budget is per address: another one is served as usual.
    async with _client(app, "127.0.0.67") as other:
        me = await other.get("/api/v1/auth/me", headers=world.headers("specialist_a"))
        assert me.status_code == 200
        forged = await other.get(path, headers={"Authorization": "Bearer forged"})
        assert forged.status_code == 401 and forged.json()["code"] == "bad-token"
        metrics = (await other.get("/metrics")).text
    assert 'yilian_refusals_total{chained="no",code="bad-token",status="401"}' in metrics


async def test_an_expired_session_is_counted_not_chained(app, client, world, clock):
    before = await _chain(app)
    expired_before = _refusals("401", "session-expired", "no")
    clock.advance(hours=13)
    r = await client.get("/api/v1/auth/me", headers=world.headers("coordinator_a"))
    assert r.status_code == 401 and r.json()["code"] == "session-expired"
    assert await _chain(app) == before
    assert _refusals("401", "session-expired", "no") == expired_before + 1


async def test_a_refusal_concerning_a_record_is_still_chained(limited_app, world):
    app = limited_app
    rows, _ = await _chain(app)
    chained_before = _refusals("403", "consent-required", "yes")
    async with _client(app, "127.0.0.68") as c:
        # More than the budget: refusals that concern a record are not what it limits.
        for _ in range(7):
            r = await c.get(f"/api/v1/patients/{world.patients['pa']}/record",
                            headers=world.headers("specialist_b"))
            assert r.status_code == 403 and r.json()["code"] == "consent-required"
    async with app.state.sessionmaker() as db:
        denied = (await db.execute(select(AuditEntry).where(AuditEntry.outcome == "denied")
                                   .order_by(AuditEntry.seq))).scalars().all()
    assert len(denied) == 7 and await _chain(app) == (rows + 7, True)
    assert {(d.actor_username, d.entity_type, d.entity_id) for d in denied} == {
        ("specialist_b", "patient", str(world.patients["pa"]))}
    assert _refusals("403", "consent-required", "yes") == chained_before + 7


async def test_a_signed_in_actors_refusal_on_a_route_stays_chained(app, client, world):
    rows, _ = await _chain(app)
    r = await world.client_as(client, "patient_pa").get("/api/v1/audit")
    assert r.status_code == 403
    async with app.state.sessionmaker() as db:
        denied = (await db.execute(select(AuditEntry).where(AuditEntry.outcome == "denied")))\
            .scalars().all()
    assert [(d.actor_username, d.entity_type) for d in denied] == [("patient_pa", "route")]
    assert (await _chain(app)) == (rows + 1, True)
