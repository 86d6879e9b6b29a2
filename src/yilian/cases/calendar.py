"""Working days in China (工作日): weekends and statutory holidays off, make-up days (调休) on.

The State Council publishes each year's holidays late in the year before; ``chinesecalendar``
carries them. For a date beyond its data the calendar falls back to Monday–Friday: a time limit
reaching into a year not yet published ignores that year's holidays and make-up days.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import chinese_calendar

from yilian.core.clock import SHANGHAI


def is_working_day(day: date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:  # a year the library has no data for
        return day.weekday() < 5


def _next_working_day(day: date) -> date:
    day += timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def add_working_days(start: datetime, days: int) -> datetime:
    """``start`` moved ``days`` working days on (Shanghai dates), at the same local time of day.

    Friday 10:00 + 1 is Monday 10:00. A start on a non-working day counts from 00:00 of the next
    working day, so the limit runs to the end (24:00) of the ``days``-th working day: Saturday
    15:00 + 3 is Thursday 00:00 (the end of Wednesday). The result is in ``start``'s timezone.
    """
    if days < 1:
        raise ValueError("days must be at least 1")
    if start.tzinfo is None:
        raise ValueError("start must be timezone-aware")
    local = start.astimezone(SHANGHAI)
    day = local.date()
    if is_working_day(day):
        for _ in range(days):
            day = _next_working_day(day)
        end = datetime.combine(day, local.time(), SHANGHAI)
    else:
        day = _next_working_day(day)
        for _ in range(days - 1):
            day = _next_working_day(day)
        end = datetime.combine(day + timedelta(days=1), time(), SHANGHAI)
    return end.astimezone(start.tzinfo)
