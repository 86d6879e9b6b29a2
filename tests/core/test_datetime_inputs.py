"""Every date and time a request carries (issue 11, item 2; DESIGN §5 "Time", "Errors").

The operations are found in the OpenAPI document: every one whose body or query has a
``date-time`` or ``date`` field is listed in ``OPERATIONS`` below (the first test fails when one is
missing), with who may call it, a request that is accepted, and for each field the window of
values that the field's meaning allows given the rest of that request (a consent expiring within
a year, a reservation to come, an encounter already begun...).

Hypothesis then sends, one field at a time, as that caller:

* naive times (no zone: refused, not guessed at), times and days at and beyond the edges of what
  the database and Python can hold (``0001-01-01T00:00:00+14:00``, ``9999-12-31T23:59:59-14:00``),
  offsets beyond ±14:00, Unix timestamps, and garbage of every JSON type: a 422 naming the field;
* well-formed times outside the field's window: a 422 naming one of the operation's dated fields;

and asserts each answer is problem+json, and after each operation's examples that the database
is exactly as it was (every table, row by row, but the audit log, where refusals may be
recorded, and the sessions, which note when they were last used). At the end the accepted request is sent, to show the refusals came
from the dates and not from anything else.

Bounded for CI: ``EXAMPLES`` per operation (YILIAN_DATE_EXAMPLES), derandomised, no shrinking.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, Phase, given
from hypothesis import example as hexample
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from sqlalchemy import select

from tests.clinic.helpers import new_session
from tests.clinic.visits.helpers import SESSIONS, VISITS, book, make_setting, pay, step_up
from tests.consultation.helpers import application
from tests.factories import World, resident_id
from tests.pharmacy.catalogue.helpers import make_drug
from tests.referral.helpers import prepare, referral
from yilian.core.db import Base
from yilian.core.errors import PROBLEM_JSON
from yilian.patients.models import Sex

EXAMPLES = int(os.environ.get("YILIAN_DATE_EXAMPLES", "30"))
FORMATS = ("date-time", "date")
# Tables a refused request may touch: the audit log records refusals, a session notes its use.
UNWATCHED = {"audit_log", "sessions"}
SHANGHAI = timezone(timedelta(hours=8))


# ---------------------------------------------------------------- the operations


@dataclass
class Ctx:
    world: World
    referral_id: str = ""
    agreement_id: str = ""
    session_id: str = ""  # specialist_a's session in three days, nobody booked
    visit_id: str = ""  # pa's phone visit today, under way
    called_at: str = ""
    clinic_department_id: str = ""
    drug_id: str = ""  # a drug of county hospital A's catalogue

    @property
    def now(self) -> datetime:
        return self.world.clock.now()

    @property
    def today(self) -> date:
        return self.now.astimezone(SHANGHAI).date()

    def at(self, **delta) -> str:
        return (self.now + timedelta(**delta)).isoformat()

    def org(self, key: str) -> str:
        return str(self.world.orgs[key].id)

    def day(self, days: int = 0) -> str:
        return (self.today + timedelta(days=days)).isoformat()


Window = tuple[Any, Any]  # (lowest, highest) a value may be; None: no bound but the schema's


@dataclass
class Call:
    who: str
    url: Callable[[Ctx], str]
    body: Callable[[Ctx], dict] | None = None
    query: Callable[[Ctx], dict] | None = None
    # field -> the window its meaning allows, given the rest of the accepted request
    windows: dict[str, Callable[[Ctx, dict], Window]] = field(default_factory=dict)


def _t(value: str) -> datetime:
    return datetime.fromisoformat(value)


def _d(value: str) -> date:
    return date.fromisoformat(value)


def _grant(c: Ctx) -> dict:
    return {"role": "nurse", "organisation_id": c.org("A1"), "valid_from": c.at(),
            "valid_until": c.at(days=30)}


YEAR = timedelta(days=366)
GRANT_WINDOWS = {  # within a year of today; until after it starts and after today
    "valid_from": lambda c, r: (c.now - YEAR, _t(r["valid_until"])),
    "valid_until": lambda c, r: (max(c.now, _t(r["valid_from"])), None),
}
STATS_WINDOWS = {  # end after start, at most 400 days apart
    "start": lambda c, q: (_t(q["end"]) - timedelta(days=400), _t(q["end"])),
    "end": lambda c, q: (_t(q["start"]), _t(q["start"]) + timedelta(days=400)),
}
P = "/api/v1/patients/{patient_id}"
PRACTICE_SINCE = {"independent_practice_since": lambda c, b: (None, c.today)}
# A morning session (08:00) from tomorrow (this morning is past) up to 90 days ahead.
SESSION_DAY = lambda c, b: (c.today + timedelta(days=1), c.today + timedelta(days=90))  # noqa: E731


def _in_first_grant(window: Callable[[Ctx, dict], Window]) -> Callable[[Ctx, dict], Window]:
    return lambda c, body: window(c, body["grants"][0])


OPERATIONS: dict[str, Call] = {
    "POST /api/v1/users": Call(
        "alliance_admin", lambda c: "/api/v1/users",
        lambda c: {"username": "dates_new_user", "display_name": "新医生",
                   "password": "Strong-Pass-2026", "grants": [_grant(c)],
                   "practitioner": {"title": "attending_physician",
                                    "independent_practice_since": "2015-07-01"}},
        windows={**{f"grants.0.{k}": _in_first_grant(w) for k, w in GRANT_WINDOWS.items()},
                 "practitioner.independent_practice_since": lambda c, b: (None, c.today)}),
    "POST /api/v1/users/{user_id}/verification": Call(
        "alliance_admin",
        lambda c: f"/api/v1/users/{c.world.users['specialist_a']}/verification",
        lambda c: {"verified": True, "independent_practice_since": "2015-07-01"},
        windows=PRACTICE_SINCE),
    "POST /api/v1/users/{user_id}/grants": Call(
        "alliance_admin", lambda c: f"/api/v1/users/{c.world.users['town_doctor_a1']}/grants",
        _grant, windows=GRANT_WINDOWS),
    "POST /api/v1/patient-accounts/{account_id}/proxies": Call(
        "org_admin_a", lambda c: f"/api/v1/patient-accounts/{c.world.users['parent']}/proxies",
        lambda c: {"patient_id": str(c.world.patients["pa"]), "relation": "child",
                   "valid_until": c.at(days=30)}),
    "POST /api/v1/agreements": Call(
        "alliance_admin", lambda c: "/api/v1/agreements",
        lambda c: {"organisation_a_id": c.org("B"), "organisation_b_id": c.org("B1"),
                   "services": ["referral"], "valid_from": "2026-01-01",
                   "valid_until": "2026-12-31"},
        windows={"valid_from": lambda c, b: (None, _d(b["valid_until"])),
                 "valid_until": lambda c, b: (_d(b["valid_from"]), None)}),
    "PATCH /api/v1/agreements/{agreement_id}": Call(
        "alliance_admin", lambda c: f"/api/v1/agreements/{c.agreement_id}",
        lambda c: {"valid_from": "2026-01-01", "valid_until": "2027-12-31"},
        windows={"valid_from": lambda c, b: (None, _d(b["valid_until"])),
                 "valid_until": lambda c, b: (_d(b["valid_from"]), None)}),
    "POST /api/v1/patients": Call(
        "village_doctor", lambda c: "/api/v1/patients",
        lambda c: {"name": "新患者", "sex": "female", "birth_date": "1990-02-03",
                   "resident_id": resident_id("440111", date(1990, 2, 3), 77, Sex.female),
                   "home_organisation_id": c.org("A1a")},
        windows={"birth_date": lambda c, b: (None, c.today)}),
    f"POST {P}/problems": Call(
        "village_doctor", lambda c: f"/api/v1/patients/{c.world.patients['pa']}/problems",
        lambda c: {"icd10": "E11.9", "description": "2型糖尿病", "onset_date": "2020-05-01"},
        windows={"onset_date": lambda c, b: (None, c.today)}),
    f"POST {P}/medications": Call(
        "village_doctor", lambda c: f"/api/v1/patients/{c.world.patients['pa']}/medications",
        lambda c: {"name": "二甲双胍片", "dose": "0.5g", "start_date": "2026-11-01",
                   "end_date": "2026-12-31"},
        windows={"start_date": lambda c, b: (None, _d(b["end_date"])),
                 "end_date": lambda c, b: (_d(b["start_date"]), None)}),
    f"POST {P}/encounters": Call(
        "village_doctor", lambda c: f"/api/v1/patients/{c.world.patients['pa']}/encounters",
        lambda c: {"kind": "outpatient", "started_at": c.at(hours=-1)},
        windows={"started_at": lambda c, b: (None, c.now + timedelta(minutes=10))}),
    f"POST {P}/consents": Call(
        "patient_pa", lambda c: f"/api/v1/patients/{c.world.patients['pa']}/consents",
        lambda c: {"organisation_id": c.org("B"), "expires_at": c.at(days=3)},
        windows={"expires_at": lambda c, b: (c.now, c.now + YEAR)}),
    "GET /api/v1/audit": Call(
        "auditor", lambda c: "/api/v1/audit",
        query=lambda c: {"since": c.at(days=-1), "until": c.at()}),
    "GET /api/v1/audit/access-log": Call(
        "auditor", lambda c: "/api/v1/audit/access-log",
        query=lambda c: {"since": c.at(days=-1), "until": c.at()}),
    "GET /api/v1/availability": Call(
        "specialist_a", lambda c: "/api/v1/availability",
        query=lambda c: {"start": c.at(), "end": c.at(days=14)},
        windows={"start": lambda c, q: (_t(q["end"]) - timedelta(days=62), _t(q["end"])),
                 "end": lambda c, q: (_t(q["start"]), _t(q["start"]) + timedelta(days=62))}),
    "POST /api/v1/availability": Call(
        "specialist_a", lambda c: "/api/v1/availability",
        lambda c: {"starts_at": "2026-11-25T09:00:00+08:00",
                   "ends_at": "2026-11-25T12:00:00+08:00"},
        windows={"starts_at": lambda c, b: (max(c.now, _t(b["ends_at"]) - timedelta(hours=12)),
                                            _t(b["ends_at"])),
                 "ends_at": lambda c, b: (_t(b["starts_at"]),
                                          _t(b["starts_at"]) + timedelta(hours=12))}),
    "POST /api/v1/consultations": Call(
        "village_doctor", lambda c: "/api/v1/consultations", lambda c: application(c.world),
        windows={
            "preferred_times.0.start": lambda c, b: (c.now, _t(b["preferred_times"][0]["end"])),
            "preferred_times.0.end": lambda c, b: (_t(b["preferred_times"][0]["start"]),
                                                   c.now + timedelta(days=90)),
            "consent.at": lambda c, b: (None, c.now),
        }),
    "GET /api/v1/consultations/stats": Call(
        "alliance_admin", lambda c: "/api/v1/consultations/stats",
        query=lambda c: {"start": c.at(days=-30), "end": c.at()}, windows=STATS_WINDOWS),
    "POST /api/v1/referrals/{referral_id}/accept": Call(
        "coordinator_a", lambda c: f"/api/v1/referrals/{c.referral_id}/accept",
        lambda c: {"reservation": "bed", "reserved_place": "心血管内科病区 12床",
                   "reserved_at": c.at(days=1)},
        windows={"reserved_at": lambda c, b: (c.now, c.now + timedelta(days=90))}),
    "POST /api/v1/referrals": Call(
        "village_doctor", lambda c: "/api/v1/referrals",
        lambda c: referral(c.world, target="A1", patient="pa"),
        windows={"consent.at": lambda c, b: (None, c.now)}),
    "GET /api/v1/clinic/sessions": Call(
        "org_admin_a", lambda c: "/api/v1/clinic/sessions",
        query=lambda c: {"day_from": c.day(), "day_to": c.day(7)},
        windows={"day_from": lambda c, q: (None, _d(q["day_to"])),
                 "day_to": lambda c, q: (_d(q["day_from"]), None)}),
    "POST /api/v1/clinic/sessions": Call(
        "org_admin_a", lambda c: "/api/v1/clinic/sessions",
        lambda c: {"doctor_id": str(c.world.users["specialist_a"]), "organisation_id": c.org("A"),
                   "department_id": c.clinic_department_id, "day": c.day(2),
                   "half_day": "am", "mode": "text", "capacity": 8},
        windows={"day": SESSION_DAY}),
    "PATCH /api/v1/clinic/sessions/{session_id}": Call(
        "org_admin_a", lambda c: f"/api/v1/clinic/sessions/{c.session_id}",
        lambda c: {"times": {"day": c.day(3), "half_day": "am", "capacity": 6}},
        windows={"times.day": SESSION_DAY}),
    "POST /api/v1/clinic/visits/{visit_id}/calls": Call(
        "specialist_a", lambda c: f"/api/v1/clinic/visits/{c.visit_id}/calls",
        lambda c: {"started_at": c.at(minutes=-5), "minutes": 4},
        windows={"started_at": lambda c, b: (_t(c.called_at), c.now)}),
    "GET /api/v1/payments/orders": Call(
        "patient_pa", lambda c: "/api/v1/payments/orders", query=lambda c: {"day": c.day()}),
    "GET /api/v1/payments/reconciliation": Call(
        "org_admin_a", lambda c: "/api/v1/payments/reconciliation",
        query=lambda c: {"organisation_id": c.org("A"), "day": c.day()}),
    "POST /api/v1/pharmacy/organisations/{org_id}/stock/receipts": Call(
        "pharmacist_a", lambda c: f"/api/v1/pharmacy/organisations/{c.org('A')}/stock/receipts",
        lambda c: {"drug_id": c.drug_id, "batch_no": "260101", "expires_on": c.day(365),
                   "quantity": 10},
        # A batch already past its last day is not received.
        windows={"expires_on": lambda c, b: (c.today, None)}),
    "GET /api/v1/referrals/stats": Call(
        "alliance_admin", lambda c: "/api/v1/referrals/stats",
        query=lambda c: {"start": c.at(days=-30), "end": c.at()}, windows=STATS_WINDOWS),
    "GET /api/v1/clinic/stats": Call(
        "coordinator_a", lambda c: "/api/v1/clinic/stats",
        query=lambda c: {"start": c.at(days=-30), "end": c.at(), "group": "month"},
        windows=STATS_WINDOWS),
}


def dated_fields(doc: dict) -> dict[str, dict[str, str]]:
    """Operation label -> {field as a refusal names it: its format}, for every body and query
    field of a date or date-time format (list items as their first one, ``name.0.field``)."""
    components = doc.get("components", {}).get("schemas", {})

    def walk(schema: dict, path: str, seen: frozenset) -> dict[str, str]:
        if "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[-1]
            return {} if name in seen else walk(components[name], path, seen | {name})
        found = {path: schema["format"]} if schema.get("format") in FORMATS else {}
        for key in ("anyOf", "oneOf", "allOf"):
            for sub in schema.get(key, []):
                found |= walk(sub, path, seen)
        for name, sub in schema.get("properties", {}).items():
            found |= walk(sub, f"{path}.{name}" if path else name, seen)
        if "items" in schema:
            found |= walk(schema["items"], f"{path}.0", seen)
        return found

    out: dict[str, dict[str, str]] = {}
    for path, methods in doc["paths"].items():
        for method, op in methods.items():
            fields: dict[str, str] = {}
            for param in op.get("parameters", []):
                if param["in"] == "query" and walk(param.get("schema", {}), "", frozenset()):
                    fields[param["name"]] = next(iter(walk(param["schema"], "", frozenset())
                                                      .values()))
            for content in op.get("requestBody", {}).get("content", {}).values():
                fields |= walk(content.get("schema", {}), "", frozenset())
            if fields:
                out[f"{method.upper()} {path}"] = fields
    return out


# ---------------------------------------------------------------- the bad values

# As the issue found them (500 and a dropped connection): naive, and the far edges of the range.
ISSUE_MOMENTS = ["2026-11-24T10:00:00", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"]
EDGE_MOMENTS = [
    "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00Z",
    "9999-12-31T23:59:59.999999Z", "0001-01-01T00:00:00", "9999-12-31T23:59:59",
    "1899-12-31T23:59:59Z", "1900-01-01T00:00:00+00:01", "2100-01-01T00:00:00Z",
    "2099-12-31T23:59:59-00:01",
]
MALFORMED_MOMENTS = [
    "", " ", "now", "2026-11-24", "2026-11-24T", "2026-11-24T10", "10:00:00+08:00",
    "2026-13-01T00:00:00+08:00", "2026-02-30T00:00:00+08:00", "2026-11-24T24:00:01+08:00",
    "2026-11-24T10:00:00+24:00", "2026-11-24T10:00:00+14:01", "2026-11-24T10:00:00-23:59",
    "2026-11-24T10:00:00+08:00junk", "2026-11-24T10:00:60+08:00", "+2026-11-24T10:00:00Z",
    "1764000000", "1764000000.5", "-1", "0", "2026-W48-2T10:00:00Z", "2026-328T10:00:00Z",
    "20261124T100000Z", "2026-11-24T10:00:00 Asia/Shanghai",
]
EDGE_DAYS = ["0001-01-01", "9999-12-31", "1899-12-31", "2100-01-01", "0000-01-01"]
MALFORMED_DAYS = [
    "", "today", "2026-02-30", "2026-13-01", "2026-11-24T00:00:00", "2026-11-24T00:00:00+08:00",
    "20261124", "2026/11/24", "24-11-2026", "1764000000", "0", "2026-11", "+2026-11-24",
]
ISO_LIKE = re.compile(r"^\s*[+-]?\d{4}-?\d{2}")

garbage = st.one_of(
    st.text(max_size=30).filter(lambda s: not ISO_LIKE.match(s)),
    st.integers(), st.floats(allow_nan=False, allow_infinity=False), st.booleans(),
    st.lists(st.integers(), min_size=1, max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), min_size=1, max_size=1),
)
offsets = st.integers(-14 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))
bad_offsets = st.integers(14 * 60 + 1, 24 * 60 - 1).flatmap(
    lambda m: st.sampled_from([m, -m])).map(lambda m: timezone(timedelta(minutes=m)))


def _aware(lo: datetime, hi: datetime, zones=offsets) -> st.SearchStrategy[str]:
    """Aware times between the naive UTC ``lo`` and ``hi``, shown at any real offset."""
    return st.tuples(st.datetimes(min_value=lo, max_value=hi), zones).map(
        lambda p: p[0].replace(tzinfo=UTC).astimezone(p[1]).isoformat()
        if datetime(1, 1, 2) < p[0] < datetime(9999, 12, 30) else
        p[0].replace(tzinfo=p[1]).isoformat())


def schema_bad(fmt: str) -> st.SearchStrategy[Any]:
    """Values the schema refuses, whatever the rest of the request."""
    if fmt == "date":
        return st.one_of(
            st.sampled_from(EDGE_DAYS + MALFORMED_DAYS),
            st.dates(max_value=date(1899, 12, 31)).map(date.isoformat),
            st.dates(min_value=date(2100, 1, 1)).map(date.isoformat),
            st.datetimes().map(datetime.isoformat),
            garbage,
        )
    return st.one_of(
        st.sampled_from(EDGE_MOMENTS + MALFORMED_MOMENTS),
        st.datetimes().map(datetime.isoformat),  # naive, of any year
        st.datetimes().map(lambda d: d.isoformat(sep=" ")),
        _aware(datetime(1, 1, 1), datetime(1899, 12, 30, 10)),  # out of the years, any offset
        _aware(datetime(2100, 1, 1, 14), datetime(9999, 12, 31, 23, 59, 59)),
        _aware(datetime(1900, 1, 2), datetime(2099, 12, 30), bad_offsets),
        garbage,
    )


def outside(fmt: str, window: Window) -> st.SearchStrategy[str] | None:
    """Well-formed values in the schema's years but outside the field's window."""
    lo, hi = window
    parts = []
    if fmt == "date":
        if lo is not None and lo > date(1900, 1, 2):
            parts.append(st.dates(date(1900, 1, 1), lo - timedelta(days=1)))
        if hi is not None and hi < date(2099, 12, 30):
            parts.append(st.dates(hi + timedelta(days=1), date(2099, 12, 31)))
        return st.one_of(parts).map(date.isoformat) if parts else None
    first, last = datetime(1900, 1, 1, 14), datetime(2099, 12, 31, 9)
    if lo is not None:
        lo = lo.astimezone(UTC).replace(tzinfo=None) - timedelta(seconds=1)
        if lo > first:
            parts.append(_aware(first, lo))
    if hi is not None:
        hi = hi.astimezone(UTC).replace(tzinfo=None) + timedelta(seconds=1)
        if hi < last:
            parts.append(_aware(hi, last))
    return st.one_of(parts) if parts else None


# ---------------------------------------------------------------- the run


def _set(body: dict, path: str, value: Any) -> dict:
    node: Any = body
    *parents, last = path.split(".")
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    node[last] = value
    return body


def _get(body: dict, path: str) -> Any:
    node: Any = body
    for part in path.split("."):
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


async def fingerprint(app) -> dict[str, str]:
    """A digest of every watched table's rows."""
    out = {}
    async with app.state.sessionmaker() as db:
        for table in Base.metadata.sorted_tables:
            if table.name in UNWATCHED:
                continue
            rows = sorted(repr(tuple(r)) for r in (await db.execute(select(table))).all())
            out[table.name] = hashlib.sha256("\n".join(rows).encode()).hexdigest()
    return out


async def build(client: httpx.AsyncClient, world: World) -> Ctx:
    setup = await prepare(world)
    c = Ctx(world)
    r = await world.client_as(client, "town_doctor_a1").post("/api/v1/referrals", json=referral(
        world, target="A", target_department_id=str(setup.depts["cardio_a"])))
    assert r.status_code == 201, r.text
    c.referral_id = r.json()["id"]
    r = await world.client_as(client, "alliance_admin").get("/api/v1/agreements")
    assert r.status_code == 200, r.text
    c.agreement_id = r.json()["items"][0]["id"]
    await _clinic(client, world, c)
    c.drug_id = str(await make_drug(world, "A"))
    return c


async def _clinic(client: httpx.AsyncClient, world: World, c: Ctx) -> None:
    """pa's phone visit this afternoon with specialist_a, called and begun ten minutes ago; and
    an empty session of specialist_a's in three days."""
    s = await make_setting(world.app, client, world, mode="phone", day=c.day(), half_day="pm")
    c.clinic_department_id = str(s.clinic.depts["A", "03.04"])
    visit = await book(client, s)
    await pay(client, world, visit)
    patient, doctor = world.client_as(client, "patient_pa"), world.client_as(client, "specialist_a")
    r = await patient.post(f"{VISITS}/{visit['id']}/check-in", json={})
    assert r.status_code == 200, r.text
    await step_up(client, world)
    r = await doctor.post(f"{SESSIONS}/{s.session['id']}/call-next")
    assert r.status_code == 200, r.text
    c.called_at = c.at()
    r = await doctor.post(f"{VISITS}/{visit['id']}/start", json={})
    assert r.status_code == 200, r.text
    c.visit_id = visit["id"]
    c.session_id = (await new_session(client, s.clinic, day=c.day(3)))["id"]
    world.clock.advance(minutes=10)


def test_every_dated_input_is_in_the_table(app):
    found = dated_fields(app.openapi())
    assert set(found) == set(OPERATIONS), "add the operation (who, an accepted request) above"
    for label, call in OPERATIONS.items():
        assert set(call.windows) <= set(found[label]), label


async def test_bad_dates_and_times_are_refused_and_change_nothing(app, client, world, backend):
    loop = asyncio.get_running_loop()
    c = await build(client, world)
    fields = dated_fields(app.openapi())
    failures: list[str] = []
    tried: dict[str, int] = {}

    async def send(label: str, body: dict | None, query: dict | None) -> httpx.Response:
        call = OPERATIONS[label]
        return await client.request(label.split(" ", 1)[0], call.url(c), json=body,
                                    params=query, headers=world.headers(call.who))

    for label, call in OPERATIONS.items():
        base_body = call.body(c) if call.body else None
        base_query = call.query(c) if call.query else None
        base = base_body if base_body is not None else base_query
        before = await fingerprint(app)
        strategies = []
        for name, fmt in fields[label].items():
            strategies.append(st.tuples(st.just(name), st.just(True), schema_bad(fmt)))
            out = outside(fmt, call.windows[name](c, base)) if name in call.windows else None
            if out is not None:
                strategies.append(st.tuples(st.just(name), st.just(False), out))

        def check(example: tuple, label: str = label, call: Call = call) -> None:
            name, by_schema, value = example
            body = _set(call.body(c), name, value) if call.body else None
            query = {**call.query(c), name: _as_text(value)} if call.query else None
            r = asyncio.run_coroutine_threadsafe(send(label, body, query),
                                                 loop).result(timeout=120)
            tried[label] = tried.get(label, 0) + 1
            problem = _problem(r)
            where = f"{label} {name}={value!r}"
            if problem is None:
                failures.append(f"{where}: {r.status_code} {r.text[:300]}")
            elif r.status_code != 422:
                failures.append(f"{where}: expected 422, got {r.status_code} {r.text[:300]}")
            else:
                named = [e["field"] for e in problem.get("errors", [])]
                ok = [name] if by_schema else [*fields[label], *_prefixes(name)]
                if not set(named) & set(ok):
                    failures.append(f"{where}: the refusal names {named}, not {name}")

        # The issue's own cases, for every field, whatever Hypothesis draws besides.
        always = [(name, True, value) for name, fmt in fields[label].items()
                  for value in (ISSUE_MOMENTS if fmt == "date-time" else EDGE_DAYS[:2])]
        run = _property(st.one_of(strategies), check, always)
        await asyncio.to_thread(run)
        after = await fingerprint(app)
        if after != before:  # to find the example: YILIAN_DATE_EXAMPLES=1, or print above
            changed = sorted(t for t in before if before[t] != after[t])
            failures.append(f"{label}: refused requests changed {changed}")
        r = await send(label, base_body, base_query)
        if not 200 <= r.status_code < 300:
            failures.append(f"{label}: the accepted request was answered {r.status_code} "
                            f"{r.text[:300]}")
        for name in fields[label]:  # the base request reaches every field it names
            if base_body is not None and name.split(".")[0] not in base_body:
                failures.append(f"{label}: the accepted request does not carry {name}")
            if base_body is not None and name.split(".")[0] in base_body:
                _get(base_body, name)
    print(f"\n[{backend}] examples per operation: {tried}")
    assert not failures, "\n".join(failures[:40])


def _property(values: st.SearchStrategy, check: Callable[[Any], None],
              always: list[tuple]) -> Callable[[], None]:
    """The Hypothesis test of one operation: ``always`` first, then EXAMPLES drawn values."""

    @hsettings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
               phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(example=values)
    def run(example) -> None:
        check(example)

    for case in always:
        run = hexample(example=case)(run)
    return run


def _as_text(value: Any) -> str:
    """How a value travels in a query string."""
    if isinstance(value, str):
        return value
    return str(value).lower() if isinstance(value, bool) else str(value)


def _prefixes(name: str) -> list[str]:
    parts = name.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def _problem(r: httpx.Response) -> dict | None:
    """The problem+json body of a 4xx, or None when it is not one."""
    if not 400 <= r.status_code < 500:
        return None
    if r.headers.get("content-type", "").split(";")[0] != PROBLEM_JSON:
        return None
    body = r.json()
    if body.get("status") != r.status_code or not body.get("code") or not body.get("type"):
        return None
    return body


@pytest.fixture
def settings(settings):
    """The sign-in limiter plays no part here."""
    return settings.model_copy(update={"auth_rate_limit_per_minute": 0})

