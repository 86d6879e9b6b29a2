"""Every endpoint × every role × a target in the actor's scope and one outside it.

The expectations below are written from the rules (DESIGN §1, §5), not read from the code:
staff act at their grant's organisation and below; patients for themselves; admins keep people
and the index; clinicians the record; auditors only read the audit log. The test also fails
when the app gains an endpoint this table does not cover.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import httpx

from tests.factories import PASSWORD, covers, resident_id
from tests.matrix import (
    ACTORS,
    CONFLICT,
    FORBIDDEN,
    INVALID,
    NOT_FOUND,
    OK,
    Endpoint,
    Matrix,
    Outcome,
    by_role,
    in_scope,
    role_of,
)
from yilian.alliance.models import Organisation, OrgKind, OrgLevel
from yilian.core.authz import ADMIN_ROLES, CLINICAL_ROLES, Role
from yilian.core.crypto import blind_index
from yilian.identity.models import RoleGrant
from yilian.patients.models import Consent, Patient, Problem, RecordStatus, Sex

# One actor per role (ACTORS); "in" targets sit under county A (or are the patient's own
# record), "out" targets under county B.
TARGET = {"in": "A1a", "out": "B1"}
_SERIAL = itertools.count(1)  # distinct resident IDs for the patients the cases create


def network(roles: frozenset[Role] | set[Role]) -> Callable[[str, str], str]:
    """Patient data by role: the target in the actor's scope, the actor's organisation at most a
    county (the county's network); the province reads by relationship only (issue 11)."""
    return lambda who, scope: OK if (role_of(who) in roles and covers(ACTORS[who], TARGET[scope])
                                     and ACTORS[who] not in ABOVE_COUNTY) else FORBIDDEN


def patient_or(roles) -> Callable[[str, str], str]:
    staff = network(roles)
    return lambda who, scope: (OK if scope == "in" else FORBIDDEN) if who == "patient_pa" else staff(who, scope)


EVERYONE = frozenset(Role)
ABOVE_COUNTY = {"P"}
# Pharmacists read what a prescription shows them, never the record or the index.
RECORD = CLINICAL_ROLES - {Role.pharmacist}
INDEX = RECORD | ADMIN_ROLES
ACCOUNT_MAKERS = ADMIN_ROLES | {Role.nurse, Role.family_doctor, Role.grassroots_doctor}


org_admin_reach = in_scope(ADMIN_ROLES, TARGET)


def self_or_admin(who: str, scope: str) -> str:
    """A user reads their own account; the "in" target is town_doctor_a1."""
    return OK if (who, scope) == ("town_doctor_a1", "in") else org_admin_reach(who, scope)


def break_glass(who: str, scope: str) -> str:
    if role_of(who) not in RECORD:
        return FORBIDDEN
    return CONFLICT if network(RECORD)(who, scope) == OK else OK


@dataclass
class Ctx:
    world: Any
    app: Any
    scope: str
    who: str

    @property
    def org(self) -> uuid.UUID:
        return self.world.orgs[TARGET[self.scope]].id

    @property
    def patient(self) -> uuid.UUID:
        return self.world.patients["pa" if self.scope == "in" else "pb"]

    @property
    def staff_user(self) -> uuid.UUID:
        return self.world.users["town_doctor_a1" if self.scope == "in" else "specialist_b"]

    async def add(self, row) -> Any:
        async with self.app.state.sessionmaker() as db:
            db.add(row)
            await db.commit()
        return row

    async def new_patient(self) -> uuid.UUID:
        rid = resident_id("440111", date(1980, 1, 1), next(_SERIAL) % 499 + 1, Sex.male)
        p = Patient(name="矩阵测试", sex=Sex.male, birth_date=date(1980, 1, 1), resident_id=rid,
                    resident_id_bidx=blind_index(rid, "patients.resident_id"),
                    home_organisation_id=self.org)
        return (await self.add(p)).id

    def now(self):
        return self.world.clock.now()


async def _grant_to_revoke(c: Ctx) -> str:
    g = await c.add(RoleGrant(user_id=c.staff_user, role=Role.nurse, organisation_id=c.org,
                              valid_from=c.now(), created_at=c.now()))
    return f"/api/v1/users/{c.staff_user}/grants/{g.id}/revoke"


async def _problem_to_void(c: Ctx) -> str:
    p = await c.add(Problem(patient_id=c.patient, organisation_id=c.org,
                            recorded_by=c.world.users["village_doctor"], recorded_at=c.now(),
                            icd10="I10", description="高血压", status=RecordStatus.active))
    return f"/api/v1/patients/{c.patient}/problems/{p.id}/void"


async def _consent_to_revoke(c: Ctx) -> str:
    consent = await c.add(Consent(patient_id=c.patient, organisation_id=c.world.orgs["P"].id,
                                  scope="record", granted_at=c.now(),
                                  expires_at=c.now() + timedelta(days=1),
                                  granted_by=c.world.users["patient_pa"]))
    return f"/api/v1/consents/{consent.id}/revoke"


async def _account_for_new_patient(c: Ctx) -> dict:
    return {"patient_id": str(await c.new_patient()), "username": f"p{uuid.uuid4().hex[:10]}",
            "display_name": "患者", "password": "Patient-Pass-1"}


async def _proxy_for_new_patient(c: Ctx) -> dict:
    return {"patient_id": str(await c.new_patient()), "relation": "child"}


async def _registration_at_new_clinic(c: Ctx) -> dict:
    parent = c.world.orgs[TARGET[c.scope]]
    oid = uuid.uuid4()
    await c.add(Organisation(id=oid, name=f"诊所{oid.hex[:6]}", level=OrgLevel.village,
                             kind=OrgKind.clinic, division_code="440111", parent_id=parent.id,
                             path=f"{parent.path}{oid.hex}/"))
    return {"organisation_id": str(oid)}


def _new_user(c: Ctx) -> dict:
    return {"username": f"u{uuid.uuid4().hex[:10]}", "display_name": "新用户",
            "password": "Strong-Pass-2026", "grants": [{"role": "nurse", "organisation_id": str(c.org)}]}


def _new_patient_body(c: Ctx) -> dict:
    return {"name": "新患者", "sex": "female", "birth_date": "1990-02-03",
            "resident_id": resident_id("440111", date(1990, 2, 3), next(_SERIAL) % 499 + 1, Sex.female),
            "home_organisation_id": str(c.org)}


P = "/api/v1/patients/{patient_id}"
U = "/api/v1/users/{user_id}"
ENDPOINTS: dict[tuple[str, str], Endpoint] = {
    ("GET", "/api/v1/auth/me"): Endpoint(by_role(EVERYONE), "/api/v1/auth/me"),
    ("POST", "/api/v1/auth/switch-grant"): Endpoint(
        lambda who, scope: OK if who != "patient_pa" else NOT_FOUND, "/api/v1/auth/switch-grant",
        lambda c: {"grant_id": str(c.world.grants.get(c.who, uuid.uuid4()))}),
    ("POST", "/api/v1/auth/totp/setup"): Endpoint(by_role(EVERYONE), "/api/v1/auth/totp/setup"),
    ("POST", "/api/v1/auth/totp/enable"): Endpoint(
        lambda who, scope: CONFLICT, "/api/v1/auth/totp/enable", lambda c: {"code": "000000"}),
    # Nobody here has two-factor sign-in on, and these tests' deployment does not ask staff for
    # it: staff confirm with the password alone; a patient cannot without the second factor.
    ("POST", "/api/v1/auth/step-up"): Endpoint(
        lambda who, scope: CONFLICT if who == "patient_pa" else OK, "/api/v1/auth/step-up",
        lambda c: {"password": PASSWORD}),
    ("POST", "/api/v1/auth/password"): Endpoint(
        lambda who, scope: INVALID, "/api/v1/auth/password",
        lambda c: {"current_password": "wrong-one-1A", "new_password": "Another-Pass-77"}),
    ("POST", "/api/v1/auth/logout"): Endpoint(by_role(EVERYONE), "/api/v1/auth/logout"),
    ("GET", "/api/v1/practitioner-titles"): Endpoint(by_role(EVERYONE), "/api/v1/practitioner-titles"),
    ("GET", "/api/v1/users"): Endpoint(by_role(ADMIN_ROLES), lambda c: f"/api/v1/users?organisation_id={c.org}"),
    ("POST", "/api/v1/users"): Endpoint(org_admin_reach, "/api/v1/users", _new_user),
    ("GET", U): Endpoint(self_or_admin, lambda c: f"/api/v1/users/{c.staff_user}"),
    ("PATCH", U): Endpoint(org_admin_reach, lambda c: f"/api/v1/users/{c.staff_user}",
                           lambda c: {"display_name": "改名"}),
    ("POST", U + "/grants"): Endpoint(org_admin_reach, lambda c: f"/api/v1/users/{c.staff_user}/grants",
                                      lambda c: {"role": "nurse", "organisation_id": str(c.org)}),
    ("POST", U + "/grants/{grant_id}/revoke"): Endpoint(org_admin_reach, _grant_to_revoke),
    ("POST", U + "/verification"): Endpoint(org_admin_reach, lambda c: f"/api/v1/users/{c.staff_user}/verification",
                                            lambda c: {"verified": True}),
    ("POST", U + "/registrations"): Endpoint(org_admin_reach, lambda c: f"/api/v1/users/{c.staff_user}/registrations",
                                             _registration_at_new_clinic),
    ("POST", U + "/unlock"): Endpoint(org_admin_reach, lambda c: f"/api/v1/users/{c.staff_user}/unlock"),
    ("POST", U + "/password-reset"): Endpoint(org_admin_reach, lambda c: f"/api/v1/users/{c.staff_user}/password-reset",
                                              lambda c: {"password": f"Reset-{uuid.uuid4().hex[:8]}-Pw!"}),
    ("POST", U + "/totp-reset"): Endpoint(org_admin_reach, lambda c: f"/api/v1/users/{c.staff_user}/totp-reset"),
    ("POST", "/api/v1/patient-accounts"): Endpoint(network(ACCOUNT_MAKERS), "/api/v1/patient-accounts",
                                                   _account_for_new_patient),
    ("POST", "/api/v1/patient-accounts/{account_id}/proxies"): Endpoint(
        network(ACCOUNT_MAKERS), lambda c: f"/api/v1/patient-accounts/{c.world.users['parent']}/proxies",
        _proxy_for_new_patient),
    ("GET", "/api/v1/patients"): Endpoint(by_role(INDEX | {Role.patient}), "/api/v1/patients"),
    ("POST", "/api/v1/patients"): Endpoint(network(INDEX), "/api/v1/patients", _new_patient_body),
    ("GET", "/api/v1/patients/break-glass-log"): Endpoint(by_role(ADMIN_ROLES), "/api/v1/patients/break-glass-log"),
    ("GET", P): Endpoint(patient_or(INDEX), lambda c: f"/api/v1/patients/{c.patient}"),
    ("PATCH", P): Endpoint(network(INDEX), lambda c: f"/api/v1/patients/{c.patient}",
                           lambda c: {"address": "新地址"}),
    ("POST", P + "/identifiers"): Endpoint(patient_or(INDEX), lambda c: f"/api/v1/patients/{c.patient}/identifiers",
                                           lambda c: {"purpose": "核对身份"}),
    ("GET", P + "/record"): Endpoint(patient_or(RECORD), lambda c: f"/api/v1/patients/{c.patient}/record"),
    ("POST", P + "/problems"): Endpoint(network(RECORD), lambda c: f"/api/v1/patients/{c.patient}/problems",
                                        lambda c: {"icd10": "E11.9", "description": "2型糖尿病"}),
    ("POST", P + "/allergies"): Endpoint(network(RECORD), lambda c: f"/api/v1/patients/{c.patient}/allergies",
                                         lambda c: {"substance": "青霉素"}),
    ("POST", P + "/medications"): Endpoint(network(RECORD), lambda c: f"/api/v1/patients/{c.patient}/medications",
                                           lambda c: {"name": "硝苯地平控释片", "dose": "30mg"}),
    ("POST", P + "/encounters"): Endpoint(network(RECORD), lambda c: f"/api/v1/patients/{c.patient}/encounters",
                                          lambda c: {"kind": "outpatient", "started_at": "2026-11-23T09:00:00+08:00"}),
    ("POST", P + "/{kind}/{entry_id}/void"): Endpoint(network(RECORD), _problem_to_void,
                                                      lambda c: {"reason": "录入错误"}),
    ("GET", P + "/consents"): Endpoint(patient_or(INDEX), lambda c: f"/api/v1/patients/{c.patient}/consents"),
    ("POST", P + "/consents"): Endpoint(
        lambda who, scope: OK if who == "patient_pa" and scope == "in" else FORBIDDEN,
        lambda c: f"/api/v1/patients/{c.patient}/consents",
        lambda c: {"organisation_id": str(c.world.orgs["B"].id),
                   "expires_at": (c.now() + timedelta(days=3)).isoformat()}),
    ("POST", "/api/v1/consents/{consent_id}/revoke"): Endpoint(
        lambda who, scope: OK if who == "patient_pa" and scope == "in" else FORBIDDEN, _consent_to_revoke),
    ("POST", P + "/break-glass"): Endpoint(break_glass, lambda c: f"/api/v1/patients/{c.patient}/break-glass",
                                           lambda c: {"reason": "急诊抢救，需要既往病史与过敏史"}),
    ("GET", P + "/access-log"): Endpoint(patient_or(INDEX), lambda c: f"/api/v1/patients/{c.patient}/access-log"),
    ("GET", "/api/v1/audit"): Endpoint(by_role({Role.auditor}), "/api/v1/audit"),
    ("GET", "/api/v1/audit/verify"): Endpoint(by_role({Role.auditor}), "/api/v1/audit/verify"),
    ("GET", "/api/v1/audit/access-log"): Endpoint(by_role({Role.auditor}), "/api/v1/audit/access-log"),
}
PUBLIC = {("POST", "/api/v1/auth/login"), ("POST", "/api/v1/auth/login/totp"),
          ("GET", "/healthz"), ("GET", "/readyz"), ("GET", "/metrics"), ("GET", "/api/docs"),
          ("GET", "/{path:path}")}
MODULES_WITH_OWN_MATRIX = ("/api/v1/organisations", "/api/v1/departments", "/api/v1/department-catalogue",
                           "/api/v1/diagnosis-centres", "/api/v1/agreements",
                           "/api/v1/notifications", "/api/v1/conversations", "/api/v1/video",
                           "/api/v1/uploads", "/api/v1/files", "/api/v1/ws",
                           "/api/v1/documents", "/api/v1/availability", "/api/v1/consultations",
                           "/api/v1/referrals", "/api/v1/followup-tasks", "/api/v1/workbench",
                           "/api/v1/reconciliations", "/api/v1/clinic", "/api/v1/payments",
                           "/api/v1/pharmacy")
# A patient's reconciliations are listed under /patients but belong to the reconciliation matrix.
ROUTES_WITH_OWN_MATRIX = ("/reconciliations",)


def _served(method: str, path: str) -> bool:
    return (method != "HEAD" and not path.startswith(("/api/openapi", "/api/docs/assets"))
            and not path.startswith(MODULES_WITH_OWN_MATRIX)
            and not path.endswith(ROUTES_WITH_OWN_MATRIX) and (method, path) not in PUBLIC)


async def _sign_in_again(endpoint: tuple[str, str], c: Ctx, r: httpx.Response) -> None:
    if endpoint == ("POST", "/api/v1/auth/logout") and r.status_code == 204:
        await c.world.sign_in_again(c.who)
    if endpoint[1].endswith(("/password-reset", "/totp-reset")) and r.status_code == 200:
        # The target's sessions ended with the reset; it acts again later in the loop.
        await c.world.sign_in_again("town_doctor_a1" if c.scope == "in" else "specialist_b")


MATRIX = Matrix("core", ENDPOINTS, outcomes={
    OK: Outcome(200, 201, 204), FORBIDDEN: Outcome(403), CONFLICT: Outcome(409),
    INVALID: Outcome(422), NOT_FOUND: Outcome(404)},
    routes=_served, fields={"kind": "problems"}, after=_sign_in_again)


def test_the_matrix_covers_every_endpoint(app):
    MATRIX.check_routes(app)


@MATRIX.parametrize
async def test_endpoint_by_role_and_scope(endpoint, app, client, world):
    await MATRIX.check(endpoint, client, world, lambda who, scope: Ctx(world, app, scope, who))
