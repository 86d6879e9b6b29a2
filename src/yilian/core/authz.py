"""The policy layer's shared parts: the actor, roles, scope, and routers that require a policy.

Every route is declared with a :class:`Policy`; :class:`PolicyRouter` refuses to register one
without it, so an unguarded endpoint cannot exist. Route policies decide by role; resource
decisions (organisation scope, relationships, consent) are plain functions in each module's
``policy.py``, called by its service.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal, NoReturn

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.routing import APIRoute
from fastapi.types import DecoratedCallable
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.routing import BaseRoute
from starlette.types import Receive, Scope, Send

from yilian.core.deps import db_session
from yilian.core.errors import PROBLEM_RESPONSES, Forbidden, Unauthenticated

API_PREFIX = "/api/v1"


class Role(enum.StrEnum):
    patient = "patient"
    grassroots_doctor = "grassroots_doctor"
    specialist = "specialist"
    mdt_expert = "mdt_expert"
    coordinator = "coordinator"
    pharmacist = "pharmacist"
    nurse = "nurse"
    diagnosis_reader = "diagnosis_reader"
    family_doctor = "family_doctor"
    org_admin = "org_admin"
    alliance_admin = "alliance_admin"
    auditor = "auditor"


STAFF_ROLES = frozenset(Role) - {Role.patient}
CLINICAL_ROLES = frozenset(
    {
        Role.grassroots_doctor,
        Role.specialist,
        Role.mdt_expert,
        Role.coordinator,
        Role.pharmacist,
        Role.nurse,
        Role.diagnosis_reader,
        Role.family_doctor,
    }
)
ADMIN_ROLES = frozenset({Role.org_admin, Role.alliance_admin})


@dataclass(frozen=True)
class Actor:
    """Who is acting: a user, through one active role grant, at one organisation."""

    user_id: uuid.UUID
    username: str
    session_id: uuid.UUID | None = None
    grant_id: uuid.UUID | None = None
    role: Role | None = None
    org_id: uuid.UUID | None = None
    org_path: str | None = None
    # The organisation's level (province, county, town, ...): need to know stops at the county.
    org_level: str | None = None
    clinically_verified: bool = False
    # For a patient account: its own record and those it may act for as a proxy.
    patient_ids: frozenset[uuid.UUID] = field(default_factory=frozenset)
    own_patient_id: uuid.UUID | None = None
    # Those of patient_ids whose consents this account may grant and revoke.
    consent_patient_ids: frozenset[uuid.UUID] = field(default_factory=frozenset)
    ip: str | None = None
    # A staff member who must still enrol a second factor may only do that.
    totp_enrolment_pending: bool = False

    def covers(self, org_path: str | None) -> bool:
        """The grant's organisation and every one below it (stored ancestor path)."""
        return bool(self.org_path and org_path and org_path.startswith(self.org_path))

    @property
    def at_root(self) -> bool:
        """Granted at an alliance root (its path names one organisation)."""
        return self.org_path is not None and self.org_path.count("/") == 2

    @property
    def is_staff(self) -> bool:
        return self.role is not None and self.role != Role.patient


@dataclass(frozen=True)
class Policy:
    """Who may call a route. ``roles=None`` means any signed-in user."""

    name: str
    roles: frozenset[Role] | None = None
    public: bool = False
    clinical: bool = False
    during_totp_enrolment: bool = False

    def allows(self, actor: Actor | None) -> bool:
        if self.public:
            return True
        if actor is None:
            return False
        if self.roles is not None and actor.role not in self.roles:
            return False
        return not self.clinical or actor.clinically_verified


def public(name: str) -> Policy:
    return Policy(name, public=True)


def signed_in(name: str, *, during_totp_enrolment: bool = False) -> Policy:
    return Policy(name, during_totp_enrolment=during_totp_enrolment)


def roles(name: str, allowed: Iterable[Role], *, clinical: bool = False) -> Policy:
    return Policy(name, roles=frozenset(allowed), clinical=clinical)


async def _resolve(request: Request, db: AsyncSession) -> Actor | None:
    """Resolved once per request by the identity module's resolver (set on app.state)."""
    actor: Actor | None = await request.app.state.resolve_actor(request, db)
    request.state.actor = actor
    return actor


class NotSignedIn(Unauthenticated):
    """No token at all: refused, but not worth an audit row (every sign-in page load)."""

    audited = False


async def current_actor(request: Request) -> Actor:
    """The actor the route's policy resolved and admitted (route dependencies run first)."""
    actor: Actor | None = getattr(request.state, "actor", None)
    if actor is None:
        raise NotSignedIn()
    return actor


def _enforcer(policy: Policy) -> Callable[..., Any]:
    async def enforce(request: Request, db: AsyncSession = Depends(db_session)) -> None:
        request.state.policy = policy
        if policy.public:
            return
        actor = await _resolve(request, db)
        if actor is None:
            raise NotSignedIn()
        if actor.totp_enrolment_pending and not policy.during_totp_enrolment:
            raise Forbidden(
                "set up two-factor sign-in first",
                code="totp-enrolment-required",
                title_zh="请先设置双因素认证",
                title_en="Two-factor enrolment required",
            )
        if policy.allows(actor):
            return
        if actor.role is None:
            raise Forbidden(
                "the active role grant has expired or was revoked; switch to another",
                code="grant-invalid",
                title_zh="当前角色授权已过期或已撤销",
                title_en="The active role grant is no longer valid",
            )
        if policy.clinical and actor.role in (policy.roles or frozenset()):
            raise Forbidden(
                "real-name verification is required before clinical actions",
                code="not-verified",
                title_zh="尚未完成实名认证，不能执行诊疗操作",
                title_en="Real-name verification required",
            )
        raise Forbidden(f"the role {actor.role} may not {policy.name}")

    return enforce


def app_routes(app: FastAPI) -> Iterable[tuple[str, str, Any]]:
    """Every (method, full path, route) the app serves, through included routers."""
    from fastapi.routing import APIRoute

    # Any: FastAPI's nested include layers carry attributes of private types.
    def walk(routes: Iterable[Any], prefix: str) -> Iterator[tuple[str, str, Any]]:
        for route in routes:
            original = getattr(route, "original_router", None)
            if original is not None:
                yield from walk(original.routes, prefix + route.include_context.prefix)
            elif isinstance(route, APIRoute):
                for method in sorted(route.methods or ()):  # APIRoute sets them: GET by default
                    yield method, prefix + route.path, route
            elif hasattr(route, "path"):
                for method in sorted(getattr(route, "methods", None) or {"*"}):
                    yield method, prefix + route.path, route

    yield from walk(app.routes, "")


def mount(app: FastAPI, router: APIRouter) -> None:
    """Adds a router's routes to the app itself. FastAPI's ``include_router`` keeps a router as a
    nested layer that every request walks route by route through extra indirection; flat routes
    cost 18% less CPU per API request (docs/decisions/0008)."""
    app.router.routes.extend(router.routes)


# Requests are dispatched among the routes that share their first path segments
# (/api/v1/<module>): one dict lookup instead of trying some 45 route patterns in turn.
_INDEX_DEPTH = 3


def _route_key(route: BaseRoute) -> tuple[str, ...] | None | Literal[False]:
    """The first path segments every path the route matches begins with; None when it may
    match paths of any beginning (a parameter or a short mount within them); False when it
    never matches a path that long (an exact path of fewer segments)."""
    from starlette.routing import Mount, Route, WebSocketRoute

    path = getattr(route, "path", None)
    if not isinstance(path, str):
        return None
    segments = path.strip("/").split("/")
    head = segments[:_INDEX_DEPTH]
    literal = len(head) == _INDEX_DEPTH and not any("{" in seg for seg in head)
    if isinstance(route, Mount) and type(route).matches is Mount.matches:
        return tuple(head) if literal else None
    if isinstance(route, Route | WebSocketRoute) and type(route).matches in (
            APIRoute.matches, Route.matches, WebSocketRoute.matches):
        if literal:
            return tuple(head)
        if len(segments) < _INDEX_DEPTH and "{" not in path:
            return False
    return None


def index_routes(app: FastAPI) -> None:
    """Dispatch each request among the routes that can match its first path segments, in
    their order; everything else (a path shorter than that, a beginning no route has, a
    root path, WebSockets) goes through the app's full list as before. Within a group the
    app's own routing runs (the same matching, 405s and redirects), over a view of the router
    that holds only the group (docs/decisions/0016)."""
    import copy

    router = app.router
    if getattr(router, "_low_priority_routes", None):
        return  # routes FastAPI matches after the others: keep its one list
    full = router.middleware_stack
    indexed_count = -1
    views: dict[tuple[str, ...], APIRouter] = {}

    def groups() -> dict[tuple[str, ...], APIRouter]:
        nonlocal indexed_count, views
        if indexed_count != len(router.routes):  # routes added since: index again
            keyed = [(route, _route_key(route)) for route in router.routes]
            fresh = {}
            for key in {k for _, k in keyed if k}:
                view = copy.copy(router)
                view.routes = [r for r, k in keyed if k is None or k == key]
                fresh[key] = view
            indexed_count, views = len(router.routes), fresh
        return views

    async def dispatch(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not scope.get("root_path"):
            parts = scope["path"].split("/", _INDEX_DEPTH + 1)
            if len(parts) > _INDEX_DEPTH:
                view = groups().get(tuple(parts[1:_INDEX_DEPTH + 1]))
                if view is not None:
                    scope.setdefault("router", router)
                    return await view.app(scope, receive, send)
        return await full(scope, receive, send)

    router.middleware_stack = dispatch


class PolicyMissing(TypeError):
    pass


class PolicyRouter(APIRouter):
    """An APIRouter whose every route must name its policy."""

    def api_route(self, path: str, *, policy: Policy | None = None, autocommit: bool = False,
                  **kwargs: Any) -> Callable[[DecoratedCallable], DecoratedCallable]:
        """``autocommit``: the route's only write is the access log, so on PostgreSQL its
        statements run without an explicit transaction (core.deps.db_session)."""
        if not isinstance(policy, Policy):
            raise PolicyMissing(f"route {path} declares no policy")
        deps = [Depends(_enforcer(policy)), *(kwargs.pop("dependencies", None) or [])]
        extra = dict(kwargs.pop("openapi_extra", None) or {})
        extra["x-policy"] = {
            "name": policy.name,
            "public": policy.public,
            "roles": sorted(policy.roles) if policy.roles is not None else None,
            "clinical": policy.clinical,
        }
        responses = {**PROBLEM_RESPONSES, **(kwargs.pop("responses", None) or {})}
        decorator = super().api_route(path, dependencies=deps, openapi_extra=extra,
                                      responses=responses, **kwargs)

        def register(func: DecoratedCallable) -> DecoratedCallable:
            result = decorator(func)
            self.routes[-1].policy = policy  # type: ignore[attr-defined]
            self.routes[-1].autocommit = autocommit  # type: ignore[attr-defined]
            return result

        return register

    def add_api_route(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        deps = kwargs.get("dependencies") or []
        if not any(getattr(d.dependency, "__name__", "") == "enforce" for d in deps):
            raise PolicyMissing(f"route {path} declares no policy")
        super().add_api_route(path, endpoint, **kwargs)

    def get(self, path: str, *, policy: Policy | None = None,
            **kw: Any) -> Callable[[DecoratedCallable], DecoratedCallable]:
        return self.api_route(path, policy=policy, methods=["GET"], **kw)

    def post(self, path: str, *, policy: Policy | None = None,
             **kw: Any) -> Callable[[DecoratedCallable], DecoratedCallable]:
        return self.api_route(path, policy=policy, methods=["POST"], **kw)

    def put(self, path: str, *, policy: Policy | None = None,
            **kw: Any) -> Callable[[DecoratedCallable], DecoratedCallable]:
        return self.api_route(path, policy=policy, methods=["PUT"], **kw)

    def patch(self, path: str, *, policy: Policy | None = None,
              **kw: Any) -> Callable[[DecoratedCallable], DecoratedCallable]:
        return self.api_route(path, policy=policy, methods=["PATCH"], **kw)

    def delete(self, path: str, *, policy: Policy | None = None,
               **kw: Any) -> Callable[[DecoratedCallable], DecoratedCallable]:
        return self.api_route(path, policy=policy, methods=["DELETE"], **kw)

    def websocket(self, *a: Any, **kw: Any) -> NoReturn:
        raise PolicyMissing("websocket routes are registered by the realtime gateway with a policy")
