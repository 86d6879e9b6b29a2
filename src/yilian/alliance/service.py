"""Alliance rules: the only place organisations, departments, centres and agreements change.

``actor`` is None only for the local command line (demo builder, admin commands): no policy
check, but every change is audited all the same. Nothing is ever deleted: organisations,
departments, centres and agreements are deactivated, because consultations, referrals and
reports keep pointing at them.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy import Select, String, and_, cast, delete, func, literal, or_, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from yilian.alliance import catalogue, policy
from yilian.alliance.models import (
    LEVEL_RANK,
    Agreement,
    AgreementService,
    CentreKind,
    CentreMember,
    Department,
    DiagnosisCentre,
    Organisation,
    OrgLevel,
)
from yilian.alliance.schemas import (
    AgreementIn,
    AgreementOut,
    AgreementPatch,
    CatalogueEntry,
    CentreIn,
    CentreOut,
    CentrePatch,
    DepartmentIn,
    DepartmentOut,
    DepartmentPatch,
    OrganisationIn,
    OrganisationNode,
    OrganisationPatch,
)
from yilian.core import audit
from yilian.core.actorcache import actor_cache
from yilian.core.authz import CLINICAL_ROLES, Actor
from yilian.core.clock import Clock
from yilian.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from yilian.core.pagination import paginate

# A regional alliance (省级/市级医联体) is headed by a province- or city-level organisation;
# every county, town and village one hangs below such a root.
ROOT_LEVELS = frozenset({OrgLevel.province, OrgLevel.city})
# Organisation writes queue on this PostgreSQL advisory lock ("YLORGS"); see _lock_structure.
_PG_STRUCTURE_LOCK = 0x594C4F524753
# Remote diagnosis is "村镇检查、县级诊断": a centre is hosted at county level or above.
LOWEST_CENTRE_HOST = OrgLevel.county

Row = Organisation | Department | DiagnosisCentre | Agreement
R = TypeVar("R", Organisation, Department, DiagnosisCentre, Agreement)
# How each kind of row is named in audit actions ("organisation.create") and entity types.
ENTITY: dict[type, str] = {
    Organisation: "organisation",
    Department: "department",
    DiagnosisCentre: "diagnosis_centre",
    Agreement: "agreement",
}


# ---------------------------------------------------------------- for other modules


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


async def get_organisation(db: AsyncSession, org_id: uuid.UUID) -> Organisation:
    return await _get(db, Organisation, org_id)


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


async def departments_headed_by(db: AsyncSession, user_id: uuid.UUID) -> list[uuid.UUID]:
    """The departments (active or not) whose head the user is."""
    rows = await db.execute(select(Department.id).where(Department.head_user_id == user_id))
    return list(rows.scalars())


def _pair(x: uuid.UUID, y: uuid.UUID):
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
            _pair(org_x, org_y),
            Agreement.valid_from <= on,
            or_(Agreement.valid_until.is_(None), Agreement.valid_until >= on),
            Agreement.organisation_a_id.in_(active_orgs),
            Agreement.organisation_b_id.in_(active_orgs),
        )
    )
    return any(service.value in services for services in rows.scalars())


# ---------------------------------------------------------------- shared steps


def _authorise(
    actor: Actor | None, allowed: Callable[..., bool], *subjects: Any, message: str
) -> None:
    """Runs a policy function on the loaded rows; the command line (no actor) is trusted."""
    if actor is None or allowed(actor, *subjects):
        return
    err = Forbidden(message, code="out-of-scope", title_zh="超出您的管理范围",
                    title_en="Outside your scope")
    target = next((s for s in subjects if isinstance(s, Organisation)), None)
    if target is not None:
        err.about("organisation", target.id)
    raise err


async def _commit(
    db: AsyncSession, clock: Clock, actor: Actor | None, verb: str, row: Row,
    detail: dict[str, Any] | None = None,
) -> None:
    """The audit row goes into the same transaction as the change it records."""
    entity = ENTITY[type(row)]
    await audit.record(db, clock, actor, f"{entity}.{verb}", entity_type=entity,
                       entity_id=row.id, detail=detail)
    await db.commit()


def _words(entity_type: type) -> str:
    return ENTITY[entity_type].replace("_", " ")


async def _get(db: AsyncSession, model: type[R], row_id: uuid.UUID) -> R:
    row = await db.get(model, row_id)
    if row is None:
        raise NotFound(f"{_words(model)} {row_id} does not exist",
                       code=f"{ENTITY[model].replace('_', '-')}-not-found")
    return row


async def _active_orgs(db: AsyncSession, org_ids: list[uuid.UUID], field: str) -> list[Organisation]:
    """Organisations named in a request body: unknown or deactivated ones are bad input."""
    rows = (await db.execute(select(Organisation).where(Organisation.id.in_(org_ids)))).scalars()
    found = {o.id: o for o in rows}
    missing = [str(i) for i in org_ids if i not in found]
    if missing:
        raise ValidationFailed.field(field, f"no such organisation: {', '.join(missing)}")
    inactive = [o.name for o in found.values() if not o.active]
    if inactive:
        raise ValidationFailed.field(field, f"deactivated: {', '.join(sorted(inactive))}")
    return [found[i] for i in org_ids]


async def _active_org(db: AsyncSession, org_id: uuid.UUID, field: str) -> Organisation:
    return (await _active_orgs(db, [org_id], field))[0]


async def _unique_name(
    db: AsyncSession, model: type[Organisation | DiagnosisCentre], name: str,
    own_id: uuid.UUID | None = None,
) -> None:
    stmt = select(model.id).where(model.name == name)
    if own_id is not None:
        stmt = stmt.where(model.id != own_id)
    existing = (await db.execute(stmt.limit(1))).scalar()
    if existing is not None:
        raise Conflict(f"{name} already exists", code="duplicate-name", existing_id=str(existing),
                       title_zh="名称已被使用", title_en="The name is taken")


def _sent(patch: BaseModel, required: Iterable[str]) -> dict[str, Any]:
    """The fields a PATCH body names; ``null`` is refused for the ``required`` ones."""
    sent = patch.model_dump(exclude_unset=True)
    for field in sorted(set(required) & sent.keys()):
        if sent[field] is None:
            raise ValidationFailed.field(field, "may not be empty")
    return sent


def _changed(row: Row, sent: dict[str, Any]) -> dict[str, Any]:
    """Of the fields sent, those whose value differs from the row's."""
    return {k: v for k, v in sent.items() if getattr(row, k) != v}


def _require_active(row: Row) -> None:
    if not row.active:
        raise Conflict(f"the {_words(type(row))} is deactivated", code="deactivated",
                       title_zh="已停用", title_en="Deactivated")


async def _deactivate(db: AsyncSession, clock: Clock, actor: Actor | None, row: Row) -> None:
    _require_active(row)
    row.active = False
    await _commit(db, clock, actor, "deactivate", row)


# ---------------------------------------------------------------- organisations


async def _lock_structure(db: AsyncSession) -> None:
    """Serialises changes to the tree before any of its rows are read.

    Otherwise a child created under an organisation being moved would keep the old path, and
    a level or parent check could pass against a row that is changing at the same moment.
    SQLite runs one writer at a time already (every transaction begins IMMEDIATE).
    """
    if db.bind.dialect.name == "postgresql":
        await db.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_STRUCTURE_LOCK})


def _child_path(parent: Organisation | None, org_id: uuid.UUID) -> str:
    return (parent.path if parent else "/") + org_id.hex + "/"


def _check_placement(level: OrgLevel, parent: Organisation | None, field: str) -> None:
    if parent is None:
        if level not in ROOT_LEVELS:
            raise ValidationFailed.field(
                "parent_id", f"a {level} organisation needs a parent: only province and city "
                "organisations head an alliance",
            )
    elif LEVEL_RANK[parent.level] >= LEVEL_RANK[level]:
        raise ValidationFailed.field(
            field, f"a {level} organisation cannot sit below a {parent.level} one"
        )


async def _check_above_children(db: AsyncSession, org: Organisation, level: OrgLevel) -> None:
    child_levels = (
        await db.execute(select(Organisation.level).where(Organisation.parent_id == org.id).distinct())
    ).scalars().all()
    too_high = sorted(c for c in child_levels if LEVEL_RANK[c] <= LEVEL_RANK[level])
    if too_high:
        raise ValidationFailed.field(
            "level", f"must stay above its sub-organisations ({', '.join(too_high)})"
        )


async def _new_parent(
    db: AsyncSession, actor: Actor | None, org: Organisation, changes: dict[str, Any]
) -> Organisation | None:
    """The parent ``org`` will have after a move or level change, once both are checked."""
    if "parent_id" in changes:
        parent_id = changes["parent_id"]
        parent = await _active_org(db, parent_id, "parent_id") if parent_id else None
        _authorise(actor, policy.may_place_under, parent,
                   message="an organisation can only be moved below one in your scope")
        if parent is not None and parent.path.startswith(org.path):
            raise ValidationFailed.field(
                "parent_id", "is the organisation itself or one below it (the tree would loop)"
            )
    else:
        parent = await db.get(Organisation, org.parent_id) if org.parent_id else None
    level = changes.get("level", org.level)
    _check_placement(level, parent, "level" if "level" in changes else "parent_id")
    if "level" in changes:
        await _check_above_children(db, org, level)
    return parent


async def _move_subtree(db: AsyncSession, org: Organisation, parent: Organisation | None) -> int:
    """Rewrites the stored path of ``org`` and of everything below it; returns the row count."""
    old, new = org.path, _child_path(parent, org.id)
    result = await db.execute(
        update(Organisation)
        .where(Organisation.path.startswith(old, autoescape=True))
        .values(path=literal(new).concat(func.substr(Organisation.path, len(old) + 1))),
        execution_options={"synchronize_session": "fetch"},
    )
    # The SQL expression cannot be evaluated in Python, so the session only expired the
    # stored paths; load this one again while the transaction is open.
    await db.refresh(org, ["path"])
    return result.rowcount


async def create_organisation(
    db: AsyncSession, clock: Clock, actor: Actor | None, data: OrganisationIn
) -> Organisation:
    """A new organisation below ``parent_id``, or a new alliance root.

    Roots are province or city organisations only (see ``ROOT_LEVELS``), and since a root lies
    in no one's scope, only the command line (``actor`` None) creates one.
    """
    await _lock_structure(db)
    parent = await _active_org(db, data.parent_id, "parent_id") if data.parent_id else None
    _authorise(actor, policy.may_place_under, parent,
               message=f"{parent.name} is outside your scope" if parent
               else "a new alliance root is created from the command line only")
    _check_placement(data.level, parent, "level")
    await _unique_name(db, Organisation, data.name)
    org_id = uuid.uuid4()
    org = Organisation(id=org_id, path=_child_path(parent, org_id), **data.model_dump())
    db.add(org)
    await db.flush()
    await _commit(db, clock, actor, "create", org, {
        "name": org.name, "level": org.level.value,
        "parent_id": str(parent.id) if parent else None,
    })
    return org


async def update_organisation(
    db: AsyncSession, clock: Clock, actor: Actor | None, org_id: uuid.UUID,
    data: OrganisationPatch,
) -> Organisation:
    """Details change in place; a new parent moves the organisation with everything below it."""
    await _lock_structure(db)
    org = await get_organisation(db, org_id)
    _authorise(actor, policy.may_edit_organisation, org, message=f"{org.name} is outside your scope")
    changes = _changed(org, _sent(data, ("name", "level", "kind", "division_code")))
    detail: dict[str, Any] = {"fields": sorted(changes)}
    if "name" in changes:
        await _unique_name(db, Organisation, changes["name"], org.id)
    if {"level", "parent_id"} & changes.keys():
        _authorise(actor, policy.may_restructure, org,
                   message="moving an organisation or changing its level needs a grant above it")
        parent = await _new_parent(db, actor, org, changes)
        if "parent_id" in changes:
            detail.update(moved_from=str(org.parent_id) if org.parent_id else None,
                          paths_rewritten=await _move_subtree(db, org, parent))
    for key, value in changes.items():
        setattr(org, key, value)
    await _commit(db, clock, actor, "update", org, detail)
    if "parent_id" in changes:
        await actor_cache.forget_all()  # signed-in staff below it have a new scope path
    return org


async def deactivate_organisation(
    db: AsyncSession, clock: Clock, actor: Actor | None, org_id: uuid.UUID
) -> Organisation:
    """Refused while any organisation below is still active: close the leaves first."""
    await _lock_structure(db)
    org = await get_organisation(db, org_id)
    _authorise(actor, policy.may_restructure, org,
               message="deactivating an organisation needs a grant above it")
    children = (
        await db.execute(
            select(Organisation.id, Organisation.name)
            .where(Organisation.parent_id == org.id, Organisation.active.is_(True))
            .order_by(Organisation.name)
        )
    ).all()
    if children:
        raise Conflict(
            f"{org.name} still has active sub-organisations: "
            f"{', '.join(c.name for c in children)}; deactivate or move them first",
            code="active-children", title_zh="仍有在用的下级机构",
            title_en="Active sub-organisations remain",
            children=[{"id": str(c.id), "name": c.name} for c in children],
        )
    await _deactivate(db, clock, actor, org)
    return org


async def list_organisations(
    db: AsyncSession, *, q: str | None, level: OrgLevel | None, parent_id: uuid.UUID | None,
    active: bool | None, division_code: str | None, cursor: str | None, limit: int,
) -> tuple[list[Organisation], str | None]:
    """``division_code`` matches as a prefix: "4401" finds every organisation in 广州市."""
    stmt = select(Organisation)
    if q and q.strip():
        stmt = stmt.where(Organisation.name.contains(q.strip(), autoescape=True))
    if level is not None:
        stmt = stmt.where(Organisation.level == level)
    if parent_id is not None:
        stmt = stmt.where(Organisation.parent_id == parent_id)
    if active is not None:
        stmt = stmt.where(Organisation.active.is_(active))
    if division_code:
        stmt = stmt.where(Organisation.division_code.startswith(division_code, autoescape=True))
    return await paginate(db, stmt, [Organisation.name, Organisation.id], cursor=cursor, limit=limit)


async def organisation_tree(db: AsyncSession) -> list[OrganisationNode]:
    """The whole alliance, nested, from one query; siblings in name order."""
    orgs = (
        await db.execute(select(Organisation).order_by(Organisation.name, Organisation.id))
    ).scalars().all()
    nodes = {
        o.id: OrganisationNode(id=o.id, name=o.name, short_name=o.short_name, level=o.level,
                               kind=o.kind, division_code=o.division_code, active=o.active)
        for o in orgs
    }
    roots: list[OrganisationNode] = []
    for o in orgs:
        siblings = nodes[o.parent_id].children if o.parent_id in nodes else roots
        siblings.append(nodes[o.id])
    return roots


# ---------------------------------------------------------------- departments


def department_catalogue() -> list[CatalogueEntry]:
    return [CatalogueEntry(code=s.code, name=s.name, name_en=s.name_en, parent_code=s.parent_code)
            for s in catalogue.CATALOGUE.values()]


async def describe_departments(db: AsyncSession, depts: Iterable[Department]) -> list[DepartmentOut]:
    from yilian.identity import service as identity  # identity imports this module

    depts = list(depts)
    heads = await identity.display_names(db, {d.head_user_id for d in depts if d.head_user_id})
    return [
        DepartmentOut(id=d.id, organisation_id=d.organisation_id, code=d.code, name=d.name,
                      name_en=d.name_en, standard=catalogue.lookup(d.code) is not None,
                      active=d.active, head_user_id=d.head_user_id,
                      head_name=heads.get(d.head_user_id) if d.head_user_id else None)
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
    _authorise(actor, policy.may_manage_departments, org,
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
    _require_active(org)
    name, name_en = _department_names(data)
    await _refuse_department_clash(db, org, name=name, code=data.code)
    dept = Department(organisation_id=org.id, code=data.code, name=name, name_en=name_en)
    db.add(dept)
    await db.flush()
    await _commit(db, clock, actor, "create", dept,
                  {"organisation": str(org.id), "code": dept.code, "name": name})
    return dept


async def update_department(
    db: AsyncSession, clock: Clock, actor: Actor | None, department_id: uuid.UUID,
    data: DepartmentPatch,
) -> Department:
    """Only a custom department is renamed: a standard one carries the catalogue's name. Any
    department may be given a head, or have it removed."""
    dept = await _get(db, Department, department_id)
    org = await _department_admin_check(db, actor, dept.organisation_id)
    _require_active(dept)
    changes = _changed(dept, _sent(data, ("name", "name_en")))
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
    await _commit(db, clock, actor, "update", dept, detail)
    return dept


async def _check_head(db: AsyncSession, clock: Clock, org: Organisation, user_id: uuid.UUID) -> None:
    """A head practises at the department's own organisation: an active user holding a current
    clinical role grant there."""
    from yilian.identity import service as identity  # identity imports this module

    clinicians = await identity.holders(db, clock, org.id, CLINICAL_ROLES)
    if all(h.user_id != user_id for h in clinicians):
        raise ValidationFailed.field(
            "head_user_id", f"must be a user with a current clinical role at {org.name}"
        )


async def deactivate_department(
    db: AsyncSession, clock: Clock, actor: Actor | None, department_id: uuid.UUID
) -> Department:
    dept = await _get(db, Department, department_id)
    await _department_admin_check(db, actor, dept.organisation_id)
    await _deactivate(db, clock, actor, dept)
    return dept


# ---------------------------------------------------------------- diagnosis centres


async def describe_centres(db: AsyncSession, centres: list[DiagnosisCentre]) -> list[CentreOut]:
    """Members are listed in name order."""
    members: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    rows = await db.execute(
        select(CentreMember.centre_id, CentreMember.organisation_id)
        .join(Organisation, Organisation.id == CentreMember.organisation_id)
        .where(CentreMember.centre_id.in_([c.id for c in centres]))
        .order_by(Organisation.name)
    )
    for centre_id, org_id in rows.all():
        members[centre_id].append(org_id)
    hosts = await names(db, {c.host_organisation_id for c in centres})
    return [
        CentreOut(id=c.id, name=c.name, kind=c.kind, host_organisation_id=c.host_organisation_id,
                  host_organisation_name=hosts.get(c.host_organisation_id, ""),
                  member_organisation_ids=members[c.id], active=c.active)
        for c in centres
    ]


async def centre_out(db: AsyncSession, centre: DiagnosisCentre) -> CentreOut:
    return (await describe_centres(db, [centre]))[0]


def _check_host(host: Organisation) -> None:
    if LEVEL_RANK[host.level] > LEVEL_RANK[LOWEST_CENTRE_HOST]:
        raise ValidationFailed.field(
            "host_organisation_id", f"a diagnosis centre is hosted at {LOWEST_CENTRE_HOST} "
            f"level or above, not by a {host.level} organisation",
        )


def _set_members(db: AsyncSession, centre: DiagnosisCentre, members: list[Organisation]) -> None:
    db.add_all(CentreMember(centre_id=centre.id, organisation_id=m.id) for m in members)


async def get_centre(db: AsyncSession, centre_id: uuid.UUID) -> DiagnosisCentre:
    return await _get(db, DiagnosisCentre, centre_id)


async def _centre_parties(
    db: AsyncSession, centre: DiagnosisCentre
) -> tuple[Organisation, list[Organisation]]:
    """The host and the current members, whom a change to the centre concerns."""
    host = await get_organisation(db, centre.host_organisation_id)
    members = (
        await db.execute(
            select(Organisation)
            .join(CentreMember, CentreMember.organisation_id == Organisation.id)
            .where(CentreMember.centre_id == centre.id)
        )
    ).scalars().all()
    return host, list(members)


async def list_centres(
    db: AsyncSession, *, organisation_id: uuid.UUID | None, kind: CentreKind | None,
    active: bool | None, cursor: str | None, limit: int,
) -> tuple[list[CentreOut], str | None]:
    """``organisation_id`` finds the centres it hosts and those serving it."""
    stmt = select(DiagnosisCentre)
    if organisation_id is not None:
        served = select(CentreMember.centre_id).where(CentreMember.organisation_id == organisation_id)
        stmt = stmt.where(or_(DiagnosisCentre.host_organisation_id == organisation_id,
                              DiagnosisCentre.id.in_(served)))
    if kind is not None:
        stmt = stmt.where(DiagnosisCentre.kind == kind)
    if active is not None:
        stmt = stmt.where(DiagnosisCentre.active.is_(active))
    rows, nxt = await paginate(db, stmt, [DiagnosisCentre.name, DiagnosisCentre.id],
                               cursor=cursor, limit=limit)
    return await describe_centres(db, rows), nxt


async def create_centre(
    db: AsyncSession, clock: Clock, actor: Actor | None, data: CentreIn
) -> DiagnosisCentre:
    host = await _active_org(db, data.host_organisation_id, "host_organisation_id")
    members = await _active_orgs(db, data.member_organisation_ids, "member_organisation_ids")
    _authorise(actor, policy.may_manage_centre, host, members,
               message="the host or a member organisation is outside your scope")
    _check_host(host)
    await _unique_name(db, DiagnosisCentre, data.name)
    centre = DiagnosisCentre(name=data.name, kind=data.kind, host_organisation_id=host.id)
    db.add(centre)
    await db.flush()
    _set_members(db, centre, members)
    await _commit(db, clock, actor, "create", centre, {
        "name": centre.name, "kind": centre.kind.value, "host": str(host.id),
        "members": [str(m.id) for m in members],
    })
    return centre


async def update_centre(
    db: AsyncSession, clock: Clock, actor: Actor | None, centre_id: uuid.UUID, data: CentrePatch
) -> DiagnosisCentre:
    """A new member list replaces the old one; members dropped must be in scope too."""
    centre = await get_centre(db, centre_id)
    host, members = await _centre_parties(db, centre)
    sent = _sent(data, ("name", "member_organisation_ids"))
    new_ids = sent.pop("member_organisation_ids", None)
    changes = _changed(centre, sent)
    new_members = (
        await _active_orgs(db, new_ids, "member_organisation_ids") if new_ids is not None
        else members
    )
    _authorise(actor, policy.may_manage_centre, host, [*members, *new_members],
               message="the host or a member organisation is outside your scope")
    _require_active(centre)
    if "name" in changes:
        await _unique_name(db, DiagnosisCentre, changes["name"], centre.id)
    for key, value in changes.items():
        setattr(centre, key, value)
    fields = sorted(changes)
    if {m.id for m in new_members} != {m.id for m in members}:
        await db.execute(delete(CentreMember).where(CentreMember.centre_id == centre.id))
        _set_members(db, centre, new_members)
        fields.append("member_organisation_ids")
    await _commit(db, clock, actor, "update", centre, {"fields": fields})
    return centre


async def deactivate_centre(
    db: AsyncSession, clock: Clock, actor: Actor | None, centre_id: uuid.UUID
) -> DiagnosisCentre:
    centre = await get_centre(db, centre_id)
    host, members = await _centre_parties(db, centre)
    _authorise(actor, policy.may_manage_centre, host, members,
               message="the host or a member organisation is outside your scope")
    await _deactivate(db, clock, actor, centre)
    return centre


# ---------------------------------------------------------------- agreements


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
    stmt = select(Agreement).where(Agreement.active.is_(True), _pair(a_id, b_id))
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
    return await _get(db, Agreement, agreement_id)


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
    _authorise(actor, policy.may_manage_agreement, a, b,
               message="one of the parties is outside your scope")


async def create_agreement(
    db: AsyncSession, clock: Clock, actor: Actor | None, data: AgreementIn
) -> Agreement:
    if data.organisation_a_id == data.organisation_b_id:
        raise ValidationFailed.field("organisation_b_id", "must differ from organisation_a_id")
    a = await _active_org(db, data.organisation_a_id, "organisation_a_id")
    b = await _active_org(db, data.organisation_b_id, "organisation_b_id")
    _authorise(actor, policy.may_manage_agreement, a, b,
               message="one of the parties is outside your scope")
    _check_period(data.valid_from, data.valid_until)
    services = _stored_services(data.services)
    await _refuse_overlap(db, a.id, b.id, services, data.valid_from, data.valid_until)
    agreement = Agreement(organisation_a_id=a.id, organisation_b_id=b.id, services=services,
                          valid_from=data.valid_from, valid_until=data.valid_until)
    db.add(agreement)
    await db.flush()
    await _commit(db, clock, actor, "create", agreement, {
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
    _require_active(agreement)
    sent = _sent(data, ("services", "valid_from"))
    if "services" in sent:
        sent["services"] = _stored_services(sent["services"])
    changes = _changed(agreement, sent)
    valid_from = changes.get("valid_from", agreement.valid_from)
    valid_until = changes.get("valid_until", agreement.valid_until)
    _check_period(valid_from, valid_until)
    await _refuse_overlap(db, agreement.organisation_a_id, agreement.organisation_b_id,
                          changes.get("services", agreement.services), valid_from, valid_until,
                          own_id=agreement.id)
    for key, value in changes.items():
        setattr(agreement, key, value)
    await _commit(db, clock, actor, "update", agreement, {"fields": sorted(changes)})
    return agreement


async def deactivate_agreement(
    db: AsyncSession, clock: Clock, actor: Actor | None, agreement_id: uuid.UUID
) -> Agreement:
    agreement = await get_agreement(db, agreement_id)
    await _agreement_admin_check(db, actor, agreement)
    await _deactivate(db, clock, actor, agreement)
    return agreement
