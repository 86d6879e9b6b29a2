"""The parts of a case below the engine (``engine.py``): its timeline, its number, the consent
and record snapshot of a request, and the access log entry of reading one."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from yilian.alliance import service as alliance
from yilian.cases.columns import ConsentBy, Urgency
from yilian.cases.models import CaseCounter, CaseStep
from yilian.cases.schemas import ConsentIn, StepOut
from yilian.core import numbering
from yilian.core.accesslog import Basis
from yilian.core.authz import Actor
from yilian.core.clock import SHANGHAI, Clock, as_utc
from yilian.core.errors import Forbidden, ValidationFailed


def local_time(value: datetime | None) -> str:
    """A time as a timeline note or a system message shows it (Shanghai)."""
    return as_utc(value).astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M") if value else ""


@dataclass(frozen=True)
class Request:
    """What ``engine.request`` reads of a new case that no request form opens (a visit the
    patient books, a prescription the visit's doctor signs): the consent is the visit's."""

    urgency: Urgency
    reason: str
    summary: str
    diagnosis_icd10: str
    diagnosis_text: str
    consent: ConsentIn


def check_consent(consent: ConsentIn, now: datetime) -> None:
    """The informed consent a case records was given, by someone who may give it."""
    if consent.at > now:
        raise ValidationFailed.field("consent.at", "consent cannot be given in the future")
    if consent.by == ConsentBy.guardian and not consent.relation:
        raise ValidationFailed.field("consent.relation", "say how the guardian is related")


async def require_agreement(db: AsyncSession, clock: Clock, requesting: Any, answering: Any,
                            service: Any, words: str, words_zh: str) -> None:
    """The two organisations' alliance agreement covers this kind of case today (Shanghai),
    or an audited 403 naming both."""
    today = clock.now().astimezone(SHANGHAI).date()
    if not await alliance.agreement_covers(db, requesting.id, answering.id, service, today):
        raise Forbidden(f"no alliance agreement covering {words} between {requesting.name} "
                        f"and {answering.name}", code="no-agreement",
                        title_zh=f"两机构间没有涵盖{words_zh}的协作协议",
                        title_en=f"No agreement covers {words}").about(
            "organisation", answering.id, requesting.id)


async def record_snapshot(db: AsyncSession, clock: Clock, actor: Actor,
                          patient_id: uuid.UUID) -> str:
    """The patient's record as the requesting doctor sees it now (active problems,
    medications, allergies, document titles), for the receiving side to read with the case:
    they get the case, not standing access to the record."""
    from yilian.patients import service as patients

    record = await patients.record_view(db, clock, actor, patient_id)
    return json.dumps({
        "problems": [{"icd10": p.icd10, "description": p.description}
                     for p in record.problems if p.status == "active"],
        "medications": [{"name": m.name, "dose": m.dose, "frequency": m.frequency}
                        for m in record.medications if m.status == "active"],
        "allergies": [{"substance": a.substance, "reaction": a.reaction,
                       "severity": a.severity} for a in record.allergies
                      if a.status == "active"],
        "documents": [{"title": d.title, "kind": d.kind, "recorded_at": d.recorded_at.isoformat()}
                      for d in record.documents],
    }, ensure_ascii=False)


async def log_read(db: AsyncSession, clock: Clock, actor: Actor, *, case_type: str,
                   case_id: uuid.UUID, number: str, patient_id: uuid.UUID) -> None:
    """Reading a case is reading its patient's data: in the patient's access log, on the
    ground of the case (or as the patient)."""
    from yilian.patients import service as patients

    patients.log_read(db, clock, actor, patient_id, await patients.home_of(db, patient_id),
                      f"{case_type}.read", patients.read_basis(actor, patient_id, Basis.case),
                      ref=number, entity_type=case_type,
                      entity_id=case_id)


async def next_number(db: AsyncSession, clock: Clock, prefix: str) -> str:
    """An alliance-wide case number, ``HZ20261124-0001``."""
    return await numbering.next_number(db, clock, CaseCounter, prefix)


Said = tuple[str, dict[str, str]]
"""What the platform says of a step: a code (``web/src/i18n/parts/codes.ts`` ``steps``) and its
parameters, put into words by the reader's client."""


async def add_step(db: AsyncSession, clock: Clock, actor: Actor | None, *, case_type: str,
                   case_id: uuid.UUID, action: str, from_state: str | None, to_state: str,
                   note: str | None = None, said: Said | None = None) -> CaseStep:
    """A timeline step. Steps of one case are taken under the case's row lock (the case module
    loads it ``FOR UPDATE``), so the next ``seq`` is free. ``note`` is what a person wrote (a
    reason, a file's name), kept as written; ``said`` what the platform says of the step."""
    last = (await db.execute(select(func.max(CaseStep.seq)).where(
        CaseStep.case_type == case_type, CaseStep.case_id == case_id))).scalar()
    step = CaseStep(case_type=case_type, case_id=case_id, seq=(last or 0) + 1, action=action,
                    from_state=from_state,
                    to_state=to_state, actor_id=actor.user_id if actor else None,
                    organisation_id=actor.org_id if actor else None, at=clock.now(), note=note)
    _say(step, said)
    db.add(step)
    return step


def _say(step: CaseStep, said: Said | None) -> None:
    if said is not None:
        code, params = said
        step.note_code = code
        step.note_params = json.dumps(params, ensure_ascii=False) if params else None


async def note_last_step(db: AsyncSession, case_type: str, case_id: uuid.UUID, code: str,
                         **params: str) -> None:
    """Says what was chosen in a step (a department, an expert, a time, a bed) on the step
    just recorded; its note (a person's words) stays."""
    await db.flush()
    step = (await db.execute(select(CaseStep).where(
        CaseStep.case_type == case_type, CaseStep.case_id == case_id)
        .order_by(CaseStep.seq.desc()).limit(1))).scalar_one()
    _say(step, (code, params))


async def timeline(db: AsyncSession, case_type: str, case_id: uuid.UUID) -> list[StepOut]:
    from yilian.identity import service as identity  # identity imports the case modules' peers

    steps = (await db.execute(
        select(CaseStep).where(CaseStep.case_type == case_type, CaseStep.case_id == case_id)
        .order_by(CaseStep.seq))).scalars().all()
    people = await identity.display_names(db, {s.actor_id for s in steps if s.actor_id})
    orgs = await alliance.names(db, {s.organisation_id for s in steps if s.organisation_id})
    return [StepOut(action=s.action, from_state=s.from_state, to_state=s.to_state,
                    actor_id=s.actor_id, actor_name=people.get(s.actor_id) if s.actor_id else None,
                    organisation_name=orgs.get(s.organisation_id) if s.organisation_id else None,
                    at=s.at, note=s.note, note_code=s.note_code,
                    note_params=json.loads(s.note_params) if s.note_params else {})
            for s in steps]
