"""Alliance rules: the only place organisations, departments, centres and agreements change."""

from __future__ import annotations

import uuid

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from yilian.alliance.models import Organisation
from yilian.core.errors import NotFound


def ids_under(path: str) -> Select:
    """The ids of an organisation (given its path) and every one below it."""
    return select(Organisation.id).where(Organisation.path.startswith(path, autoescape=True))


async def get_organisation(db: AsyncSession, org_id: uuid.UUID) -> Organisation:
    org = await db.get(Organisation, org_id)
    if org is None:
        raise NotFound(f"organisation {org_id} does not exist", code="organisation-not-found")
    return org


async def names(db: AsyncSession, org_ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not org_ids:
        return {}
    rows = await db.execute(
        select(Organisation.id, Organisation.name).where(Organisation.id.in_(org_ids))
    )
    return dict(rows.all())
