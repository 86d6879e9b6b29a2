"""A small alliance for tests, built straight into the database.

    province 省人民医院 (P)
    ├── county A 甲县人民医院 ── town A1 甲镇卫生院 ── village A1a 甲一村卫生室
    └── county B 乙县人民医院 ── town B1 乙镇卫生院

Every role has a user (``world.token[name]`` is a bearer token for it); patients ``pa`` (home
A1a), ``pb`` (home B1) and the child ``pc`` (home A1a) whose parent account is ``parent``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

import httpx
from stdnum.cn import ric

from yilian.alliance.models import Organisation, OrgKind, OrgLevel
from yilian.core.authz import Role
from yilian.core.crypto import blind_index
from yilian.identity.models import (
    PatientLink,
    Practitioner,
    ProfessionalTitle,
    ProxyRelation,
    RoleGrant,
    SessionStage,
    User,
    UserKind,
)
from yilian.identity.passwords import hash_password
from yilian.identity.sessions import create_session
from yilian.patients.models import Patient, Sex

PASSWORD = "Yilian-Test-2026!"
_HASH = hash_password(PASSWORD)

# name: (role, organisation key, verified practitioner?)
STAFF: dict[str, tuple[Role, str, bool]] = {
    "alliance_admin": (Role.alliance_admin, "P", False),
    "auditor": (Role.auditor, "P", False),
    "org_admin_a": (Role.org_admin, "A", False),
    "org_admin_b": (Role.org_admin, "B", False),
    "specialist_a": (Role.specialist, "A", True),
    "specialist_b": (Role.specialist, "B", True),
    "specialist_unverified": (Role.specialist, "A", False),
    "mdt_expert": (Role.mdt_expert, "P", True),
    "coordinator_a": (Role.coordinator, "A", True),
    "pharmacist_a": (Role.pharmacist, "A", True),
    "nurse_a1": (Role.nurse, "A1", True),
    "reader_a": (Role.diagnosis_reader, "A", True),
    "town_doctor_a1": (Role.grassroots_doctor, "A1", True),
    "village_doctor": (Role.grassroots_doctor, "A1a", True),
    "family_doctor": (Role.family_doctor, "A1a", True),
}

# The organisation tree: each organisation's parent.
TREE: dict[str, str | None] = {"P": None, "A": "P", "B": "P", "A1": "A", "A1a": "A1", "B1": "B"}


def covers(actor_org: str | None, target: str) -> bool:
    """Whether a grant at ``actor_org`` reaches ``target`` (itself or an ancestor of it)."""
    node: str | None = target
    while node is not None:
        if node == actor_org:
            return True
        node = TREE[node]
    return False


# Valid resident IDs (check digits computed) matching the birth dates and sexes below.
PATIENTS = {
    "pa": ("张秀英", Sex.female, date(1958, 3, 7), "A1a"),
    "pb": ("李建国", Sex.male, date(1966, 10, 1), "B1"),
    "pc": ("张小明", Sex.male, date(2019, 5, 20), "A1a"),
}


def resident_id(region: str, born: date, seq: int, sex: Sex) -> str:
    """A valid 18-character resident ID; ``seq`` makes it distinct among the same birthday."""
    order = seq * 2 + (1 if sex == Sex.male else 0)
    body = f"{region}{born:%Y%m%d}{order:03d}"
    return body + ric.calc_check_digit(body + "0")


@dataclass
class Org:
    key: str
    id: uuid.UUID
    path: str


class World:
    def __init__(self, app, clock) -> None:
        self.app = app
        self.clock = clock
        self.orgs: dict[str, Org] = {}
        self.users: dict[str, uuid.UUID] = {}
        self.grants: dict[str, uuid.UUID] = {}
        self.token: dict[str, str] = {}
        self.patients: dict[str, uuid.UUID] = {}
        self.resident_ids: dict[str, str] = {}

    async def build(self) -> None:
        async with self.app.state.sessionmaker() as db:
            for key, name, level, kind, code, parent in [
                ("P", "省人民医院", OrgLevel.province, OrgKind.general_hospital, "440000", None),
                ("A", "甲县人民医院", OrgLevel.county, OrgKind.general_hospital, "440111", "P"),
                ("B", "乙县人民医院", OrgLevel.county, OrgKind.general_hospital, "440222", "P"),
                ("A1", "甲镇卫生院", OrgLevel.town, OrgKind.health_centre, "440111", "A"),
                ("A1a", "甲一村卫生室", OrgLevel.village, OrgKind.village_clinic, "440111", "A1"),
                ("B1", "乙镇卫生院", OrgLevel.town, OrgKind.health_centre, "440222", "B"),
            ]:
                oid = uuid.uuid4()
                path = (self.orgs[parent].path if parent else "/") + oid.hex + "/"
                db.add(Organisation(id=oid, name=name, level=level, kind=kind,
                                    division_code=code, path=path,
                                    parent_id=self.orgs[parent].id if parent else None))
                self.orgs[key] = Org(key, oid, path)
            await db.flush()
            now = self.clock.now()
            for name, (role, org, verified) in STAFF.items():
                user = User(username=name, display_name=name, kind=UserKind.staff,
                            password_hash=_HASH, password_changed_at=now,
                            home_organisation_id=self.orgs[org].id)
                db.add(user)
                await db.flush()
                self.users[name] = user.id
                db.add(Practitioner(user_id=user.id, title=ProfessionalTitle.attending_physician,
                                    verified=verified))
                grant = RoleGrant(user_id=user.id, role=role, organisation_id=self.orgs[org].id,
                                  valid_from=now - timedelta(days=1), created_at=now)
                db.add(grant)
                await db.flush()
                self.grants[name] = grant.id
            for i, (key, (name, sex, born, org)) in enumerate(PATIENTS.items()):
                rid = resident_id("440111", born, 10 + i, sex)
                p = Patient(name=name, sex=sex, birth_date=born, resident_id=rid,
                            resident_id_bidx=blind_index(rid, "patients.resident_id"),
                            phone=f"1380013800{i}", phone_bidx=blind_index(f"1380013800{i}", "patients.phone"),
                            address="广东省某县某镇某村1号", home_organisation_id=self.orgs[org].id)
                db.add(p)
                await db.flush()
                self.patients[key], self.resident_ids[key] = p.id, rid
            for name, links in {
                "patient_pa": [("pa", ProxyRelation.self_, True)],
                "parent": [("pc", ProxyRelation.parent, True)],
                "patient_pb": [("pb", ProxyRelation.self_, True)],
                "reader_of_pa": [("pa", ProxyRelation.child, False)],
            }.items():
                user = User(username=name, display_name=name, kind=UserKind.patient,
                            password_hash=_HASH, password_changed_at=now)
                db.add(user)
                await db.flush()
                self.users[name] = user.id
                for key, rel, manage in links:
                    db.add(PatientLink(user_id=user.id, patient_id=self.patients[key],
                                       relation=rel, may_manage_consent=manage, created_at=now))
            await db.flush()
            await db.commit()
        for name in self.users:
            await self.sign_in_again(name)

    async def add_staff(
        self, name: str, home: str, grants: list[tuple[Role, str]], *, verified: bool = True,
        totp_secret: str | None = None,
    ) -> uuid.UUID:
        """One more staff member homed at ``home`` with ``grants`` ((role, organisation key), the
        first one active in a signed-in session): e.g. a provincial doctor who also practises
        in a county."""
        now = self.clock.now()
        async with self.app.state.sessionmaker() as db:
            user = User(username=name, display_name=name, kind=UserKind.staff, password_hash=_HASH,
                        password_changed_at=now, home_organisation_id=self.orgs[home].id,
                        totp_secret=totp_secret, totp_enabled=totp_secret is not None)
            db.add(user)
            await db.flush()
            db.add(Practitioner(user_id=user.id, title=ProfessionalTitle.attending_physician,
                                verified=verified, verified_at=now if verified else None))
            for i, (role, org) in enumerate(grants):
                grant = RoleGrant(user_id=user.id, role=role, organisation_id=self.orgs[org].id,
                                  valid_from=now - timedelta(days=1), created_at=now)
                db.add(grant)
                await db.flush()
                if i == 0:
                    self.grants[name] = grant.id
            await db.commit()
        self.users[name] = user.id
        await self.sign_in_again(name)
        return user.id

    async def sign_in_again(self, name: str) -> None:
        """A fresh session for the user (after the clock moved past the idle timeout)."""
        async with self.app.state.sessionmaker() as db:
            user = await db.get(User, self.users[name])
            _, token, _ = await create_session(
                db, self.clock, self.app.state.settings, user, grant_id=self.grants.get(name),
                stage=SessionStage.active, ip=None, user_agent="tests",
            )
            await db.commit()
        self.token[name] = token

    def headers(self, name: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token[name]}"}

    def client_as(self, client: httpx.AsyncClient, name: str) -> AsUser:
        return AsUser(client, self.headers(name))


async def add_staff(world: World, name: str, role: Role, org: str, *, verified: bool = True,
                    title: ProfessionalTitle = ProfessionalTitle.chief_physician) -> uuid.UUID:
    """One more staff member granted ``role`` at ``org`` (no home organisation), signed in: the
    extra people of the case tests (a second office, a doctor in the other county)."""
    async with world.app.state.sessionmaker() as db:
        now = world.clock.now()
        user = User(username=name, display_name=name, kind=UserKind.staff, password_hash=_HASH,
                    password_changed_at=now)
        db.add(user)
        await db.flush()
        db.add(Practitioner(user_id=user.id, title=title, verified=verified))
        grant = RoleGrant(user_id=user.id, role=role, organisation_id=world.orgs[org].id,
                          valid_from=now - timedelta(days=1), created_at=now)
        db.add(grant)
        await db.commit()
        world.users[name], world.grants[name] = user.id, grant.id
    await world.sign_in_again(name)
    return world.users[name]


class AsUser:
    """The test client, signed in as one user (bearer token)."""

    def __init__(self, client: httpx.AsyncClient, headers: dict[str, str]) -> None:
        self.client, self.headers = client, headers

    async def request(self, method: str, url: str, *, headers: dict | None = None, **kw):
        return await self.client.request(method, url, headers={**self.headers, **(headers or {})},
                                         **kw)

    async def get(self, url: str, **kw) -> httpx.Response:
        return await self.request("GET", url, **kw)

    async def post(self, url: str, **kw) -> httpx.Response:
        return await self.request("POST", url, **kw)

    async def put(self, url: str, **kw) -> httpx.Response:
        return await self.request("PUT", url, **kw)

    async def patch(self, url: str, **kw) -> httpx.Response:
        return await self.request("PATCH", url, **kw)

    async def delete(self, url: str, **kw) -> httpx.Response:
        return await self.request("DELETE", url, **kw)
