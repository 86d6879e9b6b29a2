"""Server-side sessions: opaque tokens stored hashed, idle timeout and absolute lifetime.

The resolver turns a request's token (bearer header or HttpOnly cookie) into the actor every
policy decides on. Cookie-authenticated writes must echo the CSRF token (synchroniser token
bound to the session); bearer clients are not exposed to CSRF.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from fastapi import Request, Response, WebSocket
from fastapi.requests import HTTPConnection
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from yilian.alliance import service as alliance
from yilian.core.actorcache import actor_cache
from yilian.core.authz import Actor, Role
from yilian.core.clock import Clock
from yilian.core.crypto import random_token, sha256_hex
from yilian.core.errors import Forbidden, Unauthenticated
from yilian.identity.models import (
    PatientLink,
    Practitioner,
    ProxyRelation,
    RoleGrant,
    Session,
    SessionStage,
    User,
    UserKind,
)
from yilian.settings import Settings

SESSION_COOKIE = "yilian_session"
CSRF_COOKIE = "yilian_csrf"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
TOTP_PENDING_LIFETIME = timedelta(minutes=5)
# last_seen_at is written at most this often: the idle timeout is counted in minutes anyway.
TOUCH_EVERY = timedelta(seconds=60)


def grant_window_open(
    valid_from: datetime, valid_until: datetime | None, revoked_at: datetime | None, now: datetime
) -> bool:
    return revoked_at is None and valid_from <= now and (valid_until is None or valid_until > now)


def grant_is_valid(grant: RoleGrant | None, now: datetime) -> bool:
    return grant is not None and grant_window_open(
        grant.valid_from, grant.valid_until, grant.revoked_at, now
    )


async def create_session(
    db: AsyncSession,
    clock: Clock,
    settings: Settings,
    user: User,
    *,
    grant_id: uuid.UUID | None,
    stage: SessionStage,
    ip: str | None,
    user_agent: str | None,
) -> tuple[Session, str, str]:
    now = clock.now()
    token, csrf = random_token(), random_token(18)
    lifetime = (
        TOTP_PENDING_LIFETIME
        if stage == SessionStage.totp_pending
        else timedelta(hours=settings.session_absolute_hours)
    )
    session = Session(
        token_hash=sha256_hex(token),
        csrf_hash=sha256_hex(csrf),
        user_id=user.id,
        grant_id=grant_id,
        stage=stage,
        created_at=now,
        last_seen_at=now,
        expires_at=now + lifetime,
        ip=ip,
        user_agent=(user_agent or "")[:200] or None,
    )
    db.add(session)
    await db.flush()
    return session, token, csrf


async def find_pending(db: AsyncSession, clock: Clock, token: str) -> Session | None:
    session = (
        await db.execute(select(Session).where(Session.token_hash == sha256_hex(token or "")))
    ).scalar_one_or_none()
    if (
        session is None
        or session.stage != SessionStage.totp_pending
        or session.revoked_at is not None
        or session.expires_at <= clock.now()
    ):
        return None
    return session


async def revoke_sessions(
    db: AsyncSession,
    clock: Clock,
    reason: str,
    *,
    session_id: uuid.UUID | None = None,
    user_id: uuid.UUID | None = None,
    grant_id: uuid.UUID | None = None,
    keep: uuid.UUID | None = None,
) -> None:
    stmt = update(Session).where(Session.revoked_at.is_(None))
    if session_id is not None:
        stmt = stmt.where(Session.id == session_id)
    if user_id is not None:
        stmt = stmt.where(Session.user_id == user_id)
    if grant_id is not None:
        stmt = stmt.where(Session.grant_id == grant_id)
    if keep is not None:
        stmt = stmt.where(Session.id != keep)
    await db.execute(stmt.values(revoked_at=clock.now(), revoke_reason=reason))


def set_session_cookies(response: Response, settings: Settings, token: str, csrf: str) -> None:
    max_age = settings.session_absolute_hours * 3600
    response.set_cookie(SESSION_COOKIE, token, max_age=max_age, httponly=True, samesite="strict",
                        secure=settings.cookie_secure, path="/")
    response.set_cookie(CSRF_COOKIE, csrf, max_age=max_age, httponly=False, samesite="strict",
                        secure=settings.cookie_secure, path="/")


def clear_session_cookies(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(CSRF_COOKIE, path="/")


def request_token(request: HTTPConnection) -> tuple[str | None, bool]:
    """The presented token and whether it came as a bearer header."""
    auth = request.headers.get("authorization")
    if auth:
        scheme, _, value = auth.partition(" ")
        if scheme.lower() != "bearer" or not value.strip():
            raise Unauthenticated("the Authorization header must be 'Bearer <token>'",
                                  code="bad-token")
        return value.strip(), True
    return request.cookies.get(SESSION_COOKIE), False


# Columns, not entities: this runs on every request, and building ORM objects is its main cost.
# The grant's organisation (path and level, last) is joined in by the alliance module.
_SESSION_QUERY = alliance.with_organisation_scope(
    select(
        Session.id, Session.stage, Session.revoked_at, Session.expires_at, Session.last_seen_at,
        Session.csrf_hash, User.id, User.username, User.kind, User.active, User.totp_enabled,
        RoleGrant.id, RoleGrant.role, RoleGrant.organisation_id, RoleGrant.valid_from,
        RoleGrant.valid_until, RoleGrant.revoked_at, Practitioner.verified,
    )
    .join(User, User.id == Session.user_id)
    .outerjoin(RoleGrant, RoleGrant.id == Session.grant_id)
    .outerjoin(Practitioner, Practitioner.user_id == User.id),
    RoleGrant.organisation_id,
)


async def resolve_actor(request: Request | WebSocket, db: AsyncSession) -> Actor | None:
    token, bearer = request_token(request)
    if not token:
        return None
    websocket = isinstance(request, WebSocket)
    return await actor_for_token(
        db, request.app.state.clock, request.app.state.settings, token,
        ip=request.client.host if request.client else None,
        # A WebSocket has no method; the gateway checks its Origin instead of a CSRF header.
        csrf_required=(not bearer and isinstance(request, Request)
                       and request.method not in SAFE_METHODS),
        csrf_presented=request.headers.get(CSRF_HEADER),
        # An open socket and its heartbeats are not the user at work: they must not keep the
        # session from idling out (等保三级 session timeout); the gateway re-checks and closes.
        touch=not websocket,
    )


@dataclass
class _Resolved:
    """What a session token resolves to in the database (cached briefly, see core.actorcache)."""

    session_id: uuid.UUID
    stage: SessionStage
    revoked_at: datetime | None
    expires_at: datetime
    last_seen_at: datetime
    csrf_hash: str
    user_id: uuid.UUID
    username: str
    kind: UserKind
    active: bool
    totp_enabled: bool
    grant_id: uuid.UUID | None
    role: Role | None
    grant_org_id: uuid.UUID | None
    valid_from: datetime | None
    valid_until: datetime | None
    grant_revoked_at: datetime | None
    verified: bool | None
    org_path: str | None
    org_level: str | None
    # A patient account's links: (patient id, relation, may manage consent, valid until).
    links: list[tuple[uuid.UUID, ProxyRelation, bool, datetime | None]] = field(
        default_factory=list)


async def _resolve(db: AsyncSession, token_hash: str) -> _Resolved | None:
    row = (await db.execute(_SESSION_QUERY.where(Session.token_hash == token_hash))).first()
    if row is None:
        return None
    resolved = _Resolved(*row)
    if resolved.kind == UserKind.patient:
        resolved.links = [
            (patient_id, relation, manage, until)
            for patient_id, relation, manage, until in await db.execute(
                select(PatientLink.patient_id, PatientLink.relation,
                       PatientLink.may_manage_consent, PatientLink.valid_until)
                .where(PatientLink.user_id == resolved.user_id)
            )
        ]
    return resolved


async def actor_for_token(
    db: AsyncSession, clock: Clock, settings: Settings, token: str, *, ip: str | None,
    csrf_required: bool = False, csrf_presented: str | None = None, touch: bool = True,
) -> Actor:
    now = clock.now()
    key = sha256_hex(token)
    r = await actor_cache.get_or_load(key, lambda: _resolve(db, key))
    if r is None:
        raise Unauthenticated("the session token is not known", code="bad-token")
    if r.stage != SessionStage.active:
        raise Unauthenticated("sign-in is not complete", code="bad-token")
    if r.revoked_at is not None:
        raise Unauthenticated("the session was ended", code="session-ended")
    idle_limit = timedelta(minutes=settings.session_idle_minutes)
    if r.expires_at <= now or r.last_seen_at + idle_limit <= now:
        raise Unauthenticated("the session has expired", code="session-expired")
    if not r.active:
        raise Unauthenticated("the account is disabled", code="account-disabled")
    if csrf_required and (not csrf_presented or sha256_hex(csrf_presented) != r.csrf_hash):
        raise Forbidden("missing or wrong CSRF token", code="csrf",
                        title_zh="缺少或错误的防跨站请求令牌", title_en="CSRF check failed")
    if touch and now - r.last_seen_at >= TOUCH_EVERY:
        # Marked first, so that the requests this process serves meanwhile do not all write it.
        r.last_seen_at = now
        await db.execute(update(Session).where(Session.id == r.session_id).values(last_seen_at=now))
        await db.commit()

    if r.kind == UserKind.patient:
        links = [(pid, rel, manage) for pid, rel, manage, until in r.links
                 if until is None or until > now]
        return Actor(
            user_id=r.user_id, username=r.username, session_id=r.session_id, role=Role.patient,
            patient_ids=frozenset(pid for pid, _, _ in links),
            own_patient_id=next((pid for pid, rel, _ in links if rel == ProxyRelation.self_), None),
            consent_patient_ids=frozenset(pid for pid, _, manage in links if manage), ip=ip,
        )
    valid = r.grant_id is not None and grant_window_open(
        r.valid_from, r.valid_until, r.grant_revoked_at, now
    )
    return Actor(
        user_id=r.user_id,
        username=r.username,
        session_id=r.session_id,
        grant_id=r.grant_id if valid else None,
        role=r.role if valid else None,
        org_id=r.grant_org_id if valid else None,
        org_path=r.org_path if valid else None,
        org_level=str(r.org_level) if valid and r.org_level else None,
        clinically_verified=bool(r.verified),
        ip=ip,
        totp_enrolment_pending=settings.require_staff_totp and not r.totp_enabled,
    )
