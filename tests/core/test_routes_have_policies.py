"""No route without a declared policy: the app refuses to register one, and this test looks."""

from __future__ import annotations

import pytest

from yilian.core.authz import Policy, PolicyMissing, PolicyRouter, app_routes

# Served by FastAPI itself: the OpenAPI document (public by design) and the documentation
# page's static files.
FRAMEWORK = {"/api/openapi.json", "/api/docs/assets"}


def test_every_route_of_the_app_declares_a_policy(app):
    missing = [
        f"{method} {path}"
        for method, path, route in app_routes(app)
        if path not in FRAMEWORK and not isinstance(getattr(route, "policy", None), Policy)
    ]
    assert missing == []
    assert len(list(app_routes(app))) > 30


def test_registering_a_route_without_a_policy_is_impossible():
    router = PolicyRouter()
    with pytest.raises(PolicyMissing):
        router.get("/unguarded")
    with pytest.raises(PolicyMissing):
        router.add_api_route("/unguarded", lambda: None, methods=["GET"])


def test_openapi_documents_each_policy(app):
    doc = app.openapi()
    ops = [op for item in doc["paths"].values() for op in item.values()]
    assert ops and all("x-policy" in op for op in ops)


async def test_interactive_docs_load_nothing_from_the_internet(client):
    page = await client.get("/api/docs")
    assert page.status_code == 200 and "/api/docs/assets/swagger-ui-bundle.js" in page.text
    assert "http://" not in page.text and "https://" not in page.text
    script = await client.get("/api/docs/assets/swagger-ui-bundle.js")
    assert script.status_code == 200 and len(script.content) > 100_000


def test_every_route_name_fits_the_audit_entry_of_its_refusals(app):
    """A refusal is audited under "METHOD /path/{param}"; a name the column cannot hold made
    PostgreSQL refuse the audit row, and the refusal a 500."""
    from yilian.core.audit import AuditEntry

    room = min(AuditEntry.__table__.c.action.type.length, AuditEntry.__table__.c.entity_id.type.length)
    too_long = [f"{m} {p}" for m, p, _ in app_routes(app) if len(f"{m} {p}") > room]
    assert too_long == []
