"""Shortcuts for the notification tests: request a notification as a feature module would."""

from __future__ import annotations

from yilian.core.jobs import JobContext
from yilian.messaging.notifications import service

API = "/api/v1/notifications"
PARAMS = {"case_title": "胸痛待查会诊", "case_number": "HZ20261124-0001"}


async def notify(app, clock, users, template: str = "conversation.added", params=None, **kw):
    async with app.state.sessionmaker() as db:
        await service.notify(db, clock, user_ids=users, template=template,
                             params=PARAMS if params is None else params, **kw)
        await db.commit()


def job_context(app) -> JobContext:
    return JobContext(app.state.sessionmaker, app.state.clock, app.state.settings)
