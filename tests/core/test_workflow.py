"""Transition tables: every step checked (state, then who), and the docs drawn from the table."""

from __future__ import annotations

import enum
import uuid
from datetime import UTC, datetime

import pytest

from yilian.core.authz import Actor, Role
from yilian.core.errors import Conflict, Forbidden
from yilian.core.workflow import (
    Guard,
    Transition,
    UnknownAction,
    Workflow,
    WrongState,
    document,
    nobody,
)

NOW = datetime(2026, 11, 24, 2, tzinfo=UTC)


class Door(enum.StrEnum):
    closed = "closed"
    open = "open"
    locked = "locked"
    removed = "removed"


def actor(role: Role) -> Actor:
    return Actor(user_id=uuid.uuid4(), username=role.value, session_id=uuid.uuid4(), role=role)


def anyone(a: Actor, case) -> bool:
    return True


def keeper(a: Actor, case) -> bool:
    return a.user_id == case["keeper"]


DOOR = Workflow("door", Door, initial=Door.closed, final=frozenset({Door.removed}), transitions=[
    Transition("open", {Door.closed}, Door.open, who="anyone", may=anyone, zh="开", en="Open"),
    Transition("close", {Door.open}, Door.closed, who="anyone", may=anyone, zh="关", en="Close"),
    Transition("lock", {Door.closed}, Door.locked, who="keeper", may=keeper, zh="锁", en="Lock"),
    Transition("unlock", {Door.locked}, Door.closed, who="keeper", may=keeper, zh="解锁",
               en="Unlock"),
    Transition("remove", {Door.closed, Door.locked}, Door.removed, who="keeper", may=keeper,
               zh="拆除", en="Remove"),
])


def test_a_step_from_the_right_state_by_the_right_person_gives_its_target():
    a = actor(Role.nurse)
    case = {"keeper": a.user_id}
    assert DOOR.check(a, case, Door.closed, "lock", now=NOW).target == Door.locked
    assert DOOR.check(a, case, Door.locked, "remove", now=NOW).target == Door.removed


def test_a_step_from_the_wrong_state_is_a_conflict_naming_where_it_is_possible():
    with pytest.raises(WrongState) as err:
        DOOR.check(actor(Role.nurse), {"keeper": None}, Door.open, "lock", now=NOW)
    assert err.value.status == 409
    assert err.value.extra["allowed_from"] == ["closed"]


def test_a_step_by_someone_else_is_refused_and_audited_on_the_record():
    a = actor(Role.nurse)
    door_id = uuid.uuid4()
    with pytest.raises(Forbidden) as err:
        DOOR.check(a, {"keeper": uuid.uuid4()}, Door.closed, "lock", about=("door", door_id, None), now=NOW)
    assert err.value.code == "not-your-step"
    assert err.value.audit_entity == ("door", str(door_id))


def test_an_unknown_action_is_invalid_input():
    with pytest.raises(UnknownAction) as err:
        DOOR.check(actor(Role.nurse), {}, Door.closed, "kick", now=NOW)
    assert err.value.status == 422


def test_every_forbidden_transition_of_the_table_is_refused():
    """State × action pairs the table does not list are all refused, whoever asks."""
    a = actor(Role.nurse)
    case = {"keeper": a.user_id}
    for state in Door:
        for action in DOOR.actions:
            if DOOR.step(state, action) is None:
                with pytest.raises(WrongState):
                    DOOR.check(a, case, state, action, now=NOW)


def test_available_steps_are_those_of_the_state_the_actor_may_take():
    a, b = actor(Role.nurse), actor(Role.nurse)
    case = {"keeper": a.user_id}
    assert [t.action for t in DOOR.available(a, case, Door.closed, now=NOW)] == ["open", "lock", "remove"]
    assert [t.action for t in DOOR.available(b, case, Door.closed, now=NOW)] == ["open"]
    assert DOOR.available(a, case, Door.removed, now=NOW) == []


def test_a_table_with_a_step_declared_twice_or_a_way_out_of_a_final_state_is_refused():
    twice = [Transition("open", {Door.closed}, Door.open, who="", may=anyone, zh="", en="")] * 2
    with pytest.raises(ValueError):
        Workflow("bad", Door, initial=Door.closed, transitions=twice)
    with pytest.raises(ValueError):
        Workflow("bad", Door, initial=Door.closed, final=frozenset({Door.closed}),
                 transitions=twice[:1])


def test_the_docs_are_drawn_from_the_table():
    text = document([DOOR])
    assert "stateDiagram-v2" in text and "[*] --> closed" in text
    assert "closed --> locked: lock" in text and "locked --> removed: remove" in text
    assert "removed --> [*]" in text
    assert "| `remove` (拆除) | closed, locked | removed | keeper |" in text


def _at_night(case, now: datetime) -> Conflict | None:
    if now.hour >= 6:
        return None
    return Conflict("not before six", code="too-early")


DAYTIME = Guard("after six in the morning", _at_night)
GATE = Workflow("gate", Door, initial=Door.closed, transitions=[
    Transition("open", {Door.closed}, Door.open, who="keeper", may=keeper, zh="开", en="Open",
               guards=[DAYTIME]),
    # The keeper, and the platform on a timer.
    Transition("close", {Door.open}, Door.closed, who="keeper", may=keeper, zh="关",
               en="Close", platform=True),
    Transition("lock", {Door.closed}, Door.locked, who="the platform", may=nobody, zh="锁",
               en="Lock", platform=True),
])


def test_a_guard_refuses_with_its_own_conflict_after_state_and_person_and_hides_the_step():
    a = actor(Role.nurse)
    case = {"keeper": a.user_id}
    night, day = datetime(2026, 11, 24, 5, 59, tzinfo=UTC), datetime(2026, 11, 24, 6, tzinfo=UTC)
    with pytest.raises(Conflict) as err:
        GATE.check(a, case, Door.closed, "open", now=night)
    assert (err.value.status, err.value.code) == (409, "too-early")
    # Someone else is told it is not theirs, not that it is early.
    with pytest.raises(Forbidden):
        GATE.check(actor(Role.nurse), case, Door.closed, "open", now=night)
    assert [t.action for t in GATE.available(a, case, Door.closed, now=night)] == []
    assert GATE.check(a, case, Door.closed, "open", now=day).target == Door.open
    assert [t.action for t in GATE.available(a, case, Door.closed, now=day)] == ["open"]
    # Preparing the step asks only state and person.
    assert GATE.check(a, case, Door.closed, "open", now=night, guarded=False).target == Door.open


def test_a_platform_step_is_a_row_of_the_table_no_person_takes_unless_named():
    a = actor(Role.nurse)
    case = {"keeper": a.user_id}
    assert GATE.check_platform(case, Door.closed, "lock", now=NOW).target == Door.locked
    with pytest.raises(Forbidden):
        GATE.check(a, case, Door.closed, "lock", now=NOW)
    assert GATE.check_platform(case, Door.open, "close", now=NOW).target == Door.closed
    assert GATE.check(a, case, Door.open, "close", now=NOW).target == Door.closed
    with pytest.raises(ValueError):
        GATE.check_platform(case, Door.closed, "open", now=NOW)
    with pytest.raises(WrongState):
        GATE.check_platform(case, Door.open, "lock", now=NOW)
    assert "after six in the morning" in GATE.table()
    assert "keeper; the platform" in GATE.table()
