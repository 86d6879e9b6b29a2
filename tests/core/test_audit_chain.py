"""The audit chain: appended by every change and refusal, and any tampering is found."""

from __future__ import annotations

from sqlalchemy import text

from yilian.core import audit


async def _verify(app):
    async with app.state.sessionmaker() as db:
        return await audit.verify(db)


async def test_changes_and_refusals_append_a_linked_chain(app, client, world):
    await world.client_as(client, "specialist_b").get(f"/api/v1/patients/{world.patients['pa']}")
    await world.client_as(client, "village_doctor").patch(
        f"/api/v1/patients/{world.patients['pa']}", json={"address": "甲一村5组"})
    result = await _verify(app)
    assert result.ok and result.rows == 2


async def _tamper(app, sql):
    async with app.state.engine.begin() as conn:
        await conn.execute(text(sql))


async def _three_rows(app, client, world):
    for name in ("specialist_b", "org_admin_b", "patient_pb"):  # three refusals
        await world.client_as(client, name).get(f"/api/v1/patients/{world.patients['pa']}/record")
    assert (await _verify(app)).rows == 3


async def test_an_edited_row_is_named(app, client, world):
    await _three_rows(app, client, world)
    await _tamper(app, "UPDATE audit_log SET outcome = 'ok' WHERE seq = 2")
    result = await _verify(app)
    assert not result.ok and result.bad_seq == 2 and "hash" in result.reason


async def test_a_deleted_row_is_named(app, client, world):
    await _three_rows(app, client, world)
    await _tamper(app, "DELETE FROM audit_log WHERE seq = 2")
    result = await _verify(app)
    assert not result.ok and result.bad_seq == 3 and "missing" in result.reason


async def test_swapped_rows_are_found(app, client, world):
    await _three_rows(app, client, world)
    await _tamper(app, "UPDATE audit_log SET seq = 99 WHERE seq = 1")
    await _tamper(app, "UPDATE audit_log SET seq = 1 WHERE seq = 2")
    await _tamper(app, "UPDATE audit_log SET seq = 2 WHERE seq = 99")
    result = await _verify(app)
    assert not result.ok and result.bad_seq == 1


async def test_the_api_offers_no_way_to_change_the_log(app):
    audit_paths = [p for p in app.openapi()["paths"] if p.startswith("/api/v1/audit")]
    methods = {m for p in audit_paths for m in app.openapi()["paths"][p]}
    assert audit_paths and methods == {"get"}
