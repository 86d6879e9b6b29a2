"""Time limits (SLA) for the cases an organisation serves, and the deadlines they give a case.

Each case has two limits counted from its request: the first step (scheduled, accepted) in
hours, and the whole case either in hours (urgent cases run round the clock) or in working days
(routine ones wait over weekends and holidays, see ``calendar``). An organisation may set its
own limits per case type and urgency; without them the platform's defaults below apply.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from yilian.alliance import service as alliance
from yilian.cases import policy
from yilian.cases.calendar import add_working_days
from yilian.cases.columns import Urgency
from yilian.cases.models import SlaPolicy
from yilian.cases.schemas import SlaIn, SlaOut, SlaRule, SlaRuleIn
from yilian.core import audit
from yilian.core.authz import Actor
from yilian.core.clock import Clock
from yilian.core.errors import Forbidden, ValidationFailed

HOURS_PER_WORKING_DAY = 24  # the least a working day adds to a deadline, in elapsed hours


@dataclass(frozen=True)
class Limits:
    first_hours: int
    complete_hours: int | None
    complete_working_days: int | None


# The platform's limits per case type and urgency, each kind's own (``CaseKind.limits``, set
# when the kind is registered); an organisation may set others.
DEFAULTS: dict[tuple[str, Urgency], Limits] = {}


def set_defaults(case_type: str, limits: dict[Urgency, Limits]) -> None:
    if set(limits) != set(Urgency):
        raise ValueError(f"{case_type}: a default limit for each urgency")
    DEFAULTS.update({(case_type, urgency): lim for urgency, lim in limits.items()})


def _limits(row: SlaPolicy) -> Limits:
    return Limits(row.first_hours, row.complete_hours, row.complete_working_days)


async def limits(db: AsyncSession, org_id: uuid.UUID, case_type: str, urgency: Urgency) -> Limits:
    """The limits ``org_id`` keeps for its cases of this type and urgency."""
    row = (await db.execute(select(SlaPolicy).where(
        SlaPolicy.organisation_id == org_id, SlaPolicy.case_type == case_type,
        SlaPolicy.urgency == urgency))).scalar_one_or_none()
    return _limits(row) if row is not None else DEFAULTS[(case_type, urgency)]


def deadlines(limits: Limits, start: datetime) -> tuple[datetime, datetime]:
    """When the first step and the whole case fall due, for a case requested at ``start``."""
    first = start + timedelta(hours=limits.first_hours)
    if limits.complete_working_days is not None:
        return first, add_working_days(start, limits.complete_working_days)
    if limits.complete_hours is None:
        raise ValueError("a limit for the whole case is missing")
    return first, start + timedelta(hours=limits.complete_hours)


# ---------------------------------------------------------------- reading and setting


async def _authorise(db: AsyncSession, actor: Actor, org_id: uuid.UUID,
                     allowed: Callable[[Actor, str], bool], message: str) -> None:
    """404 for an unknown organisation, an audited 403 for one the actor may not reach."""
    org = await alliance.get_organisation(db, org_id)
    if not allowed(actor, org.path):
        raise Forbidden(message, code="out-of-scope", title_zh="不在您的机构范围内",
                        title_en="Outside your organisations").about("organisation", org_id, org_id)


async def _out(db: AsyncSession, org_id: uuid.UUID) -> SlaOut:
    rows = {(r.case_type, r.urgency): r for r in (await db.execute(
        select(SlaPolicy).where(SlaPolicy.organisation_id == org_id)
        .execution_options(populate_existing=True))).scalars()}
    rules = []
    for key, default in DEFAULTS.items():
        row = rows.get(key)
        chosen = _limits(row) if row is not None else default
        rules.append(SlaRule(case_type=key[0], urgency=key[1], first_hours=chosen.first_hours,
                             complete_hours=chosen.complete_hours,
                             complete_working_days=chosen.complete_working_days,
                             default=row is None))
    return SlaOut(organisation_id=org_id, rules=rules,
                  updated_at=max((r.updated_at for r in rows.values()), default=None))


async def get_sla(db: AsyncSession, actor: Actor, org_id: uuid.UUID) -> SlaOut:
    await _authorise(db, actor, org_id, policy.may_read_sla,
                     "the time limits of this organisation are outside your scope")
    return await _out(db, org_id)


def _check(rules: list[SlaRuleIn]) -> None:
    seen: set[tuple[str, Urgency]] = set()
    for i, rule in enumerate(rules):
        key = (rule.case_type, rule.urgency)
        if key not in DEFAULTS:
            kinds = sorted({k for k, _ in DEFAULTS})
            raise ValidationFailed.field(f"rules.{i}.case_type", f"one of {', '.join(kinds)}")
        if key in seen:
            raise ValidationFailed.field(f"rules.{i}", f"{rule.case_type} {rule.urgency} is "
                                         "given twice")
        seen.add(key)
        if (rule.complete_hours is None) == (rule.complete_working_days is None):
            raise ValidationFailed.field(f"rules.{i}.complete_hours", "give the limit for the "
                                         "whole case in hours or in working days, not both")
        if rule.complete_hours is not None:
            field, least = "complete_hours", rule.complete_hours
        else:
            field = "complete_working_days"
            assert rule.complete_working_days is not None  # exactly one of the two, checked above
            least = rule.complete_working_days * HOURS_PER_WORKING_DAY
        if least < rule.first_hours:
            raise ValidationFailed.field(f"rules.{i}.{field}", "the whole case cannot be due "
                                         "before its first step")


async def set_sla(db: AsyncSession, clock: Clock, actor: Actor, org_id: uuid.UUID,
                  data: SlaIn) -> SlaOut:
    """Sets the rules given; the others keep what they were (the organisation's or the default)."""
    await _authorise(db, actor, org_id, policy.may_set_sla,
                     "only an administrator of this organisation sets its time limits")
    _check(data.rules)
    now = clock.now()
    # An upsert, so two administrators saving at once cannot both insert the same rule.
    insert = pg_insert if db.get_bind().dialect.name == "postgresql" else sqlite_insert
    for rule in data.rules:
        values = {"first_hours": rule.first_hours, "complete_hours": rule.complete_hours,
                  "complete_working_days": rule.complete_working_days, "updated_at": now,
                  "updated_by": actor.user_id}
        await db.execute(insert(SlaPolicy).values(
            id=uuid.uuid4(), organisation_id=org_id, case_type=rule.case_type,
            urgency=rule.urgency, **values,
        ).on_conflict_do_update(index_elements=["organisation_id", "case_type", "urgency"],
                                set_=values))
    await audit.record(db, clock, actor, "sla.update", entity_type="organisation",
                       entity_id=org_id, subject_org_id=org_id,
                       detail={"rules": [r.model_dump(mode="json") for r in data.rules]})
    await db.commit()
    return await _out(db, org_id)
