"""Making follow-up tasks for the tests as another module would: through the service, in a
session of its own, committed by the caller."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from tests.factories import World
from tests.files.helpers import actor_of
from yilian.followup import service
from yilian.followup.service import TaskSpec

TASKS = "/api/v1/followup-tasks"
TODAY = date(2026, 11, 24)  # the test clock's day in Asia/Shanghai


def spec(days: int, title: str = "复查血压", detail: str | None = "每日早晚各测一次，记录血压。"
         ) -> TaskSpec:
    return TaskSpec(title=title, due_on=TODAY + timedelta(days=days), detail=detail)


async def make_tasks(world: World, *, org: str = "A1a", patient: str = "pa",
                     assignee: str | None = "village_doctor", by: str | None = "village_doctor",
                     tasks: list[TaskSpec] | None = None, source_id: str | None = None
                     ) -> list[uuid.UUID]:
    """Tasks of a (pretend) accepted down-referral; ``by`` None: made by the platform."""
    app = world.app
    actor = await actor_of(app, world, by) if by else None
    async with app.state.sessionmaker() as db:
        rows = await service.create_tasks(
            db, app.state.clock, actor, patient_id=world.patients[patient],
            organisation_id=world.orgs[org].id,
            assignee_id=world.users[assignee] if assignee else None,
            tasks=tasks if tasks is not None else [spec(7)], source_type="referral",
            source_id=source_id or str(uuid.uuid4()))
        ids = [r.id for r in rows]
        await db.commit()
    return ids
