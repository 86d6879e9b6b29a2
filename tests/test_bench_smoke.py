"""The benchmarks still run: each once, with tiny sizes (DESIGN §8: never a timed assertion)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PG_URL

BENCH = Path(__file__).resolve().parents[1] / "bench"
pytestmark = [
    pytest.mark.skipif(not PG_URL, reason="the benchmarks run against PostgreSQL"),
    pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is not installed"),
]


@pytest.mark.parametrize("script", ["api_read.py", "auth.py"])
def test_benchmark_runs_and_prints_json(script):
    admin_url = PG_URL.rsplit("/", 1)[0] + "/postgres"
    out = subprocess.run(
        [sys.executable, str(BENCH / script), "--patients", "300", "--seconds", "1",
         "--repeats", "1", "--connections", "4"],
        capture_output=True, text=True, timeout=300,
        env={**os.environ, "YILIAN_BENCH_PG": admin_url},
    )
    assert out.returncode == 0, out.stderr[-2000:]
    result = json.loads(out.stdout)
    medians = result["median"].values()
    assert all(run["rps"] > 0 and run["non_2xx"] == 0 for run in medians)


def test_ws_fanout_benchmark_runs_and_prints_json():
    admin_url = PG_URL.rsplit("/", 1)[0] + "/postgres"
    out = subprocess.run(
        [sys.executable, str(BENCH / "ws_fanout.py"), "--clients", "12", "--participants", "3",
         "--messages", "3", "--interval", "0.01"],
        capture_output=True, text=True, timeout=300,
        env={**os.environ, "YILIAN_BENCH_PG": admin_url,
             "YILIAN_BENCH_REDIS": os.environ.get("YILIAN_TEST_REDIS_URL", "redis://127.0.0.1:6379/7")},
    )
    assert out.returncode == 0, out.stderr[-2000:]
    result = json.loads(out.stdout)
    assert [run["processes"] for run in result["runs"]] == [1, 2]
    assert all(run["missing_deliveries"] == 0 and run["connected_clients"] == 12
               for run in result["runs"])
