"""Bad input anywhere gets a clear problem+json 4xx naming the field, and changes nothing."""

from __future__ import annotations

import pytest


async def test_control_characters_in_bodies_and_queries(client, world):
    doctor = world.client_as(client, "village_doctor")
    r = await doctor.post(f"/api/v1/patients/{world.patients['pa']}/allergies",
                          json={"substance": "青霉\x00素"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "substance"
    r = await doctor.get("/api/v1/patients", params={"q": "张\x00"})
    assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json"
    record = (await doctor.get(f"/api/v1/patients/{world.patients['pa']}/record")).json()
    assert record["allergies"] == []


async def test_notes_keep_their_line_breaks(client, world):
    doctor = world.client_as(client, "village_doctor")
    r = await doctor.post(f"/api/v1/patients/{world.patients['pa']}/problems",
                          json={"icd10": "I10", "description": "高血压", "note": "一、头晕\n二、乏力"})
    assert r.status_code == 201


async def test_oversized_body_is_refused(client, world):
    doctor = world.client_as(client, "village_doctor")
    r = await doctor.post(f"/api/v1/patients/{world.patients['pa']}/problems",
                          content=b'{"icd10": "I10", "description": "' + b"x" * 2_000_000 + b'"}',
                          headers={"Content-Type": "application/json"})
    assert r.status_code == 413 and r.json()["code"] == "too-large"


async def test_english_titles_on_request(client):
    r = await client.get("/api/v1/auth/me", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert r.status_code == 401 and r.json()["title"] == "Not signed in, or the session has ended"
    r = await client.get("/api/v1/auth/me")
    assert r.json()["title"] == "未登录或登录已失效"


async def test_unknown_routes_and_methods(client, world):
    r = await client.get("/api/v1/no-such-thing")
    assert r.status_code == 404 and r.headers["content-type"] == "application/problem+json"
    r = await world.client_as(client, "village_doctor").delete("/api/v1/auth/me")
    assert r.status_code == 405 and r.json()["code"] == "method-not-allowed"


async def _chunks(prefix: bytes, filler: int, suffix: bytes):
    yield prefix
    for _ in range(filler // 65536):
        yield b"x" * 65536
    yield suffix


async def test_an_undeclared_body_over_the_limit_is_refused_like_a_declared_one(client, world):
    """Transfer-Encoding: chunked, no Content-Length: counted while it streams, and 413 once it
    passes the limit (FastAPI alone made it a 400 malformed-body); nothing is written."""
    doctor = world.client_as(client, "village_doctor")
    url = f"/api/v1/patients/{world.patients['pa']}/problems"
    r = await doctor.post(url, content=_chunks(b'{"icd10": "I10", "description": "', 2_000_000,
                                               b'"}'),
                          headers={"Content-Type": "application/json"})
    assert "content-length" not in r.request.headers
    assert r.request.headers["transfer-encoding"] == "chunked"
    assert (r.status_code, r.headers["content-type"]) == (413, "application/problem+json")
    assert r.json()["code"] == "too-large" and r.json()["status"] == 413
    record = (await doctor.get(f"/api/v1/patients/{world.patients['pa']}/record")).json()
    assert record["problems"] == []
    # Under the limit, the same undeclared body goes through.
    r = await doctor.post(url, content=_chunks(b'{"icd10": "I10", "description": "', 0,
                                               b'\\u9ad8\\u8840\\u538b"}'),
                          headers={"Content-Type": "application/json"})
    assert r.status_code == 201, r.text
    assert r.request.headers["transfer-encoding"] == "chunked"


@pytest.mark.parametrize("value, message", [
    ("2026-11-23T09:00:00", "offset"),  # naive: no zone, no guess
    ("0001-01-01T00:00:00+14:00", "1900"),  # overflowed on the way to UTC (was 500)
    ("9999-12-31T23:59:59-14:00", "1900"),
    ("1899-12-31T23:59:59Z", "1900"),
    ("2100-01-01T00:00:00Z", "1900"),
    ("2026-11-23T09:00:00+15:00", "14:00"),
    ("1764000000", "ISO 8601"),  # a Unix timestamp is not taken for a time
    ("2026-11-23", "ISO 8601"),
    ("2026-02-30T09:00:00+08:00", ""),
])
async def test_a_time_needs_its_zone_and_a_sane_year(client, world, value, message):
    doctor = world.client_as(client, "village_doctor")
    r = await doctor.post(f"/api/v1/patients/{world.patients['pa']}/encounters",
                          json={"kind": "outpatient", "started_at": value})
    assert (r.status_code, r.headers["content-type"]) == (422, "application/problem+json"), r.text
    (error,) = r.json()["errors"]
    assert error["field"] == "started_at" and message in error["message"], r.text
    record = (await doctor.get(f"/api/v1/patients/{world.patients['pa']}/record")).json()
    assert record["encounters"] == []


async def test_a_time_query_parameter_follows_the_same_rule(client, world):
    auditor = world.client_as(client, "auditor")
    r = await auditor.get("/api/v1/audit", params={"since": "0001-01-01T00:00:00+14:00"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "since", r.text
    r = await auditor.get("/api/v1/audit", params={"until": "2026-11-24T10:00:00"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "until", r.text
    r = await auditor.get("/api/v1/audit", params={"since": "2026-11-24T10:00:00+08:00"})
    assert r.status_code == 200, r.text


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31", "2026-11-24T00:00:00", "20261124"])
async def test_a_day_needs_a_sane_year_and_nothing_else(client, world, value):
    doctor = world.client_as(client, "village_doctor")
    r = await doctor.post(f"/api/v1/patients/{world.patients['pa']}/problems",
                          json={"icd10": "I10", "description": "高血压", "onset_date": value})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "onset_date", r.text
