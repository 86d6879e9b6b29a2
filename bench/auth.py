"""What authentication costs: an authenticated GET (session lookup + policy) against the same
GET with the session lookup replaced by a fixed actor, in one run. Prints JSON.

    uv run python bench/auth.py [--patients 10000] [--seconds 15] [--repeats 3]
"""

from __future__ import annotations

import argparse
import os
import random

from harness import emit, median_run, prepare, server, wrk


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--patients", type=int, default=10_000)
    ap.add_argument("--seconds", type=int, default=15)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--connections", type=int, default=64)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    args = ap.parse_args()

    url, data_dir, facts = prepare("yilian_bench_auth", args.patients)
    paths = [f"/api/v1/patients/{pid}"
             for pid in random.Random(3).sample(facts["patient_ids"], min(2000, args.patients))]
    auth = {"Authorization": f"Bearer {facts['token']}"}
    baseline_env = {"BENCH_USER_ID": facts["user_id"], "BENCH_GRANT_ID": facts["grant_id"],
                    "BENCH_ORG_ID": facts["org_id"], "BENCH_ORG_PATH": facts["org_path"]}
    runs: dict[str, list[dict]] = {"authenticated": [], "without_session_check": []}
    # Alternate the two servers so that drift on the machine hits both alike.
    for _ in range(args.repeats):
        with server(url, data_dir, workers=args.workers) as base:
            wrk(base, paths[:50], seconds=2, connections=args.connections, headers=auth)
            runs["authenticated"].append(
                wrk(base, paths, seconds=args.seconds, connections=args.connections, headers=auth))
        with server(url, data_dir, workers=args.workers, app="noauth_app:create",
                    env=baseline_env) as base:
            wrk(base, paths[:50], seconds=2, connections=args.connections)
            runs["without_session_check"].append(
                wrk(base, paths, seconds=args.seconds, connections=args.connections))
    medians = {k: median_run(v) for k, v in runs.items()}
    authed, bare = medians["authenticated"]["rps"], medians["without_session_check"]["rps"]
    emit({
        "benchmark": "auth",
        "endpoint": "GET /api/v1/patients/{id}",
        "database": "postgresql",
        "workers": args.workers,
        "connections": args.connections,
        "seconds_per_run": args.seconds,
        "repeats": args.repeats,
        "median": medians,
        "extra_cost_of_authentication": round(bare / authed - 1, 3),
        "target_extra_cost": 0.15,
    })


if __name__ == "__main__":
    main()
