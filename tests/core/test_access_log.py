"""The access log is a plain insert per read, sealed into the audit chain in batches; the
verifier finds an edited, deleted or invented access entry."""

from __future__ import annotations

import uuid

from sqlalchemy import delete, func, select, update

from yilian.core import accesslog, audit
from yilian.core.accesslog import AccessEntry, Basis
from yilian.core.audit import AuditEntry
from yilian.core.authz import Actor, Role


def _reader() -> Actor:
    return Actor(user_id=uuid.uuid4(), username="reader", role=Role.specialist,
                 org_id=uuid.uuid4(), ip="10.0.0.9")


async def _write(app, n: int, *, seq: int | None = None) -> None:
    """``n`` reads, as a request logs them; or one row numbered ``seq`` (a transaction that
    took its number earlier than rows already committed)."""
    clock, actor = app.state.clock, _reader()
    async with app.state.sessionmaker() as db:
        if seq is not None:
            db.add(AccessEntry(seq=seq, at=clock.now(), patient_id=uuid.uuid4(),
                               actor_user_id=actor.user_id, actor_username=actor.username,
                               role=str(actor.role), action="record.read", basis=Basis.network))
        for _ in range(n if seq is None else 0):
            accesslog.log(db, clock, actor, uuid.uuid4(), None, "record.read", Basis.network)
        await db.commit()


async def _seal(app) -> int:
    async with app.state.sessionmaker() as db:
        return await accesslog.seal(db, app.state.clock)


async def _verify(app) -> tuple[audit.VerifyResult, accesslog.SealCheck]:
    async with app.state.sessionmaker() as db:
        return await audit.verify(db), await accesslog.verify(db, app.state.clock)


async def _edit(app, stmt) -> None:
    async with app.state.sessionmaker() as db:
        await db.execute(stmt)
        await db.commit()


async def test_reads_are_sealed_in_batches_that_the_chain_holds(app, query):
    await _write(app, 3)
    assert await _seal(app) == 3
    await _write(app, 2)
    assert await _seal(app) == 2
    assert await _seal(app) == 0
    seals = await query(select(AuditEntry).where(AuditEntry.action == accesslog.SEAL_ACTION))
    assert [s.detail["count"] for s in seals] == [3, 2]
    chain, access = await _verify(app)
    assert chain.ok and (access.ok, access.batches, access.rows, access.unsealed) == (
        True, 2, 5, 0)


async def test_an_entry_committed_late_with_a_lower_number_is_sealed_by_the_next_run(app):
    await _write(app, 1, seq=10)
    assert await _seal(app) == 1
    await _write(app, 1, seq=5)  # its transaction began first and committed after the seal
    assert await _seal(app) == 1
    _, access = await _verify(app)
    assert access.ok and access.rows == 2 and access.unsealed == 0


async def test_an_edited_entry_breaks_its_seal(app):
    await _write(app, 3)
    await _seal(app)
    await _edit(app, update(AccessEntry).where(AccessEntry.seq == 2)
                .values(actor_username="someone-else"))
    _, access = await _verify(app)
    assert not access.ok and "does not match" in access.problem


async def test_a_deleted_entry_breaks_its_seal(app):
    await _write(app, 3)
    await _seal(app)
    await _edit(app, delete(AccessEntry).where(AccessEntry.seq == 3))
    _, access = await _verify(app)
    assert not access.ok and "2 rows, 3 sealed" in access.problem


async def test_an_entry_claiming_a_batch_the_chain_never_sealed_is_found(app):
    await _write(app, 1)
    await _seal(app)
    await _write(app, 1)
    await _edit(app, update(AccessEntry).where(AccessEntry.batch_id.is_(None))
                .values(batch_id=uuid.uuid4()))
    _, access = await _verify(app)
    assert not access.ok and "never sealed" in access.problem


async def test_the_periodic_job_seals_everything_pending(app, query):
    from yilian.core.jobs import JobContext

    await _write(app, 7)
    await accesslog.seal_pending(JobContext(app.state.sessionmaker, app.state.clock,
                                            app.state.settings))
    unsealed = await query(select(func.count()).select_from(AccessEntry)
                           .where(AccessEntry.batch_id.is_(None)))
    assert unsealed == [0]


async def test_the_auditor_verifies_both_from_the_api(client, world, app):
    await world.client_as(client, "village_doctor").get(
        f"/api/v1/patients/{world.patients['pa']}/record")
    await _seal(app)
    r = await world.client_as(client, "auditor").get("/api/v1/audit/verify")
    assert r.status_code == 200
    body = r.json()
    assert body["ok"] and body["access_ok"] and body["access_rows"] == 1
    await _edit(app, update(AccessEntry).values(purpose="tampered"))
    body = (await world.client_as(client, "auditor").get("/api/v1/audit/verify")).json()
    assert body["ok"] and not body["access_ok"] and body["access_problem"]


async def test_two_sealing_jobs_at_once_seal_each_entry_once(app, backend):
    """Two scheduler processes (or a scheduler and `yilian audit verify` racing it): each entry
    ends in exactly one batch, and every batch verifies."""
    import asyncio

    await _write(app, 40)
    sealed = await asyncio.gather(_seal(app), _seal(app), _seal(app))
    assert sum(sealed) == 40
    _, access = await _verify(app)
    assert access.ok and access.rows == 40 and access.unsealed == 0
