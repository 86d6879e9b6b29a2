"""Working days: weekends and statutory holidays off, make-up working days (调休) on, counted on
Shanghai dates whatever the clock's timezone."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from yilian.cases.calendar import add_working_days, is_working_day
from yilian.core.clock import SHANGHAI


def cst(*args: int) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)


@pytest.mark.parametrize(("days", "due"), [
    (1, cst(2026, 11, 30, 10, 0)),  # Friday 10:00 → Monday 10:00
    (3, cst(2026, 12, 2, 10, 0)),
    (5, cst(2026, 12, 4, 10, 0)),
    (6, cst(2026, 12, 7, 10, 0)),
])
def test_a_friday_start_skips_the_weekend(days, due):
    assert add_working_days(cst(2026, 11, 27, 10, 0), days) == due


@pytest.mark.parametrize(("days", "due"), [
    (1, cst(2026, 10, 8, 16, 30)),  # 1–7 October are off
    (2, cst(2026, 10, 9, 16, 30)),
    (3, cst(2026, 10, 10, 16, 30)),  # Saturday 10 October is a make-up working day
    (4, cst(2026, 10, 12, 16, 30)),  # Sunday 11 October is not
])
def test_the_2026_national_day_holiday(days, due):
    assert add_working_days(cst(2026, 9, 30, 16, 30), days) == due


def test_the_holiday_and_its_make_up_day_in_the_calendar():
    assert not any(is_working_day(cst(2026, 10, d).date()) for d in range(1, 8))
    assert is_working_day(cst(2026, 10, 10).date()) and not is_working_day(cst(2026, 10, 11).date())
    assert not is_working_day(cst(2026, 9, 25).date())  # Mid-autumn, a Friday


def test_a_start_on_a_day_off_runs_to_the_end_of_the_last_working_day():
    # Saturday afternoon: Monday, Tuesday and Wednesday count, so the limit ends at 24:00 Wednesday.
    assert add_working_days(cst(2026, 11, 28, 15, 0), 3) == cst(2026, 12, 3, 0, 0)
    # During the holiday: 8, 9 and 10 October count.
    assert add_working_days(cst(2026, 10, 3, 9, 0), 3) == cst(2026, 10, 11, 0, 0)
    assert add_working_days(cst(2026, 10, 3, 9, 0), 1) == cst(2026, 10, 9, 0, 0)


def test_days_are_shanghai_dates_and_the_answer_keeps_the_start_timezone():
    # Friday 18:00 UTC is already Saturday 02:00 in Shanghai: Monday counts, ending 24:00 Monday.
    due = add_working_days(datetime(2026, 11, 27, 18, 0, tzinfo=UTC), 1)
    assert due == datetime(2026, 11, 30, 16, 0, tzinfo=UTC) and due.tzinfo is UTC
    # Friday 15:00 UTC is Friday 23:00 in Shanghai, a working day.
    assert add_working_days(datetime(2026, 11, 27, 15, 0, tzinfo=UTC), 1) == datetime(
        2026, 11, 30, 15, 0, tzinfo=UTC)


def test_a_year_without_published_holidays_counts_monday_to_friday():
    assert add_working_days(cst(2040, 1, 6, 9, 0), 1) == cst(2040, 1, 9, 9, 0)  # a Friday
    assert add_working_days(cst(2040, 1, 1, 9, 0), 1) == cst(2040, 1, 3, 0, 0)  # a Sunday


def test_a_limit_is_at_least_one_working_day_from_an_aware_start():
    with pytest.raises(ValueError):
        add_working_days(cst(2026, 11, 27, 10, 0), 0)
    with pytest.raises(ValueError):
        add_working_days(datetime(2026, 11, 27, 10, 0), 1)
