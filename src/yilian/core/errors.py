"""RFC 9457 problem+json errors with a stable type and a zh/en title."""

from __future__ import annotations

from typing import Any

PROBLEM_JSON = "application/problem+json"

# How every 4xx answer is documented in OpenAPI (PolicyRouter adds it to each route; it also
# replaces FastAPI's default 422 ``HTTPValidationError`` entry, which this app never sends).
PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "type": "object",
    "required": ["type", "title", "status", "code"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "title_zh": {"type": "string"},
        "title_en": {"type": "string"},
        "status": {"type": "integer"},
        "code": {"type": "string"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {"type": "array", "items": {"type": "object"}},
    },
}
PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    "4XX": {
        "description": "Problem (RFC 9457)",
        "content": {PROBLEM_JSON: {"schema": PROBLEM_SCHEMA}},
    },
}


class Problem(Exception):
    """An error the client caused or must be told about; never carries a stack trace out."""

    status = 400
    code = "bad-request"
    title_zh = "请求有误"
    title_en = "Bad request"
    audited = False

    def __init__(
        self,
        detail: str | None = None,
        *,
        errors: list[dict[str, str]] | None = None,
        code: str | None = None,
        title_zh: str | None = None,
        title_en: str | None = None,
        status: int | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail or self.title_en)
        self.detail = detail
        self.errors = errors or []
        self.extra = extra
        # What the audit row of a refusal names (never shown to clients): the record the
        # refused request was about, and the organisation that record belongs to.
        self.audit_entity: tuple[str, str] | None = None
        self.audit_subject_org: Any = None
        if code:
            self.code = code
        if title_zh:
            self.title_zh = title_zh
        if title_en:
            self.title_en = title_en
        if status:
            self.status = status

    def about(self, entity_type: str, entity_id: Any, subject_org_id: Any = None) -> Problem:
        """Names the record a refusal concerns, for its audit row."""
        self.audit_entity = (entity_type, str(entity_id))
        self.audit_subject_org = subject_org_id
        return self

    def body(self, lang: str = "zh") -> dict[str, Any]:
        out: dict[str, Any] = {
            "type": f"/problems/{self.code}",
            "title": self.title_en if lang == "en" else self.title_zh,
            "title_zh": self.title_zh,
            "title_en": self.title_en,
            "status": self.status,
            "code": self.code,
        }
        if self.detail:
            out["detail"] = self.detail
        if self.errors:
            out["errors"] = self.errors
        out.update(self.extra)
        return out


class ValidationFailed(Problem):
    status = 422
    code = "validation"
    title_zh = "输入数据不符合要求"
    title_en = "The input is not valid"

    @classmethod
    def field(cls, field: str, message: str) -> ValidationFailed:
        return cls(f"{field}: {message}", errors=[{"field": field, "message": message}])


class MalformedBody(Problem):
    status = 400
    code = "malformed-body"
    title_zh = "请求体格式错误"
    title_en = "The request body is malformed"


class NotFound(Problem):
    status = 404
    code = "not-found"
    title_zh = "未找到"
    title_en = "Not found"


class Conflict(Problem):
    status = 409
    code = "conflict"
    title_zh = "与现有数据冲突"
    title_en = "Conflicts with existing data"


class Unauthenticated(Problem):
    status = 401
    code = "unauthenticated"
    title_zh = "未登录或登录已失效"
    title_en = "Not signed in, or the session has ended"
    audited = True


class Forbidden(Problem):
    status = 403
    code = "forbidden"
    title_zh = "无权执行此操作"
    title_en = "Not allowed"
    audited = True


class TooManyRequests(Problem):
    status = 429
    code = "rate-limited"
    title_zh = "请求过于频繁"
    title_en = "Too many requests"


class ServerError(Problem):
    status = 500
    code = "server-error"
    title_zh = "服务器内部错误"
    title_en = "Internal server error"


def preferred_lang(accept_language: str | None) -> str:
    if accept_language and accept_language.strip().lower().startswith("en"):
        return "en"
    return "zh"
