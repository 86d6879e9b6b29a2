"""Follow-up tasks: made by other modules in their own transaction, listed for those who do
or oversee them (and read by the patient), completed once with a note.

:func:`create_tasks` is the other modules' entry (a down-referral accepted by a township or
village, chronic care later): it audits and notifies but never commits. :func:`list_tasks` and
:func:`complete` serve the API.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Select, and_, false, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from yilian.alliance import service as alliance
from yilian.core import audit
from yilian.core.authz import CLINICAL_ROLES, Actor, Role
from yilian.core.clock import SHANGHAI, Clock
from yilian.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from yilian.core.pagination import Page, paginate
from yilian.followup import policy
from yilian.followup.models import FollowUpTask
from yilian.followup.schemas import State, TaskOut
from yilian.identity import service as identity
from yilian.messaging.notifications.service import notify
from yilian.messaging.notifications.templates import ALL_OUTWARD, Template, register_template
from yilian.patients import service as patients

ENTITY = "followup_task"
LINK = "/followup"
CREATED = "followup.created"

# Outward channels carry the count, the first due date and the organisation's name only: never
# the patient or what the follow-up is about.
register_template(CREATED, Template(
    title_zh="新的随访任务",
    title_en="New follow-up tasks",
    body_zh="{org}新增{count}项随访任务，最早于{due}到期，请在“随访任务”中查看。",
    body_en="{count} new follow-up task(s) at {org}, the first due on {due}; see Follow-up tasks.",
    params=frozenset({"count", "due", "org"}),
    sms_zh="{org}新增{count}项随访任务，最早于{due}到期，请登录医联平台查看。",
    sms_params=frozenset({"count", "due", "org"}),
    channels=ALL_OUTWARD,
))


@dataclass(frozen=True)
class TaskSpec:
    title: str
    due_on: date
    detail: str | None = None


class TaskDone(Conflict):
    code = "task-done"
    title_zh = "该随访任务已完成"
    title_en = "The follow-up task is done already"


def _today(clock: Clock) -> date:
    """Due dates are calendar days in Asia/Shanghai."""
    return clock.now().astimezone(SHANGHAI).date()


# ---------------------------------------------------------------- made by other modules


def _check(tasks: list[TaskSpec], source_type: str, source_id: str) -> None:
    # The caller is another module that validated its own input: a bad argument is a bug.
    if not 0 < len(source_type) <= 32 or not 0 < len(source_id) <= 64:
        raise ValueError("a source type (at most 32) and id (at most 64) are required")
    for spec in tasks:
        if not 0 < len(spec.title.strip()) <= 200:
            raise ValueError("a follow-up task needs a title of 1-200 characters")


async def create_tasks(
    db: AsyncSession, clock: Clock, actor: Actor | None, *, patient_id: uuid.UUID,
    organisation_id: uuid.UUID, assignee_id: uuid.UUID | None, tasks: list[TaskSpec],
    source_type: str, source_id: str,
) -> list[FollowUpTask]:
    """Makes the tasks in the caller's transaction (the caller commits), audits each, and tells
    the assignee, or without one the organisation's family and grassroots doctors."""
    _check(tasks, source_type, source_id)
    if not tasks:
        return []
    now = clock.now()
    rows = [FollowUpTask(
        id=uuid.uuid4(), patient_id=patient_id, organisation_id=organisation_id,
        assignee_id=assignee_id, title=spec.title.strip(),
        detail=(spec.detail or "").strip() or None, due_on=spec.due_on,
        source_type=source_type, source_id=source_id, created_at=now,
        created_by=actor.user_id if actor else None,
    ) for spec in tasks]
    db.add_all(rows)
    await db.flush()
    for row in rows:
        await audit.record(db, clock, actor, "followup.create", entity_type=ENTITY,
                           entity_id=row.id, subject_org_id=organisation_id,
                           detail={"source_type": source_type, "source_id": source_id,
                                   "due_on": row.due_on.isoformat(),
                                   "assignee_id": str(assignee_id) if assignee_id else None})
    if assignee_id is not None:
        recipients: Iterable[uuid.UUID] = [assignee_id]
    else:
        recipients = [h.user_id for h in await identity.holders(
            db, clock, organisation_id, policy.COMMUNITY_DOCTORS)]
    org_name = (await alliance.names(db, {organisation_id})).get(organisation_id, "")
    await notify(db, clock, user_ids=recipients, template=CREATED, link=LINK,
                 entity_type=ENTITY, entity_id=rows[0].id if len(rows) == 1 else None,
                 params={"count": len(rows), "due": min(r.due_on for r in rows).isoformat(),
                         "org": org_name})
    return rows


# ---------------------------------------------------------------- reading


def _visible_to(actor: Actor):
    if actor.role == Role.patient:
        return FollowUpTask.patient_id.in_(actor.patient_ids) if actor.patient_ids else false()
    clauses = [FollowUpTask.assignee_id == actor.user_id]
    if actor.role in policy.VIEWERS and actor.org_path:
        clauses.append(FollowUpTask.organisation_id.in_(alliance.ids_under(actor.org_path)))
    return or_(*clauses)


def _mine(actor: Actor):
    """Tasks the actor is to do: assigned to them, or to nobody at their organisation."""
    unassigned_here = and_(FollowUpTask.assignee_id.is_(None),
                           FollowUpTask.organisation_id == actor.org_id)
    if actor.role in CLINICAL_ROLES:
        return or_(FollowUpTask.assignee_id == actor.user_id, unassigned_here)
    return FollowUpTask.assignee_id == actor.user_id


async def _outs(db: AsyncSession, clock: Clock, rows: list[FollowUpTask]) -> list[TaskOut]:
    day = _today(clock)
    pats = await patients.names(db, {r.patient_id for r in rows})
    orgs = await alliance.names(db, {r.organisation_id for r in rows})
    people = await identity.display_names(
        db, {u for r in rows for u in (r.assignee_id, r.done_by) if u is not None})
    return [TaskOut(
        id=r.id, patient_id=r.patient_id, patient_name=pats.get(r.patient_id, ""),
        organisation_id=r.organisation_id, organisation_name=orgs.get(r.organisation_id, ""),
        assignee_id=r.assignee_id,
        assignee_name=people.get(r.assignee_id) if r.assignee_id else None,
        title=r.title, detail=r.detail, due_on=r.due_on,
        overdue=r.done_at is None and r.due_on < day,
        source_type=r.source_type, source_id=r.source_id, created_at=r.created_at,
        done_at=r.done_at, done_by_name=people.get(r.done_by) if r.done_by else None,
        done_note=r.done_note,
    ) for r in rows]


# Open tasks come soonest due first; done ones latest done first. Without a state filter the
# open ones are listed first, then the done ones: the cursor says which part it is in.
_OPEN, _DONE = "o.", "d."


async def _open_page(db: AsyncSession, stmt: Select, cursor: str | None, limit: int
                     ) -> tuple[list[FollowUpTask], str | None]:
    return await paginate(db, stmt.where(FollowUpTask.done_at.is_(None)),
                          [FollowUpTask.due_on, FollowUpTask.id], cursor=cursor, limit=limit)


async def _done_page(db: AsyncSession, stmt: Select, cursor: str | None, limit: int
                     ) -> tuple[list[FollowUpTask], str | None]:
    return await paginate(db, stmt.where(FollowUpTask.done_at.is_not(None)),
                          [FollowUpTask.done_at, FollowUpTask.id], cursor=cursor, limit=limit,
                          descending=True)


async def _both(db: AsyncSession, stmt: Select, cursor: str | None, limit: int
                ) -> tuple[list[FollowUpTask], str | None]:
    if cursor and not cursor.startswith((_OPEN, _DONE)):
        raise ValidationFailed.field("cursor", "not a cursor this server issued")
    rows: list[FollowUpTask] = []
    if not cursor or cursor.startswith(_OPEN):
        rows, nxt = await _open_page(db, stmt, cursor[2:] if cursor else None, limit)
        if nxt:
            return rows, _OPEN + nxt
        if len(rows) == limit:
            more_done = (await db.execute(select(
                stmt.where(FollowUpTask.done_at.is_not(None)).exists()))).scalar()
            return rows, _DONE if more_done else None
        cursor = _DONE
    done, nxt = await _done_page(db, stmt, cursor[2:] or None, limit - len(rows))
    return rows + done, _DONE + nxt if nxt else None


async def list_tasks(
    db: AsyncSession, clock: Clock, actor: Actor, *, state: State | None = None,
    mine: bool = False, patient_id: uuid.UUID | None = None, cursor: str | None = None,
    limit: int = 20,
) -> Page[TaskOut]:
    """The tasks the actor may see; ``mine`` (staff) keeps those they are to do."""
    stmt = select(FollowUpTask).where(_visible_to(actor))
    if mine and actor.is_staff:
        stmt = stmt.where(_mine(actor))
    if patient_id is not None:
        stmt = stmt.where(FollowUpTask.patient_id == patient_id)
    if state == "open":
        rows, nxt = await _open_page(db, stmt, cursor, limit)
    elif state == "done":
        rows, nxt = await _done_page(db, stmt, cursor, limit)
    else:
        rows, nxt = await _both(db, stmt, cursor, limit)
    return Page(items=await _outs(db, clock, rows), next_cursor=nxt)


async def due(db: AsyncSession, clock: Clock, actor: Actor, *, within_days: int = 7,
              limit: int = 20) -> tuple[list[TaskOut], int]:
    """The open tasks due within ``within_days`` (Shanghai) or late, soonest first, that the
    actor is to do (staff: assigned to them or to nobody at their organisation; a patient:
    their own), and how many there are."""
    stmt = select(FollowUpTask).where(
        _visible_to(actor), FollowUpTask.done_at.is_(None),
        FollowUpTask.due_on <= _today(clock) + timedelta(days=within_days))
    if actor.is_staff:
        stmt = stmt.where(_mine(actor))
    total = (await db.execute(select(func.count()).select_from(stmt.subquery()))).scalar_one()
    rows = (await db.execute(stmt.order_by(FollowUpTask.due_on, FollowUpTask.id).limit(limit)
                             )).scalars().all()
    return await _outs(db, clock, list(rows)), total


# ---------------------------------------------------------------- completing


async def complete(db: AsyncSession, clock: Clock, actor: Actor, task_id: uuid.UUID,
                   note: str) -> TaskOut:
    task = (await db.execute(select(FollowUpTask).where(FollowUpTask.id == task_id)
                             .with_for_update())).scalar_one_or_none()
    if task is None:
        raise NotFound("no such follow-up task", code="task-not-found")
    if not policy.may_complete(actor, task.organisation_id, task.assignee_id):
        raise Forbidden("a follow-up task is completed by its assignee or a clinician of its "
                        "organisation", code="not-task-doer", title_zh="只有负责人或该机构的医生可完成此随访任务",
                        title_en="Only the assignee or a clinician there may complete this task",
                        ).about(ENTITY, task.id, task.organisation_id)
    if task.done_at is not None:
        raise TaskDone("the follow-up task was completed already")
    task.done_at, task.done_by, task.done_note = clock.now(), actor.user_id, note
    await db.flush()
    await audit.record(db, clock, actor, "followup.complete", entity_type=ENTITY,
                       entity_id=task.id, subject_org_id=task.organisation_id,
                       detail={"source_type": task.source_type, "source_id": task.source_id})
    await patients.record_encounter(db, clock, actor, task.patient_id, patients.EncounterSpec(
        kind="follow_up", organisation_id=task.organisation_id, started_at=task.done_at,
        summary=f"{task.title}\n{note}", source_type=ENTITY, source_id=str(task.id),
        case_type=task.source_type, case_id=task.source_id))
    out = (await _outs(db, clock, [task]))[0]
    await db.commit()
    return out
