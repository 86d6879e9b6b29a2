"""The prescribing rules (issue 16): pure functions over a prescription's lines, its patient and
its context, with no database. ``check`` gives each line's quantity in packages, the refusals
(each naming the regulation it comes from: articles.py) and the warnings the doctor decides on.
"""

from yilian.pharmacy.rules.articles import REFUSALS, Source
from yilian.pharmacy.rules.check import administrations, check, quantity, single_dose
from yilian.pharmacy.rules.facts import (
    FREQUENCIES,
    Antimicrobial,
    Category,
    Context,
    Control,
    CurrentMedication,
    DrugFacts,
    Frequency,
    InvalidLine,
    Line,
    Outcome,
    Patient,
    Refusal,
    Route,
    RuleWarning,
)

__all__ = [
    "FREQUENCIES", "REFUSALS", "Antimicrobial", "Category", "Context", "Control",
    "CurrentMedication", "DrugFacts", "Frequency", "InvalidLine", "Line", "Outcome", "Patient",
    "Refusal", "Route", "RuleWarning", "Source", "administrations", "check", "quantity",
    "single_dose",
]
