"""Organisations: the tree (a stored ancestor path on every row), its moves and deactivation."""

from __future__ import annotations

import uuid
from typing import Any, cast

from sqlalchemy import CursorResult, func, literal, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from yilian.alliance import policy
from yilian.alliance.models import LEVEL_RANK, Organisation, OrgLevel
from yilian.alliance.schemas import OrganisationIn, OrganisationNode, OrganisationPatch
from yilian.alliance.service.common import (
    authorise,
    changed_fields,
    commit,
    deactivate_row,
    sent_fields,
    unique_name,
)
from yilian.alliance.service.lookups import get_organisation, require_active_organisation
from yilian.core.actorcache import actor_cache
from yilian.core.authz import Actor
from yilian.core.clock import Clock
from yilian.core.errors import Conflict, ValidationFailed
from yilian.core.pagination import paginate

# A regional alliance (省级/市级医联体) is headed by a province- or city-level organisation;
# every county, town and village one hangs below such a root.
ROOT_LEVELS = frozenset({OrgLevel.province, OrgLevel.city})
# Organisation writes queue on this PostgreSQL advisory lock ("YLORGS"); see _lock_structure.
_PG_STRUCTURE_LOCK = 0x594C4F524753


async def _lock_structure(db: AsyncSession) -> None:
    """Serialises changes to the tree before any of its rows are read.

    Otherwise a child created under an organisation being moved would keep the old path, and
    a level or parent check could pass against a row that is changing at the same moment.
    SQLite runs one writer at a time already (every transaction begins IMMEDIATE).
    """
    if db.get_bind().dialect.name == "postgresql":
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
        parent = (await require_active_organisation(db, parent_id, "parent_id") if parent_id
                  else None)
        authorise(actor, policy.may_place_under, parent,
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
    result = cast(CursorResult[Any], await db.execute(
        update(Organisation)
        .where(Organisation.path.startswith(old, autoescape=True))
        .values(path=literal(new).concat(func.substr(Organisation.path, len(old) + 1))),
        execution_options={"synchronize_session": "fetch"},
    ))
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
    parent = (await require_active_organisation(db, data.parent_id, "parent_id") if data.parent_id
              else None)
    authorise(actor, policy.may_place_under, parent,
               message=f"{parent.name} is outside your scope" if parent
               else "a new alliance root is created from the command line only")
    _check_placement(data.level, parent, "level")
    await unique_name(db, Organisation, data.name)
    org_id = uuid.uuid4()
    org = Organisation(id=org_id, path=_child_path(parent, org_id), **data.model_dump())
    db.add(org)
    await db.flush()
    await commit(db, clock, actor, "create", org, {
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
    authorise(actor, policy.may_edit_organisation, org, message=f"{org.name} is outside your scope")
    changes = changed_fields(org, sent_fields(data, ("name", "level", "kind", "division_code")))
    detail: dict[str, Any] = {"fields": sorted(changes)}
    if "name" in changes:
        await unique_name(db, Organisation, changes["name"], org.id)
    if {"level", "parent_id"} & changes.keys():
        authorise(actor, policy.may_restructure, org,
                   message="moving an organisation or changing its level needs a grant above it")
        parent = await _new_parent(db, actor, org, changes)
        if "parent_id" in changes:
            detail.update(moved_from=str(org.parent_id) if org.parent_id else None,
                          paths_rewritten=await _move_subtree(db, org, parent))
    for key, value in changes.items():
        setattr(org, key, value)
    await commit(db, clock, actor, "update", org, detail)
    if "parent_id" in changes:
        await actor_cache.forget_all()  # signed-in staff below it have a new scope path
    return org


async def deactivate_organisation(
    db: AsyncSession, clock: Clock, actor: Actor | None, org_id: uuid.UUID
) -> Organisation:
    """Refused while any organisation below is still active: close the leaves first."""
    await _lock_structure(db)
    org = await get_organisation(db, org_id)
    authorise(actor, policy.may_restructure, org,
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
    await deactivate_row(db, clock, actor, org)
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
