"""What a report PDF shows, gathered from the database at publication (document.py draws it)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from yilian.alliance import service as alliance
from yilian.alliance.models import Department
from yilian.consultation import document
from yilian.consultation.models import (
    Consultation,
    ConsultationExpert,
    ConsultationReport,
    ExpertRole,
)
from yilian.core.clock import SHANGHAI, Clock, as_utc
from yilian.documents.models import IssuedDocument
from yilian.identity import service as identity
from yilian.identity.models import TITLE_LABELS, Practitioner
from yilian.patients import service as patients
from yilian.patients.models import SEX_ZH, Patient


async def renderer(db: AsyncSession, clock: Clock, c: Consultation, report: ConsultationReport,
                   supplements: uuid.UUID | None) -> Callable[[str], bytes]:
    patient = await db.get(Patient, c.patient_id)
    experts = list((await db.execute(select(ConsultationExpert).where(
        ConsultationExpert.consultation_id == c.id, ConsultationExpert.removed_at.is_(None))
        .order_by(ConsultationExpert.added_at, ConsultationExpert.id))).scalars())
    # The chief first, then the others as they joined.
    experts.sort(key=lambda e: e.role != ExpertRole.chief)
    people = await identity.display_names(db, {e.user_id for e in experts}
                                          | {c.requested_by, report.written_by})
    titles = dict((await db.execute(select(Practitioner.user_id, Practitioner.title).where(
        Practitioner.user_id.in_({e.user_id for e in experts})))).all()) if experts else {}
    dept_ids = {e.department_id for e in experts if e.department_id}
    depts = dict((await db.execute(select(Department.id, Department.name).where(
        Department.id.in_(dept_ids)))).all()) if dept_ids else {}
    orgs = await alliance.names(db, {c.inviting_org_id, c.invited_org_id})
    previous = await db.get(IssuedDocument, supplements) if supplements else None
    today: date = clock.now().astimezone(SHANGHAI).date()
    ctx = document.ReportContext(
        organisation=orgs[c.invited_org_id], consultation_number=c.number, kind=c.kind,
        urgency=c.urgency, report_kind=report.kind, version=report.version,
        supplements=previous.number if previous else None,
        patient_name=patient.name, patient_sex=SEX_ZH[patient.sex],
        patient_age=patients.age_on(patient.birth_date, today),
        patient_resident_id=patients.mask_resident_id(patient.resident_id),
        inviting_organisation=orgs[c.inviting_org_id],
        applicant=people.get(c.requested_by, ""), applied_at=as_utc(c.requested_at),
        reason=c.reason, purpose=c.purpose, diagnosis_icd10=c.diagnosis_icd10,
        diagnosis_text=c.diagnosis_text,
        experts=[document.Expert(
            name=people.get(e.user_id, ""),
            title=TITLE_LABELS[titles[e.user_id]][0] if e.user_id in titles else None,
            role=e.role, department=depts.get(e.department_id)) for e in experts],
        findings=report.findings, opinion=report.opinion,
        diagnoses=[document.Diagnosis(code=d["code"], name=d["name"]) for d in report.diagnoses],
        recommendations=report.recommendations, referral_advised=report.referral_advised,
        specialty_opinions=[document.SpecialtyOpinion(
            name=people.get(e.user_id, ""), department=depts.get(e.department_id),
            opinion=e.opinion) for e in experts
            if e.role == ExpertRole.secondary and e.opinion],
        published_at=as_utc(report.published_at),
        signer=people.get(report.written_by, ""),
    )
    return document.render(ctx)
