"""The case engine: what every request-and-answer workflow shares, run once for every kind.

A kind (a consultation, a referral, and the kinds to come) is declared in a :class:`CaseKind`:
its table, its transition tables, the view its rules read, who reads it, its time limits, who
adds materials when, whom it tells, its list filters. The kind module keeps what is its own:
its columns, the guards and effects of its steps, its document's content. Everything a kind
does to a case goes through here: loading under a row lock, scope before state, the step
through the table (people and the platform alike), the timeline, the audit entry, telling
people, the list query with its overdue filter and mark, the deadline sweep.
docs/adding-a-case-kind.md has the recipe.
"""

from __future__ import annotations

import builtins
import json
import uuid
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import case as sql_case
from sqlalchemy import false, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from yilian.alliance import service as alliance
from yilian.cases import sla
from yilian.cases.columns import CaseRow
from yilian.cases.schemas import ActionOut, AttachmentOut
from yilian.cases.service import (
    Said,
    add_step,
    check_consent,
    log_read,
    next_number,
    record_snapshot,
    timeline,
)
from yilian.core import audit, events
from yilian.core.accesslog import Basis
from yilian.core.authz import Actor, Role
from yilian.core.clock import Clock, as_utc
from yilian.core.errors import Forbidden, NotFound, Problem
from yilian.core.pagination import paginate
from yilian.core.workflow import Rule, Transition, Workflow, WrongState, nobody
from yilian.core.workflow import registered as registered_workflows
from yilian.documents import service as documents
from yilian.files import service as files
from yilian.identity import service as identity
from yilian.messaging.conversations import service as conversations
from yilian.messaging.notifications import service as notifications
from yilian.messaging.notifications.templates import fields_of, register_texts
from yilian.patients import service as patients

# The texts of one notice: (in-app title zh, en, body zh, body en, SMS zh).
Texts = tuple[str, str, str, str, str]
# A clause over the kind's row, built from ``now``.
Timed = Callable[[datetime], Any]


@dataclass(frozen=True)
class Deadline:
    """A time limit of a kind: the step is due by ``due`` and still to be taken while
    ``pending`` holds. Past it the case is overdue, and the sweep tells the office once
    (``escalated`` records when). With ``met`` (when the step was taken), a step taken after
    its due time keeps the case overdue: it came late."""

    name: str  # in the audit entry: "first", "schedule", "complete"
    due: Any  # the column
    pending: Any  # a clause
    escalated: Any  # the column
    label: Callable[[Any], str]  # a code the timeline and the notice word: schedule, complete
    met: Any = None

    def late(self, now: datetime) -> Any:
        clause = (self.pending) & (self.due < now)
        return clause | (self.met > self.due) if self.met is not None else clause


@dataclass(frozen=True)
class TimedStep:
    """A step the platform takes once ``due(now)`` holds for a case (declared ``platform`` in
    the transition table), then ``then`` (who is told)."""

    action: str
    due: Timed
    said: Callable[[Any], Said]
    then: Callable[[AsyncSession, Clock, Any], Awaitable[None]]


@dataclass(frozen=True)
class Materials:
    """Who adds materials (files) to a case, in which states; ``then`` after each."""

    states: frozenset[Any]
    may: Rule  # over the kind's view
    who: str  # as the refusal says it: "the inviting side"
    until: str  # as the refusal says it: "until the report is published"
    then: Callable[[AsyncSession, Clock, Actor, Any, Any], Awaitable[None]] | None = None


ATTACH = ActionOut(action="attach", zh="添加资料", en="Add material")
# Steps a person may take but that no case waits for: calling it off or refusing it, moving
# its time, adding to a finished report, handing it back, adding materials. A case with only
# these for someone is not on their to-do list.
ASIDE = frozenset({"cancel", "decline", "reject", "reschedule", "addendum", "withdraw",
                   ATTACH.action})
Filter = Callable[[Any, Actor], Any]


@dataclass(frozen=True)
class CaseKind:
    type: str  # "consultation": the timeline's, audit's, files' and notices' entity type
    words: str  # as messages name one: "consultation"
    # `builtins`: the field ``type`` above shadows the builtin in the class body.
    model: builtins.type[CaseRow]
    prefix: str  # of its numbers, HZ20261124-0001
    flow: Callable[[Any], Workflow]  # the case's transition table
    subject_org: Callable[[Any], uuid.UUID]  # whose audit trail a case is on
    view: Callable[[AsyncSession, Any], Awaitable[Any]]  # what its rules and guards read
    # Who reads a case besides its patient and the overseers of its organisations: the
    # kind's own people (``takes_part``, over the case and its view), in SQL for lists
    # (``visible``), and any further reason (``also_reads``: a linked case).
    takes_part: Callable[[Actor, Any, Any], bool]
    visible: Callable[[AsyncSession, Actor], Awaitable[Any]]
    overseers: frozenset[Role]  # who oversees a case at an organisation that covers one party
    followers: Callable[[AsyncSession, Clock, Any, Any], Awaitable[set[uuid.UUID]]]
    escalate_to: Callable[[AsyncSession, Clock, Any], Awaitable[list[uuid.UUID]]]
    texts: dict[str, Texts]
    sms_safe: frozenset[str]  # the parameters SMS and WeChat may carry
    materials: Materials
    deadlines: tuple[Deadline, ...]
    # The platform's time limits per urgency, where an organisation has set none.
    limits: dict[Any, sla.Limits]
    timed: tuple[TimedStep, ...] = ()
    also_reads: Callable[[AsyncSession, Actor, Any], Awaitable[bool]] | None = None
    filters: dict[str, Filter] = field(default_factory=dict)
    # name -> (columns, descending); the first is the default
    sorts: dict[str, tuple[tuple[Any, ...], bool]] = field(default_factory=dict)
    aside: frozenset[str] = ASIDE  # the kind's steps no case waits for
    # The patient side takes part (an online visit: it talks with the doctor and checks in),
    # so its page shows them the case's conversation and their own steps.
    patient_acts: bool = False

    @property
    def party_orgs(self) -> list[Any]:
        """The columns of the requesting and the answering organisation (the table's
        ``party_columns``)."""
        return [getattr(self.model, column) for column in self.model.party_columns.values()]

    def link(self, case_id: uuid.UUID) -> str:
        return f"/{self.type}s/{case_id}"

    def order(self, sort: str | None) -> tuple[list[Any], bool]:
        columns, descending = self.sorts.get(sort or "", next(iter(self.sorts.values()), (
            (self.model.requested_at, self.model.id), True)))
        return list(columns), descending


_kinds: dict[str, CaseKind] = {}


def register(kind: CaseKind) -> CaseKind:
    """Declares a kind: its notices, and who may read its files and documents and, through it,
    its patient's record (the case is the relationship)."""
    if kind.type in _kinds:
        raise ValueError(f"case kind {kind.type} registered twice")
    _kinds[kind.type] = kind
    sla.set_defaults(kind.type, kind.limits)
    register_texts(kind.type, kind.texts, kind.sms_safe)
    reader = _reader(kind)
    files.register_reader(kind.type, reader)
    documents.register_reader(kind.type, reader)
    patients.register_relationship(kind.type, _relationship(kind))
    return kind


def kinds() -> list[CaseKind]:
    return [_kinds[name] for name in sorted(_kinds)]


# ---------------------------------------------------------------- loading and reading


async def load(db: AsyncSession, kind: CaseKind, case_id: uuid.UUID, *, lock: bool = False
               ) -> Any:
    stmt = select(kind.model).where(kind.model.id == case_id)
    if lock:
        stmt = stmt.with_for_update()
    case = (await db.execute(stmt)).scalar_one_or_none()
    if case is None:
        raise NotFound(f"no such {kind.words}", code=f"{kind.type}-not-found")
    return case


def _not_shared(kind: CaseKind, case: Any) -> Problem:
    return Forbidden(f"this {kind.words} is not shared with you").about(
        kind.type, case.id, kind.subject_org(case))


async def readable(db: AsyncSession, actor: Actor, kind: CaseKind, case_id: uuid.UUID,
                   *, lock: bool = False) -> tuple[Any, Any]:
    """The case and its view, for someone it is shared with; an audited 403 for anyone else,
    who learns nothing of its state."""
    case = await load(db, kind, case_id, lock=lock)
    view = await kind.view(db, case)
    if not await may_read(db, actor, kind, case, view):
        raise _not_shared(kind, case)
    return case, view


async def party(db: AsyncSession, actor: Actor, kind: CaseKind, case: Any,
                view: Any = None) -> bool:
    """The patient (or a proxy), the kind's own people, and the offices overseeing either
    organisation of the case."""
    if actor.role == Role.patient:
        return case.patient_id in actor.patient_ids
    if actor.role in kind.overseers:
        for column in kind.party_orgs:
            org = await alliance.get_organisation(db, getattr(case, column.key))
            if actor.covers(org.path):
                return True
    return kind.takes_part(actor, case, view if view is not None else await kind.view(db, case))


async def may_read(db: AsyncSession, actor: Actor, kind: CaseKind, case: Any, view: Any
                   ) -> bool:
    if await party(db, actor, kind, case, view):
        return True
    return kind.also_reads is not None and await kind.also_reads(db, actor, case)


async def visible(db: AsyncSession, actor: Actor, kind: CaseKind) -> Any:
    """The SQL form of :func:`party`, for lists."""
    if actor.role == Role.patient:
        return kind.model.patient_id.in_(actor.patient_ids) if actor.patient_ids else false()
    clauses = [await kind.visible(db, actor)]
    if actor.role in kind.overseers:
        under = alliance.ids_under(actor.org_path or "-")
        clauses += [column.in_(under) for column in kind.party_orgs]
    return or_(*clauses)


async def read(db: AsyncSession, clock: Clock, actor: Actor, kind: CaseKind,
               case_id: uuid.UUID) -> tuple[Any, Any]:
    """:func:`readable`, and the read in the patient's access log (the caller commits)."""
    case, view = await readable(db, actor, kind, case_id)
    await log_read(db, clock, actor, case_type=kind.type, case_id=case.id, number=case.number,
                   patient_id=case.patient_id)
    return case, view


async def summary_fields(db: AsyncSession, clock: Clock, kind: CaseKind, rows: list[Any],
                         late: set[uuid.UUID]) -> list[dict[str, Any]]:
    """The fields of ``CaseSummary`` for each row, and its state and organisations
    (``<party>_org_id`` and ``<party>_org_name`` for each of the table's ``party_columns``),
    names looked up once for the page."""
    people = await identity.display_names(db, {r.requested_by for r in rows})
    names = await patients.names(db, {r.patient_id for r in rows})
    parties = kind.model.party_columns
    orgs = await alliance.names(db, {getattr(r, column) for r in rows
                                     for column in parties.values()})
    return [{"id": r.id, "number": r.number, "urgency": r.urgency, "state": r.state,
             "patient_id": r.patient_id, "patient_name": names.get(r.patient_id, ""),
             "requested_by_name": people.get(r.requested_by, ""),
             "diagnosis_icd10": r.diagnosis_icd10, "requested_at": r.requested_at,
             "complete_due": r.complete_due, "overdue": r.id in late,
             **{f"{party}_org_id": getattr(r, column) for party, column in parties.items()},
             **{f"{party}_org_name": orgs.get(getattr(r, column), "")
                for party, column in parties.items()}} for r in rows]


async def detail_fields(db: AsyncSession, clock: Clock, actor: Actor, kind: CaseKind,
                        case: Any, view: Any, *, steps: list[Any] | None = None,
                        files_of: Iterable[uuid.UUID] | None = None) -> dict[str, Any]:
    """The fields of ``CaseDetail``: the request, its materials (of ``files_of``, the case by
    default), the timeline (``steps``, the case's by default), its conversation and the
    actions. A patient sees the request and its outcome, not the working parts; where the
    kind's patient side acts, they take part, so they also see the materials (their own and
    those added for them), the conversation, the timeline (less the office's overdue
    reminders) and their own steps."""
    patient_view = actor.role == Role.patient
    hidden = patient_view and not kind.patient_acts
    attachments = [] if hidden else [
        AttachmentOut(file_id=f.id, filename=f.filename, content_type=f.content_type,
                      size=f.size, is_image=f.is_image)
        for case_id in (files_of or [case.id])
        for f in await files.attached_to(db, kind.type, case_id)]
    shown = [] if hidden else (
        steps if steps is not None else await timeline(db, kind.type, case.id))
    if patient_view:
        # The sweep's reminder that a limit passed (``escalate``) tells the office, not them.
        shown = [s for s in shown if s.action != "escalate"]
    conversation = None if hidden else await conversations.find_for_case(db, kind.type, case.id)
    return {
        "reason": case.reason, "summary": case.summary, "diagnosis_text": case.diagnosis_text,
        "record_snapshot": (json.loads(case.record_snapshot)
                            if case.record_snapshot and not patient_view else None),
        "consent_by": case.consent_by, "consent_name": case.consent_name,
        "consent_relation": case.consent_relation, "consent_at": case.consent_at,
        "close_reason": case.close_reason, "closed_at": case.closed_at,
        "attachments": attachments,
        "timeline": shown,
        "conversation_id": conversation.id if conversation else None,
        "actions": [] if hidden else actions(kind, actor, case, view, clock.now()),
    }


def _reader(kind: CaseKind) -> Callable[[AsyncSession, Actor, Any], Awaitable[bool]]:
    async def reader(db: AsyncSession, actor: Actor, case_id: Any) -> bool:
        try:
            case = await load(db, kind, uuid.UUID(str(case_id)))
        except (NotFound, ValueError):
            return False
        return await may_read(db, actor, kind, case, await kind.view(db, case))

    return reader


def _relationship(kind: CaseKind):
    async def relationship(db: AsyncSession, actor: Actor, patient_id: uuid.UUID) -> str | None:
        """The number of a case of the patient that ``actor`` takes part in for one of its
        organisations: a reason to read the patient's record."""
        requesting, answering = kind.party_orgs
        return (await db.execute(
            select(kind.model.number).where(
                kind.model.patient_id == patient_id, await visible(db, actor, kind),
                or_(requesting == actor.org_id, answering == actor.org_id))
            .order_by(kind.model.number.desc()).limit(1))).scalar()

    return relationship


def actions(kind: CaseKind, actor: Actor, case: Any, view: Any, now: datetime
            ) -> list[ActionOut]:
    """The buttons a page shows: the steps that would succeed now, and adding materials."""
    out = [ActionOut(action=t.action, zh=t.zh, en=t.en)
           for t in kind.flow(case).available(actor, view, case.state, now=now)]
    if case.state in kind.materials.states and kind.materials.may(actor, view):
        out.append(ATTACH)
    return out


# ---------------------------------------------------------------- the request


async def request(db: AsyncSession, clock: Clock, actor: Actor, kind: CaseKind, data: Any, *,
                  patient_id: uuid.UUID, answering_org_id: uuid.UUID, include_record: bool
                  ) -> tuple[dict[str, Any], datetime]:
    """The columns of a new case every kind has (``CaseRow``), from the request ``data`` (the
    fields every kind's request has: urgency, reason, summary, diagnosis, consent), with the
    answering organisation's limits: the columns, and when the first step falls due."""
    now = clock.now()
    check_consent(data.consent, now)
    first_due, complete_due = sla.deadlines(
        await sla.limits(db, answering_org_id, kind.type, data.urgency), now)
    return {
        "number": await next_number(db, clock, kind.prefix), "urgency": data.urgency,
        "patient_id": patient_id, "requested_by": actor.user_id, "requested_at": now,
        "reason": data.reason, "summary": data.summary,
        "diagnosis_icd10": data.diagnosis_icd10, "diagnosis_text": data.diagnosis_text,
        "record_snapshot": (await record_snapshot(db, clock, actor, patient_id)
                            if include_record else None),
        "consent_by": data.consent.by, "consent_name": data.consent.name,
        "consent_relation": data.consent.relation, "consent_at": data.consent.at,
        "complete_due": complete_due,
    }, first_due


async def open_case(db: AsyncSession, clock: Clock, actor: Actor, kind: CaseKind, case: Any, *,
                    action: str, said: Said | None, file_ids: Iterable[uuid.UUID], title: str,
                    participants: dict[uuid.UUID, str], detail: dict[str, Any]) -> None:
    """Records a new case: its row, the files it came with, the first step of its timeline,
    the audit entry, and its conversation (``participants``: user → their label)."""
    db.add(case)
    await db.flush()
    for file_id in dict.fromkeys(file_ids):
        await files.attach(db, clock, actor, file_id, entity_type=kind.type, entity_id=case.id)
    await add_step(db, clock, actor, case_type=kind.type, case_id=case.id, action=action,
                   from_state=None, to_state=case.state.value, said=said)
    await audit.record(db, clock, actor, f"{kind.type}.{action}", entity_type=kind.type,
                       entity_id=case.id, subject_org_id=kind.subject_org(case),
                       detail={"number": case.number, "patient": str(case.patient_id),
                               **detail})
    await conversations.open_for_case(
        db, clock, actor, case_type=kind.type, case_id=case.id, title=title,
        subject_org_id=kind.subject_org(case), patient_id=case.patient_id,
        participants=participants, case_number=case.number)


# ---------------------------------------------------------------- steps


async def _move(db: AsyncSession, clock: Clock, actor: Actor | None, kind: CaseKind, case: Any,
                t: Transition, note: str | None, detail: dict[str, Any] | None,
                said: Said | None = None) -> None:
    source = case.state
    case.state = t.target
    await add_step(db, clock, actor, case_type=kind.type, case_id=case.id, action=t.action,
                   from_state=source.value, to_state=t.target.value, note=note, said=said)
    await audit.record(db, clock, actor, f"{kind.type}.{t.action}", entity_type=kind.type,
                       entity_id=case.id, subject_org_id=kind.subject_org(case),
                       detail={"from": source.value, "to": t.target.value, **(detail or {})})


async def step(db: AsyncSession, clock: Clock, actor: Actor, kind: CaseKind,
               case_id: uuid.UUID, action: str, *, note: str | None = None,
               detail: dict[str, Any] | None = None, said: Said | None = None
               ) -> tuple[Any, Any]:
    """Takes ``action`` on the case: loaded under its row lock, shared with the actor (scope
    before state), allowed by the table from its state for this person with its guards
    holding (422 / 409 / audited 403 / the guard's 409), moved, on the timeline and in the
    audit trail. Raises before anything changes. The caller applies the step's effects and
    commits."""
    case, view = await readable(db, actor, kind, case_id, lock=True)
    t = kind.flow(case).check(actor, view, case.state, action, now=clock.now(),
                              about=(kind.type, case.id, kind.subject_org(case)))
    await _move(db, clock, actor, kind, case, t, note, detail, said)
    return case, view


async def platform_step(db: AsyncSession, clock: Clock, kind: CaseKind, case: Any, action: str,
                        *, said: Said | None = None, detail: dict[str, Any] | None = None
                        ) -> None:
    """A step the platform takes on a case the caller holds locked (a timed step, or one that
    follows from another case's step): through the same table, with no person as actor."""
    t = kind.flow(case).check_platform(await kind.view(db, case), case.state, action,
                                       now=clock.now())
    await _move(db, clock, None, kind, case, t, None, detail, said)


async def add_material(db: AsyncSession, clock: Clock, actor: Actor, kind: CaseKind,
                       case_id: uuid.UUID, file_id: uuid.UUID) -> Any:
    """A file added to the case (not a state change, but on the timeline)."""
    case, view = await readable(db, actor, kind, case_id, lock=True)
    rule = kind.materials
    if not rule.may(actor, view):
        raise Forbidden(f"only {rule.who} adds materials", code="not-your-step").about(
            kind.type, case.id, kind.subject_org(case))
    if case.state not in rule.states:
        raise WrongState(f"materials can be added {rule.until}", state=case.state.value,
                         allowed_from=sorted(s.value for s in rule.states))
    info = await files.attach(db, clock, actor, file_id, entity_type=kind.type,
                              entity_id=case.id)
    await add_step(db, clock, actor, case_type=kind.type, case_id=case.id, action="attach",
                   from_state=case.state.value, to_state=case.state.value, note=info.filename)
    if rule.then is not None:
        await rule.then(db, clock, actor, case, view)
    return case


# ---------------------------------------------------------------- telling people


def params_of(kind: CaseKind, name: str) -> frozenset[str]:
    """The parameters a notice's texts use (a notification passes exactly these)."""
    return fields_of(*kind.texts[name])


async def tell(db: AsyncSession, clock: Clock, kind: CaseKind, case: Any, name: str,
               user_ids: Iterable[uuid.UUID | None], actor: Actor | None = None,
               link_query: str | None = None, **params: Any) -> None:
    """Notifies the people named (not the actor themself) with the kind's notice ``name`` and
    pushes a ``<type>.<name>`` event to everyone who follows the case, so open pages
    refresh. ``link_query`` asks the case page for more than showing the case (joining its
    session)."""
    people = {u for u in user_ids if u is not None and (actor is None or u != actor.user_id)}
    values = {"case_number": case.number, **params}
    if "reason" in values:
        values["reason"] = str(values["reason"])[:200]
    if people:
        await notifications.notify(
            db, clock, user_ids=people, template=f"{kind.type}.{name}",
            params={k: values[k] for k in params_of(kind, name)},
            entity_type=kind.type, entity_id=case.id,
            link=f"{kind.link(case.id)}?{link_query}" if link_query else kind.link(case.id))
    followers = await kind.followers(db, clock, case, await kind.view(db, case))
    await events.emit(db, clock, f"{kind.type}.{name}", entity_type=kind.type,
                      entity_id=case.id, payload={"state": case.state.value,
                                                  "number": case.number},
                      recipients=followers | people)


# ---------------------------------------------------------------- lists and overdue


def overdue(kind: CaseKind, now: datetime) -> Any:
    """The one definition of overdue: some limit passed with its step still to be taken (or
    taken late). The list's filter, the list's mark and the counts all use it."""
    return or_(*(d.late(now) for d in kind.deadlines)) if kind.deadlines else false()


def overdue_mark(kind: CaseKind, now: datetime) -> Any:
    """:func:`overdue` as a column of a query (true or false, never null)."""
    return sql_case((overdue(kind, now), True), else_=False).label("overdue")


async def overdue_among(db: AsyncSession, kind: CaseKind, ids: Iterable[uuid.UUID],
                        now: datetime) -> set[uuid.UUID]:
    ids = list(ids)
    if not ids:
        return set()
    return set((await db.execute(select(kind.model.id).where(
        kind.model.id.in_(ids), overdue(kind, now)))).scalars())


async def page(db: AsyncSession, clock: Clock, actor: Actor, kind: CaseKind, *,
               state: Any = None, urgency: Any = None, patient_id: uuid.UUID | None = None,
               only_overdue: bool = False, sort: str | None = None, cursor: str | None = None,
               limit: int = 20, filters: dict[str, Any] | None = None
               ) -> tuple[list[Any], set[uuid.UUID], str | None]:
    """One page of the cases shared with ``actor``: the rows, which of them are overdue, and
    the next cursor. ``filters`` are the kind's own (None or False: not applied)."""
    model = kind.model
    stmt = select(model).where(await visible(db, actor, kind))
    if state is not None:
        stmt = stmt.where(model.state == state)
    if urgency is not None:
        stmt = stmt.where(model.urgency == urgency)
    if patient_id is not None:
        stmt = stmt.where(model.patient_id == patient_id)
    if only_overdue:
        stmt = stmt.where(overdue(kind, clock.now()))
    for name, value in (filters or {}).items():
        if value is not None and value is not False:
            stmt = stmt.where(kind.filters[name](value, actor))
    columns, descending = kind.order(sort)
    rows, next_cursor = await paginate(db, stmt, columns, cursor=cursor, limit=limit,
                                       descending=descending)
    late = await overdue_among(db, kind, (r.id for r in rows), clock.now())
    return list(rows), late, next_cursor


# ---------------------------------------------------------------- waiting for someone


@dataclass(frozen=True)
class Waiting:
    """A case that waits for a step of the person asking: the steps, when the first limit
    still open falls due, and whether one has passed."""

    case: Any
    actions: list[ActionOut]
    due_at: datetime | None
    overdue: bool

    @property
    def rank(self) -> tuple[bool, datetime, datetime]:
        """Late first, then the nearest limit, then the oldest (of any kind)."""
        return (not self.overdue, self.due_at or datetime.max.replace(tzinfo=UTC),
                as_utc(self.case.requested_at))


def _waiting_states(kind: CaseKind) -> set[Any]:
    """The states from which a person takes a step a case waits for, in any of the kind's
    transition tables (those over its states)."""
    return {s for w in registered_workflows() if w.states is kind.model.States
            for t in w.transitions if t.may is not nobody and t.action not in kind.aside
            for s in t.sources}


def _awaited(kind: CaseKind, case: Any, offered: list[ActionOut]) -> list[ActionOut]:
    """Of the steps offered, those the case waits for: not aside, and not taking again a step
    that moved it here (naming another expert, sending to one more department)."""
    flow = kind.flow(case)
    moves = {t.action for t in flow.transitions if any(s != t.target for s in t.sources)}

    def again(action: str) -> bool:
        t = flow.step(case.state, action)
        return t is not None and t.target == case.state and action in moves

    return [a for a in offered if a.action not in kind.aside and not again(a.action)]


async def waiting(db: AsyncSession, clock: Clock, actor: Actor, kind: CaseKind, *,
                  scan: int = 200) -> tuple[list[Waiting], bool]:
    """The cases shared with ``actor`` that wait for a step of theirs (or of their
    department or office, as the table says who may act): late ones first, then by the
    nearest limit, then the oldest. Scope comes first (``visible``), then the table's own
    rules for each case. At most ``scan`` cases in a waiting state are looked at; the flag
    says whether more were left."""
    now = clock.now()
    model = kind.model
    dues = [sql_case((d.pending, d.due), else_=None).label(f"due_{i}")
            for i, d in enumerate(kind.deadlines)]
    rows = (await db.execute(
        select(model, overdue_mark(kind, now), *dues)
        .where(await visible(db, actor, kind), model.state.in_(list(_waiting_states(kind))))
        .order_by(overdue_mark(kind, now).desc(), model.requested_at, model.id)
        .limit(scan + 1))).all()
    found = []
    for row in rows[:scan]:
        case = row[0]
        steps = _awaited(kind, case, actions(kind, actor, case, await kind.view(db, case), now))
        if steps:
            due = [as_utc(d) for d in row[2:] if d is not None]
            found.append(Waiting(case, steps, min(due) if due else None, bool(row[1])))
    found.sort(key=lambda w: w.rank)
    return found, len(rows) > scan


async def booked(db: AsyncSession, actor: Actor, kind: CaseKind, at: Any, states: Iterable[Any],
                 start: datetime, end: datetime | None = None, *, ends: Any = None,
                 place: Any = None, limit: int = 20) -> tuple[list[Any], list[dict[str, Any]]]:
    """The cases shared with ``actor`` in ``states`` whose booked time (the column ``at``: a
    session, a reserved bed) falls from ``start`` (until ``end``), soonest first: the rows,
    and what an agenda shows of each (its end and place from the columns ``ends``,
    ``place``, where the kind has them)."""
    stmt = select(kind.model).where(await visible(db, actor, kind),
                                    kind.model.state.in_(list(states)), at >= start)
    if end is not None:
        stmt = stmt.where(at < end)
    rows = list((await db.execute(stmt.order_by(at, kind.model.id).limit(limit))).scalars())
    names = await patients.names(db, {r.patient_id for r in rows})
    return rows, [{"type": kind.type, "id": r.id, "number": r.number,
                   "patient_name": names.get(r.patient_id, ""), "state": r.state.value,
                   "starts_at": getattr(r, at.key),
                   "ends_at": getattr(r, ends.key) if ends is not None else None,
                   "place": getattr(r, place.key) if place is not None else None,
                   "link": kind.link(r.id)} for r in rows]


async def log_listed(db: AsyncSession, clock: Clock, actor: Actor, kind: CaseKind,
                     cases: list[Any]) -> None:
    """A list showing cases (their patients' names and diagnoses) to staff: each in its
    patient's access log, on the ground of the case (the caller commits)."""
    homes = await patients.homes_of(db, {c.patient_id for c in cases})
    for case in cases:
        patients.log_read(db, clock, actor, case.patient_id, homes[case.patient_id],
                          f"{kind.type}.listed", Basis.case, ref=case.number,
                          entity_type=kind.type, entity_id=case.id)


# ---------------------------------------------------------------- the sweep


async def sweep(db: AsyncSession, clock: Clock, kind: CaseKind, *, batch: int = 200) -> int:
    """Takes the platform's timed steps that are due, and tells the office, once per limit,
    of each case past it. Returns how many changes were made; commits."""
    now = clock.now()
    made = 0
    for timed in kind.timed:
        due = (await db.execute(select(kind.model).where(timed.due(now)).limit(batch)
                                .with_for_update(skip_locked=True))).scalars().all()
        for case in due:
            await platform_step(db, clock, kind, case, timed.action, said=timed.said(case))
            await timed.then(db, clock, case)
            made += 1
    for limit in kind.deadlines:
        late = (await db.execute(select(kind.model).where(
            limit.pending, limit.due < now, limit.escalated.is_(None))
            .order_by(limit.due).limit(batch).with_for_update(skip_locked=True))).scalars().all()
        for case in late:
            due_at = as_utc(getattr(case, limit.due.key))
            setattr(case, limit.escalated.key, now)
            made += 1
            label = limit.label(case)
            await add_step(db, clock, None, case_type=kind.type, case_id=case.id,
                           action="escalate", from_state=case.state.value,
                           to_state=case.state.value, said=("past_limit", {"limit": label}))
            await audit.record(db, clock, None, f"{kind.type}.escalate", entity_type=kind.type,
                               entity_id=case.id, subject_org_id=kind.subject_org(case),
                               detail={"limit": limit.name, "due": due_at.isoformat()})
            await tell(db, clock, kind, case, "overdue", await kind.escalate_to(db, clock, case),
                       limit=label, time=due_at)
    await db.commit()
    return made


async def sweep_all(db_factory: Callable[[], Any], clock: Clock) -> None:
    """Every kind's sweep, batch after batch until nothing is left to do."""
    for kind in kinds():
        while True:
            async with db_factory() as db:
                if await sweep(db, clock, kind) == 0:
                    break
