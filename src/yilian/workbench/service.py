"""The workbench: the cases of every kind that wait for the person asking, today's sessions,
follow-ups due and unread messages. Each part comes from its module's service, with that
module's rules of who sees what."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from yilian.cases import engine
from yilian.consultation import agenda as consultations
from yilian.core.accesslog import Basis
from yilian.core.authz import Actor, Role
from yilian.core.clock import SHANGHAI, Clock
from yilian.followup import service as followup
from yilian.followup.schemas import TaskOut
from yilian.messaging.conversations import service as conversations
from yilian.messaging.notifications import service as notifications
from yilian.patients import service as patients
from yilian.referral import agenda as referrals
from yilian.workbench.schemas import AgendaItem, KindTodo, TodoItem, Workbench

# The to-do list shows this many cases of all kinds together; the counts are whole.
TODO_SHOWN = 50


def _today(clock: Clock) -> tuple[datetime, datetime]:
    day = clock.now().astimezone(SHANGHAI).date()
    start = datetime.combine(day, time(), SHANGHAI)
    return start, start + timedelta(days=1)


async def _todo(db: AsyncSession, clock: Clock, actor: Actor
                ) -> tuple[list[TodoItem], list[KindTodo]]:
    """Every registered kind's cases waiting for the actor, merged in one order."""
    items: list[tuple[engine.Waiting, engine.CaseKind]] = []
    by_kind = []
    for kind in engine.kinds():
        found, more = await engine.waiting(db, clock, actor, kind)
        items += [(w, kind) for w in found]
        by_kind.append(KindTodo(type=kind.type, total=len(found), more=more))
    items.sort(key=lambda x: x[0].rank)
    shown = items[:TODO_SHOWN]
    names = await patients.names(db, {w.case.patient_id for w, _ in shown})
    for kind in engine.kinds():
        await engine.log_listed(db, clock, actor, kind, [w.case for w, k in shown if k is kind])
    return [TodoItem(
        type=kind.type, id=w.case.id, number=w.case.number, urgency=w.case.urgency,
        patient_name=names.get(w.case.patient_id, ""), diagnosis_icd10=w.case.diagnosis_icd10,
        state=w.case.state.value, actions=w.actions, due_at=w.due_at, overdue=w.overdue,
        requested_at=w.case.requested_at, side=_side(kind, w.case, actor),
        link=kind.link(w.case.id),
    ) for w, kind in shown], by_kind


def _side(kind: engine.CaseKind, case: object, actor: Actor) -> str | None:
    """Which of the case's parties the actor's organisation is (the lists' tabs go by it)."""
    return next((party for party, column in kind.model.party_columns.items()
                 if getattr(case, column) == actor.org_id), None)


async def _log_tasks(db: AsyncSession, clock: Clock, actor: Actor, tasks: list[TaskOut]
                     ) -> None:
    """Follow-up tasks name their patient and what to check: each shown in its patient's access
    log, on the ground that the task's organisation is in the reader's network."""
    homes = {p: await patients.home_of(db, p) for p in {t.patient_id for t in tasks}}
    for t in tasks:
        patients.log_read(db, clock, actor, t.patient_id, homes[t.patient_id], "followup.listed",
                          Basis.network, entity_type="followup_task", entity_id=t.id)


async def workbench(db: AsyncSession, clock: Clock, actor: Actor) -> Workbench:
    patient = actor.role == Role.patient
    # A patient has no steps of a case to take: their workbench is what is booked for them.
    todo, by_kind = ([], []) if patient else await _todo(db, clock, actor)
    start, end = _today(clock)
    if patient:
        _, sessions = await consultations.sessions(db, actor, start)
        _, reservations = await referrals.reservations(db, actor, start)
    else:
        rows, sessions = await consultations.sessions(db, actor, start, end)
        await engine.log_listed(db, clock, actor, consultations.CONSULTATION, rows)
        reservations = []
    tasks, tasks_total = await followup.due(db, clock, actor)
    if not patient:
        await _log_tasks(db, clock, actor, tasks)
    chats, unread = await conversations.unread_of(db, actor)
    await db.commit()  # the access log's entries
    return Workbench(
        todo=todo, todo_by_kind=by_kind,
        sessions=[AgendaItem(**s) for s in sessions],
        reservations=[AgendaItem(**r) for r in reservations],
        followups=tasks, followups_total=tasks_total, conversations=chats,
        unread_messages=unread,
        unread_notifications=await notifications.unread_count(db, actor.user_id),
        counts={**{k.type: k.total for k in by_kind}, "followups": tasks_total,
                "messages": unread},
    )
