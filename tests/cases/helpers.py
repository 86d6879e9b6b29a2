"""What the consultation and referral tests share: an alliance ready for cases (agreements and
departments on top of the test world), the permission matrices' cast, the transition tables'
notation, and how a refused step is told from one that changed something."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from sqlalchemy import select

from tests.factories import World
from tests.matrix import ACTORS as MATRIX_ACTORS
from tests.matrix import FORBIDDEN, INVALID, NOT_FOUND, OK, UNVERIFIED, Outcome
from yilian.alliance.models import Agreement, Department
from yilian.core.audit import AuditEntry


@dataclass
class Setup:
    depts: dict[str, uuid.UUID] = field(default_factory=dict)


def agreement(world: World, a: str, b: str, services: list[str]) -> Agreement:
    """An agreement between organisations ``a`` and ``b`` from 2026 on, open-ended."""
    return Agreement(organisation_a_id=world.orgs[a].id, organisation_b_id=world.orgs[b].id,
                     services=services, valid_from=date(2026, 1, 1), valid_until=None)


async def agree(world: World, a: str, b: str, services: list[str]) -> None:
    async with world.app.state.sessionmaker() as db:
        db.add(agreement(world, a, b, services))
        await db.commit()


async def alliance(world: World, *, agreements: Iterable[tuple[str, str]], services: list[str],
                   departments: Iterable[tuple[str, str, str, str, str]]) -> Setup:
    """The ``agreements`` (pairs of organisations) for ``services``, and the ``departments``
    (key, organisation, catalogue code, name, head), their ids under their keys."""
    setup = Setup()
    async with world.app.state.sessionmaker() as db:
        for a, b in agreements:
            db.add(agreement(world, a, b, services))
        for key, org, code, name, head in departments:
            d = Department(organisation_id=world.orgs[org].id, code=code, name=name,
                           name_en=name, head_user_id=world.users[head])
            db.add(d)
            await db.flush()
            setup.depts[key] = d.id
        await db.commit()
    return setup


# ---------------------------------------------------------------- permission matrices

# The case matrices' actors: one per role, and a specialist not yet verified (clinical steps
# need real-name verification).
ACTORS: dict[str, str | None] = {**MATRIX_ACTORS, "specialist_unverified": "A"}
NO_CASE = ("none",)  # the scope of the endpoints that name no case


def outcomes(not_found: str) -> dict[str, Outcome]:
    """A case matrix's outcomes; ``not_found``: the code of a case that does not exist."""
    return {OK: Outcome(200), FORBIDDEN: Outcome(403),
            UNVERIFIED: Outcome(403, code="not-verified"), INVALID: Outcome(422),
            NOT_FOUND: Outcome(404, code=not_found)}


@dataclass
class CaseCtx:
    """A case matrix's context: one test's cases (made by ``make`` the first time one is asked
    for), and the scope of one call (``at``)."""

    app: Any
    client: Any
    world: World
    scope: str = NO_CASE[0]
    # Shared by the contexts of one test's calls.
    ids: dict[str, str] = field(default_factory=dict)

    def at(self, who: str, scope: str) -> CaseCtx:
        return replace(self, scope=scope)

    async def case(self, scope: str) -> str:
        if not self.ids:
            await self.make()
        return self.ids[scope]

    async def make(self) -> None:
        """Fills ``ids``: each scope's case."""
        raise NotImplementedError


def of_case(base: str, suffix: str = "") -> Callable[[CaseCtx], Awaitable[str]]:
    """The path of the call's case (``base``/id``suffix``)."""

    async def make(c: CaseCtx) -> str:
        return f"{base}/{await c.case(c.scope)}{suffix}"

    return make


def nowhere(base: str, suffix: str) -> Callable[[CaseCtx], str]:
    """The path of a case that does not exist."""
    return lambda c: f"{base}/{uuid.uuid4()}{suffix}"


# ---------------------------------------------------------------- transitions


def steps(*rows: tuple[str, set, object | None]) -> dict:
    """A transition table, (action, from state) → to state, from rows (action, from states,
    to state); a to state of None keeps the state."""
    return {(action, source): target or source for action, sources, target in rows
            for source in sources}


def changed(before: dict, after: dict) -> list[str]:
    """The keys of two snapshots whose values differ."""
    return [k for k in before if before[k] != after[k]]


def refusals_of(entity_type: str) -> Callable[..., Awaitable[list[AuditEntry]]]:
    async def refusals(app, entity_id: str, user_id: uuid.UUID, *, code: str | None = None
                       ) -> list[AuditEntry]:
        """The denials of ``user_id``'s requests about the case (of one kind, if ``code``)."""
        async with app.state.sessionmaker() as db:
            entries = (await db.execute(select(AuditEntry).where(
                AuditEntry.entity_type == entity_type, AuditEntry.entity_id == entity_id,
                AuditEntry.outcome == "denied", AuditEntry.actor_user_id == user_id)
                .order_by(AuditEntry.seq))).scalars()
            return [e for e in entries if code is None or e.detail.get("code") == code]

    return refusals


# ---------------------------------------------------------------- lists


async def check_list_shows_parties_only(client, world: World, base: str, cases: Mapping[str, str],
                                        party: Callable[[str, str], bool],
                                        actors: Iterable[str] = ACTORS) -> None:
    """Each actor's list at ``base`` shows, of ``cases`` (scope → id), those it is a party of."""
    mine = {case_id: scope for scope, case_id in cases.items()}
    failures = []
    for who in actors:
        r = await world.client_as(client, who).get(base)
        assert r.status_code == 200, r.text
        shown = {mine[c["id"]] for c in r.json()["items"] if c["id"] in mine}
        expected = {scope for scope in cases if party(who, scope)}
        if shown != expected:
            failures.append(f"{who}: expected {sorted(expected)}, shown {sorted(shown)}")
    assert not failures, "\n".join(failures)
