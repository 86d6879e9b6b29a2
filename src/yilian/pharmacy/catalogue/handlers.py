"""The catalogue's background work: an import's job (check every row, then apply or reject),
the sweep that fails imports whose job was lost, and who may download an import's file."""

from __future__ import annotations

import uuid
from datetime import timedelta

from yilian.core.jobs import JobContext, job
from yilian.core.scheduler import periodic
from yilian.files import service as files
from yilian.pharmacy.catalogue import service


@job(service.IMPORT_JOB, max_retries=3)
async def run_import(ctx: JobContext, import_id: str) -> None:
    await service.run_import(ctx.sessionmaker, ctx.clock, ctx.settings, uuid.UUID(import_id))


@periodic("pharmacy.catalogue-import-sweep", every=timedelta(minutes=1))
async def sweep(ctx: JobContext) -> None:
    async with ctx.sessionmaker() as db:
        await service.fail_stale_imports(db, ctx.clock)
        await db.commit()


files.register_reader(service.IMPORT, service.may_read_import_file)
