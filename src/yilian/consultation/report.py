"""The consultation report: the expert's draft, its signed publication, and addenda."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from yilian.alliance import service as alliance
from yilian.cases import engine
from yilian.cases import service as cases
from yilian.consultation.kind import CONSULTATION, reports
from yilian.consultation.models import Consultation, ConsultationReport, ReportKind
from yilian.consultation.schemas import AddendumIn, ConsultationOut, ReportIn
from yilian.consultation.steps import _done
from yilian.consultation.workflow import flow
from yilian.core import audit
from yilian.core.authz import Actor
from yilian.core.clock import Clock
from yilian.core.errors import Conflict
from yilian.identity import service as identity
from yilian.patients import service as patients
from yilian.settings import Settings

CASE = CONSULTATION.type


async def save_draft(db: AsyncSession, clock: Clock, actor: Actor,
                     consultation_id: uuid.UUID, data: ReportIn) -> ConsultationOut:
    c, p = await engine.readable(db, actor, CONSULTATION, consultation_id, lock=True)
    # Only the one who may publish writes the draft, and only while publishing is possible
    # (its guards aside: the draft is what one of them waits for).
    flow(c.kind).check(actor, p, c.state, "publish", now=clock.now(), guarded=False,
                       about=(CASE, c.id, c.inviting_org_id))
    draft = next((r for r in await reports(db, c) if r.published_at is None), None)
    values = {"findings": data.findings, "opinion": data.opinion,
                  "diagnoses": [d.model_dump() for d in data.diagnoses],
                  "recommendations": data.recommendations, "referral_advised": data.referral_advised,
                  "written_by": actor.user_id, "updated_at": clock.now()}
    if draft is None:
        db.add(ConsultationReport(consultation_id=c.id, version=1, kind=ReportKind.report,
                                  **values))
    else:
        for k, v in values.items():
            setattr(draft, k, v)
    await audit.record(db, clock, actor, "consultation.draft", entity_type=CASE, entity_id=c.id,
                       subject_org_id=c.inviting_org_id)
    return await _done(db, clock, actor, c)


async def publish(db: AsyncSession, clock: Clock, settings: Settings, actor: Actor,
                  consultation_id: uuid.UUID) -> ConsultationOut:
    c, p = await engine.step(db, clock, actor, CONSULTATION, consultation_id, "publish")
    # What is signed is the draft (the editor saves its text first); the table's guard saw
    # every opinion of an MDT in.
    draft = next((r for r in await reports(db, c) if r.published_at is None), None)
    if draft is None:
        raise Conflict("write the report before publishing it", code="no-draft",
                       title_zh="尚未撰写会诊报告", title_en="No report written yet")
    now = clock.now()
    draft.published_at = c.reported_at = now
    doc = await _issue(db, clock, settings, actor, c, draft, supersedes=None)
    # The consultation in the patient's record; its diagnoses wait for the inviting side,
    # which stays responsible for the treatment, to reconcile.
    await patients.record_encounter(
        db, clock, actor, c.patient_id, patients.EncounterSpec(
            kind="remote_consultation", organisation_id=c.invited_org_id,
            started_at=c.starts_at or now, summary=draft.opinion, source_type=CASE,
            source_id=str(c.id), case_type=CASE, case_id=str(c.id), case_number=c.number,
            document_id=doc.id),
        patients.Proposal(organisation_id=c.inviting_org_id, problems=[
            {"icd10": d["code"], "description": d["name"], "status": "active"}
            for d in draft.diagnoses]))
    await engine.tell(db, clock, CONSULTATION, c, "reported", [c.requested_by], actor, document_number=doc.number)
    await engine.tell(db, clock, CONSULTATION, c, "report_ready", await identity.patient_accounts(db, c.patient_id), actor,
                document_number=doc.number)
    return await _done(db, clock, actor, c)


async def addendum(db: AsyncSession, clock: Clock, settings: Settings, actor: Actor,
                  consultation_id: uuid.UUID, data: AddendumIn
                   ) -> ConsultationOut:
    c, p = await engine.step(db, clock, actor, CONSULTATION, consultation_id, "addendum")
    published = [r for r in await reports(db, c) if r.published_at is not None]
    last = published[-1]
    row = ConsultationReport(
        consultation_id=c.id, version=last.version + 1, kind=ReportKind.addendum,
        findings=data.findings or "", opinion=data.opinion,
        diagnoses=[], recommendations=data.recommendations or "",
        referral_advised=last.referral_advised, written_by=actor.user_id,
        updated_at=clock.now(), published_at=clock.now())
    db.add(row)
    await db.flush()
    doc = await _issue(db, clock, settings, actor, c, row, supersedes=last.document_id)
    await engine.tell(db, clock, CONSULTATION, c, "addendum",
                [c.requested_by, *await identity.patient_accounts(db, c.patient_id)], actor,
                document_number=doc.number)
    return await _done(db, clock, actor, c)


async def _issue(db: AsyncSession, clock: Clock, settings: Settings, actor: Actor,
                 c: Consultation, report: ConsultationReport, *, supersedes: uuid.UUID | None):
    """Render, sign and record the report (or addendum), and file it in the patient's record."""
    from yilian.consultation import report_context
    from yilian.documents import service as documents

    invited = await alliance.get_organisation(db, c.invited_org_id)
    render = await report_context.renderer(db, clock, c, report, supersedes)
    title = "远程会诊报告" if report.kind == ReportKind.report else "远程会诊报告补充说明"
    doc = await documents.issue(
        db, clock, settings, actor, kind=f"consultation_{report.kind.value}",
        number_prefix="HZBG", organisation_id=invited.id, organisation_name=invited.name,
        entity_type=CASE, entity_id=c.id, patient_id=c.patient_id, title=title, pdf=render,
        supersedes_id=supersedes)
    report.document_id = doc.id
    await patients.file_document(db, clock, actor, c.patient_id, title=f"{title}（{doc.number}）",
                                 kind="consultation_report", organisation_id=invited.id,
                                 source_type="document", source_id=str(doc.id))
    await cases.note_last_step(db, CASE, c.id, "document", number=doc.number)
    return doc


