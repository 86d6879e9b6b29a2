"""What a referral form (转出) or return summary (回转) shows, gathered from the database when
the referral is made (document.py draws it)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncSession

from yilian.alliance import service as alliance
from yilian.cases.document import patient_on_paper
from yilian.core.clock import Clock, as_utc
from yilian.identity import service as identity
from yilian.referral import document
from yilian.referral.models import Referral


def title(r: Referral) -> str:
    return document.TITLES[r.direction]


async def renderer(db: AsyncSession, clock: Clock, r: Referral) -> Callable[[str], bytes]:
    orgs = await alliance.names(db, {r.source_org_id, r.target_org_id})
    people = await identity.display_names(db, {r.requested_by})
    depts = await alliance.department_names(
        db, {r.target_department_id} if r.target_department_id else set())
    rows = [await db.get(Referral, i) for i in (r.previous_id, r.up_referral_id) if i]
    linked = {x.id: x.number for x in rows if x is not None}
    return document.render(document.FormContext(
        direction=r.direction, organisation=orgs[r.source_org_id], referral_number=r.number,
        urgency=r.urgency, green_channel=r.green_channel,
        patient=await patient_on_paper(db, clock, r.patient_id),
        referring_doctor=people.get(r.requested_by, ""), requested_at=as_utc(r.requested_at),
        target_organisation=orgs[r.target_org_id],
        target_department=depts.get(r.target_department_id) if r.target_department_id else None,
        reason=r.reason, diagnosis_icd10=r.diagnosis_icd10, diagnosis_text=r.diagnosis_text,
        summary=r.summary, treatment=r.treatment, skip_reason=r.skip_reason,
        consent_by=r.consent_by, consent_name=r.consent_name,
        consent_relation=r.consent_relation, consent_at=as_utc(r.consent_at),
        previous_number=linked.get(r.previous_id) if r.previous_id else None,
        up_referral_number=linked.get(r.up_referral_id) if r.up_referral_id else None,
        medications=[document.Medication(name=m["name"], dose=m.get("dose"),
                                          frequency=m.get("frequency")) for m in r.medications],
        follow_up_plan=r.follow_up_plan,
        follow_ups=[document.FollowUp(title=f["title"], days=f["days"], detail=f.get("detail"))
                    for f in r.follow_ups],
    ))
