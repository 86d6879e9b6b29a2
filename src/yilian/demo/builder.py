"""Builds the demo alliance into a database, once: a second run finds everything and adds nothing.

Organisations, departments, centres and agreements go through the alliance service. Staff,
patients and their records are written as rows here, because the services would hash the
shared password once per user and commit once per patient; the rows get the same checks
(password policy, separation of duties, resident ID and phone validation, the record
schemas), the same blind indexes and the same audit rows the services would write.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import timedelta
from typing import TypeVar

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from yilian.alliance import service as alliance
from yilian.alliance.models import Agreement, Department, DiagnosisCentre, Organisation
from yilian.alliance.schemas import AgreementIn, CentreIn, DepartmentIn, OrganisationIn
from yilian.core import audit
from yilian.core.authz import Actor, Role
from yilian.core.clock import Clock
from yilian.core.crypto import blind_index, configure_keyring, load_keyring
from yilian.core.db import make_engine, make_sessionmaker
from yilian.demo.layout import (
    AGREEMENT_FROM,
    AGREEMENT_UNTIL,
    AGREEMENTS,
    ALL_SERVICES,
    CENTRES,
    DEMO_PASSWORD,
    ORGANISATIONS,
    ROLE_ZH,
    STAFF,
    OrgSpec,
    StaffSpec,
    licence_no,
)
from yilian.demo.people import (
    CHILD_OF_PARENT,
    NAMED_PATIENTS,
    NamedPatient,
    PatientSpec,
    generate_patients,
    staff_names,
)
from yilian.identity import passwords
from yilian.identity import policy as identity_policy
from yilian.identity.models import (
    PatientLink,
    PracticeRegistration,
    Practitioner,
    ProxyRelation,
    RoleGrant,
    User,
    UserKind,
)
from yilian.patients.models import Patient, RecordStatus
from yilian.patients.schemas import AllergyIn, EncounterIn, MedicationIn, ProblemIn
from yilian.patients.service import ENTRY_MODELS, PHONE, RID
from yilian.settings import Settings

DEFAULT_SIZE = 500
PATIENT_BATCH = 100
T = TypeVar("T")
ENTRY_SCHEMAS = {"problems": ProblemIn, "allergies": AllergyIn, "medications": MedicationIn,
                 "encounters": EncounterIn}


class DemoError(Exception):
    """The demo data contradicts a rule of the platform: a bug in the demo, not in the data."""


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: str
    organisation: str
    display_name: str

    def as_json(self) -> dict[str, str]:
        return asdict(self)


@dataclass
class DemoReport:
    added: dict[str, int]
    accounts: list[DemoAccount]
    seconds: float

    @property
    def already_present(self) -> bool:
        return not any(self.added.values())


def _progress(console: Console | None) -> Progress:
    return Progress(TextColumn("{task.description:<28}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=console, disable=console is None)


def _chunks(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


class DemoBuilder:
    """Adds what is missing of the demo; every step first looks for what is already there."""

    def __init__(self, db: AsyncSession, clock: Clock, settings: Settings, progress: Progress,
                 size: int) -> None:
        self.db, self.clock, self.settings = db, clock, settings
        self.progress, self.size = progress, size
        self.orgs: dict[str, Organisation] = {}
        self.added: dict[str, int] = {}
        # The named patients' blind indexes: the demo accounts are linked to them.
        self.named: dict[str, str] = {}
        self._password_hash: str | None = None

    def _count(self, what: str, n: int = 1) -> None:
        self.added[what] = self.added.get(what, 0) + n

    async def _ensure(self, label: str, what: str, wanted: list[T],
                      present: Callable[[T], bool], create: Callable[[T], Awaitable[object]]):
        """Creates each wanted item that is not present, with a progress bar."""
        task = self.progress.add_task(label, total=len(wanted))
        for item in wanted:
            if not present(item):
                await create(item)
                self._count(what)
            self.progress.advance(task)

    @property
    def password_hash(self) -> str:
        """One argon2 hash for every demo account (hashing costs ~50 ms on purpose)."""
        if self._password_hash is None:
            self._password_hash = passwords.hash_password(DEMO_PASSWORD)
        return self._password_hash

    async def build(self) -> None:
        await self.organisations()
        await self.departments()
        await self.centres()
        await self.agreements()
        await self.staff()
        await self.patients()
        await self.patient_accounts()

    # ------------------------------------------------------------ the alliance

    async def organisations(self) -> None:
        rows = await self.db.execute(
            select(Organisation).where(Organisation.name.in_([s.name for s in ORGANISATIONS]))
        )
        by_name = {o.name: o for o in rows.scalars()}
        self.orgs = {s.key: by_name[s.name] for s in ORGANISATIONS if s.name in by_name}

        async def create(spec: OrgSpec) -> None:
            # The layout lists parents first, so a parent is always known here.
            self.orgs[spec.key] = await alliance.create_organisation(
                self.db, self.clock, None, OrganisationIn(
                    name=spec.name, short_name=spec.short_name, level=spec.level,
                    kind=spec.kind, division_code=spec.division_code, address=spec.address,
                    phone=spec.phone, parent_id=self.orgs[spec.parent].id if spec.parent else None,
                ))

        await self._ensure("organisations 机构", "organisations", ORGANISATIONS,
                           lambda spec: spec.key in self.orgs, create)

    async def departments(self) -> None:
        have = set((await self.db.execute(
            select(Department.organisation_id, Department.code)
            .where(Department.organisation_id.in_([o.id for o in self.orgs.values()]))
        )).all())
        wanted = [(self.orgs[s.key].id, code) for s in ORGANISATIONS for code in s.departments]
        await self._ensure(
            "departments 科室", "departments", wanted, lambda item: item in have,
            lambda item: alliance.create_department(self.db, self.clock, None, item[0],
                                                    DepartmentIn(code=item[1])),
        )

    async def centres(self) -> None:
        have = set((await self.db.execute(select(DiagnosisCentre.name))).scalars())
        await self._ensure(
            "diagnosis centres 诊断中心", "diagnosis centres", CENTRES,
            lambda spec: spec.name in have,
            lambda spec: alliance.create_centre(self.db, self.clock, None, CentreIn(
                name=spec.name, kind=spec.kind, host_organisation_id=self.orgs[spec.host].id,
                member_organisation_ids=[self.orgs[m].id for m in spec.members],
            )),
        )

    async def agreements(self) -> None:
        rows = await self.db.execute(
            select(Agreement.organisation_a_id, Agreement.organisation_b_id)
        )
        have = {frozenset(row) for row in rows.all()}
        pairs = [(self.orgs[upper].id, self.orgs[lower].id) for upper, lower in AGREEMENTS]
        await self._ensure(
            "agreements 协议", "agreements", pairs, lambda pair: frozenset(pair) in have,
            lambda pair: alliance.create_agreement(self.db, self.clock, None, AgreementIn(
                organisation_a_id=pair[0], organisation_b_id=pair[1], services=ALL_SERVICES,
                valid_from=AGREEMENT_FROM, valid_until=AGREEMENT_UNTIL,
            )),
        )

    # ------------------------------------------------------------ staff

    async def _existing_usernames(self, names: Iterable[str]) -> set[str]:
        rows = await self.db.execute(select(User.username).where(User.username.in_(list(names))))
        return set(rows.scalars())

    def _check_staff(self, spec: StaffSpec) -> None:
        problems = passwords.policy_violations(DEMO_PASSWORD, spec.username,
                                               self.settings.password_min_length)
        held: set[Role] = set()
        for role, _ in spec.grants:
            clash = identity_policy.incompatible_with(role, held)
            if clash:
                problems.append(f"{role} clashes with {clash}")
            held.add(role)
        if problems:
            raise DemoError(f"demo user {spec.username}: " + "; ".join(problems))

    async def staff(self) -> None:
        """All staff in one transaction, each with the rows and audit rows create_user writes."""
        have = await self._existing_usernames(s.username for s in STAFF)
        # The serial number in the licence stays with the place in the roster.
        roster = list(zip(range(1, len(STAFF) + 1), STAFF, staff_names(len(STAFF)), strict=True))
        await self._ensure("staff 医护人员", "staff", roster,
                           lambda item: item[1].username in have,
                           lambda item: self._add_staff(*item))
        await self.db.commit()

    async def _add_staff(self, serial: int, spec: StaffSpec, name: str) -> None:
        self._check_staff(spec)
        now = self.clock.now()
        user = User(username=spec.username, display_name=name, kind=UserKind.staff,
                    password_hash=self.password_hash, password_changed_at=now)
        self.db.add(user)
        await self.db.flush()
        home = self.orgs[spec.practice_orgs[0]]
        self.db.add(Practitioner(
            user_id=user.id, title=spec.title,
            licence_no=licence_no(spec.title, home.division_code, serial),
            verified=spec.verified, verified_at=now if spec.verified else None,
        ))
        for role, org in spec.grants:
            self.db.add(RoleGrant(user_id=user.id, role=role, organisation_id=self.orgs[org].id,
                                  valid_from=now, created_at=now))
        for i, org in enumerate(spec.practice_orgs):
            self.db.add(PracticeRegistration(user_id=user.id, organisation_id=self.orgs[org].id,
                                             primary=i == 0, created_at=now))
        await audit.record(self.db, self.clock, None, "user.create", entity_type="user",
                           entity_id=user.id, detail={
                               "username": user.username,
                               "roles": [role.value for role, _ in spec.grants], "via": "demo"})
        if spec.verified:
            await audit.record(self.db, self.clock, None, "practitioner.verification",
                               entity_type="user", entity_id=user.id, detail={"verified": True})

    # ------------------------------------------------------------ patients

    async def _record_actors(self) -> dict[uuid.UUID, Actor]:
        """Who writes each home organisation's records: its grassroots doctor."""
        rows = await self.db.execute(
            select(RoleGrant, User.username).join(User, User.id == RoleGrant.user_id)
            .where(RoleGrant.role == Role.grassroots_doctor)
        )
        paths = {o.id: o.path for o in self.orgs.values()}
        return {
            grant.organisation_id: Actor(
                user_id=grant.user_id, username=username, grant_id=grant.id, role=grant.role,
                org_id=grant.organisation_id, org_path=paths.get(grant.organisation_id),
                clinically_verified=True,
            )
            for grant, username in rows.all()
        }

    async def patients(self) -> None:
        specs = list(generate_patients(self.size))
        indexed = {blind_index(s.resident_id, RID): s for s in specs}
        self.named = {s.name: bidx for bidx, s in list(indexed.items())[:len(NAMED_PATIENTS)]}
        have: set[str] = set()
        for chunk in _chunks(list(indexed), 500):
            rows = await self.db.execute(
                select(Patient.resident_id_bidx).where(Patient.resident_id_bidx.in_(chunk))
            )
            have |= set(rows.scalars())
        missing = [(bidx, s) for bidx, s in indexed.items() if bidx not in have]
        task = self.progress.add_task("patients 居民", total=len(specs))
        self.progress.advance(task, len(specs) - len(missing))
        actors = await self._record_actors()
        for chunk in _chunks(missing, PATIENT_BATCH):
            await self._add_patients(chunk, actors)
            self.progress.advance(task, len(chunk))

    async def _add_patients(self, chunk: list[tuple[str, PatientSpec]],
                            actors: dict[uuid.UUID, Actor]) -> None:
        """One transaction per batch: the rows in one insert, then their audit rows."""
        rows = [
            (Patient(name=s.name, sex=s.sex, birth_date=s.birth_date, resident_id=s.resident_id,
                     resident_id_bidx=bidx, phone=s.phone, phone_bidx=blind_index(s.phone, PHONE),
                     address=s.address, home_organisation_id=self.orgs[s.home].id), s)
            for bidx, s in chunk
        ]
        self.db.add_all([p for p, _ in rows])
        await self.db.flush()
        self._count("patients", len(rows))
        for patient, spec in rows:
            await audit.record(self.db, self.clock, None, "patient.create", entity_type="patient",
                               entity_id=patient.id, subject_org_id=patient.home_organisation_id)
            actor = actors[patient.home_organisation_id]
            for entry in spec.entries:
                await self._add_entry(patient, actor, entry.kind, dict(entry.values))
        await self.db.commit()

    async def _add_entry(self, patient: Patient, actor: Actor, kind: str, values: dict) -> None:
        recorded_at = self.clock.now()
        if kind == "encounters":
            # A visit is written up the day it happened.
            recorded_at -= timedelta(days=values.pop("days_ago"))
            values["started_at"] = recorded_at
        values = ENTRY_SCHEMAS[kind](**values).model_dump()
        if kind != "encounters":
            values["status"] = RecordStatus(values.get("status", "active"))
        entry = ENTRY_MODELS[kind](patient_id=patient.id, organisation_id=actor.org_id,
                                   recorded_by=actor.user_id, recorded_at=recorded_at, **values)
        self.db.add(entry)
        await self.db.flush()
        await audit.record(self.db, self.clock, actor, f"record.{kind}.add", entity_type="patient",
                           entity_id=patient.id, subject_org_id=patient.home_organisation_id,
                           detail={"entry": str(entry.id)})
        self._count("record entries")

    # ------------------------------------------------------------ patient accounts

    async def _named_patient(self, name: str) -> Patient:
        return (await self.db.execute(
            select(Patient).where(Patient.resident_id_bidx == self.named[name])
        )).scalar_one()

    async def _link(self, user: User, patient: Patient, relation: ProxyRelation) -> None:
        """A patient account's link, audited as create_patient_account and add_proxy do."""
        self.db.add(PatientLink(user_id=user.id, patient_id=patient.id, relation=relation,
                                may_manage_consent=True, created_at=self.clock.now()))
        await self.db.flush()
        if relation == ProxyRelation.self_:
            await audit.record(self.db, self.clock, None, "patient_account.create",
                               entity_type="user", entity_id=user.id,
                               subject_org_id=patient.home_organisation_id,
                               detail={"patient": str(patient.id)})
        else:
            await audit.record(self.db, self.clock, None, "patient_account.proxy",
                               entity_type="patient", entity_id=patient.id,
                               subject_org_id=patient.home_organisation_id,
                               detail={"account": str(user.id), "relation": relation.value})

    async def _add_patient_account(self, named: NamedPatient) -> None:
        user = User(username=named.account, display_name=named.name, kind=UserKind.patient,
                    password_hash=self.password_hash, password_changed_at=self.clock.now())
        self.db.add(user)
        await self.db.flush()
        await self._link(user, await self._named_patient(named.name), ProxyRelation.self_)
        parent, child = CHILD_OF_PARENT
        if named.account == parent:
            await self._link(user, await self._named_patient(child), ProxyRelation.parent)
        await self.db.commit()

    async def patient_accounts(self) -> None:
        named = [n for n in NAMED_PATIENTS if n.account]
        have = await self._existing_usernames(n.account for n in named)
        await self._ensure("patient accounts 患者账号", "patient accounts", named,
                           lambda n: n.account in have, self._add_patient_account)


# ---------------------------------------------------------------- the accounts to show


def _joined(values: Iterable[str]) -> str:
    return " / ".join(dict.fromkeys(values))


async def demo_accounts(db: AsyncSession) -> list[DemoAccount]:
    """Every demo account as the database has it, in the order of the roster."""
    order = [s.username for s in STAFF] + [n.account for n in NAMED_PATIENTS if n.account]
    users = {u.username: u for u in (await db.execute(
        select(User).where(User.username.in_(order))
    )).scalars()}
    grants = (await db.execute(
        select(RoleGrant, Organisation.short_name)
        .join(Organisation, Organisation.id == RoleGrant.organisation_id)
        .where(RoleGrant.user_id.in_([u.id for u in users.values()]))
        .order_by(RoleGrant.created_at)
    )).all()
    homes = dict((await db.execute(
        select(PatientLink.user_id, Organisation.short_name)
        .join(Patient, Patient.id == PatientLink.patient_id)
        .join(Organisation, Organisation.id == Patient.home_organisation_id)
        .where(PatientLink.relation == ProxyRelation.self_)
    )).all())
    accounts = []
    for username in order:
        user = users.get(username)
        if user is None:
            continue
        held = [(g.role, org) for g, org in grants if g.user_id == user.id]
        if user.kind == UserKind.patient:
            held = [(Role.patient, homes.get(user.id, ""))]
        accounts.append(DemoAccount(
            username=username, password=DEMO_PASSWORD,
            role=_joined(f"{ROLE_ZH[role]} {role.value}" for role, _ in held),
            organisation=_joined(org or "" for _, org in held),
            display_name=user.display_name,
        ))
    return accounts


async def build_demo(
    settings: Settings, *, size: int = DEFAULT_SIZE, clock: Clock | None = None,
    progress_console: Console | None = None,
) -> DemoReport:
    """Build whatever part of the demo alliance is missing; ``size`` generated patients."""
    started = time.perf_counter()
    configure_keyring(load_keyring(settings))
    engine = make_engine(settings.resolved_database_url, pool_size=2)
    maker: async_sessionmaker[AsyncSession] = make_sessionmaker(engine)
    try:
        async with maker() as db:
            with _progress(progress_console) as progress:
                builder = DemoBuilder(db, clock or Clock(), settings, progress, size)
                await builder.build()
            accounts = await demo_accounts(db)
    finally:
        await engine.dispose()
    return DemoReport(builder.added, accounts, time.perf_counter() - started)
