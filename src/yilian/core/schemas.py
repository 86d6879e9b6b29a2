"""Shared shapes of request bodies and queries."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    WithJsonSchema,
    field_validator,
)

# Control characters have no place in clinical or administrative text, and PostgreSQL refuses
# NUL outright; line breaks and tabs stay allowed for notes.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class Input(BaseModel):
    """A request body: unknown fields and control characters are refused."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def _no_control_characters(cls, value: Any) -> Any:
        if isinstance(value, str) and CONTROL.search(value):
            raise ValueError("must not contain control characters")
        return value


# ---------------------------------------------------------------- dates and times
#
# One rule for every date and time a request carries (DESIGN §5 "Time"): a moment is an ISO 8601
# date-time *with* its UTC offset (a naive "2026-11-24T10:00:00" is refused, not guessed at: the
# web client always sends the offset), the offset a real one (±14:00 at most), and the moment
# between 1900 and 2100. A calendar day is an ISO 8601 date in the same years. Numbers (Unix
# timestamps, which Pydantic would otherwise take) are refused too. These are the static bounds,
# the same whatever the clock says; what a field means relative to now (a consent expiry ahead,
# a reservation to come, an encounter already begun) is checked by the service with the
# injected clock. Without the bounds, 0001-01-01T00:00:00+14:00 or 9999-12-31T23:59:59-14:00
# overflowed on the way to UTC and answered 500.

EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)  # exclusive
MAX_OFFSET = timedelta(hours=14)
_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}")
_OFFSET = re.compile(r"(?:[Zz]|[+-]\d{2}(?::?\d{2})?)$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MOMENT_HELP = "an ISO 8601 date and time with its offset, e.g. 2026-11-24T10:00:00+08:00"
DAY_HELP = "an ISO 8601 date, e.g. 2026-11-24"


def _moment_text(value: Any) -> Any:
    if isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not _DATE_TIME.match(value):
        raise ValueError(f"must be {MOMENT_HELP}")
    if not _OFFSET.search(value):
        raise ValueError("needs its UTC offset (e.g. +08:00 for Beijing time, or Z)")
    return value


def _moment_in_range(value: datetime) -> datetime:
    offset = value.utcoffset()
    if offset is not None and abs(offset) > MAX_OFFSET:
        raise ValueError("the UTC offset must lie within ±14:00")
    # Compared, not converted: converting 0001-01-01T00:00+14:00 to UTC is what overflowed.
    if not EARLIEST <= value < LATEST:
        raise ValueError("must lie between 1900-01-01 and 2099-12-31 (UTC)")
    return value


def _day_text(value: Any) -> Any:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and _DATE.match(value):
        return value
    raise ValueError(f"must be {DAY_HELP}")


def _day_in_range(value: date) -> date:
    if not EARLIEST.date() <= value < LATEST.date():
        raise ValueError("must lie between 1900-01-01 and 2099-12-31")
    return value


Moment = Annotated[
    AwareDatetime,
    BeforeValidator(_moment_text),
    AfterValidator(_moment_in_range),
    WithJsonSchema({"type": "string", "format": "date-time",
                    "description": f"{MOMENT_HELP}; 1900-01-01 to 2099-12-31"}),
]
"""A point in time from a request body or query: zone required, 1900 ≤ year < 2100."""

Day = Annotated[
    date,
    BeforeValidator(_day_text),
    AfterValidator(_day_in_range),
    WithJsonSchema({"type": "string", "format": "date",
                    "description": f"{DAY_HELP}; 1900-01-01 to 2099-12-31"}),
]
"""A calendar day from a request body or query: 1900 ≤ year < 2100."""
