"""Every follow-up task endpoint × every role × a task in the actor's scope and one outside it.

Written from the rules (followup/policy.py, the referral brief), not read from the code:
- tasks are listed to clinicians (coordinators included) and organisation admins whose grant
  covers the task's organisation, and to the patient's own account; alliance admins and
  auditors have no follow-up list;
- a task is completed by its assignee or by a verified clinician granted at the task's
  organisation itself; overseeing it from above is not enough, and patients only read.

The "in" task is at village A1a for patient pa, the "out" one at town B1 for patient pb; both
are assigned to doctors who are not among the matrix's actors. The test fails when the module
gains an endpoint this table does not cover.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import httpx

from tests.factories import World, covers
from tests.followup.helpers import TASKS, make_tasks
from tests.matrix import ACTORS, FORBIDDEN, OK, Endpoint, Matrix, Outcome, role_of, under
from yilian.core.authz import CLINICAL_ROLES, Role

TARGET = {"in": ("A1a", "pa", "village_doctor"), "out": ("B1", "pb", "specialist_b")}
LISTED, HIDDEN = "listed", "hidden"
VIEWERS = CLINICAL_ROLES | {Role.org_admin}


def reads(who: str, scope: str) -> str:
    org, _, _ = TARGET[scope]
    if who == "patient_pa":
        return LISTED if scope == "in" else HIDDEN
    if role_of(who) not in VIEWERS:
        return FORBIDDEN
    return LISTED if covers(ACTORS[who], org) else HIDDEN


def completes(who: str, scope: str) -> str:
    org, _, _ = TARGET[scope]
    return OK if role_of(who) in CLINICAL_ROLES and ACTORS[who] == org else FORBIDDEN


@dataclass
class Ctx:
    world: World
    scope: str
    task: uuid.UUID | None = None

    async def fresh_task(self) -> uuid.UUID:
        """A fresh task each time: completing one changes it."""
        org, patient, assignee = TARGET[self.scope]
        [self.task] = await make_tasks(self.world, org=org, patient=patient, assignee=assignee,
                                       by=assignee)
        return self.task

    @property
    def patient_id(self) -> uuid.UUID:
        return self.world.patients[TARGET[self.scope][1]]


async def _list(c: Ctx) -> str:
    await c.fresh_task()
    return f"{TASKS}?patient_id={c.patient_id}"


async def _complete(c: Ctx) -> str:
    return f"{TASKS}/{await c.fresh_task()}/complete"


def listed(r: httpx.Response, c: Ctx) -> bool:
    return str(c.task) in {i["id"] for i in r.json()["items"]}


MATRIX = Matrix("follow-up", {
    ("GET", TASKS): Endpoint(reads, _list),
    ("POST", TASKS + "/{task_id}/complete"): Endpoint(completes, _complete, {"note": "已电话随访"}),
}, outcomes={LISTED: Outcome(200, check=listed),
             HIDDEN: Outcome(200, check=lambda r, c: not listed(r, c)),
             OK: Outcome(200), FORBIDDEN: Outcome(403)}, routes=under(TASKS))


def test_the_matrix_covers_every_followup_endpoint(app):
    MATRIX.check_routes(app)


@MATRIX.parametrize
async def test_endpoint_by_role_and_scope(endpoint, client, world):
    await MATRIX.check(endpoint, client, world, lambda who, scope: Ctx(world, scope))
