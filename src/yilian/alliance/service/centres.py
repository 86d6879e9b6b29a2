"""Diagnosis centres: a host organisation reading for its member organisations."""

from __future__ import annotations

import uuid
from collections import defaultdict

from sqlalchemy import delete, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from yilian.alliance import policy
from yilian.alliance.models import (
    LEVEL_RANK,
    CentreKind,
    CentreMember,
    DiagnosisCentre,
    Organisation,
    OrgLevel,
)
from yilian.alliance.schemas import CentreIn, CentreOut, CentrePatch
from yilian.alliance.service.common import (
    authorise,
    changed_fields,
    commit,
    deactivate_row,
    get_row,
    require_active,
    sent_fields,
    unique_name,
)
from yilian.alliance.service.lookups import (
    get_organisation,
    names,
    require_active_organisation,
    require_active_organisations,
)
from yilian.core.authz import Actor
from yilian.core.clock import Clock
from yilian.core.errors import ValidationFailed
from yilian.core.pagination import paginate

# Remote diagnosis is "村镇检查、县级诊断": a centre is hosted at county level or above.
LOWEST_CENTRE_HOST = OrgLevel.county


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
    return await get_row(db, DiagnosisCentre, centre_id)


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
    host = await require_active_organisation(db, data.host_organisation_id, "host_organisation_id")
    members = await require_active_organisations(db, data.member_organisation_ids,
                                                 "member_organisation_ids")
    authorise(actor, policy.may_manage_centre, host, members,
               message="the host or a member organisation is outside your scope")
    _check_host(host)
    await unique_name(db, DiagnosisCentre, data.name)
    centre = DiagnosisCentre(name=data.name, kind=data.kind, host_organisation_id=host.id)
    db.add(centre)
    await db.flush()
    _set_members(db, centre, members)
    await commit(db, clock, actor, "create", centre, {
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
    sent = sent_fields(data, ("name", "member_organisation_ids"))
    new_ids = sent.pop("member_organisation_ids", None)
    changes = changed_fields(centre, sent)
    new_members = (
        await require_active_organisations(db, new_ids, "member_organisation_ids")
        if new_ids is not None else members
    )
    authorise(actor, policy.may_manage_centre, host, [*members, *new_members],
               message="the host or a member organisation is outside your scope")
    require_active(centre)
    if "name" in changes:
        await unique_name(db, DiagnosisCentre, changes["name"], centre.id)
    for key, value in changes.items():
        setattr(centre, key, value)
    fields = sorted(changes)
    if {m.id for m in new_members} != {m.id for m in members}:
        await db.execute(delete(CentreMember).where(CentreMember.centre_id == centre.id))
        _set_members(db, centre, new_members)
        fields.append("member_organisation_ids")
    await commit(db, clock, actor, "update", centre, {"fields": fields})
    return centre


async def deactivate_centre(
    db: AsyncSession, clock: Clock, actor: Actor | None, centre_id: uuid.UUID
) -> DiagnosisCentre:
    centre = await get_centre(db, centre_id)
    host, members = await _centre_parties(db, centre)
    authorise(actor, policy.may_manage_centre, host, members,
               message="the host or a member organisation is outside your scope")
    await deactivate_row(db, clock, actor, centre)
    return centre
