"""Reading consultations: one case as its page shows it, the lists, and the choices a step
offers (the invited organisation's departments and experts)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from yilian.alliance import service as alliance
from yilian.cases import engine
from yilian.consultation.kind import CONSULTATION, departments_asked, experts, reports
from yilian.consultation.models import Consultation, ConsultationReport, Kind, State
from yilian.consultation.schemas import (
    CandidateOut,
    ConsultationOut,
    ConsultationSummary,
    DepartmentOut,
    ExpertOut,
    ReportOut,
)
from yilian.consultation.workflow import EXPERT_ROLES, may_write_report
from yilian.core.authz import Actor, Role
from yilian.core.clock import Clock
from yilian.core.errors import Forbidden, ValidationFailed
from yilian.core.pagination import Page
from yilian.documents import service as documents
from yilian.identity import service as identity


async def _summaries(db: AsyncSession, clock: Clock, rows: list[Consultation],
                     late: set[uuid.UUID]) -> list[ConsultationSummary]:
    people = await identity.display_names(db, {r.expert_id for r in rows if r.expert_id})
    depts = await alliance.department_names(db, {r.department_id for r in rows
                                                 if r.department_id})
    common = await engine.summary_fields(db, clock, CONSULTATION, rows, late)
    return [ConsultationSummary(
        **fields, kind=r.kind, wanted_specialty=r.wanted_specialty,
        department_name=depts.get(r.department_id) if r.department_id else None,
        expert_name=people.get(r.expert_id) if r.expert_id else None,
        starts_at=r.starts_at, schedule_due=r.schedule_due) for r, fields in zip(rows, common, strict=True)]


async def list_consultations(
    db: AsyncSession, clock: Clock, actor: Actor, *, state: State | None = None,
    kind: Kind | None = None, urgency: str | None = None, only_overdue: bool = False,
    mine: bool = False, side: str | None = None, patient_id: uuid.UUID | None = None,
    cursor: str | None = None, limit: int = 20,
) -> Page[ConsultationSummary]:
    rows, late, next_cursor = await engine.page(
        db, clock, actor, CONSULTATION, state=state, urgency=urgency, patient_id=patient_id,
        only_overdue=only_overdue, cursor=cursor, limit=limit,
        filters={"kind": kind, "mine": mine, "side": side})
    return Page(items=await _summaries(db, clock, rows, late), next_cursor=next_cursor)


async def _report_out(db: AsyncSession, rows: list[ConsultationReport]) -> list[ReportOut]:
    people = await identity.display_names(db, {r.written_by for r in rows})
    numbers = await documents.numbers(db, {r.document_id for r in rows if r.document_id})
    return [ReportOut(
        id=r.id, version=r.version, kind=r.kind, findings=r.findings, opinion=r.opinion,
        diagnoses=r.diagnoses, recommendations=r.recommendations,
        referral_advised=r.referral_advised, written_by_name=people.get(r.written_by, ""),
        updated_at=r.updated_at, published_at=r.published_at, document_id=r.document_id,
        document_number=numbers.get(r.document_id) if r.document_id else None,
        acknowledged_at=r.acknowledged_at) for r in rows]


async def get(db: AsyncSession, clock: Clock, actor: Actor, consultation_id: uuid.UUID
              ) -> ConsultationOut:
    c, p = await engine.read(db, clock, actor, CONSULTATION, consultation_id)
    late = await engine.overdue_among(db, CONSULTATION, [c.id], clock.now())
    summary = (await _summaries(db, clock, [c], late))[0]
    patient_view = actor.role == Role.patient
    panel = await experts(db, c)
    asked = await departments_asked(db, c)
    depts = await alliance.departments_by_id(
        db, {d.department_id for d in asked} | {e.department_id for e in panel
                                                if e.department_id})
    people = await identity.display_names(
        db, {e.user_id for e in panel} | {d.answered_by for d in asked if d.answered_by})
    titles = await identity.practitioner_titles(db, {e.user_id for e in panel})
    written = await reports(db, c)
    published = [r for r in written if r.published_at is not None]
    draft = next((r for r in written if r.published_at is None and r.written_by == actor.user_id),
                 None)
    out = ConsultationOut(
        **summary.model_dump(),
        **await engine.detail_fields(db, clock, actor, CONSULTATION, c, p),
        purpose=c.purpose, wanted_title=c.wanted_title, preferred_times=c.preferred_times,
        department_id=c.department_id, expert_id=c.expert_id, ends_at=c.ends_at,
        slot_id=c.slot_id, coordinator_joins=c.coordinator_joins, patient_joins=c.patient_joins,
        info_request=c.info_request,
        consent_file_id=c.consent_file_id,
        reported_at=c.reported_at,
        departments=[DepartmentOut(
            department_id=d.department_id, name=depts[d.department_id].name,
            name_en=depts[d.department_id].name_en, lead=d.lead, answer=d.answer,
            reason=d.reason, answered_by_name=people.get(d.answered_by) if d.answered_by else None,
            answered_at=d.answered_at) for d in asked],
        experts=[ExpertOut(
            user_id=e.user_id, name=people.get(e.user_id, ""), title=titles.get(e.user_id),
            role=e.role, department_id=e.department_id,
            department_name=depts[e.department_id].name if e.department_id in depts else None,
            opinion=None if patient_view else e.opinion, opinion_at=e.opinion_at)
            for e in panel],
        reports=await _report_out(db, published),
        draft=(await _report_out(db, [draft]))[0] if draft else None,
        may_write_report=may_write_report(actor, p),
    )
    await db.commit()  # the access log's entry
    return out


async def candidates(db: AsyncSession, clock: Clock, actor: Actor, consultation_id: uuid.UUID
                     ) -> list[CandidateOut]:
    c, _ = await engine.readable(db, actor, CONSULTATION, consultation_id)
    if actor.org_id != c.invited_org_id:
        raise Forbidden("only the invited organisation names experts").about(
            CONSULTATION.type, c.id, c.inviting_org_id)
    return [CandidateOut(user_id=h.user_id, name=h.name, title=h.title, role=h.role.value)
            for h in await identity.holders(db, clock, c.invited_org_id, EXPERT_ROLES)
            if h.verified]


async def departments(db: AsyncSession, clock: Clock, actor: Actor, consultation_id: uuid.UUID
                      ) -> list[dict[str, Any]]:
    c, _ = await engine.readable(db, actor, CONSULTATION, consultation_id)
    return [{"id": d.id, "name": d.name, "name_en": d.name_en}
            for d in await alliance.departments_of(db, c.invited_org_id)]


async def number_of(db: AsyncSession, consultation_id: uuid.UUID) -> str | None:
    """A consultation's number (a referral names the one it follows from)."""
    c = await db.get(Consultation, consultation_id)
    return c.number if c else None


async def referral_source(db: AsyncSession, actor: Actor, consultation_id: uuid.UUID,
                          patient_id: uuid.UUID) -> None:
    """Checks a consultation a referral of ``patient_id`` follows from: one shared with the
    referring doctor (an audited 403 otherwise), of that patient, whose published report
    advises referral."""
    c, _ = await engine.readable(db, actor, CONSULTATION, consultation_id)
    if c.patient_id != patient_id:
        raise ValidationFailed.field("from_consultation_id", "a consultation of another patient")
    if not any(r.published_at is not None and r.referral_advised for r in await reports(db, c)):
        raise ValidationFailed.field("from_consultation_id",
                                     "this consultation's report does not advise referral")
