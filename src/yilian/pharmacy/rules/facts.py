"""What the prescribing rules are given and what they answer: plain frozen values, no database.

The service builds them from the catalogue's drugs, the visit's patient and the doctor's form;
the rules (check.py) read nothing else.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from yilian.pharmacy.catalogue.models import Antimicrobial, Control, Route

__all__ = [
    "FREQUENCIES", "Antimicrobial", "Category", "Context", "Control", "CurrentMedication",
    "DrugFacts", "Frequency", "InvalidLine", "Line", "Outcome", "Patient", "Refusal", "Route",
    "RuleWarning",
]


@dataclass(frozen=True, slots=True)
class DrugFacts:
    """One catalogue drug as the rules see it. ``strength`` is the active ingredient in one
    ``unit`` (片, 粒, ml...), in ``strength_unit`` (mg, μg, IU...); a package holds
    ``package_size`` units. For a combination product the strength is its first-named
    ingredient's, as the catalogue records it. The maximum doses are in ``strength_unit``."""

    id: uuid.UUID
    generic_name: str
    atc: str
    strength: Decimal
    strength_unit: str
    unit: str
    package_size: int
    dosage_form: str = ""
    rx: bool = True
    control: Control | None = None
    antimicrobial: Antimicrobial | None = None
    cold_chain: bool = False
    max_single_dose: Decimal | None = None
    max_daily_dose: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Frequency:
    """``times`` administrations every ``period_days`` days (bid: 2 a day; qod: 1 every 2 days;
    biw: 2 a week). ``st`` is one administration whatever the days; ``prn`` is given by the
    line's own most times a day."""

    code: str
    times: int
    period_days: int
    zh: str
    en: str

    @property
    def times_per_day(self) -> Decimal:
        return Decimal(self.times) / Decimal(self.period_days)


FREQUENCIES: dict[str, Frequency] = {f.code: f for f in (
    Frequency("qd", 1, 1, "每日一次", "once a day"),
    Frequency("bid", 2, 1, "每日两次", "twice a day"),
    Frequency("tid", 3, 1, "每日三次", "three times a day"),
    Frequency("qid", 4, 1, "每日四次", "four times a day"),
    Frequency("q6h", 4, 1, "每6小时一次", "every 6 hours"),
    Frequency("q8h", 3, 1, "每8小时一次", "every 8 hours"),
    Frequency("q12h", 2, 1, "每12小时一次", "every 12 hours"),
    Frequency("qn", 1, 1, "每晚一次", "every night"),
    Frequency("qod", 1, 2, "隔日一次", "every other day"),
    Frequency("qw", 1, 7, "每周一次", "once a week"),
    Frequency("biw", 2, 7, "每周两次", "twice a week"),
    Frequency("prn", 1, 1, "必要时", "when needed"),  # times: the line's prn_max_per_day
    Frequency("st", 1, 1, "立即（一次）", "at once (one dose)"),
)}


@dataclass(frozen=True, slots=True)
class Line:
    """One drug on the prescription: ``dose`` per administration in ``dose_unit``, which is the
    drug's strength unit (30 mg) or its unit (1 片); a ``prn`` line says how many times a day
    at most (``prn_max_per_day``), which is what its quantity and daily dose count."""

    drug: DrugFacts
    dose: Decimal
    dose_unit: str
    route: Route
    frequency: str
    days: int
    prn_max_per_day: int | None = None


@dataclass(frozen=True, slots=True)
class CurrentMedication:
    """A drug the record says the patient takes (from another prescription or elsewhere)."""

    generic_name: str
    atc: str


@dataclass(frozen=True, slots=True)
class Patient:
    """The patient on the day of the prescription: age in whole years, and the months past them
    (for infants; 5 years 11 months is ``age_years=5, age_months=11``); allergy substances as
    the record writes them (阿莫西林, 青霉素类, 磺胺...); current medications. A child under 6
    may be prescribed for online only with a guardian present and a physician of the relevant
    specialty accompanying them recorded (互联网诊疗管理办法（试行）第十九条:
    监护人和相关专业医师陪伴)."""

    age_years: int
    age_months: int = 0
    allergies: tuple[str, ...] = ()
    current_medications: tuple[CurrentMedication, ...] = ()
    guardian_present: bool = False
    accompanying_physician_recorded: bool = False


class Category(StrEnum):
    """西药、中成药 prescriptions (the 5-drug rule) or 中药饮片 (herbal, written apart)."""

    western = "western"
    herbal = "herbal"


@dataclass(frozen=True, slots=True)
class Context:
    """The prescription as a whole. ``chronic``: a chronic disease declared (up to 4 weeks);
    ``long_term``: a 长期处方 (up to 12 weeks), over 4 weeks only with the stable patient's
    assessment recorded and the patient's confirmation; ``validity_days`` 1 (the day of issue)
    to 3, over 1 only with ``validity_note``."""

    diagnoses: tuple[str, ...]
    category: Category = Category.western
    online: bool = True
    chronic: bool = False
    long_term: bool = False
    stable_assessment_recorded: bool = False
    patient_confirmed: bool = False
    validity_days: int = 1
    validity_note: str = ""


@dataclass(frozen=True, slots=True)
class Refusal:
    """A rule the prescription breaks: it cannot be issued as it is. ``article`` names where the
    rule comes from; ``line`` is the line's index, or None for the prescription as a whole."""

    code: str
    article: str
    params: dict[str, Any] = field(default_factory=dict)
    line: int | None = None


@dataclass(frozen=True, slots=True)
class RuleWarning:
    """Something the doctor should look at (allergy, duplicate therapy, interaction, dose over
    the maximum): assist only; the doctor decides, and the decision with its reason is kept."""

    code: str
    params: dict[str, Any]
    line: int


@dataclass(frozen=True, slots=True)
class Outcome:
    """Each line's quantity in whole packages, and what the rules found."""

    quantities: tuple[int, ...]
    refusals: tuple[Refusal, ...]
    warnings: tuple[RuleWarning, ...]

    @property
    def allowed(self) -> bool:
        return not self.refusals


class InvalidLine(ValueError):
    """A line the rules cannot read (a dose in a unit the drug has not, an unknown frequency, no
    days...): bad input, which the request's schema should have refused first."""

    def __init__(self, line: int, field: str, code: str) -> None:
        super().__init__(f"line {line}: {field}: {code}")
        self.line, self.field, self.code = line, field, code
