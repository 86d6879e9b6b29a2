"""The ASGI application: composition root of the modules."""

from __future__ import annotations

import asyncio
import gc
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware
from swagger_ui_bundle import swagger_ui_path

import yilian.handlers  # noqa: F401  (every subscriber, job and periodic task the Background runs)
from yilian.core import audit
from yilian.core.actorcache import actor_cache
from yilian.core.authz import PolicyRouter, index_routes, mount, public
from yilian.core.background import Background
from yilian.core.clock import Clock
from yilian.core.crypto import configure_keyring, load_keyring
from yilian.core.db import make_engine, make_sessionmaker, make_statement_sessionmaker
from yilian.core.errors import (
    PROBLEM_JSON,
    MalformedBody,
    NotFound,
    Problem,
    ServerError,
    TooManyRequests,
    ValidationFailed,
    preferred_lang,
)
from yilian.core.guards import BodyLimitMiddleware, QueryGuardMiddleware
from yilian.core.logging import configure_logging, get_logger
from yilian.core.ratelimit import (
    REFUSALS,
    TOO_MANY_REFUSALS,
    RateLimitMiddleware,
    RefusalBudget,
    make_window,
)
from yilian.core.retry import RetryTransactionMiddleware
from yilian.core.static import GZIP_EXCLUDED_TYPES, GZIP_MINIMUM_BYTES, HashedAssets
from yilian.messaging.video import embedded as embedded_sfu
from yilian.settings import Settings

DOCS_ASSETS = "/api/docs/assets"
MAX_JSON_BODY = 1024 * 1024  # JSON bodies; files go through resumable uploads
log = get_logger(__name__)


def _problem_response(request: Request, problem: Problem) -> JSONResponse:
    lang = preferred_lang(request.headers.get("accept-language"))
    body = problem.body(lang)
    body["instance"] = request.url.path
    headers = {"Content-Language": "en" if lang == "en" else "zh-CN"}
    if problem.status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    return JSONResponse(body, status_code=problem.status, media_type=PROBLEM_JSON, headers=headers)


async def _audit_refusal(request: Request, problem: Problem) -> Response | None:
    """A refusal that concerns a record (``problem.audit_entity``) or comes from an identified
    actor is audited in its own transaction: the request's own rolled back. One that concerns
    neither (a forged, malformed or expired token, a CSRF failure before the session is known) is
    counted, not chained: the chain serialises its appends, and a flood of garbage tokens must not
    be the cheapest way to load the server. Past its source's budget of those per minute, the
    answer is 429 instead (docs/decisions/0005). Returns that answer, or None."""
    actor = getattr(request.state, "actor", None)
    if actor is None and problem.audit_entity is None:
        if await request.app.state.refusal_budget.spend(request.scope, request.app.state.ratelimit):
            REFUSALS.labels("429", TooManyRequests.code, "no").inc()
            response = _problem_response(request, TooManyRequests(TOO_MANY_REFUSALS))
            response.headers["Retry-After"] = "60"
            return response
        REFUSALS.labels(str(problem.status), problem.code, "no").inc()
        return None
    REFUSALS.labels(str(problem.status), problem.code, "yes").inc()
    policy = getattr(request.state, "policy", None)
    route = request.scope.get("route")
    route_name = f"{request.method} {route.path_format if route else request.url.path[:64]}"
    entity_type, entity_id = problem.audit_entity or ("route", route_name)
    async with request.app.state.sessionmaker() as db:
        await audit.record(
            db,
            request.app.state.clock,
            actor,
            policy.name if policy else route_name,
            entity_type=entity_type,
            entity_id=entity_id,
            outcome="denied",
            ip=request.client.host if request.client else None,
            subject_org_id=problem.audit_subject_org,
            detail={"code": problem.code, "route": route_name, "path": request.url.path[:200]},
        )
        await db.commit()
    return None


def _field_name(loc: tuple) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header", "cookie")]
    return ".".join(parts) or str(loc[-1] if loc else "body")


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(Problem)
    async def on_problem(request: Request, exc: Problem):
        if exc.audited and (limited := await _audit_refusal(request, exc)) is not None:
            return limited
        return _problem_response(request, exc)

    @app.exception_handler(RequestValidationError)
    async def on_validation(request: Request, exc: RequestValidationError):
        errors = exc.errors()
        if any(e.get("type") == "json_invalid" for e in errors):
            return _problem_response(request, MalformedBody("the body is not valid JSON"))
        fields = [{"field": _field_name(tuple(e.get("loc", ()))), "message": e.get("msg", "")}
                  for e in errors]
        detail = "; ".join(f"{f['field']}: {f['message']}" for f in fields)
        return _problem_response(request, ValidationFailed(detail, errors=fields))

    @app.exception_handler(StarletteHTTPException)
    async def on_http(request: Request, exc: StarletteHTTPException):
        if exc.status_code == 400:
            return _problem_response(request, MalformedBody(str(exc.detail)))
        if exc.status_code == 404:
            return _problem_response(request, NotFound(f"no route {request.url.path}"))
        if exc.status_code == 405:
            return _problem_response(
                request,
                Problem("method not allowed", status=405, code="method-not-allowed",
                        title_zh="不支持该请求方法", title_en="Method not allowed"),
            )
        return _problem_response(request, Problem(str(exc.detail), status=exc.status_code))

    @app.exception_handler(Exception)
    async def on_crash(request: Request, exc: Exception):
        log.exception("unhandled", path=request.url.path)
        return _problem_response(request, ServerError())


def create_app(settings: Settings | None = None, clock: Clock | None = None) -> FastAPI:
    settings = settings or Settings()
    configure_logging(json_logs=settings.log_json)
    configure_keyring(load_keyring(settings))
    engine = make_engine(settings.resolved_database_url, pool_size=settings.db_pool_size,
                         echo=settings.db_echo)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        janus = await asyncio.to_thread(embedded_sfu.start, settings)
        await actor_cache.start(settings.redis_url, settings.session_cache_seconds)
        background = Background(app.state.sessionmaker, app.state.clock, settings)
        await background.start(scheduler=settings.embedded_workers)
        app.state.background = background
        # What start-up built lives as long as the process: keep the collector from walking it
        # again and again (full collections over it were the long tail of request latency).
        gc.freeze()
        yield
        await background.stop()
        await actor_cache.stop()
        await app.state.ratelimit.close()
        await engine.dispose()
        if janus is not None:
            await asyncio.to_thread(janus.stop)

    app = FastAPI(
        title="yilian 医联 API",
        version="0.1.0",
        openapi_url="/api/openapi.json",
        docs_url=None,
        redoc_url=None,
        swagger_ui_oauth2_redirect_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.clock = clock or Clock()
    app.state.engine = engine
    app.state.sessionmaker = make_sessionmaker(engine)
    app.state.statement_sessionmaker = make_statement_sessionmaker(engine)

    from yilian.alliance.api import router as alliance_router
    from yilian.audit.api import router as audit_router
    from yilian.cases.api import router as cases_router
    from yilian.clinic.api import router as clinic_router
    from yilian.clinic.visits.api import router as clinic_visits_router
    from yilian.consultation.api import router as consultation_router
    from yilian.core.gateway import GatewayFirst
    from yilian.core.gateway import router as gateway_router
    from yilian.documents.api import router as documents_router
    from yilian.files.api import router as files_router
    from yilian.followup.api import router as followup_router
    from yilian.identity.api import router as identity_router
    from yilian.identity.sessions import resolve_actor
    from yilian.messaging.conversations.api import router as conversations_router
    from yilian.messaging.notifications.api import router as notifications_router
    from yilian.messaging.video.api import router as video_router
    from yilian.patients.api import router as patients_router
    from yilian.payments.api import router as payments_router
    from yilian.pharmacy.catalogue.api import router as pharmacy_catalogue_router
    from yilian.pharmacy.prescriptions.api import router as prescriptions_router
    from yilian.referral.api import router as referral_router
    from yilian.scheduling.api import router as scheduling_router
    from yilian.workbench.api import router as workbench_router

    app.state.resolve_actor = resolve_actor
    install_error_handlers(app)
    app.state.ratelimit = make_window(settings.redis_url)
    app.state.refusal_budget = RefusalBudget(settings.refusal_rate_limit_per_minute)
    app.add_middleware(RetryTransactionMiddleware,
                       no_retry_content_types=(b"application/offset+octet-stream",))
    app.add_middleware(RateLimitMiddleware, limit_per_minute=settings.auth_rate_limit_per_minute)
    app.add_middleware(QueryGuardMiddleware)
    app.add_middleware(BodyLimitMiddleware, max_bytes=MAX_JSON_BODY)
    # Level 6: nearly level 9's size on JSON for a fraction of the CPU.
    app.add_middleware(GZipMiddleware, minimum_size=GZIP_MINIMUM_BYTES, compresslevel=6,
                       exclude_content_types=GZIP_EXCLUDED_TYPES)
    app.add_middleware(GatewayFirst)  # outermost: realtime connections skip the HTTP layers

    app.mount(DOCS_ASSETS, StaticFiles(directory=swagger_ui_path), name="api-docs-assets")
    for router in (identity_router, alliance_router, patients_router, audit_router, files_router,
                   notifications_router, conversations_router, video_router, gateway_router,
                   documents_router, cases_router, scheduling_router, consultation_router,
                   referral_router, followup_router, workbench_router, clinic_router,
                   clinic_visits_router, payments_router, pharmacy_catalogue_router,
                   prescriptions_router, _ops_router()):
        mount(app, router)
    _mount_web(app, settings.resolved_web_dist)
    index_routes(app)
    return app


def _ops_router() -> PolicyRouter:
    router = PolicyRouter(tags=["ops"])

    @router.get("/healthz", policy=public("check liveness"))
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @router.get("/readyz", policy=public("check readiness"))
    async def readyz(request: Request):
        try:
            async with request.app.state.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
        except Exception:  # the database is down or unreachable: not ready
            return JSONResponse({"status": "unavailable", "database": "down"}, status_code=503)
        return {"status": "ok", "database": "up"}

    @router.get("/api/docs", policy=public("read the API documentation"), include_in_schema=False)
    async def api_docs():
        # Served from the installed swagger-ui-bundle: hospital intranets reach no CDN.
        return get_swagger_ui_html(
            openapi_url="/api/openapi.json", title="yilian 医联 API",
            swagger_js_url=f"{DOCS_ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{DOCS_ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{DOCS_ASSETS}/favicon-32x32.png",
        )

    @router.get("/metrics", policy=public("read metrics"), include_in_schema=False)
    async def metrics() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    return router


def _mount_web(app: FastAPI, dist: Path) -> None:
    """Serve the built SPA at / with history-mode fallback; the API keeps its own 404s."""
    index = dist / "index.html"
    if (dist / "assets").is_dir():
        app.mount("/assets", HashedAssets(directory=dist / "assets"), name="assets")
    router = PolicyRouter(include_in_schema=False)

    # A plain def: its file checks block, so FastAPI runs it in its thread pool.
    @router.get("/{path:path}", policy=public("load the web app"))
    def spa(path: str):
        if path.startswith("api/") or not index.exists():
            raise NotFound(f"no route /{path}")
        candidate = (dist / path).resolve()
        if path and candidate.is_file() and candidate.is_relative_to(dist.resolve()):
            return FileResponse(candidate)
        return FileResponse(index, headers={"Cache-Control": "no-cache"})

    mount(app, router)
