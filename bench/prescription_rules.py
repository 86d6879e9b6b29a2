"""The prescribing rules (src/yilian/pharmacy/rules) on one realistic 5-line prescription, in
process, no server and no database: the time of one ``check`` (quantities, refusals, warnings),
p50 and p99 over many runs, beside references measured in the same run on the same
prescription:

- `reference_pydantic`: parsing and validating the prescription request's JSON body with a
  small pydantic model, which an endpoint does before any rule is looked at; yilian's p50 as a
  multiple of it is `ratio_to_reference`;
- `reference_json_round_trip`: ``json.loads(json.dumps(body))`` of the same body;
- `check_with_construction`: the check with its inputs built first from the validated request
  and the drugs' facts, as the service will.

The drugs come from the demo catalogue (demo_drugs.csv, read by the catalogue's importer): a
68-year-old with hypertension and type 2 diabetes, four weeks of amlodipine, irbesartan,
metformin, atorvastatin and aspirin, allergic to penicillins and sulfonamides, taking
glimepiride, spironolactone and omeprazole. The outcome is checked on every repeat (no refusal,
the quantities, one interaction: irbesartan with spironolactone); a different one is a failure
and the script exits 1. Each figure is the median over the repeats.

    uv run python bench/prescription_rules.py [--iterations 20000] [--repeats 3]
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import time
import uuid
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

import yilian.pharmacy.catalogue as catalogue
from harness import FAILURES, emit
from yilian.pharmacy.catalogue.importer import Checker, open_sheet
from yilian.pharmacy.rules import (
    FREQUENCIES,
    Context,
    CurrentMedication,
    DrugFacts,
    Line,
    Patient,
    Route,
    check,
)

DEMO = Path(catalogue.__file__).with_name("demo_drugs.csv")
# (generic name, dose, frequency) for 28 days.
PRESCRIPTION = [("苯磺酸氨氯地平片", "5", "qd"), ("厄贝沙坦片", "150", "qd"),
                ("盐酸二甲双胍片", "500", "tid"), ("阿托伐他汀钙片", "20", "qn"),
                ("阿司匹林肠溶片", "100", "qd")]
DAYS = 28
EXPECTED = {"quantities": [1, 1, 2, 1, 1], "refusals": [], "warnings": [["interaction", 1]]}
TARGET_P99_MS = 5.0


class LineIn(BaseModel):
    drug_id: uuid.UUID
    dose: Decimal = Field(gt=0, max_digits=12, decimal_places=4)
    dose_unit: str = Field(max_length=16)
    route: Route
    frequency: Literal[tuple(FREQUENCIES)]  # type: ignore[valid-type]
    days: int = Field(ge=1, le=84)
    prn_max_per_day: int | None = Field(None, ge=1, le=24)


class PrescriptionIn(BaseModel):
    visit_id: uuid.UUID
    diagnoses: list[str] = Field(min_length=1, max_length=10)
    chronic: bool = False
    long_term: bool = False
    stable_assessment_recorded: bool = False
    patient_confirmed: bool = False
    validity_days: int = Field(1, ge=1, le=3)
    validity_note: str = Field("", max_length=200)
    lines: list[LineIn] = Field(min_length=1, max_length=10)


def demo_drugs() -> dict[str, DrugFacts]:
    """The demo catalogue's drugs by generic name: the product without a trade name (集采) where
    there are two."""
    sheet = open_sheet(DEMO.read_bytes(), "csv")
    checker = Checker(sheet)
    for number, cells in sheet.rows:
        checker.check(number, cells)
    if checker.problem_count:
        raise SystemExit(f"demo_drugs.csv has problems: {checker.problems[:3]}")
    return {
        v["generic_name"]: DrugFacts(
            id=uuid.uuid4(), generic_name=v["generic_name"], atc=v["atc"],
            strength=v["strength"], strength_unit=v["strength_unit"], unit=v["unit"],
            package_size=v["package_size"], dosage_form=v["dosage_form"], rx=v["rx"],
            control=v["control"], antimicrobial=v["antimicrobial"], cold_chain=v["cold_chain"],
            max_single_dose=v["max_single_dose"], max_daily_dose=v["max_daily_dose"])
        for v in sorted(checker.rows, key=lambda v: not v.get("trade_name"))}


def body_of(drugs: dict[str, DrugFacts]) -> dict[str, Any]:
    """The request a doctor's form sends."""
    return {
        "visit_id": str(uuid.uuid4()), "diagnoses": ["原发性高血压", "2型糖尿病"],
        "chronic": True, "validity_days": 1,
        "lines": [{"drug_id": str(drugs[name].id), "dose": dose,
                   "dose_unit": drugs[name].strength_unit, "route": "oral",
                   "frequency": frequency, "days": DAYS}
                  for name, dose, frequency in PRESCRIPTION]}


PATIENT = Patient(
    age_years=68, allergies=("青霉素类", "磺胺"),
    current_medications=(CurrentMedication("格列美脲片", "A10BB12"),
                         CurrentMedication("螺内酯片", "C03DA01"),
                         CurrentMedication("奥美拉唑肠溶胶囊", "A02BC01")))


def inputs(request: PrescriptionIn, by_id: dict[uuid.UUID, DrugFacts]
           ) -> tuple[tuple[Line, ...], Context]:
    lines = tuple(Line(drug=by_id[x.drug_id], dose=x.dose, dose_unit=x.dose_unit,
                       route=x.route, frequency=x.frequency, days=x.days,
                       prn_max_per_day=x.prn_max_per_day) for x in request.lines)
    context = Context(diagnoses=tuple(request.diagnoses), chronic=request.chronic,
                      long_term=request.long_term,
                      stable_assessment_recorded=request.stable_assessment_recorded,
                      patient_confirmed=request.patient_confirmed,
                      validity_days=request.validity_days, validity_note=request.validity_note)
    return lines, context


def timed(work: Callable[[], object], iterations: int) -> dict[str, float]:
    """p50, p99 and mean of ``iterations`` calls, in ms, after a warm-up."""
    for _ in range(min(1000, iterations)):
        work()
    clock = time.perf_counter_ns
    samples = []
    for _ in range(iterations):
        start = clock()
        work()
        samples.append(clock() - start)
    samples.sort()
    return {"p50_ms": round(samples[len(samples) // 2] / 1e6, 4),
            "p99_ms": round(samples[min(len(samples) - 1, int(len(samples) * 0.99))] / 1e6, 4),
            "mean_ms": round(statistics.fmean(samples) / 1e6, 4)}


def summary(outcome) -> dict[str, list]:
    return {"quantities": list(outcome.quantities),
            "refusals": [[r.code, r.line] for r in outcome.refusals],
            "warnings": [[w.code, w.line] for w in outcome.warnings]}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--iterations", type=int, default=20_000)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()

    drugs = demo_drugs()
    by_id = {d.id: d for d in drugs.values()}
    body = body_of(drugs)
    raw = json.dumps(body).encode()
    request = PrescriptionIn.model_validate_json(raw)
    lines, context = inputs(request, by_id)

    def construct_and_check():
        built, ctx = inputs(request, by_id)
        return check(built, PATIENT, ctx)

    work: dict[str, Callable[[], object]] = {
        "check": lambda: check(lines, PATIENT, context),
        "check_with_construction": construct_and_check,
        "reference_pydantic": lambda: PrescriptionIn.model_validate_json(raw),
        "reference_json_round_trip": lambda: json.loads(json.dumps(body)),
    }
    runs: list[dict[str, Any]] = []
    for repeat in range(args.repeats):
        outcome = summary(check(lines, PATIENT, context))
        if outcome != EXPECTED:
            FAILURES.append(f"repeat {repeat}: the outcome was {outcome}, not {EXPECTED}")
        runs.append({name: timed(fn, args.iterations) for name, fn in work.items()})
    median = {name: {k: statistics.median(run[name][k] for run in runs)
                     for k in ("p50_ms", "p99_ms", "mean_ms")} for name in work}
    emit({
        "benchmark": "prescription_rules",
        "python": platform.python_version(),
        "lines": len(lines),
        "prescription": [f"{name} {dose}{drugs[name].strength_unit} {frequency} × {DAYS}d"
                         for name, dose, frequency in PRESCRIPTION],
        "outcome": summary(check(lines, PATIENT, context)),
        "iterations": args.iterations,
        "repeats": args.repeats,
        "median": median,
        "ratio_to_reference": round(median["check"]["p50_ms"]
                                    / median["reference_pydantic"]["p50_ms"], 2),
        "target_p99_ms": TARGET_P99_MS,
        "meets_target": median["check"]["p99_ms"] < TARGET_P99_MS,
        "runs": runs,
    })


if __name__ == "__main__":
    main()
