"""Who a user is, for the modules identity itself builds on.

Identity owns users and their role grants and imports alliance (the organisations grants are
at) and patients (patient accounts). Alliance and patients still name people (a department's
head, who granted a consent, who read a record) and alliance checks that a head practises
where they head: they ask here, and identity answers, having registered itself when imported
(as case modules register their readers). So no import runs back up to identity and the three
modules form no cycle.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from yilian.core.authz import Role
from yilian.core.clock import Clock


@dataclass(frozen=True)
class Directory:
    # Each user's display name; unknown ids are left out.
    display_names: Callable[[AsyncSession, set[uuid.UUID]], Awaitable[dict[uuid.UUID, str]]]
    # The active users holding one of the roles at the organisation now.
    role_holders: Callable[[AsyncSession, Clock, uuid.UUID, Iterable[Role]],
                           Awaitable[set[uuid.UUID]]]


_directory: Directory | None = None


def register(directory: Directory) -> None:
    global _directory
    _directory = directory


def _registered() -> Directory:
    if _directory is None:
        raise RuntimeError("no directory of people: importing yilian.identity.service registers it")
    return _directory


async def display_names(db: AsyncSession, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    return await _registered().display_names(db, ids) if ids else {}


async def role_holders(
    db: AsyncSession, clock: Clock, org_id: uuid.UUID, roles: Iterable[Role]
) -> set[uuid.UUID]:
    return await _registered().role_holders(db, clock, org_id, roles)
