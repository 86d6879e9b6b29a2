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
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from tests.factories import MATRIX_ACTORS, covers, role_of
from tests.followup.helpers import TASKS, make_tasks
from yilian.core.authz import CLINICAL_ROLES, Role, app_routes

TARGET = {"in": ("A1a", "pa", "village_doctor"), "out": ("B1", "pb", "specialist_b")}
LISTED, HIDDEN, OK, FORBIDDEN = "listed", "hidden", "ok", "forbidden"
STATUS = {LISTED: 200, HIDDEN: 200, OK: 200, FORBIDDEN: 403}
VIEWERS = CLINICAL_ROLES | {Role.org_admin}


def reads(who: str, scope: str) -> str:
    org, _, _ = TARGET[scope]
    if who == "patient_pa":
        return LISTED if scope == "in" else HIDDEN
    if role_of(who) not in VIEWERS:
        return FORBIDDEN
    return LISTED if covers(MATRIX_ACTORS[who], org) else HIDDEN


def completes(who: str, scope: str) -> str:
    org, _, _ = TARGET[scope]
    return OK if role_of(who) in CLINICAL_ROLES and MATRIX_ACTORS[who] == org else FORBIDDEN


@dataclass
class Endpoint:
    expect: Callable[[str, str], str]
    path: Callable[[uuid.UUID, str], str]
    body: dict | None = None


MATRIX: dict[tuple[str, str], Endpoint] = {
    ("GET", TASKS): Endpoint(reads, lambda task, patient: f"{TASKS}?patient_id={patient}"),
    ("POST", TASKS + "/{task_id}/complete"): Endpoint(
        completes, lambda task, patient: f"{TASKS}/{task}/complete", {"note": "已电话随访"}),
}


def test_the_matrix_covers_every_followup_endpoint(app):
    served = {(m, p) for m, p, _ in app_routes(app) if p.startswith(TASKS)}
    assert served == set(MATRIX), "add the new endpoint to the follow-up permission matrix"


@pytest.mark.parametrize("endpoint", sorted(MATRIX), ids=lambda e: f"{e[0]} {e[1]}")
async def test_endpoint_by_role_and_scope(endpoint, client, world):
    method, template = endpoint
    spec = MATRIX[endpoint]
    anonymous = await client.request(method, template.format(task_id=uuid.uuid4()),
                                     json=spec.body)
    assert anonymous.status_code == 401, anonymous.text
    failures = []
    for who in MATRIX_ACTORS:
        for scope in ("in", "out"):
            org, patient, assignee = TARGET[scope]
            # A fresh task each time: completing one changes it.
            [task] = await make_tasks(world, org=org, patient=patient, assignee=assignee,
                                      by=assignee)
            patient_id = world.patients[patient]
            r = await client.request(method, spec.path(task, str(patient_id)), json=spec.body,
                                     headers=world.headers(who))
            expected = spec.expect(who, scope)
            got = r.status_code
            if got == 200 and method == "GET":
                listed = str(task) in {i["id"] for i in r.json()["items"]}
                got_what = LISTED if listed else HIDDEN
            else:
                got_what = None
            if got != STATUS[expected] or (got_what is not None and got_what != expected):
                failures.append(f"{who}/{scope}: expected {expected}, got {got} {got_what or ''} "
                                f"{r.text[:160]}")
    assert failures == []
