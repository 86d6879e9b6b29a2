"""Alliance agreements between two organisations: the services they cover and for how long."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date

from sqlalchemy import String, cast, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from yilian.alliance import policy
from yilian.alliance.models import Agreement, AgreementService
from yilian.alliance.schemas import AgreementIn, AgreementOut, AgreementPatch
from yilian.alliance.service.common import (
    authorise,
    changed_fields,
    commit,
    deactivate_row,
    get_row,
    require_active,
    sent_fields,
)
from yilian.alliance.service.lookups import (
    get_organisation,
    names,
    pair,
    require_active_organisation,
)
from yilian.core.authz import Actor
from yilian.core.clock import Clock
from yilian.core.errors import Conflict, ValidationFailed
from yilian.core.pagination import paginate


async def describe_agreements(db: AsyncSession, agreements: list[Agreement]) -> list[AgreementOut]:
    org_names = await names(db, {o for a in agreements
                                 for o in (a.organisation_a_id, a.organisation_b_id)})
    return [
        AgreementOut(id=a.id, organisation_a_id=a.organisation_a_id,
                     organisation_a_name=org_names.get(a.organisation_a_id, ""),
                     organisation_b_id=a.organisation_b_id,
                     organisation_b_name=org_names.get(a.organisation_b_id, ""),
                     services=a.services, valid_from=a.valid_from, valid_until=a.valid_until,
                     active=a.active)
        for a in agreements
    ]


async def agreement_out(db: AsyncSession, agreement: Agreement) -> AgreementOut:
    return (await describe_agreements(db, [agreement]))[0]


def _check_period(valid_from: date, valid_until: date | None) -> None:
    if valid_until is not None and valid_until <= valid_from:
        raise ValidationFailed.field("valid_until", "must be after valid_from")


def _stored_services(services: Iterable[AgreementService]) -> list[str]:
    """One canonical order, so equal service sets are stored (and compared) alike."""
    chosen = set(services)
    return [s.value for s in AgreementService if s in chosen]


async def _refuse_overlap(
    db: AsyncSession, a_id: uuid.UUID, b_id: uuid.UUID, services: list[str], valid_from: date,
    valid_until: date | None, own_id: uuid.UUID | None = None,
) -> None:
    """Two active agreements between the same pair may not cover one service on one day:
    a renewal starts after the old agreement ends."""
    stmt = select(Agreement).where(Agreement.active.is_(True), pair(a_id, b_id))
    if own_id is not None:
        stmt = stmt.where(Agreement.id != own_id)
    for other in (await db.execute(stmt)).scalars():
        overlaps_in_time = (other.valid_until is None or valid_from <= other.valid_until) and (
            valid_until is None or other.valid_from <= valid_until
        )
        if overlaps_in_time and set(services) & set(other.services):
            raise Conflict(
                "an active agreement between these organisations already covers "
                f"{', '.join(sorted(set(services) & set(other.services)))} in this period",
                code="overlapping-agreement", existing_id=str(other.id),
                title_zh="与现有协议重叠", title_en="Overlaps an existing agreement",
            )


async def get_agreement(db: AsyncSession, agreement_id: uuid.UUID) -> Agreement:
    return await get_row(db, Agreement, agreement_id)


async def list_agreements(
    db: AsyncSession, *, organisation_id: uuid.UUID | None, service: AgreementService | None,
    active: bool | None, cursor: str | None, limit: int,
) -> tuple[list[AgreementOut], str | None]:
    stmt = select(Agreement)
    if organisation_id is not None:
        stmt = stmt.where(or_(Agreement.organisation_a_id == organisation_id,
                              Agreement.organisation_b_id == organisation_id))
    if service is not None:
        # Services are stored as a JSON list of plain words; matching the quoted word in its
        # text works alike on SQLite and PostgreSQL.
        stmt = stmt.where(cast(Agreement.services, String).contains(f'"{service.value}"'))
    if active is not None:
        stmt = stmt.where(Agreement.active.is_(active))
    # By id: core pagination cannot yet resume from a date or timestamp column.
    rows, nxt = await paginate(db, stmt, [Agreement.id], cursor=cursor, limit=limit)
    return await describe_agreements(db, rows), nxt


async def _agreement_admin_check(
    db: AsyncSession, actor: Actor | None, agreement: Agreement
) -> None:
    a = await get_organisation(db, agreement.organisation_a_id)
    b = await get_organisation(db, agreement.organisation_b_id)
    authorise(actor, policy.may_manage_agreement, a, b,
               message="one of the parties is outside your scope")


async def create_agreement(
    db: AsyncSession, clock: Clock, actor: Actor | None, data: AgreementIn
) -> Agreement:
    if data.organisation_a_id == data.organisation_b_id:
        raise ValidationFailed.field("organisation_b_id", "must differ from organisation_a_id")
    a = await require_active_organisation(db, data.organisation_a_id, "organisation_a_id")
    b = await require_active_organisation(db, data.organisation_b_id, "organisation_b_id")
    authorise(actor, policy.may_manage_agreement, a, b,
               message="one of the parties is outside your scope")
    _check_period(data.valid_from, data.valid_until)
    services = _stored_services(data.services)
    await _refuse_overlap(db, a.id, b.id, services, data.valid_from, data.valid_until)
    agreement = Agreement(organisation_a_id=a.id, organisation_b_id=b.id, services=services,
                          valid_from=data.valid_from, valid_until=data.valid_until)
    db.add(agreement)
    await db.flush()
    await commit(db, clock, actor, "create", agreement, {
        "organisation_a": str(a.id), "organisation_b": str(b.id), "services": services,
        "valid_from": data.valid_from.isoformat(),
        "valid_until": data.valid_until.isoformat() if data.valid_until else None,
    })
    return agreement


async def update_agreement(
    db: AsyncSession, clock: Clock, actor: Actor | None, agreement_id: uuid.UUID,
    data: AgreementPatch,
) -> Agreement:
    """Services and dates change; the parties never do (that is a new agreement)."""
    agreement = await get_agreement(db, agreement_id)
    await _agreement_admin_check(db, actor, agreement)
    require_active(agreement)
    sent = sent_fields(data, ("services", "valid_from"))
    if "services" in sent:
        sent["services"] = _stored_services(sent["services"])
    changes = changed_fields(agreement, sent)
    valid_from = changes.get("valid_from", agreement.valid_from)
    valid_until = changes.get("valid_until", agreement.valid_until)
    _check_period(valid_from, valid_until)
    await _refuse_overlap(db, agreement.organisation_a_id, agreement.organisation_b_id,
                          changes.get("services", agreement.services), valid_from, valid_until,
                          own_id=agreement.id)
    for key, value in changes.items():
        setattr(agreement, key, value)
    await commit(db, clock, actor, "update", agreement, {"fields": sorted(changes)})
    return agreement


async def deactivate_agreement(
    db: AsyncSession, clock: Clock, actor: Actor | None, agreement_id: uuid.UUID
) -> Agreement:
    agreement = await get_agreement(db, agreement_id)
    await _agreement_admin_check(db, actor, agreement)
    await deactivate_row(db, clock, actor, agreement)
    return agreement
