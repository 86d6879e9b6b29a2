"""Request guards that apply before any route: body size, control characters in queries."""

from __future__ import annotations

from urllib.parse import parse_qsl

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from yilian.core.errors import PROBLEM_JSON, Problem, ValidationFailed, preferred_lang
from yilian.core.schemas import CONTROL


async def _refuse(scope: Scope, send: Send, status: int, problem: Problem) -> None:
    headers = dict(scope.get("headers") or [])
    lang = preferred_lang(headers.get(b"accept-language", b"").decode("latin-1"))
    body = problem.body(lang) | {"instance": scope["path"]}
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", PROBLEM_JSON.encode())]})
    await send({"type": "http.response.body", "body": orjson.dumps(body)})


class BodyTooLarge(Problem):
    status = 413
    code = "too-large"
    title_zh = "请求体过大"
    title_en = "Request body too large"


class BodyLimitMiddleware:
    """JSON bodies are small; files arrive through resumable chunked uploads with their own
    limits. A declared length over the limit is refused before reading; an undeclared one
    (Transfer-Encoding: chunked) is counted while it streams, and once it passes the limit the
    answer is the same 413, whatever the app made of the cut-off body: FastAPI turns any error
    while reading a body into 400 ``malformed-body``, so the answer it starts is replaced."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        too_large = BodyTooLarge(f"the body is larger than {self.max_bytes} bytes")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            return await _refuse(scope, send, 413, too_large)
        seen = 0
        exceeded = started = replaced = False

        async def counted() -> Message:
            nonlocal seen, exceeded
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:
                exceeded = True
                raise too_large
            return message

        async def answer(message: Message) -> None:
            nonlocal started, replaced
            if replaced:  # the rest of the app's answer to the body it could not read
                return
            if exceeded and not started:
                started = replaced = True
                return await _refuse(scope, send, 413, too_large)
            started = True
            await send(message)

        try:
            await self.app(scope, counted, answer)
        except Exception:
            if not exceeded or started:
                raise
            started = True
            await _refuse(scope, send, 413, too_large)


class QueryGuardMiddleware:
    """A NUL or other control character in a search term would reach the database (PostgreSQL
    refuses NUL); every query parameter is text typed by a person, so refuse them up front."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope.get("query_string"):
            return await self.app(scope, receive, send)
        pairs = parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True,
                          encoding="utf-8", errors="replace")
        bad = next((name for name, value in pairs if CONTROL.search(name + value)), None)
        if bad is None:
            return await self.app(scope, receive, send)
        problem = ValidationFailed.field(bad, "must not contain control characters")
        await _refuse(scope, send, 422, problem)
