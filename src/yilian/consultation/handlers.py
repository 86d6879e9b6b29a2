"""Who may read a consultation's files and documents, and the sweep that escalates overdue
consultations to the invited organisation's office."""

from __future__ import annotations

from datetime import timedelta

from yilian.consultation import service
from yilian.core.jobs import JobContext
from yilian.core.scheduler import periodic
from yilian.documents import service as documents
from yilian.files import service as files
from yilian.patients import service as patients

files.register_reader(service.CASE, service.may_read)
documents.register_reader(service.CASE, service.may_read)
patients.register_relationship(service.CASE, service.relationship)


@periodic("consultation.escalate-overdue", every=timedelta(minutes=1))
async def escalate_overdue(ctx: JobContext) -> None:
    while True:
        async with ctx.sessionmaker() as db:
            if await service.escalate_overdue(db, ctx.clock) == 0:
                return
