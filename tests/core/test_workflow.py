"""Transition tables: every step checked (state, then who), and the docs drawn from the table."""

from __future__ import annotations

import enum
import uuid

import pytest

from yilian.core.authz import Actor, Role
from yilian.core.errors import Forbidden
from yilian.core.workflow import Transition, UnknownAction, Workflow, WrongState, document


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
    assert DOOR.check(a, case, Door.closed, "lock").target == Door.locked
    assert DOOR.check(a, case, Door.locked, "remove").target == Door.removed


def test_a_step_from_the_wrong_state_is_a_conflict_naming_where_it_is_possible():
    with pytest.raises(WrongState) as err:
        DOOR.check(actor(Role.nurse), {"keeper": None}, Door.open, "lock")
    assert err.value.status == 409
    assert err.value.extra["allowed_from"] == ["closed"]


def test_a_step_by_someone_else_is_refused_and_audited_on_the_record():
    a = actor(Role.nurse)
    door_id = uuid.uuid4()
    with pytest.raises(Forbidden) as err:
        DOOR.check(a, {"keeper": uuid.uuid4()}, Door.closed, "lock", about=("door", door_id, None))
    assert err.value.code == "not-your-step"
    assert err.value.audit_entity == ("door", str(door_id))


def test_an_unknown_action_is_invalid_input():
    with pytest.raises(UnknownAction) as err:
        DOOR.check(actor(Role.nurse), {}, Door.closed, "kick")
    assert err.value.status == 422


def test_every_forbidden_transition_of_the_table_is_refused():
    """State × action pairs the table does not list are all refused, whoever asks."""
    a = actor(Role.nurse)
    case = {"keeper": a.user_id}
    for state in Door:
        for action in DOOR.actions:
            if DOOR.step(state, action) is None:
                with pytest.raises(WrongState):
                    DOOR.check(a, case, state, action)


def test_available_steps_are_those_of_the_state_the_actor_may_take():
    a, b = actor(Role.nurse), actor(Role.nurse)
    case = {"keeper": a.user_id}
    assert [t.action for t in DOOR.available(a, case, Door.closed)] == ["open", "lock", "remove"]
    assert [t.action for t in DOOR.available(b, case, Door.closed)] == ["open"]
    assert DOOR.available(a, case, Door.removed) == []


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
