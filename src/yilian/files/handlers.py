"""Event subscribers, jobs, periodic tasks and client-message handlers of this module."""

from __future__ import annotations

from datetime import timedelta

from yilian.core.jobs import JobContext
from yilian.core.scheduler import periodic
from yilian.core.storage import storage_for
from yilian.files import service


@periodic("files.discard-expired-uploads", every=timedelta(hours=1))
async def discard_expired_uploads(ctx: JobContext) -> None:
    """Uploads abandoned for a day go, with their staged bytes (an upload is never half a file)."""
    storage = storage_for(ctx.settings)
    while True:
        async with ctx.sessionmaker() as db:
            if await service.discard_expired(db, ctx.clock, storage) < service.SWEEP_BATCH:
                return
