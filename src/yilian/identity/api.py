"""Identity routes: sign-in, own account, user and grant administration, patient accounts."""

from __future__ import annotations

import uuid

from fastapi import Depends, Query, Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from yilian.core.authz import (
    ADMIN_ROLES,
    API_PREFIX,
    Actor,
    PolicyRouter,
    Role,
    current_actor,
    public,
    roles,
    signed_in,
)
from yilian.core.clock import Clock
from yilian.core.deps import client_ip, clock, db_session, settings
from yilian.core.pagination import Page
from yilian.identity import service
from yilian.identity.schemas import (
    LoginIn,
    LoginOut,
    Me,
    PasswordChangeIn,
    PasswordResetIn,
    PatientAccountCreate,
    ProxyIn,
    RegistrationIn,
    StepUpIn,
    StepUpOut,
    SwitchGrantIn,
    TitleOut,
    TotpEnableIn,
    TotpLoginIn,
    TotpSetupOut,
    UserCreate,
    UserOut,
    UserPatch,
    VerificationIn,
)
from yilian.identity.sessions import actor_for_token, clear_session_cookies, set_session_cookies
from yilian.settings import Settings

router = PolicyRouter(prefix=API_PREFIX, tags=["identity"])
ADMINS = roles("administer users", ADMIN_ROLES)
PATIENT_ACCOUNT_ADMINS = roles(
    "manage patient accounts", ADMIN_ROLES | {Role.nurse, Role.family_doctor, Role.grassroots_doctor}
)


async def _signed_in_out(
    db: AsyncSession, clk: Clock, cfg: Settings, response: Response, result: service.SignIn,
    token_in_body: bool,
) -> LoginOut:
    assert result.token is not None and result.csrf is not None  # a completed sign-in has both
    set_session_cookies(response, cfg, result.token, result.csrf)
    actor = await actor_for_token(db, clk, cfg, result.token, ip=None)
    out = LoginOut(status="ok", me=await service.me(db, clk, cfg, actor), csrf_token=result.csrf)
    if token_in_body:
        out.token = result.token
    return out


@router.post("/auth/login", policy=public("sign in"), response_model=LoginOut,
             response_model_exclude_none=True)
async def login(
    body: LoginIn, request: Request, response: Response,
    db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
    cfg: Settings = Depends(settings),
):
    result = await service.login(db, clk, cfg, body.username, body.password, client_ip(request),
                                 request.headers.get("user-agent"))
    if result.status == "totp_required":
        return LoginOut(status="totp_required", mfa_token=result.token)
    return await _signed_in_out(db, clk, cfg, response, result, body.token_in_body)


@router.post("/auth/login/totp", policy=public("complete sign-in with a code"),
             response_model=LoginOut, response_model_exclude_none=True)
async def login_totp(
    body: TotpLoginIn, request: Request, response: Response,
    db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
    cfg: Settings = Depends(settings),
):
    result = await service.login_totp(db, clk, cfg, body.mfa_token, body.code, client_ip(request),
                                      request.headers.get("user-agent"))
    return await _signed_in_out(db, clk, cfg, response, result, body.token_in_body)


@router.post("/auth/logout", policy=signed_in("sign out", during_totp_enrolment=True),
             status_code=204)
async def logout(
    response: Response, actor: Actor = Depends(current_actor),
    db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
):
    await service.logout(db, clk, actor)
    clear_session_cookies(response)
    response.status_code = 204
    return response


@router.get("/auth/me", policy=signed_in("read own account", during_totp_enrolment=True),
            response_model=Me)
async def me(
    actor: Actor = Depends(current_actor), db: AsyncSession = Depends(db_session),
    clk: Clock = Depends(clock), cfg: Settings = Depends(settings),
):
    return await service.me(db, clk, cfg, actor)


@router.post("/auth/switch-grant", policy=signed_in("switch the active role"), response_model=Me)
async def switch_grant(
    body: SwitchGrantIn, request: Request, actor: Actor = Depends(current_actor),
    db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
    cfg: Settings = Depends(settings),
):
    await service.switch_grant(db, clk, actor, body.grant_id)
    fresh = await request.app.state.resolve_actor(request, db)
    return await service.me(db, clk, cfg, fresh)


@router.post("/auth/password", policy=signed_in("change own password", during_totp_enrolment=True),
             status_code=204)
async def change_password(
    body: PasswordChangeIn, actor: Actor = Depends(current_actor),
    db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
    cfg: Settings = Depends(settings),
):
    await service.change_password(db, clk, cfg, actor, body.current_password, body.new_password)
    return Response(status_code=204)


@router.post("/auth/totp/setup", policy=signed_in("set up two-factor", during_totp_enrolment=True),
             response_model=TotpSetupOut)
async def totp_setup(
    actor: Actor = Depends(current_actor), db: AsyncSession = Depends(db_session),
    clk: Clock = Depends(clock),
):
    secret, uri = await service.totp_setup(db, clk, actor)
    return TotpSetupOut(secret=secret, otpauth_uri=uri)


@router.post("/auth/totp/enable", policy=signed_in("turn on two-factor", during_totp_enrolment=True),
             response_model=Me)
async def totp_enable(
    body: TotpEnableIn, request: Request, actor: Actor = Depends(current_actor),
    db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
    cfg: Settings = Depends(settings),
):
    await service.totp_enable(db, clk, actor, body.code)
    fresh = await request.app.state.resolve_actor(request, db)
    return await service.me(db, clk, cfg, fresh)


@router.post("/auth/step-up", policy=signed_in("re-authenticate before an online clinic"),
             response_model=StepUpOut)
async def step_up(
    body: StepUpIn, actor: Actor = Depends(current_actor), db: AsyncSession = Depends(db_session),
    clk: Clock = Depends(clock), cfg: Settings = Depends(settings),
):
    return StepUpOut(stepped_up_at=await service.step_up(db, clk, cfg, actor, body.password,
                                                         body.code))


@router.get("/practitioner-titles", policy=signed_in("read professional titles"),
            response_model=list[TitleOut])
async def practitioner_titles():
    return [TitleOut(code=c, label_zh=zh, label_en=en) for c, zh, en in service.titles()]


@router.get("/users", policy=ADMINS, response_model=Page[UserOut])
async def list_users(
    q: str | None = Query(None, max_length=64),
    organisation_id: uuid.UUID | None = None,
    role: Role | None = None,
    cursor: str | None = Query(None, max_length=500),
    limit: int = Query(50, ge=1, le=200),
    actor: Actor = Depends(current_actor), db: AsyncSession = Depends(db_session),
    clk: Clock = Depends(clock),
):
    items, nxt = await service.list_users(db, clk, actor, q=q, organisation_id=organisation_id,
                                          role=role, cursor=cursor, limit=limit)
    return Page(items=items, next_cursor=nxt)


@router.post("/users", policy=ADMINS, response_model=UserOut, status_code=201)
async def create_user(
    body: UserCreate, actor: Actor = Depends(current_actor),
    db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
    cfg: Settings = Depends(settings),
):
    user = await service.create_user(db, clk, cfg, actor, body)
    return await service.get_user(db, clk, actor, user.id)


@router.get("/users/{user_id}", policy=signed_in("read a user"), response_model=UserOut)
async def get_user(
    user_id: uuid.UUID, actor: Actor = Depends(current_actor),
    db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
):
    return await service.get_user(db, clk, actor, user_id)


@router.patch("/users/{user_id}", policy=ADMINS, response_model=UserOut)
async def patch_user(
    user_id: uuid.UUID, body: UserPatch, actor: Actor = Depends(current_actor),
    db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
):
    return await service.patch_user(db, clk, actor, user_id, body)


@router.post("/users/{user_id}/grants", policy=ADMINS, response_model=UserOut, status_code=201)
async def add_grant(
    user_id: uuid.UUID, body: service.GrantIn, actor: Actor = Depends(current_actor),
    db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
):
    return await service.add_grant(db, clk, actor, user_id, body)


@router.post("/users/{user_id}/grants/{grant_id}/revoke", policy=ADMINS, response_model=UserOut)
async def revoke_grant(
    user_id: uuid.UUID, grant_id: uuid.UUID, actor: Actor = Depends(current_actor),
    db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
):
    return await service.revoke_grant(db, clk, actor, user_id, grant_id)


@router.post("/users/{user_id}/verification", policy=ADMINS, response_model=UserOut)
async def set_verification(
    user_id: uuid.UUID, body: VerificationIn, actor: Actor = Depends(current_actor),
    db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
):
    return await service.set_verification(db, clk, actor, user_id, body)


@router.post("/users/{user_id}/registrations", policy=ADMINS, response_model=UserOut,
             status_code=201)
async def add_registration(
    user_id: uuid.UUID, body: RegistrationIn, actor: Actor = Depends(current_actor),
    db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
):
    return await service.add_registration(db, clk, actor, user_id, body.organisation_id,
                                          body.primary)


@router.post("/users/{user_id}/unlock", policy=ADMINS, response_model=UserOut)
async def unlock(
    user_id: uuid.UUID, actor: Actor = Depends(current_actor),
    db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
):
    return await service.unlock(db, clk, actor, user_id)


@router.post("/users/{user_id}/password-reset", policy=ADMINS, response_model=UserOut)
async def reset_password(
    user_id: uuid.UUID, body: PasswordResetIn, actor: Actor = Depends(current_actor),
    db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
    cfg: Settings = Depends(settings),
):
    return await service.reset_password(db, clk, cfg, actor, user_id, body.password)


@router.post("/users/{user_id}/totp-reset", policy=ADMINS, response_model=UserOut)
async def reset_totp(
    user_id: uuid.UUID, actor: Actor = Depends(current_actor),
    db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
):
    return await service.reset_totp(db, clk, actor, user_id)


@router.post("/patient-accounts", policy=PATIENT_ACCOUNT_ADMINS, status_code=201)
async def create_patient_account(
    body: PatientAccountCreate, actor: Actor = Depends(current_actor),
    db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
    cfg: Settings = Depends(settings),
) -> dict[str, uuid.UUID]:
    user = await service.create_patient_account(db, clk, cfg, actor, body)
    return {"id": user.id, "patient_id": body.patient_id}


@router.post("/patient-accounts/{account_id}/proxies", policy=PATIENT_ACCOUNT_ADMINS,
             status_code=201)
async def add_proxy(
    account_id: uuid.UUID, body: ProxyIn, actor: Actor = Depends(current_actor),
    db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
) -> dict[str, uuid.UUID]:
    link = await service.add_proxy(db, clk, actor, account_id, body)
    return {"id": link.id, "patient_id": link.patient_id}
