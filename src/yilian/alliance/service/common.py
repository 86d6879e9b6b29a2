"""Steps every alliance change shares: the policy check, the audited commit, loading a row,
checking the organisations a request names, PATCH bodies, deactivation."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from yilian.alliance.models import Agreement, Department, DiagnosisCentre, Organisation
from yilian.core import audit
from yilian.core.authz import Actor
from yilian.core.clock import Clock
from yilian.core.errors import Conflict, Forbidden, NotFound, ValidationFailed

Row = Organisation | Department | DiagnosisCentre | Agreement
R = TypeVar("R", Organisation, Department, DiagnosisCentre, Agreement)
# How each kind of row is named in audit actions ("organisation.create") and entity types.
ENTITY: dict[type, str] = {
    Organisation: "organisation",
    Department: "department",
    DiagnosisCentre: "diagnosis_centre",
    Agreement: "agreement",
}


def authorise(
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


async def commit(
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


async def get_row(db: AsyncSession, model: type[R], row_id: uuid.UUID) -> R:
    row = await db.get(model, row_id)
    if row is None:
        raise NotFound(f"{_words(model)} {row_id} does not exist",
                       code=f"{ENTITY[model].replace('_', '-')}-not-found")
    return row


async def unique_name(
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


def sent_fields(patch: BaseModel, required: Iterable[str]) -> dict[str, Any]:
    """The fields a PATCH body names; ``null`` is refused for the ``required`` ones."""
    sent = patch.model_dump(exclude_unset=True)
    for field in sorted(set(required) & sent.keys()):
        if sent[field] is None:
            raise ValidationFailed.field(field, "may not be empty")
    return sent


def changed_fields(row: Row, sent: dict[str, Any]) -> dict[str, Any]:
    """Of the fields sent, those whose value differs from the row's."""
    return {k: v for k, v in sent.items() if getattr(row, k) != v}


def require_active(row: Row) -> None:
    if not row.active:
        raise Conflict(f"the {_words(type(row))} is deactivated", code="deactivated",
                       title_zh="已停用", title_en="Deactivated")


async def deactivate_row(db: AsyncSession, clock: Clock, actor: Actor | None, row: Row) -> None:
    require_active(row)
    row.active = False
    await commit(db, clock, actor, "deactivate", row)
