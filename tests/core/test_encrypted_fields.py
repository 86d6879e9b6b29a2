"""Identifiers and notes never reach the database in plain text; lookups use blind indexes."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from yilian.core.crypto import KeyRing


async def test_no_resident_id_or_phone_in_plain_text_in_storage(app, client, world, backend, settings):
    doctor = world.client_as(client, "village_doctor")
    await doctor.post(f"/api/v1/patients/{world.patients['pa']}/encounters", json={
        "kind": "outpatient", "started_at": "2026-11-20T08:00:00+08:00",
        "summary": "头晕三天，血压165/100mmHg，调整降压药"})
    secrets = [*world.resident_ids.values(), "13800138000", "13800138001", "头晕三天"]
    if backend == "sqlite":
        await app.state.engine.dispose()  # checkpoint the WAL into the file
        db_file = Path(settings.resolved_database_url.split("///", 1)[1])
        raw = b"".join(p.read_bytes() for p in db_file.parent.glob(db_file.name + "*"))
    else:
        async with app.state.engine.connect() as conn:
            rows = []
            for table in ("patients", "record_encounters", "audit_log"):
                result = await conn.execute(text(f"SELECT * FROM {table}"))
                rows += [repr(tuple(r)) for r in result]
        raw = "\n".join(rows).encode()
    for secret in secrets:
        assert secret.encode() not in raw, secret
    # ... and yet the application reads them back and finds by them.
    found = await world.client_as(client, "specialist_a").get(
        "/api/v1/patients", params={"resident_id": world.resident_ids["pa"]})
    assert found.json()["items"][0]["id"] == str(world.patients["pa"])


def test_ciphertext_is_bound_to_its_column_and_key():
    ring = KeyRing.generate()
    stored = ring.encrypt("440111195803070020", "patients.resident_id")
    assert stored.startswith("k1:")
    assert ring.decrypt(stored, "patients.resident_id") == "440111195803070020"
    try:
        ring.decrypt(stored, "patients.phone")
    except Exception as err:  # AES-GCM refuses a value moved to another column
        assert type(err).__name__ == "InvalidTag"
    else:
        raise AssertionError("a ciphertext moved to another column must not decrypt")
    ring.add_key()
    assert ring.encrypt("x", "p").startswith("k2:")
    assert ring.decrypt(stored, "patients.resident_id") == "440111195803070020"
