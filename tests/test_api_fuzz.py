"""Schemathesis over the OpenAPI document (/api/openapi.json): generated input for every operation,
sent in-process to the app by a signed-in user (DESIGN.md §5 "Errors", §8 "Bad input").

Asserted for every response:

* no 5xx, and no exception escaping the app;
* every 4xx is ``application/problem+json`` with ``type``, ``title``, ``status`` (equal to the HTTP
  status) and ``code``;
* a signed-in user is never answered 401 (except by the sign-in endpoints themselves): no input
  may end the session behind the user's back;
* schemathesis's response checks listed in ``CHECKS`` (why these and not the others: see there).

Two tests: as an ordinary user (the village doctor: most admin operations are refused, so this
mostly exercises input validation, scope checks and the clinical record), and as the alliance
admin (so that the admin operations also run their handlers with generated input). Each gets its
own database (``app`` + ``world`` fixtures).

How it runs: schemathesis's pytest integration wants the schema at import time and calls the
app through its own ASGI client (a Starlette TestClient, i.e. another event loop), which does not
mix with the async ``app``/``world`` fixtures (an asyncpg pool belongs to one loop). So the test
loads the document from the app, and for each operation and generation mode runs a Hypothesis
test built from ``operation.as_strategy(...)`` in a worker thread; each case is serialised by
schemathesis, sent through the conftest ``client`` (httpx ASGI transport) on the test's own loop,
and the response goes back to ``case.validate_response``. Failures are collected, not raised, so a
run lists every failing operation at once; the test fails at the end with all of them.

Edge cases: half of the positive cases get one value replaced by an edge case of its kind
(``plant_edge``): a time at the ends of the range or without its zone, a day in year 1 or 9999,
an empty, blank, 10,000-character, right-to-left, emoji or LIKE-wildcard string, an integer past
64 bits. Schemathesis draws values the schema allows, which rarely reach those edges on their own.

Bounded, per backend: ``examples(backend)`` per operation and generation mode (positive and
negative), ``derandomize=True`` (the same cases every run), no deadline, no shrinking, no example
database. PostgreSQL gets the deep pass (100 per mode: 200 per operation): it is where type,
range and length errors surface (asyncpg is strict where SQLite is not), and CI runs it
(YILIAN_TEST_DATABASE_URL). SQLite gets a quick pass (25 per mode): the same code paths, fewer
of the errors. YILIAN_FUZZ_EXAMPLES overrides both.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.factories import World
from yilian.core.errors import PROBLEM_JSON

EXAMPLES = {"postgresql": 100, "sqlite": 25}  # per operation and generation mode


def examples(backend: str) -> int:
    """YILIAN_FUZZ_EXAMPLES=400 for a deeper run by hand."""
    return int(os.environ.get("YILIAN_FUZZ_EXAMPLES") or EXAMPLES[backend])


MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
BASE_URL = "http://yilian.test"
SIGN_IN = ("POST /api/v1/auth/login", "POST /api/v1/auth/login/totp")

# Schemathesis checks enabled:
#   not_a_server_error            - the main goal (also asserted directly, with the traceback).
#   status_code_conformance       - 2xx as documented; every 4xx is documented as "4XX" problem.
#   content_type_conformance      - application/json for 2xx, application/problem+json for 4xx.
#   response_schema_conformance   - 2xx bodies match the response models; 4xx the Problem schema.
#   response_headers_conformance  - documented response headers (none today; cheap to keep).
#   negative_data_rejection       - input that violates the schema must not be accepted (2xx).
# Not enabled (known-incompatible here):
#   positive_data_acceptance      - expects 2xx for schema-valid input; an ordinary user is
#                                   rightly refused admin operations, and random ids are 404.
#   ignored_auth                  - needs securitySchemes in the document; there are none (the
#                                   bearer token is checked by each route's policy). The 401 of
#                                   an unauthenticated request is covered by the permission matrix.
#   use_after_free, ensure_resource_availability, object_level_authorization - stateful: they
#                                   need recorded call sequences / several identities.
#   missing_required_header, unsupported_method, allow_header_conformance - coverage-phase probes
#                                   that re-send requests through schemathesis's own transport.
#   max_response_time             - timing; never asserted in tests.
# negative_data_rejection takes 413 as a rejection too: a generated Content-Length header can
# declare more than the body limit, and that is refused (413 too-large) before anything else.
CONFIG = SchemathesisConfig.from_str("""
[checks.negative_data_rejection]
expected-statuses = [400, 401, 403, 404, 405, 406, 409, 413, 415, 422, 428, 429, "5xx"]
""")
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
    negative_data_rejection,
]

# Known ids for path parameters, so that positive cases also reach the code behind the 404s.
SEEDS: dict[str, Callable[[World], list]] = {
    "patient_id": lambda w: list(w.patients.values()),
    "org_id": lambda w: [o.id for o in w.orgs.values()],
    "organisation_id": lambda w: [o.id for o in w.orgs.values()],
    "user_id": lambda w: list(w.users.values()),
    "account_id": lambda w: list(w.users.values()),
    "grant_id": lambda w: list(w.grants.values()),
}


# Edge cases planted into generated requests (see the module's docstring).
DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATE_TIME_EDGES = [
    "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00Z",
    "9999-12-31T23:59:59.999999Z", "2026-11-24T10:00:00", "1899-12-31T23:59:59Z",
    "2100-01-01T00:00:00Z", "2099-12-31T23:59:59-14:00", "1900-01-01T00:00:00+14:00",
    "2026-02-29T00:00:00+08:00", "2028-02-29T23:59:59+08:00", "2026-11-24T10:00:00+23:59",
    "2026-11-24T10:00:00.123456789Z", "2026-11-24T10:00:60Z", "1764000000",
]
DATE_EDGES = ["0001-01-01", "9999-12-31", "1899-12-31", "2100-01-01", "2026-02-29", "2028-02-29",
              "1900-01-01", "2099-12-31"]
STRING_EDGES = [
    "", " ", "\u3000", "a" * 10_000, "张" * 2_000, "😀" * 50, "𠀀𪚥", "\u202eabc\u0627",
    "e\u0301", "\ufeff", "\u2028\u0085", "%", "_", "\\", "%_\\'\"", "'; DROP TABLE users; --",
    "null", "NaN", "-1", "1e309", "9" * 40, "../../etc/passwd", "<script>alert(1)</script>",
    *DATE_TIME_EDGES[:4], *DATE_EDGES[:2],
]
INT_EDGES = [0, -1, 2**31, -(2**31) - 1, 2**63, -(2**63) - 1, 10**30]
FLOAT_EDGES = [1e308, -1e308, 5e-324, -0.0]


def _leaves(node, out: list) -> list:
    """(container, key) of every scalar in a JSON value."""
    items = node.items() if isinstance(node, dict) else enumerate(node) \
        if isinstance(node, list) else ()
    for key, value in items:
        if isinstance(value, dict | list):
            _leaves(value, out)
        else:
            out.append((node, key))
    return out


def _edges_for(value) -> list:
    if isinstance(value, bool):
        return []
    if isinstance(value, int):
        return INT_EDGES
    if isinstance(value, float):
        return FLOAT_EDGES
    if isinstance(value, str):
        return DATE_TIME_EDGES if DATE_TIME.match(value) else DATE_EDGES if DATE.match(value) \
            else STRING_EDGES
    return []


def plant_edge(case, data) -> None:
    """Replace one scalar of the body or query by an edge case of its kind."""
    places = []
    for part in (case.body, case.query):
        if isinstance(part, dict | list):
            places += [(node, key) for node, key in _leaves(part, []) if _edges_for(node[key])]
    if places:
        node, key = data.draw(st.sampled_from(places))
        node[key] = data.draw(st.sampled_from(_edges_for(node[key])))


@pytest.fixture
def settings(settings):
    """The per-address sign-in rate limit would answer most auth/* cases with 429: off here."""
    return settings.model_copy(update={"auth_rate_limit_per_minute": 0})


@dataclass
class Finding:
    operation: str
    kind: str
    status: int | None
    request: str
    detail: str


@dataclass
class Results:
    findings: dict[tuple, Finding] = field(default_factory=dict)
    statuses: dict[str, dict[int, int]] = field(default_factory=dict)

    def add(self, finding: Finding) -> None:  # the first example of each kind is enough
        self.findings.setdefault((finding.operation, finding.kind, finding.status), finding)

    def count(self, operation: str, status: int) -> None:
        by_status = self.statuses.setdefault(operation, {})
        by_status[status] = by_status.get(status, 0) + 1

    def report(self, title: str) -> str:
        lines = [f"{title}: {len(self.statuses)} operations, "
                 f"{sum(sum(s.values()) for s in self.statuses.values())} requests"]
        lines += [f"  {op}: {dict(sorted(s.items()))}" for op, s in sorted(self.statuses.items())]
        lines += [f"\n{f.operation} -> {f.kind} ({f.status})\n    {f.request}\n{f.detail}"
                  for f in self.findings.values()]
        return "\n".join(lines)


def _problem_errors(response: httpx.Response) -> str | None:
    ctype = response.headers.get("content-type", "").split(";")[0].strip()
    if ctype != PROBLEM_JSON:
        return f"content-type {ctype!r}, expected {PROBLEM_JSON}"
    try:
        body = response.json()
    except json.JSONDecodeError:
        return "body is not JSON"
    if not isinstance(body, dict):
        return "body is not an object"
    missing = [k for k in ("type", "title", "status", "code") if not body.get(k)]
    if missing:
        return f"missing {missing} in {body}"
    if body["status"] != response.status_code:
        return f"body status {body['status']} != HTTP {response.status_code}"
    return None


async def fuzz(client: httpx.AsyncClient, world: World, user: str, keep_out: set[str],
               backend: str) -> Results:
    """Every operation, positive and negative, as ``user``; path ids in ``keep_out`` (the actor's
    own user, grant and organisation) are never seeded, so the actor cannot lock itself out."""
    loop = asyncio.get_running_loop()
    r = await client.get("/api/openapi.json")
    assert r.status_code == 200, r.text
    schema = schemathesis.openapi.from_dict(r.json(), config=CONFIG)
    seeds = {name: [str(v) for v in make(world) if str(v) not in keep_out]
             for name, make in SEEDS.items()}
    results = Results()

    async def send(label: str, kwargs: dict) -> tuple[httpx.Response | None, str, str | None]:
        prepared = requests.Request(**{
            k: v for k, v in kwargs.items()
            if k in ("method", "url", "headers", "params", "cookies", "json", "data", "files")
        }).prepare()
        body = prepared.body.encode() if isinstance(prepared.body, str) else prepared.body
        described = f"{prepared.method} {prepared.url}"
        if body:
            described += "\n    body: " + body[:400].decode("utf-8", "replace")
        headers = {**prepared.headers, **world.headers(user)}  # the token of now (see below)
        try:
            response = await client.request(prepared.method, prepared.url, headers=headers,
                                            content=body)
        except Exception:  # the app let an exception escape: reported like a 5xx
            return None, described, traceback.format_exc()
        if label == "POST /api/v1/auth/logout" or response.status_code == 401:
            await world.sign_in_again(user)  # a successful logout ends the fuzzing session
        return response, described, None

    def run_operation(operation, mode: GenerationMode) -> None:
        label = operation.label
        seeded = [p.name for p in operation.path_parameters if seeds.get(p.name)]

        @hsettings(max_examples=examples(backend), derandomize=True, deadline=None, database=None,
                   phases=[Phase.explicit, Phase.generate],
                   suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy(generation_mode=mode), data=st.data())
        def run(case, data) -> None:
            if mode is GenerationMode.POSITIVE and seeded and data.draw(st.booleans()):
                for name in seeded:
                    case.path_parameters[name] = data.draw(st.sampled_from(seeds[name]))
            if mode is GenerationMode.POSITIVE and data.draw(st.booleans()):
                plant_edge(case, data)  # still "positive" to schemathesis: only 5xx matter
            kwargs = case.as_transport_kwargs(base_url=BASE_URL)
            response, described, crash = asyncio.run_coroutine_threadsafe(
                send(label, kwargs), loop).result(timeout=120)
            if crash is not None:
                results.add(Finding(label, "exception", None, described, crash))
                return
            status = response.status_code
            results.count(label, status)
            if status >= 500:
                results.add(Finding(label, "5xx", status, described, response.text[:1000]))
            elif status >= 400 and (problem := _problem_errors(response)):
                results.add(Finding(label, "not problem+json", status, described, problem))
            if status == 401 and label not in SIGN_IN:
                results.add(Finding(label, "signed-in user answered 401", status, described,
                                    response.text[:500]))
            try:
                case.validate_response(response, checks=CHECKS)
            except FailureGroup as group:
                for failure in group.exceptions:
                    results.add(Finding(label, f"schemathesis: {failure.title}", status,
                                        described, str(failure.message)[:1500]))

        try:
            run()
        except Unsatisfiable:  # negative mode of an operation without inputs: nothing to break
            assert mode is GenerationMode.NEGATIVE, label

    def run_all() -> None:
        for result in schema.get_all_operations():
            operation = result.ok()
            for mode in MODES:
                run_operation(operation, mode)

    await asyncio.to_thread(run_all)
    return results


@pytest.mark.long
async def test_fuzz_as_ordinary_user(client, world, backend):
    user = "village_doctor"
    results = await fuzz(client, world, user, keep_out=set(), backend=backend)
    report = results.report(f"fuzz as {user} [{backend}]")
    print("\n" + report)
    assert len(results.statuses) > 50
    assert not results.findings, report


@pytest.mark.long
async def test_fuzz_as_alliance_admin(client, world, backend):
    user = "alliance_admin"
    keep_out = {str(world.users[user]), str(world.grants[user]), str(world.orgs["P"].id)}
    results = await fuzz(client, world, user, keep_out=keep_out, backend=backend)
    report = results.report(f"fuzz as {user} [{backend}]")
    print("\n" + report)
    assert len(results.statuses) > 50
    assert not results.findings, report
