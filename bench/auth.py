"""The authenticated patient read against what it is compared with, in one run, alternating so
that drift on the machine hits all alike. Prints JSON; exits 1 when any answer was not the
expected one.

- `authenticated`: GET /api/v1/patients/{id} on `yilian serve` with a valid bearer token;
- `without_session_check`: the same GET with the session lookup replaced by a fixed actor
  (`noauth_app.py`), to price authentication;
- `reference`: a bare FastAPI + asyncpg app doing the same indexed SELECT (`reference_app.py`),
  same worker count: yilian's req/s as a share of it is `ratio_to_reference`;
- `bad_token`: the same GET with a fresh forged token on every request, on a server whose
  refusal budget is off (every answer 401): what a refusal costs beside a valid read;
- `bad_token_rate_limited`: the same flood with the default refusal budget (answers 401, then
  429 once the source's budget is spent; docs/decisions/0005).

    uv run python bench/auth.py [--patients 10000] [--seconds 15] [--repeats 3]
"""

from __future__ import annotations

import argparse
import os
import random

from harness import emit, median_run, prepared, server, wrk


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--patients", type=int, default=10_000)
    ap.add_argument("--seconds", type=int, default=15)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--connections", type=int, default=64)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    args = ap.parse_args()

    with prepared("yilian_bench_auth", args.patients) as (url, data_dir, facts):
        result = measure(args, url, data_dir, facts)
    emit(result)


def measure(args, url, data_dir, facts) -> dict:
    paths = [f"/api/v1/patients/{pid}"
             for pid in random.Random(3).sample(facts["patient_ids"], min(2000, args.patients))]
    auth = {"Authorization": f"Bearer {facts['token']}"}
    baseline_env = {"BENCH_USER_ID": facts["user_id"], "BENCH_GRANT_ID": facts["grant_id"],
                    "BENCH_ORG_ID": facts["org_id"], "BENCH_ORG_PATH": facts["org_path"]}
    seconds, conns = args.seconds, args.connections
    names = ["authenticated", "bad_token", "without_session_check", "reference",
             "bad_token_rate_limited"]
    runs: dict[str, list[dict]] = {name: [] for name in names}
    for _ in range(args.repeats):
        with server(url, data_dir, workers=args.workers,
                    env={"YILIAN_REFUSAL_RATE_LIMIT_PER_MINUTE": "0"}) as base:
            wrk(base, paths[:50], seconds=2, connections=conns, headers=auth, label="warm-up")
            runs["authenticated"].append(wrk(base, paths, seconds=seconds, connections=conns,
                                             headers=auth, label="authenticated"))
            runs["bad_token"].append(wrk(base, paths, seconds=seconds, connections=conns,
                                         random_bearer=True, expect=(401,), label="bad_token"))
        with server(url, data_dir, workers=args.workers, app="noauth_app:create",
                    env=baseline_env) as base:
            wrk(base, paths[:50], seconds=2, connections=conns, label="warm-up (no session)")
            runs["without_session_check"].append(
                wrk(base, paths, seconds=seconds, connections=conns,
                    label="without_session_check"))
        with server(url, data_dir, workers=args.workers, app="reference_app:create") as base:
            wrk(base, paths[:50], seconds=2, connections=conns, label="warm-up (reference)")
            runs["reference"].append(
                wrk(base, paths, seconds=seconds, connections=conns, label="reference"))
        with server(url, data_dir, workers=args.workers) as base:
            runs["bad_token_rate_limited"].append(
                wrk(base, paths, seconds=seconds, connections=conns, random_bearer=True,
                    expect=(401, 429), label="bad_token_rate_limited"))
    medians = {k: median_run(v) for k, v in runs.items()}
    authed, ref = medians["authenticated"], medians["reference"]
    bare, bad = medians["without_session_check"], medians["bad_token"]
    summary = {
        "yilian": {k: authed[k] for k in ("rps", "p50_ms", "p99_ms")},
        "reference": {k: ref[k] for k in ("rps", "p50_ms", "p99_ms")},
        "ratio_to_reference": round(authed["rps"] / ref["rps"], 3),
        "bad_token_rps": bad["rps"],
        # How many valid reads' worth of server time one refused request costs.
        "bad_token_cost_in_valid_reads": round(authed["rps"] / bad["rps"], 3),
        "bad_token_rate_limited_rps": medians["bad_token_rate_limited"]["rps"],
    }
    return {
        "benchmark": "auth",
        "endpoint": "GET /api/v1/patients/{id}",
        "database": "postgresql",
        "workers": args.workers,
        "connections": conns,
        "seconds_per_run": seconds,
        "repeats": args.repeats,
        "summary": summary,
        "median": medians,
        "extra_cost_of_authentication": round(bare["rps"] / authed["rps"] - 1, 3),
        "target_extra_cost": 0.15,
        "target_ratio_to_reference": 0.4,
    }


if __name__ == "__main__":
    main()
