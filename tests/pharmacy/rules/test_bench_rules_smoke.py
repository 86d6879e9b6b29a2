"""bench/prescription_rules.py still runs: once, with tiny numbers (DESIGN §8: never a timed
assertion), in process; it checks the prescription's outcome itself and prints JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.test_bench_smoke import BENCH


def test_the_rules_benchmark_runs_and_prints_json():
    out = subprocess.run(
        [sys.executable, str(BENCH / "prescription_rules.py"), "--iterations", "50",
         "--repeats", "1"], capture_output=True, text=True, timeout=120, env=dict(os.environ))
    assert out.returncode == 0, out.stderr[-2000:]
    result = json.loads(out.stdout)
    assert result["failures"] == [] and result["databases"] == []
    assert result["outcome"] == {"quantities": [1, 1, 2, 1, 1], "refusals": [],
                                 "warnings": [["interaction", 1]]}
    for name in ("check", "check_with_construction", "reference_pydantic",
                 "reference_json_round_trip"):
        assert result["median"][name]["p50_ms"] > 0, name
    assert result["ratio_to_reference"] > 0
