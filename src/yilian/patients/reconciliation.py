"""Reconciling what a case proposes with the record: nothing is applied silently.

A proposal (filed with its encounter by ``service.record_encounter``) is compared, when it is
read or confirmed, with the record's current entries: medications by name (new, stopped when
the proposal is the whole regimen, changed dose or frequency, unchanged), problems by ICD-10
code (new, resolved). A clinician confirms it line by line (each line accepted, or kept as the
record has it) or discards it with a reason. Confirming writes new versions: a changed or
stopped medication and a resolved problem are new rows superseding the old, which keep their
values. Of two clinicians confirming at once, one wins; the other is told it was decided.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from yilian.alliance import service as alliance
from yilian.core import audit, people
from yilian.core.authz import Actor
from yilian.core.clock import Clock
from yilian.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from yilian.patients import policy
from yilian.patients.models import (
    Encounter,
    Medication,
    Problem,
    Reconciliation,
    ReconciliationState,
    RecordStatus,
)
from yilian.patients.policy import Access
from yilian.patients.schemas import (
    ConfirmIn,
    DiffLine,
    ReconciliationOut,
    ReconciliationSummary,
)
from yilian.patients.service import _read, _today, writable


class Decided(Conflict):
    code = "reconciliation-decided"
    title_zh = "该核对已处理"
    title_en = "This reconciliation was decided already"


class RecordChanged(Conflict):
    code = "record-changed"
    title_zh = "病历已被他人修改，请刷新后重新核对"
    title_en = "The record changed meanwhile; reload and reconcile again"


def _norm(value: str | None) -> str:
    return "".join((value or "").split()).casefold()


def diff(rec: Reconciliation, medications: list[Medication], problems: list[Problem]
         ) -> list[DiffLine]:
    """The proposal against the current active entries (those given)."""
    lines: list[DiffLine] = []
    active: dict[str, Medication] = {}
    for m in medications:
        active.setdefault(_norm(m.name), m)
    proposed = set()
    for item in rec.medications:
        key = _norm(item["name"])
        if key in proposed:
            continue
        proposed.add(key)
        dose, freq = item.get("dose"), item.get("frequency")
        line = DiffLine(key=f"medication:{key}", what="medication", change="new",
                        name=item["name"], dose=dose, frequency=freq)
        now = active.get(key)
        if now is not None:
            same = _norm(now.dose) == _norm(dose) and _norm(now.frequency) == _norm(freq)
            line = line.model_copy(update={
                "change": "unchanged" if same else "changed", "entry_id": now.id,
                "dose_before": now.dose, "frequency_before": now.frequency})
        lines.append(line)
    if rec.medications_complete:
        lines += [DiffLine(key=f"medication:{key}", what="medication", change="stopped",
                           name=m.name, dose_before=m.dose, frequency_before=m.frequency,
                           entry_id=m.id)
                  for key, m in active.items() if key not in proposed]
    open_problems: dict[str, Problem] = {}
    for p in problems:
        open_problems.setdefault(p.icd10, p)
    for item in rec.problems:
        code = item["icd10"]
        known = open_problems.get(code)
        if item.get("status", "active") == "resolved":
            if known is not None:
                lines.append(DiffLine(key=f"problem:{code}", what="problem", change="resolved",
                                      name=known.description, icd10=code, entry_id=known.id))
            continue
        lines.append(DiffLine(key=f"problem:{code}", what="problem",
                              change="unchanged" if known else "new",
                              name=item["description"], icd10=code,
                              entry_id=known.id if known else None))
    return lines


async def _current(db: AsyncSession, model: Any, patient_id: uuid.UUID) -> list[Any]:
    return list((await db.execute(select(model).where(
        model.patient_id == patient_id, model.status == RecordStatus.active,
        model.superseded_at.is_(None)).order_by(model.recorded_at, model.id))).scalars())


async def _lines(db: AsyncSession, rec: Reconciliation) -> list[DiffLine]:
    if rec.lines is not None:
        return [DiffLine.model_validate(line) for line in rec.lines]
    return diff(rec, await _current(db, Medication, rec.patient_id),
                await _current(db, Problem, rec.patient_id))


async def _summaries(db: AsyncSession, rows: list[Reconciliation]) -> list[ReconciliationSummary]:
    deciders = await people.display_names(db, {r.decided_by for r in rows if r.decided_by})
    enc_ids = {r.encounter_id for r in rows if r.encounter_id}
    encounters = {e.id: e for e in (await db.execute(
        select(Encounter).where(Encounter.id.in_(enc_ids)))).scalars()} if enc_ids else {}
    orgs = await alliance.names(db, {r.organisation_id for r in rows}
                                | {e.organisation_id for e in encounters.values()})
    out = []
    for r in rows:
        e = encounters.get(r.encounter_id) if r.encounter_id else None
        out.append(ReconciliationSummary(
            id=r.id, patient_id=r.patient_id, state=r.state, organisation_id=r.organisation_id,
            organisation_name=orgs.get(r.organisation_id, ""),
            source_organisation_name=orgs.get(e.organisation_id) if e else None,
            case_type=e.case_type if e else None, case_id=e.case_id if e else None,
            case_number=e.case_number if e else None,
            document_id=e.document_id if e else None, encounter_id=r.encounter_id,
            created_at=r.created_at, decided_at=r.decided_at,
            decided_by_name=deciders.get(r.decided_by) if r.decided_by else None,
            reason=r.reason))
    return out


def _seen(lines: list[DiffLine]) -> str:
    """A name for exactly these lines (what the clinician is shown)."""
    text = json.dumps([line.model_dump(mode="json") for line in lines], sort_keys=True,
                      ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


async def _out(db: AsyncSession, rec: Reconciliation) -> ReconciliationOut:
    summary = (await _summaries(db, [rec]))[0]
    lines = await _lines(db, rec)
    return ReconciliationOut(**summary.model_dump(), lines=lines, seen=_seen(lines))


# ---------------------------------------------------------------- reading


async def list_for(db: AsyncSession, clock: Clock, actor: Actor, patient_id: uuid.UUID
                   ) -> list[ReconciliationSummary]:
    """A patient's reconciliations, pending first, newest first; the read is logged."""
    patient, _ = await _read(db, clock, actor, patient_id, "reconciliation.list", record=True)
    rows = list((await db.execute(select(Reconciliation).where(
        Reconciliation.patient_id == patient.id).order_by(
        (Reconciliation.state == ReconciliationState.pending).desc(),
        Reconciliation.created_at.desc(), Reconciliation.id))).scalars())
    out = await _summaries(db, rows)
    await db.commit()
    return out


async def _find(db: AsyncSession, rec_id: uuid.UUID) -> Reconciliation:
    rec = await db.get(Reconciliation, rec_id)
    if rec is None:
        raise NotFound("no such reconciliation", code="reconciliation-not-found")
    return rec


async def get(db: AsyncSession, clock: Clock, actor: Actor, rec_id: uuid.UUID
              ) -> ReconciliationOut:
    rec = await _find(db, rec_id)
    await _read(db, clock, actor, rec.patient_id, "reconciliation.read", record=True)
    out = await _out(db, rec)
    await db.commit()
    return out


# ---------------------------------------------------------------- deciding


async def _decidable(db: AsyncSession, clock: Clock, actor: Actor, rec_id: uuid.UUID
                     ) -> tuple[Any, Reconciliation, Access | None]:
    """Scope before state: the patient's record writable by the actor, the reconciliation
    theirs to decide (the home organisation, or the one it was sent to), then pending."""
    rec = await _find(db, rec_id)
    patient, access = await writable(db, clock, actor, rec.patient_id)
    if not policy.may_reconcile(actor, access, patient.home_organisation_id, rec.organisation_id):
        raise Forbidden("a reconciliation is decided by a clinician of the patient's home "
                        "organisation or of the one it was sent to", code="not-reconciler",
                        title_zh="只有患者所属机构或接收机构的医生可以核对",
                        title_en="Only the home or the receiving organisation reconciles",
                        ).about("patient", patient.id, patient.home_organisation_id)
    if rec.state != ReconciliationState.pending:
        raise Decided(f"the reconciliation was {rec.state.value} already")
    return patient, rec, access


async def _claim(db: AsyncSession, clock: Clock, actor: Actor, rec: Reconciliation,
                 state: ReconciliationState, reason: str | None, lines: list[DiffLine]) -> None:
    """Decides the reconciliation if it is still pending: of two at once, the second waits
    for the first's row and then finds nothing pending."""
    done = await db.execute(update(Reconciliation).where(
        Reconciliation.id == rec.id, Reconciliation.state == ReconciliationState.pending,
    ).values(state=state, decided_at=clock.now(), decided_by=actor.user_id,
             reason=reason, lines=[line.model_dump(mode="json") for line in lines],
             ).execution_options(synchronize_session=False))
    if done.rowcount != 1:  # type: ignore[attr-defined]
        raise Decided("the reconciliation was decided meanwhile")
    await db.refresh(rec)


async def _supersede(db: AsyncSession, clock: Clock, model: Any, entry_id: uuid.UUID) -> Any:
    """The entry, now marked superseded; refused when another change superseded it first."""
    done = await db.execute(update(model).where(
        model.id == entry_id, model.superseded_at.is_(None)).values(
        superseded_at=clock.now()).execution_options(synchronize_session=False))
    if done.rowcount != 1:  # type: ignore[attr-defined]
        raise RecordChanged("the entry was changed by someone else")
    old = await db.get(model, entry_id)
    await db.refresh(old)
    return old


async def _apply(db: AsyncSession, clock: Clock, actor: Actor, rec: Reconciliation,
                 line: DiffLine) -> uuid.UUID:
    """One accepted line written as a new version; the new entry's id."""
    assert actor.org_id is not None  # RECORD_ROLES are staff, granted at an organisation
    today, now = _today(clock), clock.now()
    common = {"patient_id": rec.patient_id, "organisation_id": actor.org_id,
              "recorded_by": actor.user_id, "recorded_at": now, "reconciliation_id": rec.id}
    entry: Medication | Problem
    if line.what == "medication":
        if line.change == "new":
            entry = Medication(**common, name=line.name, dose=line.dose,
                               frequency=line.frequency, start_date=today,
                               status=RecordStatus.active)
        else:
            assert line.entry_id is not None  # changed and stopped lines name the entry
            old = await _supersede(db, clock, Medication, line.entry_id)
            stopped = line.change == "stopped"
            entry = Medication(
                **common, name=old.name, supersedes_id=old.id,
                dose=old.dose if stopped else line.dose,
                frequency=old.frequency if stopped else line.frequency,
                start_date=old.start_date if stopped else today,
                end_date=today if stopped else None,
                status=RecordStatus.resolved if stopped else RecordStatus.active)
    elif line.change == "new":
        assert line.icd10 is not None  # problem lines carry their code
        entry = Problem(**common, icd10=line.icd10, description=line.name,
                        status=RecordStatus.active)
    else:
        assert line.entry_id is not None  # a resolved line names the problem
        old = await _supersede(db, clock, Problem, line.entry_id)
        entry = Problem(**common, icd10=old.icd10, description=old.description,
                        onset_date=old.onset_date, note=old.note, supersedes_id=old.id,
                        status=RecordStatus.resolved)
    db.add(entry)
    await db.flush()
    return entry.id


async def confirm(db: AsyncSession, clock: Clock, actor: Actor, rec_id: uuid.UUID,
                  data: ConfirmIn) -> ReconciliationOut:
    patient, rec, access = await _decidable(db, clock, actor, rec_id)
    lines = await _lines(db, rec)
    if data.seen is not None and data.seen != _seen(lines):
        raise RecordChanged("the record changed since these lines were shown")
    actionable = {line.key for line in lines if line.change != "unchanged"}
    unknown = sorted(set(data.keep) - actionable)
    if unknown:
        raise ValidationFailed.field("keep", f"no such line to keep: {', '.join(unknown)}")
    kept = set(data.keep)
    decided = [line.model_copy(update={"decision": None if line.change == "unchanged" else
                                       "keep" if line.key in kept else "accept"})
               for line in lines]
    await _claim(db, clock, actor, rec, ReconciliationState.confirmed, data.reason, decided)
    written = [await _apply(db, clock, actor, rec, line) for line in decided
               if line.decision == "accept"]
    await audit.record(db, clock, actor, "record.reconciliation.confirm", entity_type="patient",
                       entity_id=patient.id, subject_org_id=patient.home_organisation_id,
                       flag=None if access == Access.own_scope else str(access),
                       detail={"reconciliation": str(rec.id), "kept": sorted(kept),
                               "entries": [str(i) for i in written], "reason": data.reason})
    out = await _out(db, rec)
    await db.commit()
    return out


async def discard(db: AsyncSession, clock: Clock, actor: Actor, rec_id: uuid.UUID,
                  reason: str) -> ReconciliationOut:
    patient, rec, access = await _decidable(db, clock, actor, rec_id)
    # The lines as they stood when it was discarded, none of them applied.
    await _claim(db, clock, actor, rec, ReconciliationState.discarded, reason,
                 await _lines(db, rec))
    await audit.record(db, clock, actor, "record.reconciliation.discard", entity_type="patient",
                       entity_id=patient.id, subject_org_id=patient.home_organisation_id,
                       flag=None if access == Access.own_scope else str(access),
                       detail={"reconciliation": str(rec.id), "reason": reason})
    out = await _out(db, rec)
    await db.commit()
    return out
