"""Routes of the shared case parts: an organisation's time limits (SLA).

The route policies admit the roles concerned; the service then checks that the actor's grant
covers the organisation (cases/policy.py).
"""

from __future__ import annotations

import inspect
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import Depends
from sqlalchemy.ext.asyncio import AsyncSession

from yilian.cases import sla
from yilian.cases.policy import SLA_READERS, SLA_WRITERS
from yilian.cases.schemas import SlaIn, SlaOut
from yilian.core.authz import API_PREFIX, Actor, Policy, PolicyRouter, current_actor, roles
from yilian.core.clock import Clock
from yilian.core.deps import clock, db_session, settings
from yilian.core.schemas import Input
from yilian.settings import Settings

router = PolicyRouter(prefix=API_PREFIX, tags=["cases"])
READ_SLA = roles("read an organisation's time limits", SLA_READERS)
SET_SLA = roles("set an organisation's time limits", SLA_WRITERS)


@router.get("/organisations/{org_id}/sla", policy=READ_SLA, response_model=SlaOut)
async def get_sla(
    org_id: uuid.UUID, actor: Actor = Depends(current_actor),
    db: AsyncSession = Depends(db_session),
):
    return await sla.get_sla(db, actor, org_id)


@router.put("/organisations/{org_id}/sla", policy=SET_SLA, response_model=SlaOut)
async def set_sla(
    org_id: uuid.UUID, body: SlaIn, actor: Actor = Depends(current_actor),
    db: AsyncSession = Depends(db_session), clk: Clock = Depends(clock),
):
    return await sla.set_sla(db, clk, actor, org_id, body)


class Empty(Input):
    """A step that takes no details."""


Step = Callable[[AsyncSession, Clock, Settings, Actor, uuid.UUID, Any], Awaitable[Any]]
Read = Callable[[AsyncSession, Clock, Actor, uuid.UUID], Awaitable[Any]]
Create = Callable[[AsyncSession, Clock, Settings, Actor, Any], Awaitable[Any]]


class CaseRoutes:
    """A kind's router (its cases under ``/<kind>s``), and the routes of one case under
    ``/<kind>s/{<kind>_id}``: reads of it, and one POST per step so that each step has its own
    body in the API."""

    def __init__(self, kind: str, *, step_policy: Policy, out: type) -> None:
        self.kind, self.step_policy, self.out = kind, step_policy, out
        self.router = PolicyRouter(prefix=API_PREFIX, tags=[kind])
        self.base = f"/{kind}s"
        self.id_name = f"{kind}_id"
        self.one = f"{self.base}/{{{self.id_name}}}"

    def _endpoint(self, name: str, run: Callable[[dict[str, Any]], Awaitable[Any]],
                  body: type[Input] | None = None, *, one: bool = True
                  ) -> Callable[..., Awaitable[Any]]:
        async def endpoint(**values: Any) -> Any:
            return await run(values)

        # FastAPI reads the parameters from the signature: the path's id under its own name,
        # the step's body, and the dependencies.
        keyword = inspect.Parameter.KEYWORD_ONLY
        endpoint.__signature__ = inspect.Signature([  # type: ignore[attr-defined]
            *([inspect.Parameter(self.id_name, keyword, annotation=uuid.UUID)] if one else []),
            *([inspect.Parameter("data", keyword, annotation=body)] if body else []),
            inspect.Parameter("actor", keyword, annotation=Actor,
                              default=Depends(current_actor)),
            inspect.Parameter("db", keyword, annotation=AsyncSession,
                              default=Depends(db_session)),
            inspect.Parameter("clk", keyword, annotation=Clock, default=Depends(clock)),
            inspect.Parameter("cfg", keyword, annotation=Settings, default=Depends(settings)),
        ])
        endpoint.__name__ = name
        return endpoint

    def create(self, body: type[Input], call: Create, *, policy: Policy, name: str) -> None:
        """``POST /<kind>s``, a new case from ``body``: ``call(db, clock, settings, actor,
        body)``, answered 201 with the case."""
        endpoint = self._endpoint(
            name, lambda v: call(v["db"], v["clk"], v["cfg"], v["actor"], v["data"]), body,
            one=False)
        self.router.post(self.base, policy=policy, response_model=self.out,
                         status_code=201)(endpoint)

    def read(self, path: str, call: Read, *, policy: Policy, response_model: Any,
             name: str) -> None:
        """``GET one + path`` answered by ``call(db, clock, actor, case_id)``."""
        endpoint = self._endpoint(name, lambda v: call(v["db"], v["clk"], v["actor"],
                                                       v[self.id_name]))
        self.router.get(self.one + path, policy=policy,
                        response_model=response_model)(endpoint)

    def step(self, path: str, body: type[Input], call: Step, *, summary: str) -> None:
        """``POST one + path`` taking the step's ``body``: ``call(db, clock, settings, actor,
        case_id, body)``."""
        endpoint = self._endpoint(
            f"{self.kind}_" + path.strip("/").replace("-", "_"),
            lambda v: call(v["db"], v["clk"], v["cfg"], v["actor"], v[self.id_name], v["data"]),
            body)
        self.router.post(self.one + path, policy=self.step_policy, response_model=self.out,
                         summary=summary)(endpoint)
