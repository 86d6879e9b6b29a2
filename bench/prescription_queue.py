"""The pharmacy's review queue (issue 16): 10,000 prescriptions waiting for review at one
dispensing organisation (the county hospital), a pharmacist of it opening the queue, oldest
first: GET /pharmacy/prescriptions?side=review&sort=oldest&limit=20 against `yilian serve`
(one worker per core) on PostgreSQL. Target: p99 under 100 ms for one pharmacist.

Measured, in each repeat and on the same server:

- one client, sequentially (the pharmacist's experience): after a warm-up, ``--requests``
  requests of the first page, p50/p90/p99; the same for the last page (a cursor 20 rows from the
  end of the queue: cursor paging must not get slower deep in it); and ``/healthz``, the floor
  of the HTTP stack, measured the same way (``ratio_to_healthz``: queue p50 over healthz p50);
- the same three under load, wrk at ``--connections`` for ``--seconds``: requests/s, p50/p99.

Every answer is checked: one client's answers are read whole (200, exactly the 20 expected
prescriptions in oldest-first order, each in review at the county; the first page with a next
cursor, the last without); wrk's answers by a response hook (200 and the 20 expected ids in
order in the body; healthz: 200 and its status). Anything else is a failure: listed under
``failures``, exit 1. Figures are medians over ``--repeats``.

The setting is written straight into the database, not through the API (signing renders and
signs a PDF each): the harness's alliance and patients, a pharmacist of the county with a
signed-in session, the demo drug catalogue, one clinic session, slot, paid order and visit for
the prescriptions to point to, the ``--pending`` prescriptions in review at the county (1 to 5
lines each, over the patients), and ``--others`` in other states at the county or at the
province's hospital, interleaved in time with them, so the index has to pick the queue out.
A steady state: the late ones already escalated, the approved ones still valid, so the
server's own sweep has nothing to do during the run.
The rows go in through the application's own tables (SQLAlchemy bulk inserts), so that the
encrypted columns are encrypted with the run's key ring exactly as the server reads them.

Also printed: ``sql_ms``, PostgreSQL's own execution time of the page's main query
(EXPLAIN ANALYZE, written out by hand as the list builds it) for the first and the last page,
and the indexes its plan used (``ix_prescriptions_queue`` once the table is large; a tiny one
is read whole); so the request's time can be set against it.

    uv run python bench/prescription_queue.py [--pending 10000] [--others 5000] \
        [--requests 500] [--seconds 10] [--repeats 3]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

import yilian.models  # noqa: F401  (every table in the metadata, for the foreign keys)
import yilian.pharmacy.catalogue as catalogue
from clinic_setup import add_department, add_session
from harness import (
    FAILURES,
    WRK_TIMEOUT_S,
    _check,
    emit,
    median_run,
    parse_wrk,
    prepared,
    server,
)
from yilian.cases.columns import ConsentBy, Urgency
from yilian.clinic.models import ClinicMode
from yilian.clinic.visits.models import ClinicVisit, ProofKind
from yilian.clinic.visits.models import State as VisitState
from yilian.core.crypto import random_token, sha256_hex
from yilian.core.db import make_engine
from yilian.core.pagination import _encode as encode_cursor
from yilian.payments.models import OrderState, PaymentOrder
from yilian.pharmacy.catalogue.importer import Checker, open_sheet
from yilian.pharmacy.catalogue.models import Drug, Route
from yilian.pharmacy.prescriptions.models import Prescription, PrescriptionLine, State
from yilian.pharmacy.rules.facts import Category

LIST = "/api/v1/pharmacy/prescriptions"
FIRST_PAGE = f"{LIST}?side=review&sort=oldest&limit=20"
PAGE = 20
TARGET_P99_MS = 100
WARM_UP = 50
CHUNK = 1000
REVIEW_LIMIT = timedelta(hours=1)  # the kind's first limit (kind.py: Limits(1, 72, None))
SPACING = timedelta(seconds=30)  # between two signatures (two share one: the id breaks the tie)
# What else the county's pharmacy holds (in proportion), beside the queue.
OTHER_STATES = [State.approved, State.paid, State.dispensed, State.received, State.returned,
                State.voided, State.lapsed, State.cancelled]
REVIEWED = {State.approved, State.paid, State.dispensed, State.received, State.returned,
            State.lapsed, State.cancelled}
DEMO = Path(catalogue.__file__).with_name("demo_drugs.csv")


# ---------------------------------------------------------------- the setting


async def _pharmacist(url: str, org_id: str) -> tuple[str, str]:
    """A pharmacist of the county with a grant there and a signed-in session (as the harness
    makes its specialist): their user id and token."""
    conn = await asyncpg.connect(url)
    now = datetime.now(UTC)
    user_id, grant_id = uuid.uuid4(), uuid.uuid4()
    password_hash = await conn.fetchval("SELECT password_hash FROM users WHERE username='bench'")
    await conn.execute(
        "INSERT INTO users (id, username, display_name, kind, password_hash, password_changed_at,"
        " active, totp_enabled, created_at, updated_at) VALUES ($1,'pharmacist','基准药师',"
        "'staff',$2,$3,true,true,$3,$3)", user_id, password_hash, now)
    await conn.execute(
        "INSERT INTO role_grants (id, user_id, role, organisation_id, valid_from, created_at)"
        " VALUES ($1,$2,'pharmacist',$3,$4,$4)", grant_id, user_id, uuid.UUID(org_id), now)
    token = random_token()
    await conn.execute(
        "INSERT INTO sessions (id, token_hash, csrf_hash, user_id, grant_id, stage, created_at,"
        " last_seen_at, expires_at) VALUES ($1,$2,$3,$4,$5,'active',$6,$6,$7)",
        uuid.uuid4(), sha256_hex(token), sha256_hex("x"), user_id, grant_id, now,
        now + timedelta(days=2))
    await conn.close()
    return str(user_id), token


def _demo_drugs(org_id: uuid.UUID, now: datetime) -> list[dict[str, Any]]:
    sheet = open_sheet(DEMO.read_bytes(), "csv")
    checker = Checker(sheet)
    for number, cells in sheet.rows:
        checker.check(number, cells)
    if checker.problem_count:
        raise SystemExit(f"demo_drugs.csv has problems: {checker.problems[:3]}")
    return [{**v, "id": uuid.uuid4(), "organisation_id": org_id, "active": True,
             "created_at": now, "updated_at": now} for v in checker.rows]


def _snapshot(rng: random.Random, now: datetime) -> str:
    """A chronic patient's record as the doctor saw it (the case row keeps it, encrypted)."""
    documents = [{"title": title, "kind": kind,
                  "recorded_at": (now - timedelta(days=rng.randint(30, 900))).isoformat()}
                 for title, kind in [("门诊病历（高血压复诊）", "outpatient_record"),
                                     ("出院小结", "discharge_summary"),
                                     ("血生化检验报告", "lab_report"),
                                     ("心电图报告", "exam_report")]]
    return json.dumps({
        "problems": [{"icd10": "I10", "description": "原发性高血压"},
                     {"icd10": "E11.9", "description": "2型糖尿病"}],
        "medications": [{"name": "苯磺酸氨氯地平片", "dose": "5mg", "frequency": "qd"},
                        {"name": "盐酸二甲双胍片", "dose": "500mg", "frequency": "tid"}],
        "allergies": [{"substance": "青霉素类", "reaction": "皮疹", "severity": "moderate"}],
        "documents": documents}, ensure_ascii=False)


async def seed(url: str, facts: dict, pending: int, others: int) -> dict[str, Any]:
    """The rows of the setting; the queue's ids in the order the list must give them."""
    org_a = uuid.UUID(facts["org_id"])
    doctor = uuid.UUID(facts["user_id"])
    pharmacist_id, token = await _pharmacist(url, facts["org_id"])
    department = uuid.UUID(await add_department(url, facts))
    now = datetime.now(UTC).replace(microsecond=0)
    session_id, [slot_id] = await add_session(url, facts, str(department),
                                              now - timedelta(days=1), 600, 1)
    conn = await asyncpg.connect(url)
    orgs = {r["level"]: r["id"] for r in await conn.fetch("SELECT id, level FROM organisations")}
    people = [(r["id"], r["name"]) for r in await conn.fetch(
        "SELECT id, name FROM patients ORDER BY id")]
    await conn.close()
    rng = random.Random(16)
    drugs = _demo_drugs(org_a, now)
    order_id, visit_id, visit_number = uuid.uuid4(), uuid.uuid4(), f"FZ{now:%Y%m%d}-0001"
    first_patient = people[0][0]
    order = {"id": order_id, "number": f"GH{now:%Y%m%d}0001", "organisation_id": org_a,
             "patient_id": first_patient, "subject_type": "online_visit",
             "subject_id": visit_id, "description": "互联网复诊挂号费", "total_fen": 2000,
             "paid_fen": 2000, "refunded_fen": 0, "state": OrderState.paid,
             "expires_at": now - timedelta(days=1), "created_at": now - timedelta(days=1),
             "paid_at": now - timedelta(days=1)}
    starts = now - timedelta(days=1)
    visit = {"id": visit_id, "number": visit_number, "state": VisitState.in_visit,
             "urgency": Urgency.routine, "patient_id": first_patient, "requested_by": doctor,
             "requested_at": starts, "diagnosis_icd10": "I10", "consent_by": ConsentBy.patient,
             "consent_at": starts, "complete_due": starts + timedelta(days=2),
             "reason": "血压控制复诊", "summary": "", "diagnosis_text": "原发性高血压",
             "consent_name": people[0][1], "requesting_org_id": orgs["town"],
             "answering_org_id": org_a, "department_id": department,
             "session_id": uuid.UUID(session_id), "slot_id": uuid.UUID(slot_id),
             "slot_starts_at": starts, "doctor_id": doctor, "mode": ClinicMode.text,
             "fee_fen": 2000, "order_id": order_id, "hold_until": starts,
             "booked_at": starts, "proof_kind": ProofKind.record_diagnosis,
             "proof_file_ids": [], "missed_count": 0, "refunded_fen": 0,
             "started_at": starts, "started_by": doctor}
    # Pending and other prescriptions interleaved in time: the queue is not the table's order.
    total = pending + others
    kinds = ["pending"] * pending + ["other"] * others
    rng.shuffle(kinds)
    oldest = now - SPACING * (total // 2 + 1)
    rows, lines, queue = [], [], []
    for n, kind in enumerate(kinds):
        signed = oldest + SPACING * (n // 2)
        if kind == "pending":
            state, dispensing = State.in_review, org_a
        else:
            state = rng.choice([State.in_review, *OTHER_STATES])
            # The other hospital's queue, or the county's prescriptions past (or out of) review.
            dispensing = orgs["province"] if state == State.in_review or rng.random() < 0.3 \
                else org_a
        pid, name = people[n % len(people)]
        chosen = rng.sample(drugs, rng.randint(1, 5))
        rid = uuid.uuid4()
        amounts = []
        for i, d in enumerate(chosen):
            quantity = rng.randint(1, 3)
            amounts.append(quantity * d["price_fen"])
            lines.append({
                "id": uuid.uuid4(), "prescription_id": rid, "position": i, "drug_id": d["id"],
                "drug_code": d["code"], "generic_name": d["generic_name"],
                "specification": d["specification"], "package_unit": d["package_unit"],
                "dose": d["strength"], "dose_unit": d["strength_unit"],
                "route": d["route"] or Route.oral, "frequency": "qd", "days": 28,
                "prn_max_per_day": None, "quantity": quantity, "unit_fen": d["price_fen"],
                "amount_fen": amounts[-1],
                "batches": [["B2611", "2028-06-30", quantity]] if state in (
                    State.dispensed, State.received) else []})
        reviewed = state in REVIEWED
        rows.append({
            "id": rid, "number": f"CF{signed:%Y%m%d}-{n:05d}", "state": state,
            "urgency": Urgency.routine, "patient_id": pid, "requested_by": doctor,
            "requested_at": signed, "diagnosis_icd10": "I10", "consent_by": ConsentBy.patient,
            "consent_relation": None, "consent_at": signed - timedelta(minutes=10),
            "complete_due": signed + timedelta(hours=72),
            "reason": "处方：" + "、".join(d["generic_name"] for d in chosen),
            "summary": "", "diagnosis_text": "原发性高血压", "record_snapshot": _snapshot(rng, now),
            "consent_name": name, "prescribing_org_id": org_a, "dispensing_org_id": dispensing,
            "department_id": department, "visit_id": visit_id, "visit_number": visit_number,
            "doctor_id": doctor, "version": 1, "category": Category.western, "chronic": True,
            "long_term": False, "patient_confirmed": False, "validity_days": 1,
            "valid_until": max(signed, now) + timedelta(days=1), "overrides": [],
            "countersign_required": False, "drugs_fen": sum(amounts),
            "cold_chain": any(d["cold_chain"] for d in chosen), "signed_at": signed,
            # A queue this long is a steady state: the late ones were escalated when they fell
            # late, and what was approved is still valid (else the server's sweep would spend
            # the run escalating and lapsing thousands of them at once).
            "review_due": signed + REVIEW_LIMIT, "review_codes": [],
            "review_escalated_at": signed + REVIEW_LIMIT + timedelta(minutes=1)
            if state == State.in_review and signed + REVIEW_LIMIT < now else None,
            "reviewed_by": uuid.UUID(pharmacist_id) if reviewed else None,
            "reviewed_at": signed + timedelta(minutes=40) if reviewed else None,
            "delivery_fee_fen": 0, "refunded_fen": 0, "usage_explained": False,
            "retention_years": 1, "keep_until": (signed + timedelta(days=366)).date(),
            "created_at": signed, "updated_at": signed})
        if state == State.in_review and dispensing == org_a:
            queue.append((signed, rid))
    queue.sort()
    engine = make_engine("postgresql+asyncpg://" + url.split("://", 1)[1])
    try:
        async with AsyncSession(engine) as db:
            await db.execute(insert(Drug), drugs)
            await db.execute(insert(PaymentOrder), [order])
            await db.execute(insert(ClinicVisit), [visit])
            for table, values in ((Prescription, rows), (PrescriptionLine, lines)):
                for i in range(0, len(values), CHUNK):
                    await db.execute(insert(table), values[i:i + CHUNK])
            await db.commit()
    finally:
        await engine.dispose()
    conn = await asyncpg.connect(url)
    await conn.execute("ANALYZE")
    await conn.close()
    return {"token": token, "org_a": str(org_a), "queue": queue, "lines": len(lines),
            "in_review_total": sum(1 for r in rows if r["state"] == State.in_review)}


# ---------------------------------------------------------------- the checks


def _check_page(body: dict, expected: list[str], org: str, last: bool) -> str | None:
    """What is wrong with a page of the queue, or None."""
    items = body.get("items")
    if not isinstance(items, list):
        return "no items"
    ids = [i["id"] for i in items]
    if ids != expected:
        return f"{len(ids)} items, not the {len(expected)} expected in oldest-first order"
    keys = [(i["signed_at"], i["id"]) for i in items]
    if keys != sorted(keys):
        return "not in (signed_at, id) order"
    if any(i["state"] != "in_review" or i["dispensing_org_id"] != org for i in items):
        return "an item not in review at the county"
    if (body.get("next_cursor") is None) != last:
        return "a next cursor on the last page" if last else "no next cursor on the first page"
    return None


def _percentiles(values: list[float]) -> dict[str, float]:
    values = sorted(values)
    return {"n": len(values), "p50": round(statistics.median(values), 2),
            "p90": round(values[int(len(values) * 0.9)], 2),
            "p99": round(values[min(len(values) - 1, int(len(values) * 0.99))], 2),
            "max": round(values[-1], 2)}


def sequential(http: httpx.Client, path: str, requests: int, label: str, check) -> dict:
    """One client, one request after the other (keep-alive): ms per request, every answer
    checked (outside the timed part)."""
    samples, wrong = [], 0
    warm_up = min(WARM_UP, requests)
    for n in range(warm_up + requests):
        t0 = time.perf_counter()
        r = http.get(path)
        elapsed = (time.perf_counter() - t0) * 1000
        problem = (f"{r.status_code} {r.text[:200]}" if r.status_code != 200
                   else check(r.json()))
        if problem:
            wrong += 1
            if wrong <= 3:
                FAILURES.append(f"{label}: {problem}")
        if n >= warm_up:
            samples.append(elapsed)
    if wrong > 3:
        FAILURES.append(f"{label}: {wrong} wrong answers in all")
    return _percentiles(samples)


# wrk with a response hook: every answer's status and body are looked at (the expected strings
# in order), and the counts printed at the end.
LUA_CHECKED = """
wrk.method = "GET"
wrk.path = "%(path)s"
%(headers)s
local expected = { %(expected)s }
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) good = 0; bad = 0 end
function response(status, headers, body)
  local ok = status == 200
  local at = 1
  if ok then
    for _, s in ipairs(expected) do
      local i = string.find(body, s, at, true)
      if not i then ok = false; break end
      at = i + #s
    end
  end
  if ok then good = good + 1 else bad = bad + 1 end
end
function done(summary, latency, requests)
  local g, b = 0, 0
  for _, t in ipairs(threads) do g = g + t:get("good"); b = b + t:get("bad") end
  io.write(string.format("checked %%d %%d\\n", g, b))
end
"""


def wrk_checked(base: str, path: str, expected: list[str], *, seconds: int, connections: int,
                headers: dict[str, str], label: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "checked.lua"
        script.write_text(LUA_CHECKED % {
            "path": path,
            "headers": "\n".join(f'wrk.headers["{k}"] = "{v}"' for k, v in headers.items()),
            "expected": ", ".join(json.dumps(s) for s in expected)})
        out = subprocess.run(
            ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--latency",
             "--timeout", f"{WRK_TIMEOUT_S}s", "-s", str(script), base],
            capture_output=True, text=True, check=True).stdout
    result = parse_wrk(out)
    _check(result, None, label)
    good, bad = (int(x) for x in out.split("checked ", 1)[1].split()[:2])
    result["checked"], result["wrong_bodies"] = good, bad
    if bad:
        FAILURES.append(f"{label} (wrk): {bad} of {good + bad} answers were not the expected "
                        "page")
    return result


# ---------------------------------------------------------------- the database's own time


def page_sql(last_after: tuple[datetime, uuid.UUID] | None) -> str:
    """The page's main query as engine.page builds it for side=review, sort=oldest (the
    pharmacist's visibility clause and the queue's filter, both on the organisation)."""
    after = (" AND (signed_at > $2 OR (signed_at = $2 AND id > $3))" if last_after else "")
    return ("SELECT * FROM prescriptions WHERE dispensing_org_id = $1 AND dispensing_org_id = $1"
            f" AND state IN ('in_review'){after} ORDER BY signed_at, id LIMIT {PAGE + 1}")


async def sql_times(url: str, org: str, after: tuple[datetime, uuid.UUID], rounds: int = 20
                    ) -> dict[str, Any]:
    conn = await asyncpg.connect(url)
    try:
        out: dict[str, Any] = {}
        for name, args in (("first_page", ()), ("last_page", after)):
            sql = "EXPLAIN (ANALYZE, FORMAT JSON) " + page_sql(after if args else None)
            times, indexes = [], set()
            for _ in range(rounds):
                [plan] = json.loads(await conn.fetchval(sql, uuid.UUID(org), *args))
                times.append(plan["Execution Time"] + plan["Planning Time"])
                stack = [plan["Plan"]]
                while stack:
                    node = stack.pop()
                    if "Index Name" in node:
                        indexes.add(node["Index Name"])
                    stack.extend(node.get("Plans", []))
            out[name] = {"p50_ms": round(statistics.median(times), 3),
                         "max_ms": round(max(times), 3), "indexes": sorted(indexes)}
        return out
    finally:
        await conn.close()


# ---------------------------------------------------------------- the run


def one_repeat(base: str, token: str, org: str, first: list[str], last: list[str],
               last_page: str, args: argparse.Namespace) -> dict:
    auth = {"Authorization": f"Bearer {token}"}
    run: dict[str, Any] = {"load_before": list(os.getloadavg())}
    with httpx.Client(base_url=base, headers=auth, timeout=60) as http:
        run["sequential_ms"] = {
            "healthz": sequential(http, "/healthz", args.requests, "healthz",
                                  lambda b: None if b == {"status": "ok"} else f"{b}"),
            "queue_first_page": sequential(
                http, FIRST_PAGE, args.requests, "first page",
                lambda b: _check_page(b, first, org, last=False)),
            "queue_last_page": sequential(
                http, last_page, args.requests, "last page",
                lambda b: _check_page(b, last, org, last=True)),
        }
    run["wrk"] = {
        "healthz": wrk_checked(base, "/healthz", ['"status":"ok"'], seconds=args.seconds,
                               connections=args.connections, headers={}, label="healthz"),
        "queue_first_page": wrk_checked(base, FIRST_PAGE, first, seconds=args.seconds,
                                        connections=args.connections, headers=auth,
                                        label="first page"),
        "queue_last_page": wrk_checked(base, last_page, last, seconds=args.seconds,
                                       connections=args.connections, headers=auth,
                                       label="last page"),
    }
    run["load_after"] = list(os.getloadavg())
    return run


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pending", type=int, default=10_000)
    ap.add_argument("--others", type=int, default=5_000)
    ap.add_argument("--patients", type=int, default=1_000)
    ap.add_argument("--requests", type=int, default=500, help="sequential requests per figure")
    ap.add_argument("--seconds", type=int, default=10, help="per wrk run")
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args()
    if args.pending < 2 * PAGE:
        raise SystemExit(f"--pending: at least {2 * PAGE} (a first and a last page)")

    with prepared("yilian_bench_rxqueue", args.patients) as (url, data_dir, facts):
        started = time.perf_counter()
        setting = asyncio.run(seed(url, facts, args.pending, args.others))
        seed_seconds = time.perf_counter() - started
        queue, org = setting["queue"], setting["org_a"]
        first = [str(i) for _, i in queue[:PAGE]]
        last = [str(i) for _, i in queue[-PAGE:]]
        # The cursor the page before the last one hands out: its last row's sort key.
        after = queue[-PAGE - 1]
        last_page = f"{FIRST_PAGE}&cursor={encode_cursor(list(after))}"
        sql = asyncio.run(sql_times(url, org, after))
        with server(url, data_dir, workers=args.workers) as base:
            runs = [one_repeat(base, setting["token"], org, first, last, last_page, args)
                    for _ in range(args.repeats)]

    names = ("healthz", "queue_first_page", "queue_last_page")
    seq = {name: {k: statistics.median(r["sequential_ms"][name][k] for r in runs)
                  for k in ("p50", "p90", "p99", "max")} for name in names}
    loaded = {name: median_run([r["wrk"][name] for r in runs]) for name in names}
    p99 = seq["queue_first_page"]["p99"]
    emit({
        "benchmark": "prescription_queue",
        "database": "postgresql",
        "workers": args.workers,
        "pending": args.pending,
        "in_review_elsewhere": setting["in_review_total"] - len(queue),
        "others": args.others,
        "lines": setting["lines"],
        "patients": args.patients,
        "seed_seconds": round(seed_seconds, 1),
        "requests": args.requests,
        "warm_up": min(WARM_UP, args.requests),
        "seconds": args.seconds,
        "connections": args.connections,
        "repeats": args.repeats,
        "sequential_ms": seq,
        "wrk": loaded,
        "ratio_to_healthz": round(seq["queue_first_page"]["p50"] / seq["healthz"]["p50"], 1),
        "last_over_first_p50": round(seq["queue_last_page"]["p50"]
                                     / seq["queue_first_page"]["p50"], 2),
        "sql_ms": sql,
        "target_p99_ms": TARGET_P99_MS,
        "met": p99 < TARGET_P99_MS,
        "runs": runs,
    })


if __name__ == "__main__":
    main()
