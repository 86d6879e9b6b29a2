"""Workflows as data: a transition table (state × action → next state, who may act), checked on
the server for every step and drawn in the docs from the same table (DESIGN §4, `workflow.py`).

A case module declares its table once::

    CONSULTATION = Workflow("consultation", State, initial=State.requested, transitions=[
        Transition("route", {State.requested}, State.routed, who="coordinator of the invited
                   organisation", may=is_invited_coordinator, zh="分诊到科室", en="Route"),
        ...
    ])

and its service asks ``CONSULTATION.check(actor, case, case.state, "route", now=...)`` before
changing anything: an unknown action is a 422, an action not allowed from the current state a
409 that names the states it is allowed from, an actor who may not take it an audited 403, and
a step whose precondition (a :class:`Guard`: every department has answered, every opinion is
in) does not hold yet a 409 with the guard's own code. ``available`` applies the same rules and
guards, so the buttons a page shows are the steps that would succeed.

A step the platform takes (a no-show after the grace time, closing a loop) is a row of the
table too, marked ``platform=True``; :meth:`Workflow.check_platform` checks it.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Generic, TypeVar

from yilian.core.authz import Actor
from yilian.core.errors import Conflict, Forbidden, ValidationFailed

S = TypeVar("S", bound=enum.Enum)
# Whether the actor may take the step on this case (role, organisation, relationship).
Rule = Callable[[Actor, Any], bool]


def nobody(actor: Actor, case: Any) -> bool:
    """For a step only the platform takes."""
    return False


@dataclass(frozen=True)
class Guard:
    """A precondition of a step beyond state and person: ``refusal(case, now)`` is the 409 to
    answer while it does not hold, or None once it does. ``when`` is how the docs say it."""

    when: str
    refusal: Callable[[Any, datetime], Conflict | None]


@dataclass(frozen=True)
class Transition(Generic[S]):
    action: str
    sources: frozenset[S]
    target: S
    who: str  # who may act, as the docs say it
    may: Rule
    zh: str  # the action's name in the UI
    en: str
    guards: tuple[Guard, ...] = ()
    # The platform takes this step (a timed sweep, a consequence of another case's step).
    platform: bool = False

    def __init__(self, action: str, sources: Iterable[S], target: S, *, who: str, may: Rule,
                 zh: str, en: str, guards: Iterable[Guard] = (), platform: bool = False
                 ) -> None:
        object.__setattr__(self, "action", action)
        object.__setattr__(self, "sources", frozenset(sources))
        object.__setattr__(self, "target", target)
        object.__setattr__(self, "who", who)
        object.__setattr__(self, "may", may)
        object.__setattr__(self, "zh", zh)
        object.__setattr__(self, "en", en)
        object.__setattr__(self, "guards", tuple(guards))
        object.__setattr__(self, "platform", platform)

    def refusal(self, case: Any, now: datetime) -> Conflict | None:
        """The first guard that does not hold, as its 409."""
        for guard in self.guards:
            refusal = guard.refusal(case, now)
            if refusal is not None:
                return refusal
        return None


class WrongState(Conflict):
    code = "wrong-state"
    title_zh = "当前状态下不能执行该操作"
    title_en = "Not possible in the current state"


class UnknownAction(ValidationFailed):
    code = "unknown-action"


@dataclass
class Workflow(Generic[S]):
    name: str
    states: type[S]
    initial: S
    transitions: list[Transition[S]]
    # States with no way out (shown as such in the diagram).
    final: frozenset[S] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        seen: set[tuple[str, S]] = set()
        for t in self.transitions:
            for source in t.sources:
                if (t.action, source) in seen:
                    raise ValueError(f"{self.name}: {t.action} from {source} is declared twice")
                seen.add((t.action, source))
        for state in self.final:
            if any(state in t.sources for t in self.transitions):
                raise ValueError(f"{self.name}: final state {state} has a way out")

    @property
    def actions(self) -> list[str]:
        return list(dict.fromkeys(t.action for t in self.transitions))

    def step(self, state: S, action: str) -> Transition[S] | None:
        return next((t for t in self.transitions if t.action == action and state in t.sources),
                    None)

    def _from(self, state: S, action: str) -> Transition[S]:
        if action not in self.actions:
            raise UnknownAction.field("action", f"{self.name} has no action {action!r}")
        t = self.step(state, action)
        if t is None:
            allowed = sorted(str(s.value) for tr in self.transitions if tr.action == action
                             for s in tr.sources)
            raise WrongState(f"{action} is not possible while the {self.name} is "
                             f"{state.value}; it is possible from: {', '.join(allowed)}",
                             state=str(state.value), allowed_from=allowed)
        return t

    def check(self, actor: Actor, case: Any, state: S, action: str, *, now: datetime,
              about: tuple[str, Any, Any] | None = None, guarded: bool = True
              ) -> Transition[S]:
        """The transition ``action`` takes from ``state``, if ``actor`` may take it on ``case``
        and its guards hold at ``now``.

        ``about`` (entity type, id, subject organisation) puts a refusal on that record's audit
        trail. ``guarded=False`` asks only whether this person could take it from this state
        (preparing the step: writing the report that publishing needs).
        """
        t = self._from(state, action)
        if not t.may(actor, case):
            refusal = Forbidden(f"only the {t.who} may {action} a {self.name}",
                                code="not-your-step", title_zh="您无权执行这一步",
                                title_en="This step is not yours to take")
            raise refusal.about(*about) if about else refusal
        blocked = t.refusal(case, now) if guarded else None
        if blocked is not None:
            raise blocked
        return t

    def check_platform(self, case: Any, state: S, action: str, *, now: datetime
                       ) -> Transition[S]:
        """The transition the platform takes: declared ``platform=True`` in the table."""
        t = self._from(state, action)
        if not t.platform:
            raise ValueError(f"{self.name}: {action} is not a step the platform takes")
        blocked = t.refusal(case, now)
        if blocked is not None:
            raise blocked
        return t

    def available(self, actor: Actor, case: Any, state: S, *, now: datetime
                  ) -> list[Transition[S]]:
        """The steps this actor may take now and that would succeed (the buttons a page
        shows)."""
        return [t for t in self.transitions if state in t.sources and t.may(actor, case)
                and t.refusal(case, now) is None]

    # --- documentation --------------------------------------------------------------------

    def mermaid(self) -> str:
        lines = ["stateDiagram-v2", f"    [*] --> {self.initial.name}"]
        for t in self.transitions:
            for source in sorted(t.sources, key=lambda s: list(self.states).index(s)):
                lines.append(f"    {source.name} --> {t.target.name}: {t.action}")
        for state in sorted(self.final, key=lambda s: list(self.states).index(s)):
            lines.append(f"    {state.name} --> [*]")
        return "\n".join(lines)

    def table(self) -> str:
        rows = ["| action | from | to | who may act | only when |", "|---|---|---|---|---|"]
        for t in self.transitions:
            sources = ", ".join(sorted(str(s.value) for s in t.sources))
            who = f"{t.who}; the platform" if t.platform and t.may is not nobody else t.who
            when = "; ".join(g.when for g in t.guards)
            rows.append(f"| `{t.action}` ({t.zh}) | {sources} | {t.target.value} | {who} | "
                        f"{when} |")
        return "\n".join(rows)

    def markdown(self) -> str:
        return (f"## {self.name}\n\n```mermaid\n{self.mermaid()}\n```\n\n{self.table()}\n")


_workflows: dict[str, Workflow[Any]] = {}


def register(workflow: Workflow[S]) -> Workflow[S]:
    if workflow.name in _workflows:
        raise ValueError(f"workflow {workflow.name} registered twice")
    _workflows[workflow.name] = workflow
    return workflow


def registered() -> list[Workflow[Any]]:
    return [_workflows[name] for name in sorted(_workflows)]


def document(workflows: Iterable[Workflow[Any]]) -> str:
    """docs/workflows.md: every registered workflow's diagram and table."""
    parts = ["# Workflows\n",
             "Generated from the transition tables in the code (`yilian workflows --write`); "
             "the server checks every step against the same tables.\n"]
    parts += [w.markdown() for w in workflows]
    return "\n".join(parts)
