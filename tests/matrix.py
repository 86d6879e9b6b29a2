"""The permission matrices' driver: a module's matrix is data, this runs it.

A matrix names, for every endpoint of its module, who may do what: an ``Endpoint`` holds the
expectation (actor, scope → the name of an outcome) and how to make the request (path, JSON body,
query, headers, raw content; each a value, or a function of the call's context, awaited when it
returns an awaitable). ``Matrix.parametrize`` makes a test of one endpoint; ``Matrix.check`` asks
it anonymously (401 unless said otherwise), then as every actor × every scope, and compares each
answer with its outcome: the status, and the problem code where the outcome names one.
``Matrix.check_routes`` fails when the app serves a route of the module the matrix does not
cover (or the matrix names one the app does not serve).

    MATRIX = Matrix("video", {...}, outcomes={OK: Outcome(200), FORBIDDEN: Outcome(403)},
                    routes=under(API))

    def test_the_matrix_covers_every_video_endpoint(app):
        MATRIX.check_routes(app)

    @MATRIX.parametrize
    async def test_endpoint_by_role_and_participation(endpoint, app, client, world, clock):
        await MATRIX.check(endpoint, client, world, lambda who, scope: Ctx(...))
"""

from __future__ import annotations

import inspect
import string
import uuid
from collections.abc import Awaitable, Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from tests.factories import STAFF, World, covers
from yilian.core.authz import Role, app_routes

# One actor per role, at its grant's organisation (the patient's account has none).
ACTORS: dict[str, str | None] = {
    "alliance_admin": "P", "auditor": "P", "mdt_expert": "P", "org_admin_a": "A",
    "specialist_a": "A", "coordinator_a": "A", "pharmacist_a": "A", "reader_a": "A",
    "nurse_a1": "A1", "town_doctor_a1": "A1", "family_doctor": "A1a", "patient_pa": None,
}

# The outcomes most matrices name.
OK, FORBIDDEN, UNVERIFIED, INVALID, NOT_FOUND, CONFLICT = (
    "ok", "forbidden", "unverified", "invalid", "not-found", "conflict")

Expect = Callable[[str, str], str]  # (actor, scope) -> the name of an outcome


def role_of(who: str) -> Role:
    return Role.patient if who == "patient_pa" else STAFF[who][0]


def verified(who: str) -> bool:
    """Whether the actor is a really-name verified practitioner."""
    return who != "patient_pa" and STAFF[who][2]


# ---------------------------------------------------------------- expectations


def everyone(who: str, scope: str) -> str:
    return OK


def only(allowed: str, refused: str = FORBIDDEN) -> Expect:
    """Allowed to everyone in the scope ``allowed`` (their own, or one they take part in),
    ``refused`` in any other."""
    return lambda who, scope: OK if scope == allowed else refused


def by_role(roles: Collection[Role]) -> Expect:
    """Allowed to these roles, wherever the target is."""
    return lambda who, scope: OK if role_of(who) in roles else FORBIDDEN


def in_scope(roles: Collection[Role], target: Mapping[str, str],
             actors: Mapping[str, str | None] = ACTORS) -> Expect:
    """Allowed to these roles when their grant covers the scope's target organisation."""
    return lambda who, scope: (OK if role_of(who) in roles and covers(actors[who], target[scope])
                               else FORBIDDEN)


def route(roles: Collection[Role]) -> Callable[..., str]:
    """Past the route policy (then ``past``), or refused by it: other roles are forbidden, the
    right role not yet really-name verified is refused as unverified."""

    def expect(who: str, past: str = OK) -> str:
        if role_of(who) not in roles:
            return FORBIDDEN
        return past if verified(who) else UNVERIFIED

    return expect


# ---------------------------------------------------------------- the matrix


class Outcome:
    """What an answer must be: one of these statuses; the problem's ``code`` where one is named;
    and whatever ``check`` (answer, the call's context) asks of it besides."""

    def __init__(self, *statuses: int, code: str | None = None,
                 check: Callable[[httpx.Response, Any], bool] | None = None) -> None:
        self.statuses, self.code, self.check = frozenset(statuses), code, check

    def __str__(self) -> str:
        return "/".join(map(str, sorted(self.statuses))) + (f" {self.code}" if self.code else "")

    def met_by(self, r: httpx.Response, ctx: Any) -> bool:
        return (r.status_code in self.statuses
                and (self.code is None or r.json().get("code") == self.code)
                and (self.check is None or self.check(r, ctx)))


@dataclass
class Endpoint:
    expect: Expect
    # Each a value, or a function of the call's context (awaited when it answers an awaitable).
    path: Any
    body: Any = None  # JSON
    params: Any = None  # the query
    headers: dict[str, str] | None = None
    content: bytes | None = None
    scopes: tuple[str, ...] | None = None  # the matrix's unless given
    anonymous: int = 401  # the status of the request without credentials


@dataclass
class Call:
    """The context of a call when the matrix gives none of its own."""

    world: World
    who: str
    scope: str


def under(*prefixes: str, but: Collection[str] = (), head: bool = True
          ) -> Callable[[str, str], bool]:
    """The routes whose path starts with one of ``prefixes``, but the paths ``but``; the HEAD
    ones only if ``head``."""
    return lambda method, path: (path.startswith(prefixes) and path not in but
                                 and (head or method != "HEAD"))


async def _value(v: Any, ctx: Any) -> Any:
    if callable(v):
        v = v(ctx)
    if inspect.isawaitable(v):
        v = await v
    return v


@dataclass
class Matrix:
    name: str  # the module, for the message naming what is not covered
    endpoints: dict[tuple[str, str], Endpoint]
    outcomes: dict[str, Outcome]
    routes: Callable[[str, str], bool]  # (method, path): whether the route is this matrix's
    actors: Iterable[str] = tuple(ACTORS)
    scopes: tuple[str, ...] = ("in", "out")
    # Values for the path's fields in the anonymous request (any other field: a random UUID).
    fields: dict[str, str] = field(default_factory=dict)
    # After each call: e.g. signing someone in again whose sessions the call ended.
    after: Callable[[tuple[str, str], Any, httpx.Response], Awaitable[None]] | None = None

    def __post_init__(self) -> None:
        assert set(self.outcomes) >= {spec.expect(who, scope)
                                      for spec in self.endpoints.values() for who in self.actors
                                      for scope in spec.scopes or self.scopes}, \
            f"the {self.name} matrix expects an outcome it does not define"

    def check_routes(self, app) -> None:
        served = {(m, p) for m, p, _ in app_routes(app) if self.routes(m, p)}
        declared = set(self.endpoints)
        assert served == declared, (
            f"add the new endpoint to the {self.name} permission matrix: not covered "
            f"{sorted(served - declared)}, not served {sorted(declared - served)}")

    def parametrize(self, test):
        """The test, once per endpoint (its id: "METHOD /path/{field}")."""
        return pytest.mark.parametrize("endpoint", sorted(self.endpoints),
                                       ids=lambda e: f"{e[0]} {e[1]}")(test)

    def literal(self, template: str) -> str:
        names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
        return template.format(**{n: self.fields.get(n, uuid.uuid4()) for n in names})

    async def check(self, endpoint: tuple[str, str], client: httpx.AsyncClient, world: World,
                    context: Callable[[str, str], Any] | None = None) -> None:
        """The endpoint asked anonymously, then by every actor in every scope; ``context``
        makes what the endpoint's functions are given for one call (by default a ``Call``)."""
        method, template = endpoint
        spec = self.endpoints[endpoint]
        anonymous = await client.request(
            method, self.literal(template), headers=spec.headers, content=spec.content,
            json={} if callable(spec.body) else spec.body)
        assert anonymous.status_code == spec.anonymous, anonymous.text
        failures = []
        for who in self.actors:
            for scope in spec.scopes or self.scopes:
                ctx = context(who, scope) if context else Call(world, who, scope)
                path = await _value(spec.path, ctx)
                params = await _value(spec.params, ctx)
                body = await _value(spec.body, ctx)
                r = await client.request(method, path, params=params, json=body,
                                         content=spec.content,
                                         headers={**(spec.headers or {}), **world.headers(who)})
                expected = spec.expect(who, scope)
                if not self.outcomes[expected].met_by(r, ctx):
                    failures.append(f"{who}/{scope}: expected {expected} "
                                    f"({self.outcomes[expected]}), got {r.status_code} "
                                    f"{r.text[:160]}")
                if self.after:
                    await self.after(endpoint, ctx, r)
        assert not failures, "\n".join(failures)
