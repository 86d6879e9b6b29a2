"""Who may read a referral's files and documents, and the sweep that flags no-shows and
escalates late referrals to the receiving organisation's office."""

from __future__ import annotations

from datetime import timedelta

from yilian.core.jobs import JobContext
from yilian.core.scheduler import periodic
from yilian.documents import service as documents
from yilian.files import service as files
from yilian.patients import service as patients
from yilian.referral import service

files.register_reader(service.CASE, service.may_read)
documents.register_reader(service.CASE, service.may_read)
patients.register_relationship(service.CASE, service.relationship)


@periodic("referral.sweep", every=timedelta(minutes=1))
async def sweep(ctx: JobContext) -> None:
    while True:
        async with ctx.sessionmaker() as db:
            if await service.sweep(db, ctx.clock) == 0:
                return
