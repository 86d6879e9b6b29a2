"""What other modules read of the alliance: organisations, their scope and names, departments,
and whether an agreement covers a service."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from yilian.alliance.models import Agreement, AgreementService, Department, Organisation
from yilian.alliance.service.common import get_row
from yilian.core.errors import ValidationFailed


def ids_under(path: str) -> Select:
    """The ids of an organisation (given its path) and every one below it."""
    return select(Organisation.id).where(Organisation.path.startswith(path, autoescape=True))


def with_organisation(stmt: Select, fk_column) -> Select:
    """``stmt`` extended with the path and name of the organisation ``fk_column`` refers to,
    for callers that decide scope and show the name of what they read in one query."""
    return stmt.join(Organisation, Organisation.id == fk_column).add_columns(
        Organisation.path, Organisation.name
    )


def with_organisation_columns(stmt: Select, fk_column, prefix: str) -> Select:
    """The Core form of :func:`with_organisation` (table columns, no ORM entity), the path and
    name labelled ``<prefix>_path`` and ``<prefix>_name``, for reads built once."""
    o = Organisation.__table__.c
    return stmt.join_from(fk_column.table, Organisation.__table__, o.id == fk_column).add_columns(
        o.path.label(f"{prefix}_path"), o.name.label(f"{prefix}_name"))


def with_organisation_scope(stmt: Select, fk_column) -> Select:
    """``stmt`` extended with the path and level of the organisation ``fk_column`` refers to
    (both None where the column is null): what an actor's scope is decided from."""
    return stmt.outerjoin(Organisation, Organisation.id == fk_column).add_columns(
        Organisation.path, Organisation.level)


async def get_organisation(db: AsyncSession, org_id: uuid.UUID) -> Organisation:
    return await get_row(db, Organisation, org_id)


async def require_active_organisations(
    db: AsyncSession, org_ids: list[uuid.UUID], field: str
) -> list[Organisation]:
    """Organisations a request names in ``field``: unknown or deactivated ones are bad input."""
    rows = (await db.execute(select(Organisation).where(Organisation.id.in_(org_ids)))).scalars()
    found = {o.id: o for o in rows}
    missing = [str(i) for i in org_ids if i not in found]
    if missing:
        raise ValidationFailed.field(field, f"no such organisation: {', '.join(missing)}")
    inactive = [o.name for o in found.values() if not o.active]
    if inactive:
        raise ValidationFailed.field(field, f"deactivated: {', '.join(sorted(inactive))}")
    return [found[i] for i in org_ids]


async def require_active_organisation(
    db: AsyncSession, org_id: uuid.UUID, field: str
) -> Organisation:
    return (await require_active_organisations(db, [org_id], field))[0]


async def names(db: AsyncSession, org_ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not org_ids:
        return {}
    rows = await db.execute(
        select(Organisation.id, Organisation.name).where(Organisation.id.in_(org_ids))
    )
    return dict(rows.all())


async def find_organisation(db: AsyncSession, org_id: uuid.UUID) -> Organisation | None:
    """The organisation, active or not; None when there is no such id."""
    return await db.get(Organisation, org_id)


async def active_organisations(db: AsyncSession) -> list[Organisation]:
    """Every active organisation, in tree order (by stored path)."""
    rows = await db.execute(
        select(Organisation).where(Organisation.active.is_(True)).order_by(Organisation.path)
    )
    return list(rows.scalars())


async def find_department(db: AsyncSession, department_id: uuid.UUID) -> Department | None:
    """The department, active or not; None when there is no such id."""
    return await db.get(Department, department_id)


async def departments_of(db: AsyncSession, org_id: uuid.UUID) -> list[Department]:
    """The active departments of an organisation, by code."""
    rows = await db.execute(
        select(Department)
        .where(Department.organisation_id == org_id, Department.active.is_(True))
        .order_by(Department.code)
    )
    return list(rows.scalars())


async def departments_by_id(
    db: AsyncSession, ids: set[uuid.UUID]
) -> dict[uuid.UUID, Department]:
    """The departments named, active or not; unknown ids are left out."""
    if not ids:
        return {}
    rows = await db.execute(select(Department).where(Department.id.in_(ids)))
    return {d.id: d for d in rows.scalars()}


async def department_names(db: AsyncSession, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not ids:
        return {}
    rows = await db.execute(select(Department.id, Department.name).where(Department.id.in_(ids)))
    return dict(rows.all())


@dataclass(frozen=True)
class Reception:
    """Where a patient sent to an organisation (and perhaps one of its departments) goes and
    whom they call: the department's own phone, else the organisation's."""

    phone: str | None
    address: str | None
    location: str | None


async def reception(db: AsyncSession, org_id: uuid.UUID,
                    department_id: uuid.UUID | None) -> Reception:
    org = await get_organisation(db, org_id)
    dept = await db.get(Department, department_id) if department_id else None
    return Reception(phone=(dept.phone if dept else None) or org.phone, address=org.address,
                     location=dept.location if dept else None)


async def departments_headed_by(db: AsyncSession, user_id: uuid.UUID) -> list[uuid.UUID]:
    """The departments (active or not) whose head the user is."""
    rows = await db.execute(select(Department.id).where(Department.head_user_id == user_id))
    return list(rows.scalars())


def pair(x: uuid.UUID, y: uuid.UUID):
    """Agreements between two organisations, whichever side each was entered on."""
    return or_(
        and_(Agreement.organisation_a_id == x, Agreement.organisation_b_id == y),
        and_(Agreement.organisation_a_id == y, Agreement.organisation_b_id == x),
    )


async def agreement_covers(
    db: AsyncSession, org_x: uuid.UUID, org_y: uuid.UUID, service: AgreementService, on: date
) -> bool:
    """An active agreement between the two (either direction) includes ``service`` on ``on``.

    A deactivated organisation is covered by nothing, whatever its old agreements say.
    """
    active_orgs = select(Organisation.id).where(Organisation.active.is_(True))
    rows = await db.execute(
        select(Agreement.services).where(
            Agreement.active.is_(True),
            pair(org_x, org_y),
            Agreement.valid_from <= on,
            or_(Agreement.valid_until.is_(None), Agreement.valid_until >= on),
            Agreement.organisation_a_id.in_(active_orgs),
            Agreement.organisation_b_id.in_(active_orgs),
        )
    )
    return any(service.value in services for services in rows.scalars())
