"""What a report PDF shows, gathered from the database at publication (document.py draws it)."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncSession

from yilian.alliance import service as alliance
from yilian.cases.document import patient_on_paper
from yilian.consultation import document
from yilian.consultation.kind import experts as panel
from yilian.consultation.models import Consultation, ConsultationReport, ExpertRole
from yilian.core.clock import Clock, as_utc
from yilian.documents import service as documents
from yilian.identity import service as identity


async def renderer(db: AsyncSession, clock: Clock, c: Consultation, report: ConsultationReport,
                   supplements: uuid.UUID | None) -> Callable[[str], bytes]:
    experts = await panel(db, c)
    # The chief first, then the others as they joined.
    experts.sort(key=lambda e: e.role != ExpertRole.chief)
    people = await identity.display_names(db, {e.user_id for e in experts}
                                          | {c.requested_by, report.written_by})
    titles = await identity.practitioner_titles(db, {e.user_id for e in experts})
    depts = await alliance.department_names(db, {e.department_id for e in experts
                                                 if e.department_id})
    orgs = await alliance.names(db, {c.inviting_org_id, c.invited_org_id})
    previous = await documents.numbers(db, {supplements} if supplements else set())
    assert report.published_at is not None  # rendered on publication, once it is set
    ctx = document.ReportContext(
        organisation=orgs[c.invited_org_id], consultation_number=c.number, kind=c.kind,
        urgency=c.urgency, report_kind=report.kind, version=report.version,
        supplements=previous.get(supplements) if supplements else None,
        patient=await patient_on_paper(db, clock, c.patient_id),
        inviting_organisation=orgs[c.inviting_org_id],
        applicant=people.get(c.requested_by, ""), applied_at=as_utc(c.requested_at),
        reason=c.reason, purpose=c.purpose, diagnosis_icd10=c.diagnosis_icd10,
        diagnosis_text=c.diagnosis_text,
        experts=[document.Expert(
            name=people.get(e.user_id, ""),
            title=identity.TITLE_LABELS[t][0] if (t := titles.get(e.user_id)) else None,
            role=e.role, department=depts.get(e.department_id) if e.department_id else None)
            for e in experts],
        findings=report.findings, opinion=report.opinion,
        diagnoses=[document.Diagnosis(code=d["code"], name=d["name"]) for d in report.diagnoses],
        recommendations=report.recommendations, referral_advised=report.referral_advised,
        specialty_opinions=[document.SpecialtyOpinion(
            name=people.get(e.user_id, ""),
            department=depts.get(e.department_id) if e.department_id else None,
            opinion=e.opinion) for e in experts
            if e.role == ExpertRole.secondary and e.opinion],
        published_at=as_utc(report.published_at),
        signer=people.get(report.written_by, ""),
    )
    return document.render(ctx)
