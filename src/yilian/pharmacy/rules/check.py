"""The prescribing rules: given the lines (each with its drug's facts), the patient and the
prescription's context, each line's quantity, the refusals and the warnings. Pure functions,
written to be cheap (a 5-line check is measured by bench/prescription_rules.py).

Refusals (each with its source, articles.py):
- no diagnosis; more than 5 drugs on a 西药/中成药 prescription (a drug written on two lines
  counts once);
- more days than allowed: 7; with a chronic disease declared 28; on a long-term prescription 84,
  and over 28 only with the stable patient's assessment recorded and the patient's confirmation;
  a long-term prescription for a patient without a chronic disease, or of a drug that may not be
  on one (controlled, antimicrobial, cold chain);
- online: a controlled drug of any class; a child under 6 without a guardian present and the
  accompanying physician recorded;
- a special-use (特殊使用级) antimicrobial, which is not for outpatients;
- validity: 1 to 3 days, over 1 only with a note.

Warnings (the doctor decides): an allergy in the record matching the drug; duplicate therapy
(two lines, or a line and a current medication, in one ATC level-4 group: the first 5
characters); an interaction from tables.INTERACTIONS; a dose over the drug's single or daily
maximum. A current medication whose substance is on the prescription is being renewed (续方,
what a follow-up visit is mostly for): it is not a duplicate of itself, and the lines' own
pairs already cover its interactions.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from yilian.pharmacy.rules.articles import REFUSALS
from yilian.pharmacy.rules.facts import (
    FREQUENCIES,
    Antimicrobial,
    Category,
    Context,
    DrugFacts,
    InvalidLine,
    Line,
    Outcome,
    Patient,
    Refusal,
    RuleWarning,
)
from yilian.pharmacy.rules.tables import ALLERGY_CLASSES, allergy_key, interactions_between

MAX_DRUGS = 5
MAX_DAYS = 7
MAX_DAYS_CHRONIC = 28
MAX_DAYS_LONG_TERM = 84
MAX_VALIDITY_DAYS = 3
CHILD_AGE_YEARS = 6
ZERO = Decimal(0)


def administrations(line: Line, index: int = 0) -> int:
    """How many times the line's dose is given over its days: every day's times for a daily
    frequency, the days it falls on for a slower one (qod over 7 days: days 1, 3, 5, 7), the
    most allowed for prn, one for st."""
    frequency = FREQUENCIES.get(line.frequency)
    if frequency is None:
        raise InvalidLine(index, "frequency", "unknown-frequency")
    if line.days < 1:
        raise InvalidLine(index, "days", "days-below-1")
    if frequency.code == "st":
        return 1
    if frequency.code == "prn":
        if not line.prn_max_per_day or line.prn_max_per_day < 1:
            raise InvalidLine(index, "prn_max_per_day", "prn-needs-max-times")
        return line.days * line.prn_max_per_day
    return -(-line.days * frequency.times // frequency.period_days)


def times_on_a_day(line: Line) -> int:
    """The most administrations on any one day (qod and qw give one)."""
    frequency = FREQUENCIES[line.frequency]
    if frequency.code == "prn":
        return line.prn_max_per_day or 1
    return frequency.times if frequency.period_days == 1 else 1


def _check_dose(line: Line, index: int) -> None:
    drug = line.drug
    if not line.dose > ZERO:
        raise InvalidLine(index, "dose", "dose-not-positive")
    if line.dose_unit != drug.strength_unit and line.dose_unit != drug.unit:
        raise InvalidLine(index, "dose_unit", "unit-not-the-drugs")
    if not drug.strength > ZERO or drug.package_size < 1:
        raise InvalidLine(index, "drug", "drug-without-strength-or-package")


def single_dose(line: Line) -> Decimal:
    """One administration in the drug's strength unit (2 片 of 5 mg: 10 mg)."""
    if line.dose_unit == line.drug.strength_unit:
        return line.dose
    return line.dose * line.drug.strength


def quantity(line: Line, index: int = 0) -> int:
    """Whole packages: the units for every administration over the line's days, rounded up to
    packages. Exact: one division, its remainder decides the rounding."""
    _check_dose(line, index)
    drug = line.drug
    total = line.dose * administrations(line, index)
    # A dose in the unit counts units; one in the strength unit counts strength.
    per_package = (Decimal(drug.package_size) if line.dose_unit == drug.unit
                   else drug.strength * drug.package_size)
    whole, rest = divmod(total, per_package)
    return int(whole) + (1 if rest else 0)


def _refusal(code: str, line: int | None = None, **params: Any) -> Refusal:
    return Refusal(code, REFUSALS[code].zh, params, line)


def _days_refusals(lines: tuple[Line, ...], context: Context) -> list[Refusal]:
    found: list[Refusal] = []
    if context.long_term:
        if not context.chronic:
            found.append(_refusal("long-term-not-chronic"))
        limit, code = MAX_DAYS_LONG_TERM, "long-term-days-over-limit"
    elif context.chronic:
        limit, code = MAX_DAYS_CHRONIC, "chronic-days-over-limit"
    else:
        limit, code = MAX_DAYS, "days-over-limit"
    longest = 0
    for i, line in enumerate(lines):
        longest = max(longest, line.days)
        if line.days > limit:
            found.append(_refusal(code, i, days=line.days, limit=limit))
        if context.long_term:
            drug = line.drug
            reason = ("controlled" if drug.control else "antimicrobial" if drug.antimicrobial
                      else "cold-chain" if drug.cold_chain else None)
            if reason:
                found.append(_refusal("long-term-drug-excluded", i, reason=reason))
    if context.long_term and longest > MAX_DAYS_CHRONIC:
        if not context.stable_assessment_recorded:
            found.append(_refusal("long-term-assessment-missing", days=longest,
                                  limit=MAX_DAYS_CHRONIC))
        if not context.patient_confirmed:
            found.append(_refusal("long-term-confirmation-missing", days=longest,
                                  limit=MAX_DAYS_CHRONIC))
    return found


def _allergy_matches(key: str, drug: DrugFacts) -> bool:
    """An allergy (as allergy_key left it) matches a drug whose generic name contains it or is
    contained in it (阿莫西林 / 阿莫西林胶囊), whose ATC group it names as a class (青霉素 →
    J01C), or whose ATC code starts with it when it is written as one (J01CA)."""
    if len(key) < 2:
        return False
    name = drug.generic_name.casefold()
    if key in name or name in key:
        return True
    prefixes = ALLERGY_CLASSES.get(key)
    if prefixes is not None and drug.atc.startswith(prefixes):
        return True
    return len(key) >= 3 and key[0].isalpha() and drug.atc.startswith(key.upper())


def _warnings(lines: tuple[Line, ...], patient: Patient) -> list[RuleWarning]:
    found: list[RuleWarning] = []
    allergies = [(a, allergy_key(a)) for a in patient.allergies]
    renewed = {line.drug.atc for line in lines}
    current = [m for m in patient.current_medications if m.atc not in renewed]
    for i, line in enumerate(lines):
        drug = line.drug
        for written, key in allergies:
            if _allergy_matches(key, drug):
                found.append(RuleWarning("allergy", {"allergy": written}, i))
        group = drug.atc[:5]
        for j in range(i):
            other = lines[j].drug
            if other.atc[:5] == group:
                found.append(RuleWarning("duplicate-therapy", {
                    "atc_group": group, "with_line": j, "with": other.generic_name}, i))
            for interaction in interactions_between(drug.atc, other.atc):
                found.append(RuleWarning("interaction", {
                    "severity": interaction.severity, "with_line": j,
                    "with": other.generic_name, "zh": interaction.zh, "en": interaction.en}, i))
        for medication in current:
            if medication.atc[:5] == group:
                found.append(RuleWarning("duplicate-therapy", {
                    "atc_group": group, "with_current": medication.generic_name}, i))
            for interaction in interactions_between(drug.atc, medication.atc):
                found.append(RuleWarning("interaction", {
                    "severity": interaction.severity, "with_current": medication.generic_name,
                    "zh": interaction.zh, "en": interaction.en}, i))
        dose = single_dose(line)
        if drug.max_single_dose is not None and dose > drug.max_single_dose:
            found.append(RuleWarning("dose-over-single-max", {
                "dose": str(dose), "max": str(drug.max_single_dose),
                "unit": drug.strength_unit}, i))
        daily = dose * times_on_a_day(line)
        if drug.max_daily_dose is not None and daily > drug.max_daily_dose:
            found.append(RuleWarning("dose-over-daily-max", {
                "dose": str(daily), "max": str(drug.max_daily_dose),
                "unit": drug.strength_unit}, i))
    return found


def check(lines: tuple[Line, ...] | list[Line], patient: Patient, context: Context) -> Outcome:
    """Every rule over one prescription. Raises InvalidLine for a line that cannot be read."""
    lines = tuple(lines)
    quantities = tuple(quantity(line, i) for i, line in enumerate(lines))
    refusals: list[Refusal] = []
    if not any(d.strip() for d in context.diagnoses):
        refusals.append(_refusal("diagnosis-missing"))
    if context.category is Category.western:
        drugs = len({line.drug.id for line in lines})
        if drugs > MAX_DRUGS:
            refusals.append(_refusal("too-many-drugs", count=drugs, limit=MAX_DRUGS))
    refusals += _days_refusals(lines, context)
    for i, line in enumerate(lines):
        drug = line.drug
        if context.online and drug.control is not None:
            refusals.append(_refusal("controlled-drug-online", i, control=str(drug.control)))
        if drug.antimicrobial is Antimicrobial.special:
            refusals.append(_refusal("special-antimicrobial-outpatient", i))
    if (context.online and patient.age_years < CHILD_AGE_YEARS
            and not (patient.guardian_present and patient.accompanying_physician_recorded)):
        refusals.append(_refusal("child-under-6-unaccompanied", age_years=patient.age_years,
                                 age_months=patient.age_months))
    if not 1 <= context.validity_days <= MAX_VALIDITY_DAYS:
        refusals.append(_refusal("validity-out-of-range", validity_days=context.validity_days,
                                 limit=MAX_VALIDITY_DAYS))
    elif context.validity_days > 1 and not context.validity_note.strip():
        refusals.append(_refusal("validity-note-missing", validity_days=context.validity_days))
    return Outcome(quantities, tuple(refusals), tuple(_warnings(lines, patient)))
