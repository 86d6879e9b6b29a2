"""Quantities: the units every administration takes over the line's days, rounded up to whole
packages; a dose in the strength unit goes through the drug's strength."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.pharmacy.rules.helpers import (
    AMLODIPINE,
    IBUPROFEN,
    INSULIN_ASPART,
    METFORMIN,
    NIFEDIPINE_CR,
    context,
    drug,
    line,
    patient,
)
from yilian.pharmacy.rules import InvalidLine, administrations, check, quantity, single_dose

BISOPROLOL = drug("富马酸比索洛尔片", "C07AB07", "5", package_size=14)


@pytest.mark.parametrize("the_line, packages", [
    (line(NIFEDIPINE_CR, "30", frequency="qd", days=7), 1),  # 30 mg qd 7 d of 30mg×7片
    (line(BISOPROLOL, "5", frequency="bid", days=7), 1),  # 5 mg bid 7 d of 5mg×14片
    (line(BISOPROLOL, "10", frequency="bid", days=7), 2),  # 10 mg bid: 28 片 of 14
    (line(BISOPROLOL, "10", frequency="bid", days=4), 2),  # 16 片: rounded up
    (line(BISOPROLOL, "2", unit="片", frequency="bid", days=7), 2),  # dose in the unit
    (line(BISOPROLOL, "2.5", frequency="qd", days=7), 1),  # half a tablet a day: 3.5 片
    (line(AMLODIPINE, "5", days=28), 1),  # 5mg×28片, exactly one box
    (line(AMLODIPINE, "5", days=29), 2),
    (line(METFORMIN, "0.5", unit="片", frequency="tid", days=28), 1),  # 42 片 of 60
    (line(METFORMIN, "1000", frequency="bid", days=28), 2),  # 112 片
    (line(INSULIN_ASPART, "8", frequency="tid", days=7), 1),  # 168 IU of a 300 IU pen
    (line(INSULIN_ASPART, "12", frequency="tid", days=28), 4),  # 1008 IU: 4 pens
])
def test_packages(the_line, packages):
    assert quantity(the_line) == packages
    assert check([the_line], patient(), context(chronic=True)).quantities == (packages,)


def test_a_strength_that_does_not_divide_evenly_still_rounds_exactly():
    """10 mg of a 3 mg strength is 3.33… tablets: 3 doses are exactly 10 tablets, one box of 10,
    never 2 boxes from a rounding of 3.333…×3 just above 10."""
    odd = drug("某片", "A01AA01", "3", package_size=10)
    assert quantity(line(odd, "10", frequency="tid", days=1)) == 1
    assert quantity(line(odd, "10", frequency="tid", days=2)) == 2


@pytest.mark.parametrize("frequency, days, times", [
    ("qd", 7, 7), ("bid", 7, 14), ("tid", 5, 15), ("qid", 3, 12), ("q6h", 2, 8),
    ("q8h", 3, 9), ("q12h", 7, 14), ("qn", 7, 7), ("qod", 7, 4), ("qod", 8, 4),
    ("qw", 7, 1), ("qw", 8, 2), ("qw", 28, 4), ("biw", 7, 2), ("biw", 14, 4), ("st", 1, 1),
    ("st", 3, 1)])
def test_administrations_over_the_days(frequency, days, times):
    assert administrations(line(frequency=frequency, days=days)) == times


def test_prn_counts_the_most_times_a_day_allowed():
    the_line = line(IBUPROFEN, "1", unit="粒", frequency="prn", days=3, prn_max=2)
    assert administrations(the_line) == 6 and quantity(the_line) == 1
    with pytest.raises(InvalidLine) as e:
        quantity(line(IBUPROFEN, "1", unit="粒", frequency="prn", days=3))
    assert (e.value.field, e.value.code) == ("prn_max_per_day", "prn-needs-max-times")


def test_single_dose_is_in_the_strength_unit():
    assert single_dose(line(BISOPROLOL, "2", unit="片")) == Decimal(10)
    assert single_dose(line(BISOPROLOL, "7.5")) == Decimal("7.5")


@pytest.mark.parametrize("bad, field, code", [
    (line(BISOPROLOL, "5", unit="g"), "dose_unit", "unit-not-the-drugs"),
    (line(BISOPROLOL, "0"), "dose", "dose-not-positive"),
    (line(BISOPROLOL, "-5"), "dose", "dose-not-positive"),
    (line(BISOPROLOL, "5", frequency="q3d"), "frequency", "unknown-frequency"),
    (line(BISOPROLOL, "5", days=0), "days", "days-below-1"),
])
def test_a_line_that_cannot_be_read_is_refused_as_input(bad, field, code):
    with pytest.raises(InvalidLine) as e:
        check([line(), bad], patient(), context())
    assert (e.value.line, e.value.field, e.value.code) == (1, field, code)
