"""Departments: standard ones from the national catalogue, custom ones under codes of their own,
each with an optional head."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from yilian.alliance import catalogue, policy
from yilian.alliance.models import Department, Organisation
from yilian.alliance.schemas import CatalogueEntry, DepartmentIn, DepartmentOut, DepartmentPatch
from yilian.alliance.service.common import (
    authorise,
    changed_fields,
    commit,
    deactivate_row,
    get_row,
    require_active,
    sent_fields,
)
from yilian.alliance.service.lookups import get_organisation
from yilian.core import people
from yilian.core.authz import CLINICAL_ROLES, Actor
from yilian.core.clock import Clock
from yilian.core.errors import Conflict, ValidationFailed


def department_catalogue() -> list[CatalogueEntry]:
    return [CatalogueEntry(code=s.code, name=s.name, name_en=s.name_en, parent_code=s.parent_code)
            for s in catalogue.CATALOGUE.values()]


async def describe_departments(db: AsyncSession, depts: Iterable[Department]) -> list[DepartmentOut]:
    depts = list(depts)
    heads = await people.display_names(db, {d.head_user_id for d in depts if d.head_user_id})
    return [
        DepartmentOut(id=d.id, organisation_id=d.organisation_id, code=d.code, name=d.name,
                      name_en=d.name_en, standard=catalogue.lookup(d.code) is not None,
                      active=d.active, head_user_id=d.head_user_id,
                      head_name=heads.get(d.head_user_id) if d.head_user_id else None,
                      phone=d.phone, location=d.location)
        for d in depts
    ]


async def department_out(db: AsyncSession, dept: Department) -> DepartmentOut:
    return (await describe_departments(db, [dept]))[0]


async def department_heads(
    db: AsyncSession, department_ids: set[uuid.UUID]
) -> dict[uuid.UUID, uuid.UUID | None]:
    """Each department's head (None when it has none); unknown ids are left out."""
    if not department_ids:
        return {}
    rows = await db.execute(select(Department.id, Department.head_user_id)
                            .where(Department.id.in_(department_ids)))
    return dict(rows.all())


def _department_names(data: DepartmentIn) -> tuple[str, str]:
    """Names come from the catalogue for a standard code; a custom code brings its own."""
    subject = catalogue.lookup(data.code)
    if subject is None:
        if data.name is None:
            raise ValidationFailed.field("name", "is required for a code outside the catalogue")
        return data.name, data.name_en or data.name
    if data.name not in (None, subject.name) or data.name_en not in (None, subject.name_en):
        raise ValidationFailed.field(
            "code", f"{data.code} is the standard code of {subject.name}; a department of "
            "your own needs a code outside the catalogue",
        )
    return subject.name, subject.name_en


async def _refuse_department_clash(
    db: AsyncSession, org: Organisation, *, name: str, code: str | None = None,
    own_id: uuid.UUID | None = None,
) -> None:
    """Within one organisation, department codes and names are both unique."""
    same = Department.name == name if code is None else or_(Department.name == name,
                                                            Department.code == code)
    stmt = select(Department).where(Department.organisation_id == org.id, same)
    if own_id is not None:
        stmt = stmt.where(Department.id != own_id)
    clash = (await db.execute(stmt.limit(1))).scalar()
    if clash is not None:
        field = "code" if clash.code == code else "name"
        raise Conflict(f"{org.name} already has a department with this {field}",
                       code="duplicate-department", existing_id=str(clash.id),
                       title_zh="科室已存在", title_en="The department already exists")


async def _department_admin_check(
    db: AsyncSession, actor: Actor | None, org_id: uuid.UUID
) -> Organisation:
    org = await get_organisation(db, org_id)
    authorise(actor, policy.may_manage_departments, org,
               message=f"the departments of {org.name} are outside your scope")
    return org


async def list_departments(
    db: AsyncSession, organisation_id: uuid.UUID, active: bool | None
) -> list[DepartmentOut]:
    await get_organisation(db, organisation_id)
    stmt = select(Department).where(Department.organisation_id == organisation_id)
    if active is not None:
        stmt = stmt.where(Department.active.is_(active))
    rows = (await db.execute(stmt.order_by(Department.code))).scalars()
    return await describe_departments(db, rows)


async def create_department(
    db: AsyncSession, clock: Clock, actor: Actor | None, organisation_id: uuid.UUID,
    data: DepartmentIn,
) -> Department:
    org = await _department_admin_check(db, actor, organisation_id)
    require_active(org)
    name, name_en = _department_names(data)
    await _refuse_department_clash(db, org, name=name, code=data.code)
    dept = Department(organisation_id=org.id, code=data.code, name=name, name_en=name_en,
                      phone=data.phone, location=data.location)
    db.add(dept)
    await db.flush()
    await commit(db, clock, actor, "create", dept,
                  {"organisation": str(org.id), "code": dept.code, "name": name})
    return dept


async def update_department(
    db: AsyncSession, clock: Clock, actor: Actor | None, department_id: uuid.UUID,
    data: DepartmentPatch,
) -> Department:
    """Only a custom department is renamed: a standard one carries the catalogue's name. Any
    department may be given a head, or have it removed."""
    dept = await get_row(db, Department, department_id)
    org = await _department_admin_check(db, actor, dept.organisation_id)
    require_active(dept)
    changes = changed_fields(dept, sent_fields(data, ("name", "name_en")))
    renamed = sorted(changes.keys() & {"name", "name_en"})
    if renamed and catalogue.lookup(dept.code) is not None:
        raise ValidationFailed.field(renamed[0], "a standard department is named by the catalogue")
    if "name" in changes:
        await _refuse_department_clash(db, org, name=changes["name"], own_id=dept.id)
    detail: dict[str, Any] = {"fields": sorted(changes)}
    if "head_user_id" in changes:
        head = changes["head_user_id"]
        if head is not None:
            await _check_head(db, clock, org, head)
        detail["head_user_id"] = str(head) if head else None
    for key, value in changes.items():
        setattr(dept, key, value)
    await commit(db, clock, actor, "update", dept, detail)
    return dept


async def _check_head(db: AsyncSession, clock: Clock, org: Organisation, user_id: uuid.UUID) -> None:
    """A head practises at the department's own organisation: an active user holding a current
    clinical role grant there."""
    if user_id not in await people.role_holders(db, clock, org.id, CLINICAL_ROLES):
        raise ValidationFailed.field(
            "head_user_id", f"must be a user with a current clinical role at {org.name}"
        )


async def deactivate_department(
    db: AsyncSession, clock: Clock, actor: Actor | None, department_id: uuid.UUID
) -> Department:
    dept = await get_row(db, Department, department_id)
    await _department_admin_check(db, actor, dept.organisation_id)
    await deactivate_row(db, clock, actor, dept)
    return dept
