async def test_health(client):
    r = await client.get("/healthz")
    assert r.json() == {"status": "ok"}
    r = await client.get("/readyz")
    assert r.json()["database"] == "up"


async def test_me(client, world):
    r = await world.client_as(client, "specialist_a").get("/api/v1/auth/me")
    assert r.status_code == 200, r.text
    assert r.json()["active_grant"]["role"] == "specialist"
