"""Bad input anywhere gets a clear problem+json 4xx naming the field, and changes nothing."""

from __future__ import annotations


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
