"""What the case kinds' statistics share: who reads them and the range they may ask for."""

from __future__ import annotations

from datetime import datetime, timedelta

from yilian.core.authz import Actor, Role
from yilian.core.errors import Forbidden, ValidationFailed

MAX_DAYS = 400
# Who reads the counts: each for the organisations under their grant.
READERS = frozenset({Role.alliance_admin, Role.org_admin, Role.coordinator})


def reader_path(actor: Actor, words: str) -> str:
    """The organisation path under which ``actor`` may count cases of the kind ``words``."""
    if actor.role not in READERS or not actor.org_path:
        raise Forbidden(f"{words} statistics are for administrators and coordinators",
                        code="stats-not-allowed")
    return actor.org_path


def check_range(start: datetime, end: datetime) -> None:
    for name, value in (("start", start), ("end", end)):
        if value.tzinfo is None:
            raise ValidationFailed.field(name, "a time with its UTC offset")
    if end <= start:
        raise ValidationFailed.field("end", "must be after start")
    if end - start > timedelta(days=MAX_DAYS):
        raise ValidationFailed.field("end", f"the range may span at most {MAX_DAYS} days")
