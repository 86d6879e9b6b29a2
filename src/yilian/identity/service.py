"""Identity rules: sign-in, sessions, second factor, users, grants, patient accounts."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.concurrency import run_in_threadpool

from yilian.alliance import service as alliance
from yilian.core import audit, people
from yilian.core.actorcache import actor_cache
from yilian.core.authz import Actor, Role
from yilian.core.clock import SHANGHAI, Clock, as_utc
from yilian.core.errors import (
    Conflict,
    Forbidden,
    NotFound,
    Problem,
    Unauthenticated,
    ValidationFailed,
)
from yilian.core.pagination import paginate
from yilian.identity import passwords, policy, totp
from yilian.identity.models import (
    TITLE_LABELS,
    LoginThrottle,
    PasswordHistory,
    PatientLink,
    PracticeRegistration,
    Practitioner,
    ProfessionalTitle,
    ProxyRelation,
    RoleGrant,
    Session,
    SessionStage,
    User,
    UserKind,
)
from yilian.identity.schemas import (
    GrantIn,
    GrantOut,
    Me,
    PatientAccountCreate,
    PatientRef,
    PractitionerOut,
    ProxyIn,
    RegistrationOut,
    UserCreate,
    UserGrantOut,
    UserOut,
    UserPatch,
    VerificationIn,
)
from yilian.identity.sessions import create_session, find_pending, grant_is_valid, revoke_sessions
from yilian.patients import service as patients
from yilian.settings import Settings

PATIENT_PASSWORD_MIN = 8


class Locked(Problem):
    status = 429
    code = "locked"
    title_zh = "登录失败次数过多，已临时锁定"
    title_en = "Too many failed sign-ins; temporarily locked"


def _bad_credentials() -> Unauthenticated:
    err = Unauthenticated("wrong user name or password", code="invalid-credentials",
                          title_zh="用户名或密码错误", title_en="Wrong user name or password")
    err.audited = False  # the service writes the richer row itself
    return err


async def _commit_session_change(db: AsyncSession) -> None:
    """Commits a change to what sessions resolve to, then drops every cached resolution."""
    await db.commit()
    await actor_cache.forget_all()


# ---------------------------------------------------------------- throttling


def _throttle_keys(username: str, ip: str | None) -> list[str]:
    return [f"user:{username.strip().lower()}", f"ip:{ip or 'unknown'}"]


async def _locked_until(db: AsyncSession, keys: list[str], now: datetime) -> datetime | None:
    rows = (await db.execute(select(LoginThrottle).where(LoginThrottle.key.in_(keys)))).scalars()
    until = [r.locked_until for r in rows if r.locked_until and r.locked_until > now]
    return max(until) if until else None


async def _count_failure(db: AsyncSession, settings: Settings, keys: list[str], now: datetime) -> None:
    window = timedelta(minutes=settings.lockout_minutes)
    for key in keys:
        row = await db.get(LoginThrottle, key)
        if row is None:
            row = LoginThrottle(key=key, failures=0)
            db.add(row)
        if row.first_failure_at is None or now - row.first_failure_at > window:
            row.failures, row.first_failure_at = 0, now
        row.failures += 1
        if row.failures >= settings.lockout_failures:
            row.locked_until, row.failures, row.first_failure_at = now + window, 0, None


async def _clear_failures(db: AsyncSession, key: str) -> None:
    await db.execute(delete(LoginThrottle).where(LoginThrottle.key == key))


# ---------------------------------------------------------------- sign-in


@dataclass
class SignIn:
    status: str
    user: User | None = None
    token: str | None = None
    csrf: str | None = None


async def _first_valid_grant(db: AsyncSession, user_id: uuid.UUID, now: datetime) -> RoleGrant | None:
    grants = (
        await db.execute(
            select(RoleGrant).where(RoleGrant.user_id == user_id).order_by(RoleGrant.created_at)
        )
    ).scalars()
    return next((g for g in grants if grant_is_valid(g, now)), None)


async def login(
    db: AsyncSession, clock: Clock, settings: Settings, username: str, password: str,
    ip: str | None, user_agent: str | None,
) -> SignIn:
    now = clock.now()
    keys = _throttle_keys(username, ip)
    locked = await _locked_until(db, keys, now)
    if locked:
        await audit.record(db, clock, None, "auth.login", entity_type="user", outcome="denied",
                           ip=ip, detail={"username": username[:64], "reason": "locked"})
        await db.commit()
        raise Locked(f"try again after {locked.isoformat()}", retry_after=locked.isoformat())
    user = (await db.execute(select(User).where(User.username == username))).scalar_one_or_none()
    # A disabled or unknown account is checked against no hash: the same work, always refused.
    stored = user.password_hash if user is not None and user.active else None
    ok = await run_in_threadpool(passwords.verify_password, stored, password)
    if not ok:
        await _count_failure(db, settings, keys, now)
        await audit.record(db, clock, None, "auth.login", entity_type="user",
                           entity_id=user.id if user else None, outcome="failed", ip=ip,
                           detail={"username": username[:64]})
        await db.commit()
        raise _bad_credentials()
    assert user is not None  # a password verifies only against a user's hash
    await _clear_failures(db, keys[0])
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = await run_in_threadpool(passwords.hash_password, password)
    if user.kind == UserKind.staff and user.totp_enabled:
        _, token, _ = await create_session(db, clock, settings, user, grant_id=None,
                                           stage=SessionStage.totp_pending, ip=ip,
                                           user_agent=user_agent)
        await audit.record(db, clock, None, "auth.login.password", entity_type="user",
                           entity_id=user.id, ip=ip, detail={"next": "totp"})
        await db.commit()
        return SignIn("totp_required", user, token)
    return await _open_session(db, clock, settings, user, ip, user_agent, "password")


async def login_totp(
    db: AsyncSession, clock: Clock, settings: Settings, mfa_token: str, code: str,
    ip: str | None, user_agent: str | None,
) -> SignIn:
    pending = await find_pending(db, clock, mfa_token)
    if pending is None:
        raise Unauthenticated("the sign-in step has expired; start again", code="bad-token")
    user = await db.get(User, pending.user_id)
    assert user is not None  # its session's user (foreign key; users are never deleted)
    now = clock.now()
    keys = _throttle_keys(user.username, ip)
    if await _locked_until(db, keys, now):
        raise Locked("too many failed codes")
    step = totp.accepted_step(user.totp_secret or "", code, now, user.totp_last_step)
    if step is None:
        await _count_failure(db, settings, keys, now)
        await audit.record(db, clock, None, "auth.login.totp", entity_type="user",
                           entity_id=user.id, outcome="failed", ip=ip)
        await db.commit()
        err = Unauthenticated("the code is wrong or was already used", code="invalid-totp",
                              title_zh="动态验证码错误", title_en="Wrong verification code")
        err.audited = False
        raise err
    user.totp_last_step = step
    await revoke_sessions(db, clock, "totp-complete", session_id=pending.id)
    await _clear_failures(db, keys[0])
    return await _open_session(db, clock, settings, user, ip, user_agent, "totp")


async def _open_session(
    db: AsyncSession, clock: Clock, settings: Settings, user: User, ip: str | None,
    user_agent: str | None, method: str,
) -> SignIn:
    grant = await _first_valid_grant(db, user.id, clock.now())
    session, token, csrf = await create_session(
        db, clock, settings, user, grant_id=grant.id if grant else None,
        stage=SessionStage.active, ip=ip, user_agent=user_agent,
    )
    await audit.record(db, clock, None, "auth.login", entity_type="user", entity_id=user.id,
                       ip=ip, detail={"method": method, "session": str(session.id)})
    await db.commit()
    return SignIn("ok", user, token, csrf)


async def logout(db: AsyncSession, clock: Clock, actor: Actor) -> None:
    await revoke_sessions(db, clock, "sign-out", session_id=actor.session_id)
    await audit.record(db, clock, actor, "auth.logout", entity_type="user", entity_id=actor.user_id)
    await _commit_session_change(db)


async def switch_grant(db: AsyncSession, clock: Clock, actor: Actor, grant_id: uuid.UUID) -> None:
    grant = await db.get(RoleGrant, grant_id)
    if grant is None or grant.user_id != actor.user_id:
        raise NotFound("no such role grant of yours", code="grant-not-found")
    if not grant_is_valid(grant, clock.now()):
        raise Forbidden("that role grant has expired or was revoked", code="grant-invalid",
                        title_zh="该角色授权已过期或已撤销", title_en="Grant no longer valid")
    session = await db.get(Session, actor.session_id)
    assert session is not None  # the session this request is signed in with
    session.grant_id = grant.id
    await audit.record(db, clock, actor, "auth.switch_grant", entity_type="role_grant",
                       entity_id=grant.id, detail={"role": grant.role.value})
    await _commit_session_change(db)


def _check_password(settings: Settings, user: User, password: str) -> None:
    if user.kind == UserKind.staff:
        problems = passwords.policy_violations(password, user.username, settings.password_min_length)
    else:
        problems = passwords.policy_violations(password, user.username, PATIENT_PASSWORD_MIN)
        problems = [p for p in problems if "three of" not in p]
    if problems:
        raise ValidationFailed(
            "the password does not meet the policy: " + "; ".join(problems),
            errors=[{"field": "password", "message": p} for p in problems],
            code="weak-password", title_zh="密码不符合安全策略", title_en="Password too weak",
        )


async def _set_password(
    db: AsyncSession, clock: Clock, settings: Settings, user: User, password: str
) -> None:
    _check_password(settings, user, password)
    history = (
        await db.execute(
            select(PasswordHistory.password_hash)
            .where(PasswordHistory.user_id == user.id)
            .order_by(PasswordHistory.created_at.desc())
            .limit(settings.password_history)
        )
    ).scalars().all()
    for old in [user.password_hash, *history] if user.password_hash else history:
        if await run_in_threadpool(passwords.verify_password, old, password):
            raise ValidationFailed.field("new_password", "was used recently; choose another")
    new_hash = await run_in_threadpool(passwords.hash_password, password)
    now = clock.now()
    if user.password_hash:
        db.add(PasswordHistory(user_id=user.id, password_hash=user.password_hash, created_at=now))
    user.password_hash, user.password_changed_at = new_hash, now


async def _own_user(db: AsyncSession, actor: Actor) -> User:
    """The signed-in user's row: its session names it, and users are never deleted."""
    user = await db.get(User, actor.user_id)
    assert user is not None
    return user


async def change_password(
    db: AsyncSession, clock: Clock, settings: Settings, actor: Actor, current: str, new: str
) -> None:
    user = await _own_user(db, actor)
    if not await run_in_threadpool(passwords.verify_password, user.password_hash, current):
        raise ValidationFailed.field("current_password", "is wrong")
    try:
        await _set_password(db, clock, settings, user, new)
    except ValidationFailed as err:
        for e in err.errors:
            if e["field"] == "password":
                e["field"] = "new_password"
        raise
    await revoke_sessions(db, clock, "password-change", user_id=user.id, keep=actor.session_id)
    await audit.record(db, clock, actor, "auth.password_change", entity_type="user",
                       entity_id=user.id)
    await _commit_session_change(db)


async def totp_setup(db: AsyncSession, clock: Clock, actor: Actor) -> tuple[str, str]:
    user = await _own_user(db, actor)
    if user.totp_enabled:
        raise Conflict("two-factor sign-in is already on", code="totp-enabled")
    user.totp_secret = totp.new_secret()
    await audit.record(db, clock, actor, "auth.totp_setup", entity_type="user", entity_id=user.id)
    await db.commit()
    return user.totp_secret, totp.provisioning_uri(user.totp_secret, user.username)


async def totp_enable(db: AsyncSession, clock: Clock, actor: Actor, code: str) -> None:
    user = await _own_user(db, actor)
    if user.totp_enabled:
        raise Conflict("two-factor sign-in is already on", code="totp-enabled")
    if not user.totp_secret:
        raise Conflict("set up two-factor sign-in first", code="totp-not-set-up")
    step = totp.accepted_step(user.totp_secret, code, clock.now(), user.totp_last_step)
    if step is None:
        raise ValidationFailed.field("code", "is wrong")
    user.totp_enabled, user.totp_last_step = True, step
    await audit.record(db, clock, actor, "auth.totp_enable", entity_type="user", entity_id=user.id)
    await _commit_session_change(db)


async def step_up(db: AsyncSession, clock: Clock, settings: Settings, actor: Actor,
                  password: str, code: str | None) -> datetime:
    """Re-authentication in the signed-in session: the password and a fresh TOTP code, both
    checked however recent the sign-in; the session is stamped. Failures count toward the
    account's lockout as at sign-in. Where the deployment does not ask staff for a second
    factor (the embedded demo), one who has none confirms with the password alone."""
    user = await _own_user(db, actor)
    now = clock.now()
    keys = _throttle_keys(user.username, actor.ip)
    if await _locked_until(db, keys, now):
        raise Locked("too many failed attempts")
    with_code = bool(user.totp_enabled and user.totp_secret)
    if not with_code and (settings.require_staff_totp or user.kind != UserKind.staff):
        raise Conflict("turn on two-factor sign-in first", code="totp-not-set-up",
                       title_zh="请先开启动态验证码", title_en="Two-factor sign-in is off")
    if with_code and code is None:
        raise ValidationFailed.field("code", "the code from the authenticator app is needed")
    ok = await run_in_threadpool(passwords.verify_password, user.password_hash, password)
    step: int | None = user.totp_last_step
    if ok and with_code:
        assert user.totp_secret is not None and code is not None
        step = totp.accepted_step(user.totp_secret, code, now, user.totp_last_step)
    if not ok or (with_code and step is None):
        await _count_failure(db, settings, keys, now)
        await audit.record(db, clock, actor, "auth.step_up", entity_type="user",
                           entity_id=user.id, outcome="failed")
        await db.commit()
        # 403, not 401: the session stays signed in, only this confirmation failed.
        err = Forbidden("the password or the code is wrong", code="step-up-failed",
                        title_zh="密码或动态验证码错误", title_en="Wrong password or code")
        err.audited = False
        raise err
    user.totp_last_step = step
    session = await db.get(Session, actor.session_id)
    assert session is not None  # the session this request is signed in with
    session.stepped_up_at = now
    await _clear_failures(db, keys[0])
    await audit.record(db, clock, actor, "auth.step_up", entity_type="user", entity_id=user.id,
                       detail={"session": str(session.id),
                               "factors": ["password", "totp"] if with_code else ["password"]})
    await _commit_session_change(db)
    return now


async def stepped_up_within(db: AsyncSession, clock: Clock, actor: Actor, seconds: int) -> bool:
    """Whether the actor re-authenticated in this session within the last ``seconds``."""
    if actor.session_id is None:
        return False
    at = (await db.execute(select(Session.stepped_up_at)
                           .where(Session.id == actor.session_id))).scalar()
    return at is not None and as_utc(at) > clock.now() - timedelta(seconds=seconds)


async def require_step_up(db: AsyncSession, clock: Clock, actor: Actor, seconds: int, *,
                          about: tuple[str, Any, Any]) -> None:
    """An audited 403 ``step-up-required`` unless the actor re-authenticated within
    ``seconds`` (seeing patients, signing a prescription: 实名)."""
    if not await stepped_up_within(db, clock, actor, seconds):
        raise Forbidden("confirm your password and code (实名) first", code="step-up-required",
                        title_zh="请先完成实名验证（密码和动态验证码）",
                        title_en="Re-authenticate first").about(*about)


# ---------------------------------------------------------------- reading people


async def _grants_out(db: AsyncSession, grants: list[RoleGrant]) -> list[GrantOut]:
    names = await alliance.names(db, {g.organisation_id for g in grants})
    return [
        GrantOut(id=g.id, role=g.role, organisation_id=g.organisation_id,
                 organisation_name=names.get(g.organisation_id, ""), valid_from=g.valid_from,
                 valid_until=g.valid_until, revoked_at=g.revoked_at)
        for g in grants
    ]


def _practitioner_out(p: Practitioner | None) -> PractitionerOut | None:
    if p is None:
        return None
    return PractitionerOut(title=p.title, title_label=TITLE_LABELS[p.title][0],
                           licence_no=p.licence_no, verified=p.verified,
                           independent_practice_since=p.independent_practice_since)


async def me(db: AsyncSession, clock: Clock, settings: Settings, actor: Actor) -> Me:
    user = await _own_user(db, actor)
    grants = (
        await db.execute(
            select(RoleGrant).where(RoleGrant.user_id == user.id).order_by(RoleGrant.created_at)
        )
    ).scalars().all()
    now = clock.now()
    usable = [g for g in grants if grant_is_valid(g, now)]
    grants_out = await _grants_out(db, usable)
    active = next((g for g in grants_out if g.id == actor.grant_id), None)
    links = (await db.execute(select(PatientLink).where(PatientLink.user_id == user.id))).scalars().all()
    link_names = await patients.names(db, {link.patient_id for link in links})
    own = next((link for link in links if link.relation == ProxyRelation.self_), None)
    return Me(
        id=user.id,
        username=user.username,
        display_name=user.display_name,
        kind=user.kind,
        totp_enabled=user.totp_enabled,
        totp_required=user.kind == UserKind.staff and settings.require_staff_totp,
        active_grant=active,
        grants=grants_out,
        practitioner=_practitioner_out(await db.get(Practitioner, user.id)),
        patient=PatientRef(id=own.patient_id, name=link_names.get(own.patient_id, ""),
                           relation=own.relation) if own else None,
        proxied_patients=[
            PatientRef(id=link.patient_id, name=link_names.get(link.patient_id, ""),
                       relation=link.relation)
            for link in links
            if link.relation != ProxyRelation.self_ and link.patient_id in actor.patient_ids
        ],
    )


async def _users_out(
    db: AsyncSession, clock: Clock, users: list[User], actor: Actor | None = None
) -> list[UserOut]:
    """The users with their grants, registrations, title, home and lock, in one query each, and
    what ``actor`` may change of each (what the list shows as actions)."""
    ids = [u.id for u in users]
    if not ids:
        return []
    grant_rows = (
        await db.execute(
            alliance.with_organisation(select(RoleGrant), RoleGrant.organisation_id)
            .where(RoleGrant.user_id.in_(ids)).order_by(RoleGrant.created_at, RoleGrant.id)
        )
    ).all()
    homes = {
        user_id: (path, name)
        for user_id, path, name in (
            await db.execute(
                alliance.with_organisation(select(User.id), User.home_organisation_id)
                .where(User.id.in_(ids))
            )
        ).all()
    }
    regs = (
        await db.execute(select(PracticeRegistration).where(PracticeRegistration.user_id.in_(ids)))
    ).scalars().all()
    practitioners = {
        p.user_id: p
        for p in (await db.execute(select(Practitioner).where(Practitioner.user_id.in_(ids))))
        .scalars()
    }
    now = clock.now()
    keys = {_throttle_keys(u.username, None)[0]: u.id for u in users}
    locked = {
        keys[row.key]: row.locked_until
        for row in (
            await db.execute(select(LoginThrottle).where(LoginThrottle.key.in_(keys)))
        ).scalars()
        if row.locked_until and row.locked_until > now
    }
    grants_out = [
        (g.user_id, UserGrantOut(
            id=g.id, role=g.role, organisation_id=g.organisation_id, organisation_name=name,
            valid_from=g.valid_from, valid_until=g.valid_until, revoked_at=g.revoked_at,
            may_revoke=actor is not None and g.revoked_at is None
            and policy.may_revoke(actor, g.role, path, g.user_id),
        ))
        for g, path, name in grant_rows
    ]
    reg_names = await alliance.names(db, {r.organisation_id for r in regs})
    return [
        UserOut(
            id=u.id, username=u.username, display_name=u.display_name, kind=u.kind,
            active=u.active, totp_enabled=u.totp_enabled, locked_until=locked.get(u.id),
            practitioner=_practitioner_out(practitioners.get(u.id)),
            grants=[g for user_id, g in grants_out if user_id == u.id],
            registrations=[
                RegistrationOut(organisation_id=r.organisation_id,
                                organisation_name=reg_names.get(r.organisation_id, ""),
                                primary=r.primary)
                for r in regs if r.user_id == u.id
            ],
            home_organisation_id=u.home_organisation_id,
            home_organisation_name=homes[u.id][1] if u.id in homes else None,
            may_manage_account=actor is not None and u.kind == UserKind.staff
            and policy.manages_account(actor, homes[u.id][0] if u.id in homes else None, u.id),
        )
        for u in users
    ]


async def _user_out(db: AsyncSession, clock: Clock, user: User, actor: Actor | None = None) -> UserOut:
    return (await _users_out(db, clock, [user], actor))[0]


def _staff_in_scope(path: str):
    scope = alliance.ids_under(path)
    return or_(
        User.home_organisation_id.in_(scope),
        User.id.in_(select(RoleGrant.user_id).where(RoleGrant.organisation_id.in_(scope))),
        User.id.in_(
            select(PracticeRegistration.user_id).where(
                PracticeRegistration.organisation_id.in_(scope)
            )
        ),
    )


async def list_users(
    db: AsyncSession, clock: Clock, actor: Actor, *, q: str | None, organisation_id: uuid.UUID | None,
    role: Role | None, cursor: str | None, limit: int,
) -> tuple[list[UserOut], str | None]:
    assert actor.org_path is not None  # ADMINS are staff, granted at an organisation
    stmt = select(User).where(User.kind == UserKind.staff, _staff_in_scope(actor.org_path))
    if q:
        # Literal text: "_" and "%" in a user name are characters, not wildcards.
        text = q.strip()
        stmt = stmt.where(or_(User.username.icontains(text, autoescape=True),
                              User.display_name.icontains(text, autoescape=True)))
    if organisation_id or role:
        grants = select(RoleGrant.user_id).where(RoleGrant.revoked_at.is_(None))
        if organisation_id:
            grants = grants.where(RoleGrant.organisation_id == organisation_id)
        if role:
            grants = grants.where(RoleGrant.role == role)
        stmt = stmt.where(User.id.in_(grants))
    users, next_cursor = await paginate(db, stmt, [User.username, User.id], cursor=cursor,
                                        limit=limit)
    return await _users_out(db, clock, users, actor), next_cursor


async def _user_org_paths(db: AsyncSession, user: User) -> list[str]:
    """Where the user is homed, holds a grant or is registered: what makes them visible."""
    org_ids = set(
        (await db.execute(select(RoleGrant.organisation_id).where(RoleGrant.user_id == user.id)))
        .scalars().all()
    ) | set(
        (
            await db.execute(
                select(PracticeRegistration.organisation_id).where(
                    PracticeRegistration.user_id == user.id
                )
            )
        ).scalars().all()
    )
    if user.home_organisation_id:
        org_ids.add(user.home_organisation_id)
    return [(await alliance.get_organisation(db, oid)).path for oid in org_ids]


async def _staff_user(db: AsyncSession, user_id: uuid.UUID) -> User:
    user = await db.get(User, user_id)
    if user is None or user.kind != UserKind.staff:
        raise NotFound(f"user {user_id} does not exist", code="user-not-found")
    return user


async def _home_path(db: AsyncSession, user: User) -> str | None:
    if user.home_organisation_id is None:
        return None
    return (await alliance.get_organisation(db, user.home_organisation_id)).path


def _refusal(user: User, detail: str, code: str, zh: str, en: str,
             subject_org_id: uuid.UUID | None = None) -> Problem:
    """A 403 about one user, so the audit row of the refusal names the account."""
    return Forbidden(detail, code=code, title_zh=zh, title_en=en).about(
        "user", user.id, subject_org_id or user.home_organisation_id)


def _not_yourself(actor: Actor, user: User) -> None:
    """Nobody administers their own account (nor raises their own rights)."""
    if user.id == actor.user_id:
        raise _refusal(user, "administrators do not change their own account or grants here",
                       "own-account", "不能管理自己的账号或授权", "Not on your own account")


async def _account(db: AsyncSession, actor: Actor, user_id: uuid.UUID) -> User:
    """The user whose whole account ``actor`` is about to change; refused unless the account's
    home organisation is within the actor's scope (docs/decisions/0015). Scope before state."""
    user = await _staff_user(db, user_id)
    _not_yourself(actor, user)
    if not policy.manages_account(actor, await _home_path(db, user), user.id):
        raise _refusal(
            user, "the account belongs to an organisation outside your scope; an administrator "
            "of its home organisation (or above it) changes it", "account-out-of-scope",
            "该账号的所属机构不在您的管理范围内", "The account's home organisation is outside your scope")
    return user


async def get_user(db: AsyncSession, clock: Clock, actor: Actor, user_id: uuid.UUID) -> UserOut:
    user = await _staff_user(db, user_id)
    if user.id != actor.user_id and not policy.sees_user(actor, await _user_org_paths(db, user)):
        raise _refusal(user, "that user works outside your organisations", "out-of-scope",
                       "该用户不在您的管理范围内", "The user is outside your scope")
    return await _user_out(db, clock, user, actor)


# A grant starts within a year of today either way (backdated to record when someone began, or
# arranged ahead), and ends after it starts and after today: the schema bounds the years only.
GRANT_START_WINDOW = timedelta(days=366)


def _check_grant_period(g: GrantIn, now: datetime, prefix: str) -> None:
    if g.valid_from is not None and not (
        now - GRANT_START_WINDOW <= g.valid_from <= now + GRANT_START_WINDOW
    ):
        raise ValidationFailed.field(f"{prefix}valid_from", "within a year of today")
    if g.valid_until is not None and g.valid_until <= max(g.valid_from or now, now):
        raise ValidationFailed.field(f"{prefix}valid_until", "must be after valid_from and today")


async def _check_grant(
    db: AsyncSession, clock: Clock, actor: Actor | None, user_id: uuid.UUID | None, g: GrantIn,
    pending: list[Role], index: int | None = None,
) -> None:
    field = f"grants.{index}" if index is not None else "role"
    org = await alliance.get_organisation(db, g.organisation_id)
    if actor is not None and not policy.may_grant(actor, g.role, org.path):
        refusal = Forbidden(f"you may not grant {g.role} at {org.name}", code="grant-not-allowed")
        raise refusal.about("user", user_id, org.id) if user_id else refusal
    if not org.active:
        raise ValidationFailed.field(f"{field}.organisation_id", "the organisation is deactivated")
    if g.role == Role.patient:
        raise ValidationFailed.field(f"{field}.role", "patients sign in with a patient account")
    _check_grant_period(g, clock.now(), f"grants.{index}." if index is not None else "")
    held = set(pending)
    if user_id is not None:
        now = clock.now()
        rows = (await db.execute(select(RoleGrant).where(RoleGrant.user_id == user_id))).scalars()
        held |= {r.role for r in rows if grant_is_valid(r, now)}
    clash = policy.incompatible_with(g.role, held)
    if clash:
        raise Conflict(f"{g.role} cannot be held together with {clash} (separation of duties)",
                       code="separation-of-duties", title_zh="违反职责分离（审计与管理不可兼任）",
                       title_en="Separation of duties")


def _new_grant(clock: Clock, user_id: uuid.UUID, g: GrantIn, by: uuid.UUID | None) -> RoleGrant:
    now = clock.now()
    return RoleGrant(user_id=user_id, role=g.role, organisation_id=g.organisation_id,
                     valid_from=g.valid_from or now, valid_until=g.valid_until, created_at=now,
                     created_by=by)


async def _check_home(db: AsyncSession, actor: Actor | None, org_id: uuid.UUID,
                      user: User | None = None) -> None:
    """A home organisation the actor administers, and one that still works."""
    org = await alliance.get_organisation(db, org_id)
    if actor is not None and not policy.administers(actor, org.path):
        detail = f"home_organisation_id: {org.name} is outside your scope"
        if user is None:
            raise Forbidden(detail, code="out-of-scope")
        raise _refusal(user, detail, "out-of-scope", "该机构不在您的管理范围内",
                       "The organisation is outside your scope", org.id)
    if not org.active:
        raise ValidationFailed.field("home_organisation_id", "the organisation is deactivated")


async def create_user(
    db: AsyncSession, clock: Clock, settings: Settings, actor: Actor | None, data: UserCreate
) -> User:
    """Staff accounts. ``actor`` is None for the local command line (``yilian admin``)."""
    if actor is not None and not data.grants:
        raise ValidationFailed.field("grants", "give the new user at least one role grant")
    pending: list[Role] = []
    for i, g in enumerate(data.grants):
        await _check_grant(db, clock, actor, None, g, pending, i)
        pending.append(g.role)
    for i, oid in enumerate(data.registrations):
        org = await alliance.get_organisation(db, oid)
        if actor is not None and not policy.administers(actor, org.path):
            raise Forbidden(f"registrations.{i}: {org.name} is outside your scope",
                            code="out-of-scope")
    home_id = data.home_organisation_id or next(
        iter([*data.registrations, *(g.organisation_id for g in data.grants)]), None)
    if home_id is not None:
        await _check_home(db, actor, home_id)
    exists = await db.execute(select(User.id).where(func.lower(User.username) == data.username.lower()))
    if exists.first():
        raise Conflict(f"the user name {data.username} is taken", code="username-taken")
    if data.practitioner and data.practitioner.licence_no:
        dup = await db.execute(
            select(Practitioner.user_id).where(Practitioner.licence_no == data.practitioner.licence_no)
        )
        if dup.first():
            raise Conflict("that licence number belongs to another practitioner",
                           code="licence-taken")
    now = clock.now()
    user = User(username=data.username, display_name=data.display_name, kind=UserKind.staff,
                password_hash="", password_changed_at=now, home_organisation_id=home_id)
    _check_password(settings, user, data.password)
    user.password_hash = await run_in_threadpool(passwords.hash_password, data.password)
    db.add(user)
    await db.flush()
    if data.practitioner:
        _check_practice_since(clock, data.practitioner.independent_practice_since,
                              "practitioner.independent_practice_since")
        db.add(Practitioner(user_id=user.id, title=data.practitioner.title,
                            licence_no=data.practitioner.licence_no,
                            independent_practice_since=data.practitioner.independent_practice_since))
    by = actor.user_id if actor else None
    for g in data.grants:
        db.add(_new_grant(clock, user.id, g, by))
    for i, oid in enumerate(dict.fromkeys(data.registrations)):
        db.add(PracticeRegistration(user_id=user.id, organisation_id=oid, primary=i == 0,
                                    created_at=now))
    await audit.record(db, clock, actor, "user.create", entity_type="user", entity_id=user.id,
                       subject_org_id=home_id,
                       detail={"username": user.username, "roles": [g.role.value for g in data.grants],
                               "home": str(home_id) if home_id else None,
                               "via": "api" if actor else "cli"})
    await db.commit()
    return user


async def patch_user(
    db: AsyncSession, clock: Clock, actor: Actor, user_id: uuid.UUID, data: UserPatch
) -> UserOut:
    user = await _account(db, actor, user_id)
    changes = data.model_dump(exclude_unset=True, exclude_none=True)
    if "home_organisation_id" in changes:
        await _check_home(db, actor, changes["home_organisation_id"], user)
    previous_home = user.home_organisation_id
    for key, value in changes.items():
        setattr(user, key, value)
    if changes.get("active") is False:
        await revoke_sessions(db, clock, "account-disabled", user_id=user.id)
    detail: dict = {k: v for k, v in changes.items() if k == "active"}
    if "home_organisation_id" in changes:
        detail["home"] = str(user.home_organisation_id)
        detail["previous_home"] = str(previous_home) if previous_home else None
    await audit.record(db, clock, actor, "user.update", entity_type="user", entity_id=user.id,
                       subject_org_id=user.home_organisation_id, detail=detail)
    await _commit_session_change(db)
    return await _user_out(db, clock, user, actor)


async def reset_password(
    db: AsyncSession, clock: Clock, settings: Settings, actor: Actor, user_id: uuid.UUID,
    password: str,
) -> UserOut:
    """An administrator sets a new password (the person forgot theirs); every session ends."""
    user = await _account(db, actor, user_id)
    try:
        await _set_password(db, clock, settings, user, password)
    except ValidationFailed as err:
        raise ValidationFailed(
            "; ".join(f"password: {e['message']}" for e in err.errors),
            errors=[{**e, "field": "password"} for e in err.errors],
            code=err.code, title_zh=err.title_zh, title_en=err.title_en,
        ) from None
    await revoke_sessions(db, clock, "password-reset", user_id=user.id)
    await audit.record(db, clock, actor, "user.password_reset", entity_type="user",
                       entity_id=user.id, subject_org_id=user.home_organisation_id)
    await _commit_session_change(db)
    return await _user_out(db, clock, user, actor)


async def reset_totp(
    db: AsyncSession, clock: Clock, actor: Actor, user_id: uuid.UUID
) -> UserOut:
    """The second factor is cleared (a lost phone): the person enrols again at the next sign-in;
    every session ends."""
    user = await _account(db, actor, user_id)
    user.totp_secret, user.totp_enabled = None, False
    await revoke_sessions(db, clock, "totp-reset", user_id=user.id)
    await audit.record(db, clock, actor, "user.totp_reset", entity_type="user", entity_id=user.id,
                       subject_org_id=user.home_organisation_id)
    await _commit_session_change(db)
    return await _user_out(db, clock, user, actor)


async def add_grant(
    db: AsyncSession, clock: Clock, actor: Actor, user_id: uuid.UUID, g: GrantIn
) -> UserOut:
    user = await _staff_user(db, user_id)
    _not_yourself(actor, user)
    await _check_grant(db, clock, actor, user.id, g, [])
    grant = _new_grant(clock, user.id, g, actor.user_id)
    db.add(grant)
    await db.flush()
    await audit.record(db, clock, actor, "grant.create", entity_type="role_grant",
                       entity_id=grant.id, subject_org_id=g.organisation_id,
                       detail={"user": str(user.id), "role": g.role.value,
                               "organisation": str(g.organisation_id)})
    await db.commit()
    return await _user_out(db, clock, user, actor)


async def revoke_grant(
    db: AsyncSession, clock: Clock, actor: Actor, user_id: uuid.UUID, grant_id: uuid.UUID
) -> UserOut:
    user = await _staff_user(db, user_id)
    _not_yourself(actor, user)
    grant = await db.get(RoleGrant, grant_id)
    if grant is None or grant.user_id != user.id:
        raise NotFound("no such grant for that user", code="grant-not-found")
    org = await alliance.get_organisation(db, grant.organisation_id)
    if not policy.may_revoke(actor, grant.role, org.path, user.id):
        raise _refusal(user, "you may not remove that grant", "grant-not-allowed",
                       "无权撤销该授权", "You may not remove that grant", org.id)
    if grant.revoked_at is not None:
        raise Conflict("the grant was already revoked", code="grant-revoked")
    grant.revoked_at, grant.revoked_by = clock.now(), actor.user_id
    await revoke_sessions(db, clock, "grant-removed", grant_id=grant.id)
    await audit.record(db, clock, actor, "grant.revoke", entity_type="role_grant",
                       entity_id=grant.id, subject_org_id=org.id,
                       detail={"user": str(user.id), "role": grant.role.value})
    await _commit_session_change(db)
    return await _user_out(db, clock, user, actor)


def _check_practice_since(clock: Clock, since: date | None, field: str) -> None:
    if since is not None and since > clock.now().astimezone(SHANGHAI).date():
        raise ValidationFailed.field(field, "lies in the future")


async def set_verification(
    db: AsyncSession, clock: Clock, actor: Actor, user_id: uuid.UUID, data: VerificationIn
) -> UserOut:
    user = await _account(db, actor, user_id)
    prac = await db.get(Practitioner, user.id)
    if prac is None:
        raise Conflict("the user is not a practitioner", code="not-a-practitioner")
    detail: dict = {"verified": data.verified}
    if "independent_practice_since" in data.model_fields_set:
        since = data.independent_practice_since
        _check_practice_since(clock, since, "independent_practice_since")
        prac.independent_practice_since = since
        detail["independent_practice_since"] = since.isoformat() if since else None
    prac.verified = data.verified
    prac.verified_at = clock.now() if data.verified else None
    prac.verified_by = actor.user_id if data.verified else None
    await audit.record(db, clock, actor, "practitioner.verification", entity_type="user",
                       entity_id=user.id, subject_org_id=user.home_organisation_id,
                       detail=detail)
    await _commit_session_change(db)
    return await _user_out(db, clock, user, actor)


async def add_registration(
    db: AsyncSession, clock: Clock, actor: Actor, user_id: uuid.UUID,
    organisation_id: uuid.UUID, primary: bool,
) -> UserOut:
    """A practice registration at an organisation in scope, like a grant; marking it the primary
    one speaks for the whole account, so that needs the account's administrator."""
    user = await _staff_user(db, user_id)
    _not_yourself(actor, user)
    org = await alliance.get_organisation(db, organisation_id)
    if not policy.administers(actor, org.path):
        raise _refusal(user, f"{org.name} is outside your scope", "out-of-scope",
                       "该机构不在您的管理范围内", "The organisation is outside your scope", org.id)
    if primary:
        await _account(db, actor, user.id)
    exists = await db.execute(select(PracticeRegistration).where(
        PracticeRegistration.user_id == user.id, PracticeRegistration.organisation_id == org.id))
    if exists.first():
        raise Conflict("already registered there", code="registration-exists")
    db.add(PracticeRegistration(user_id=user.id, organisation_id=org.id, primary=primary,
                                created_at=clock.now()))
    await audit.record(db, clock, actor, "practitioner.registration", entity_type="user",
                       entity_id=user.id, subject_org_id=org.id,
                       detail={"organisation": str(org.id)})
    await db.commit()
    return await _user_out(db, clock, user, actor)


async def unlock(db: AsyncSession, clock: Clock, actor: Actor, user_id: uuid.UUID) -> UserOut:
    user = await _account(db, actor, user_id)
    await _clear_failures(db, _throttle_keys(user.username, None)[0])
    await audit.record(db, clock, actor, "user.unlock", entity_type="user", entity_id=user.id,
                       subject_org_id=user.home_organisation_id)
    await db.commit()
    return await _user_out(db, clock, user, actor)


# ---------------------------------------------------------------- patient accounts


async def create_patient_account(
    db: AsyncSession, clock: Clock, settings: Settings, actor: Actor | None,
    data: PatientAccountCreate,
) -> User:
    patient = await patients.require_in_scope(db, clock, actor, data.patient_id)
    taken = await db.execute(select(User.id).where(func.lower(User.username) == data.username.lower()))
    if taken.first():
        raise Conflict(f"the user name {data.username} is taken", code="username-taken")
    has_account = await db.execute(select(PatientLink.id).where(
        PatientLink.patient_id == patient.id, PatientLink.relation == ProxyRelation.self_))
    if has_account.first():
        raise Conflict("the patient already has an account", code="account-exists")
    now = clock.now()
    user = User(username=data.username, display_name=data.display_name, kind=UserKind.patient,
                password_hash="", password_changed_at=now)
    _check_password(settings, user, data.password)
    user.password_hash = await run_in_threadpool(passwords.hash_password, data.password)
    db.add(user)
    await db.flush()
    db.add(PatientLink(user_id=user.id, patient_id=patient.id, relation=ProxyRelation.self_,
                       may_manage_consent=True, created_at=now))
    await audit.record(db, clock, actor, "patient_account.create", entity_type="user",
                       entity_id=user.id, subject_org_id=patient.home_organisation_id,
                       detail={"patient": str(patient.id)})
    await db.commit()
    return user


async def add_proxy(
    db: AsyncSession, clock: Clock, actor: Actor | None, account_id: uuid.UUID, data: ProxyIn
) -> PatientLink:
    """Link a family member's account to a patient it may act for (a parent for a child, ...)."""
    account = await db.get(User, account_id)
    if account is None or account.kind != UserKind.patient:
        raise NotFound(f"patient account {account_id} does not exist", code="account-not-found")
    patient = await patients.require_in_scope(db, clock, actor, data.patient_id)
    if data.valid_until is not None and data.valid_until <= clock.now():
        raise ValidationFailed.field("valid_until", "is already past: the link would never hold")
    exists = await db.execute(select(PatientLink.id).where(
        PatientLink.user_id == account.id, PatientLink.patient_id == patient.id))
    if exists.first():
        raise Conflict("that account is already linked to the patient", code="link-exists")
    link = PatientLink(user_id=account.id, patient_id=patient.id,
                       relation=ProxyRelation(data.relation),
                       may_manage_consent=data.may_manage_consent, valid_until=data.valid_until,
                       created_at=clock.now())
    db.add(link)
    await db.flush()
    await audit.record(db, clock, actor, "patient_account.proxy", entity_type="patient",
                       entity_id=patient.id, subject_org_id=patient.home_organisation_id,
                       detail={"account": str(account.id), "relation": data.relation})
    await _commit_session_change(db)
    return link


async def display_names(db: AsyncSession, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not ids:
        return {}
    rows = await db.execute(select(User.id, User.display_name).where(User.id.in_(ids)))
    return dict(rows.all())


async def home_organisations(db: AsyncSession, ids: set[uuid.UUID]) -> dict[uuid.UUID, uuid.UUID]:
    """The home organisation of each user who has one (staff)."""
    if not ids:
        return {}
    rows = await db.execute(select(User.id, User.home_organisation_id).where(
        User.id.in_(ids), User.home_organisation_id.is_not(None)))
    return {user: org for user, org in rows.all() if org is not None}


async def patient_accounts(db: AsyncSession, patient_id: uuid.UUID) -> list[uuid.UUID]:
    """The user accounts linked to a patient: their own and their proxies'."""
    return (await accounts_of_patients(db, {patient_id}))[patient_id]


async def accounts_of_patients(db: AsyncSession, patient_ids: set[uuid.UUID]
                               ) -> dict[uuid.UUID, list[uuid.UUID]]:
    """``patient_accounts`` of each patient, in one query."""
    accounts: dict[uuid.UUID, list[uuid.UUID]] = {p: [] for p in patient_ids}
    if patient_ids:
        for patient_id, user_id in await db.execute(
                select(PatientLink.patient_id, PatientLink.user_id)
                .where(PatientLink.patient_id.in_(patient_ids))):
            accounts[patient_id].append(user_id)
    return accounts


async def practitioner_titles(
    db: AsyncSession, user_ids: set[uuid.UUID]
) -> dict[uuid.UUID, ProfessionalTitle | None]:
    """Each user's professional title; None for a user who is not a practitioner."""
    if not user_ids:
        return {}
    rows = await db.execute(select(Practitioner.user_id, Practitioner.title)
                            .where(Practitioner.user_id.in_(user_ids)))
    return dict.fromkeys(user_ids) | dict(rows.all())


# 互联网诊疗管理办法: a doctor of an online clinic has practised independently for 3 years or more.
ONLINE_CLINIC_YEARS = 3


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February: the anniversary falls on 1 March
        return day.replace(year=day.year + years, month=3, day=1)


async def online_clinic_refusal(db: AsyncSession, user_id: uuid.UUID, on: date) -> str | None:
    """Why the user may not hold an online clinic on ``on`` ("not-a-practitioner",
    "not-verified", "practice-too-short"), or None when they may: an active, real-name verified
    practitioner with at least three years of recorded independent practice by then."""
    user = await db.get(User, user_id)
    prac = await db.get(Practitioner, user_id)
    if user is None or not user.active or user.kind != UserKind.staff or prac is None:
        return "not-a-practitioner"
    if not prac.verified:
        return "not-verified"
    since = prac.independent_practice_since
    if since is None or _years_after(since, ONLINE_CLINIC_YEARS) > on:
        return "practice-too-short"
    return None


async def registered_at(db: AsyncSession, user_id: uuid.UUID) -> list[uuid.UUID]:
    """The organisations where the practitioner is registered to practise (多点执业)."""
    rows = await db.execute(select(PracticeRegistration.organisation_id)
                            .where(PracticeRegistration.user_id == user_id))
    return list(rows.scalars())


def titles() -> list[tuple[str, str, str]]:
    return [(t.value, zh, en) for t, (zh, en) in TITLE_LABELS.items()]


@dataclass(frozen=True)
class Holder:
    user_id: uuid.UUID
    name: str
    role: Role
    title: ProfessionalTitle | None
    verified: bool


async def holders(
    db: AsyncSession, clock: Clock, org_id: uuid.UUID, roles: Iterable[Role]
) -> list[Holder]:
    """Active users holding one of ``roles`` at ``org_id`` now (the coordinators to notify, the
    doctors who may be named an expert), with their title and verification."""
    now = clock.now()
    rows = await db.execute(
        select(User.id, User.display_name, RoleGrant.role, Practitioner.title,
               Practitioner.verified)
        .join(RoleGrant, RoleGrant.user_id == User.id)
        .outerjoin(Practitioner, Practitioner.user_id == User.id)
        .where(RoleGrant.organisation_id == org_id, RoleGrant.role.in_(list(roles)),
               RoleGrant.revoked_at.is_(None), RoleGrant.valid_from <= now,
               or_(RoleGrant.valid_until.is_(None), RoleGrant.valid_until > now),
               User.active.is_(True))
        .order_by(User.display_name, User.id)
    )
    seen: dict[uuid.UUID, Holder] = {}
    for user_id, name, role, title, verified in rows.all():
        seen.setdefault(user_id, Holder(user_id, name, role, title, bool(verified)))
    return list(seen.values())


async def _holder_ids(
    db: AsyncSession, clock: Clock, org_id: uuid.UUID, roles: Iterable[Role]
) -> set[uuid.UUID]:
    return {h.user_id for h in await holders(db, clock, org_id, roles)}


# Alliance and patients, which this module imports, name people and check a department head
# through core.people rather than importing this module back.
people.register(people.Directory(display_names=display_names, role_holders=_holder_ids))
