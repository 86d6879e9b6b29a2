"""Builds the demo alliance into a database, once: a second run finds everything and adds nothing.

Organisations, departments (and their heads), centres and agreements go through the alliance
service, the consultation in progress through the consultation service, and the referrals (a
loop closed over the past days, a request waiting) through the referral service. Staff,
patients, their records and the experts' free times are written as rows here, because the
services would hash the shared password once per user and commit once per patient or time; the
rows get the same checks (password policy, separation of duties, resident ID and phone
validation, the record schemas), the same blind indexes and the same audit rows the services
would write.
"""

from __future__ import annotations

import asyncio
import random
import time
import uuid
from collections.abc import Awaitable, Callable, Collection, Iterable
from dataclasses import asdict, dataclass, replace
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from yilian.alliance import service as alliance
from yilian.alliance.models import Agreement, Department, DiagnosisCentre, Organisation
from yilian.alliance.schemas import (
    AgreementIn,
    CentreIn,
    DepartmentIn,
    DepartmentPatch,
    OrganisationIn,
)
from yilian.cases.calendar import is_working_day
from yilian.clinic import service as clinic
from yilian.clinic.models import ClinicMode, ClinicProfile, ClinicSession, FeeTier, SessionStatus
from yilian.clinic.policy import DOCTOR_ROLES
from yilian.clinic.schemas import FeesIn, FeeTierIn, ProfileIn, SessionIn
from yilian.consultation.models import Consultation
from yilian.consultation.schemas import ApplicationIn
from yilian.consultation.workflow import EXPERT_ROLES
from yilian.core import audit
from yilian.core.authz import Actor, Role
from yilian.core.clock import SHANGHAI, Clock, FrozenClock, as_utc
from yilian.core.crypto import blind_index, configure_keyring, load_keyring
from yilian.core.db import make_engine, make_sessionmaker
from yilian.demo.layout import (
    AGREEMENT_FROM,
    AGREEMENT_UNTIL,
    AGREEMENTS,
    CENTRES,
    CLINIC_ORGS,
    CLINIC_PROFILES,
    CLINIC_SESSIONS,
    DEMO_PASSWORD,
    DEPARTMENT_HEADS,
    FEE_TIERS,
    ORGANISATIONS,
    PRACTICE_YEARS,
    ROLE_ZH,
    SLOT_EXPERTS,
    SLOT_MINUTES,
    SLOT_RANGES,
    SLOT_WORKING_DAYS,
    STAFF,
    TODAY_HOURS,
    TODAY_LEAST_MINUTES,
    TODAY_SESSION,
    TODAY_SLOT_MINUTES,
    VISIT_STORIES,
    HalfDay,
    OrgSpec,
    RxLine,
    RxStory,
    StaffSpec,
    VisitStory,
    department_contact,
    licence_no,
)
from yilian.demo.people import (
    CHILD_OF_PARENT,
    CONSULTATION_STORIES,
    NAMED_PATIENTS,
    REFERRAL_STORIES,
    ConsultationStory,
    NamedPatient,
    PatientSpec,
    ReferralStory,
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
    SessionStage,
    User,
    UserKind,
)
from yilian.identity.sessions import create_session, revoke_sessions
from yilian.patients.models import Patient, Problem, RecordStatus
from yilian.patients.schemas import AllergyIn, EncounterIn, MedicationIn, ProblemIn
from yilian.patients.service import ENTRY_MODELS, PHONE, RID
from yilian.pharmacy.catalogue import importer
from yilian.pharmacy.catalogue import service as catalogue
from yilian.pharmacy.catalogue.models import Drug, StockBatch
from yilian.scheduling.models import AvailabilitySlot
from yilian.settings import Settings

DEFAULT_SIZE = 500
PATIENT_BATCH = 100
T = TypeVar("T")
ENTRY_SCHEMAS = {"problems": ProblemIn, "allergies": AllergyIn, "medications": MedicationIn,
                 "encounters": EncounterIn}
# An online clinic session to hold: doctor, hospital, department code, mode, capacity, day, half.
Session = tuple[str, str, str, ClinicMode, int, date, HalfDay]
# The date an entry given ``days_ago`` (rather than a fixed date) takes from it.
ENTRY_DATES = {"problems": "onset_date", "medications": "start_date"}
# The hospitals' drug catalogue (the import format), and which drugs (by their place in code
# order) the stock views show out of stock and with a batch expiring within 30 days.
DEMO_DRUGS = Path(catalogue.__file__).with_name("demo_drugs.csv")
OUT_OF_STOCK_AT, EXPIRING_AT, EXPIRING_DAYS = 4, 2, 20


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


def _slot_starts(starts: datetime, ends: datetime) -> list[datetime]:
    step = timedelta(minutes=SLOT_MINUTES)
    return [starts + i * step for i in range((ends - starts) // step)]


def _chunks(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def working_days_after(day: date, count: int) -> list[date]:
    """The ``count`` working days (holidays off, make-up days on) after ``day``."""
    days: list[date] = []
    while len(days) < count:
        day += timedelta(days=1)
        if is_working_day(day):
            days.append(day)
    return days


def slot_ranges(now: datetime) -> list[tuple[datetime, datetime]]:
    """The ranges (UTC) the experts offer, on the working days after ``now``'s Beijing date."""
    return [
        (datetime.combine(day, start, SHANGHAI).astimezone(UTC),
         datetime.combine(day, end, SHANGHAI).astimezone(UTC))
        for day in working_days_after(now.astimezone(SHANGHAI).date(), SLOT_WORKING_DAYS)
        for start, end in SLOT_RANGES
    ]


def days_back(clock: Clock, days_ago: int) -> Callable[..., FrozenClock]:
    """Clocks for the steps of a story that began ``days_ago`` days before ``clock``'s Beijing
    date: ``at(day, hour, minute)`` stands at that Beijing time, ``day`` days into the story."""
    start = clock.now().astimezone(SHANGHAI).date() - timedelta(days=days_ago)

    def at(day: int, hour: int, minute: int = 0) -> FrozenClock:
        local = datetime.combine(start + timedelta(days=day), clock_time(hour, minute), SHANGHAI)
        return FrozenClock(local.astimezone(UTC))

    return at


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
                      present: Callable[[T], bool], create: Callable[[T], Awaitable[object]],
                      rows: Callable[[T], int] = lambda item: 1):
        """Creates each wanted item that is not present, with a progress bar. When one item is
        several rows of ``what``, ``rows`` says how many and ``create`` returns how many it
        added: the bar counts what the summary counts."""
        task = self.progress.add_task(label, total=sum(rows(item) for item in wanted))
        for item in wanted:
            if not present(item):
                added = await create(item)
                self._count(what, added if isinstance(added, int) else 1)
            self.progress.advance(task, rows(item))

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
        await self.department_heads()
        await self.availability()
        await self.patients()
        await self.patient_accounts()
        await self.consultations()
        await self.referrals()
        await self.practice_years()
        await self.clinic_fees()
        await self.clinic_profiles()
        await self.clinic_sessions()
        await self.clinic_today()
        # The pharmacy first: the past visits' doctors prescribe from its catalogue.
        await self.drug_catalogues()
        await self.drug_stock()
        await self.clinic_visits()

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
        contacts = {(self.orgs[s.key].id, code): department_contact(s, code)
                    for s in ORGANISATIONS for code in s.departments}
        await self._ensure(
            "departments 科室", "departments", list(contacts), lambda item: item in have,
            lambda item: alliance.create_department(
                self.db, self.clock, None, item[0], DepartmentIn(
                    code=item[1], phone=contacts[item][0], location=contacts[item][1])),
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
        wanted = [(self.orgs[a].id, self.orgs[b].id, services) for a, b, services in AGREEMENTS]
        await self._ensure(
            "agreements 协议", "agreements", wanted, lambda item: frozenset(item[:2]) in have,
            lambda item: alliance.create_agreement(self.db, self.clock, None, AgreementIn(
                organisation_a_id=item[0], organisation_b_id=item[1], services=list(item[2]),
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
        home = self.orgs[spec.practice_orgs[0]]
        user = User(username=spec.username, display_name=name, kind=UserKind.staff,
                    password_hash=self.password_hash, password_changed_at=now,
                    home_organisation_id=home.id)
        self.db.add(user)
        await self.db.flush()
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

    async def _user_ids(self, names: Iterable[str]) -> dict[str, uuid.UUID]:
        rows = await self.db.execute(
            select(User.username, User.id).where(User.username.in_(list(names))))
        return dict(rows.all())

    async def department_heads(self) -> None:
        """科主任, through the alliance service (which checks each is a clinician there)."""
        users = await self._user_ids(DEPARTMENT_HEADS.values())
        rows = (await self.db.execute(select(Department).where(
            Department.organisation_id.in_([o.id for o in self.orgs.values()]),
            Department.code.in_({code for _, code in DEPARTMENT_HEADS}),
            Department.active.is_(True),
        ))).scalars()
        depts = {(d.organisation_id, d.code): (d.id, d.head_user_id) for d in rows}
        wanted = [(depts[key], users[username])
                  for (org, code), username in DEPARTMENT_HEADS.items()
                  if (key := (self.orgs[org].id, code)) in depts]
        # A department that has a head keeps it, whoever an administrator made head since.
        await self._ensure(
            "department heads 科主任", "department heads", wanted,
            lambda item: item[0][1] is not None,
            lambda item: alliance.update_department(self.db, self.clock, None, item[0][0],
                                                    DepartmentPatch(head_user_id=item[1])),
        )

    async def availability(self) -> None:
        """Free times on the next working days, for the experts a case may be booked with.

        A range is left alone if any slot of the expert's overlaps it, withdrawn ones too: a
        second run adds nothing, and a time an expert withdrew stays withdrawn. Days further on
        are added by a run on a later day."""
        ranges = slot_ranges(self.clock.now())
        users = await self._user_ids(name for name, _ in SLOT_EXPERTS)
        experts = [(users[name], self.orgs[org].id) for name, org in SLOT_EXPERTS]
        taken: dict[uuid.UUID, list[tuple[datetime, datetime]]] = {}
        rows = await self.db.execute(
            select(AvailabilitySlot.user_id, AvailabilitySlot.starts_at, AvailabilitySlot.ends_at)
            .where(AvailabilitySlot.user_id.in_([u for u, _ in experts]),
                   AvailabilitySlot.starts_at < ranges[-1][1],
                   AvailabilitySlot.ends_at > ranges[0][0]))
        for user_id, starts, ends in rows.all():
            taken.setdefault(user_id, []).append((as_utc(starts), as_utc(ends)))

        def present(item: tuple[uuid.UUID, uuid.UUID, datetime, datetime]) -> bool:
            user_id, _, starts, ends = item
            return any(s < ends and e > starts for s, e in taken.get(user_id, ()))

        wanted = [(user_id, org_id, starts, ends)
                  for user_id, org_id in experts for starts, ends in ranges]
        await self._ensure("availability slots 专家号源", "availability slots", wanted, present,
                           lambda item: self._add_slots(*item),
                           rows=lambda item: len(_slot_starts(item[2], item[3])))
        await self.db.commit()

    async def _add_slots(self, user_id: uuid.UUID, org_id: uuid.UUID, starts: datetime,
                         ends: datetime) -> int:
        """One range, split into slots, as the expert would enter it (one audit row a range)."""
        step = timedelta(minutes=SLOT_MINUTES)
        now = self.clock.now()
        slots = [AvailabilitySlot(user_id=user_id, organisation_id=org_id, starts_at=at,
                                  ends_at=at + step, created_by=user_id, created_at=now)
                 for at in _slot_starts(starts, ends)]
        self.db.add_all(slots)
        await self.db.flush()
        await audit.record(self.db, self.clock, None, "availability.create", entity_type="user",
                           entity_id=user_id, subject_org_id=org_id, detail={
                               "organisation_id": str(org_id), "starts_at": starts.isoformat(),
                               "ends_at": ends.isoformat(),
                               "slot_ids": [str(s.id) for s in slots], "via": "demo"})
        return len(slots)

    # ------------------------------------------------------------ patients

    async def _record_actors(self) -> dict[uuid.UUID, Actor]:
        """Who writes each home organisation's records: its grassroots doctor."""
        rows = await self.db.execute(
            select(RoleGrant, User.username).join(User, User.id == RoleGrant.user_id)
            .where(RoleGrant.role == Role.grassroots_doctor)
        )
        orgs = {o.id: o for o in self.orgs.values()}
        return {
            grant.organisation_id: Actor(
                user_id=grant.user_id, username=username, grant_id=grant.id, role=grant.role,
                org_id=grant.organisation_id, org_path=orgs[grant.organisation_id].path,
                org_level=str(orgs[grant.organisation_id].level), clinically_verified=True,
            )
            for grant, username in rows.all()
        }

    async def patients(self) -> None:
        specs = list(generate_patients(self.size))
        indexed = {blind_index(s.resident_id, RID): s for s in specs}
        self.named = {s.name: bidx for bidx, s in indexed.items() if s.named}
        have: set[str] = set()
        for chunk in _chunks(list(indexed), 500):
            rows = await self.db.execute(
                select(Patient.resident_id_bidx).where(Patient.resident_id_bidx.in_(chunk))
            )
            have |= set(rows.scalars())
        missing = [(bidx, s) for bidx, s in indexed.items() if bidx not in have]
        task = self.progress.add_task("patients 居民", total=len(specs))
        self.progress.advance(task, len(specs) - len(missing))
        # The missing patients' record entries are added with them: a bar of their own.
        entries = self.progress.add_task("record entries 档案条目",
                                         total=sum(len(s.entries) for s in specs))
        self.progress.advance(entries, sum(len(s.entries) for bidx, s in indexed.items()
                                           if bidx in have))
        actors = await self._record_actors()
        for chunk in _chunks(missing, PATIENT_BATCH):
            await self._add_patients(chunk, actors)
            self.progress.advance(task, len(chunk))
            self.progress.advance(entries, sum(len(s.entries) for _, s in chunk))

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
        if "days_ago" in values:
            # Written up the day it happened (a visit always says how long ago it was).
            recorded_at -= timedelta(days=values.pop("days_ago"))
            if kind == "encounters":
                values["started_at"] = recorded_at
            else:
                values[ENTRY_DATES[kind]] = recorded_at.astimezone(SHANGHAI).date()
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
        have = await self._existing_usernames(n.account for n in named if n.account)
        await self._ensure("patient accounts 患者账号", "patient accounts", named,
                           lambda n: n.account in have, self._add_patient_account)

    # ------------------------------------------------------------ consultations

    async def _actor(self, org: Organisation, roles: Collection[Role],
                     user_id: uuid.UUID | None = None) -> Actor:
        """Someone holding one of ``roles`` at ``org`` (that user, or the first granted),
        signed in with that grant."""
        stmt = (select(RoleGrant, User.username).join(User, User.id == RoleGrant.user_id)
                .where(RoleGrant.organisation_id == org.id, RoleGrant.role.in_(roles),
                       RoleGrant.revoked_at.is_(None))
                .order_by(RoleGrant.created_at, RoleGrant.id).limit(1))
        if user_id is not None:
            stmt = stmt.where(RoleGrant.user_id == user_id)
        grant, username = (await self.db.execute(stmt)).one()
        return Actor(user_id=grant.user_id, username=username, grant_id=grant.id,
                     role=grant.role, org_id=org.id, org_path=org.path,
                     org_level=str(org.level), clinically_verified=True)

    async def _has_case(self, story: ConsultationStory) -> bool:
        patient = await self._named_patient(story.patient)
        return await self.db.scalar(select(Consultation.id).where(
            Consultation.patient_id == patient.id,
            Consultation.invited_org_id == self.orgs[story.invited].id).limit(1)) is not None

    async def consultations(self) -> None:
        """The cases in progress. Once the patient has any case at that hospital the story is
        left alone, whatever became of the case (cancelled, completed) in the demo."""
        stories = [(story, await self._has_case(story)) for story in CONSULTATION_STORIES]
        await self._ensure("consultations 会诊", "consultations", stories,
                           lambda item: item[1], lambda item: self._add_consultation(item[0]))

    async def _add_consultation(self, story: ConsultationStory) -> None:
        """Through the consultation service, step by step, as the three people would take them."""
        # Imported here, not by every command of the CLI: it brings ~90 modules (PDF, messaging).
        from yilian.consultation import steps as consultation

        patient = await self._named_patient(story.patient)
        invited = self.orgs[story.invited]
        home = next(o for o in self.orgs.values() if o.id == patient.home_organisation_id)
        dept = (await self.db.execute(select(Department).where(
            Department.organisation_id == invited.id, Department.code == story.department)
        )).scalar_one()
        now = self.clock.now()
        doctor = await self._actor(home, {Role.grassroots_doctor})
        first_free = slot_ranges(now)[0]
        case = await consultation.apply(self.db, self.clock, doctor, ApplicationIn(
            **story.application, patient_id=patient.id, invited_org_id=invited.id,
            preferred_times=[{"start": first_free[0], "end": first_free[1]}],
            consent={"by": "patient", "name": patient.name, "at": now},
        ))
        office = await self._actor(invited, {Role.coordinator})
        await consultation.route(self.db, self.clock, office, case.id, dept.id)
        if dept.head_user_id is not None:  # an administrator may have removed the head
            # The head takes the case themself (科主任亲自会诊).
            head = await self._actor(invited, EXPERT_ROLES, dept.head_user_id)
            await consultation.assign(self.db, self.clock, head, case.id, head.user_id)

    # ------------------------------------------------------------ referrals

    def _home(self, patient: Patient) -> Organisation:
        return next(o for o in self.orgs.values() if o.id == patient.home_organisation_id)

    async def _department(self, org: Organisation, code: str) -> Department:
        return (await self.db.execute(select(Department).where(
            Department.organisation_id == org.id, Department.code == code))).scalar_one()

    async def _has_referral(self, story: ReferralStory) -> bool:
        from yilian.referral.models import Referral

        patient = await self._named_patient(story.patient)
        return await self.db.scalar(select(Referral.id).where(
            Referral.patient_id == patient.id,
            Referral.target_org_id == self.orgs[story.target].id).limit(1)) is not None

    async def referrals(self) -> None:
        """The referral stories. Once the patient has any referral to that hospital the story is
        left alone, whatever became of it in the demo."""
        stories = [(story, await self._has_referral(story)) for story in REFERRAL_STORIES]
        await self._ensure("referrals 转诊", "referrals", stories,
                           lambda item: item[1], lambda item: self._add_referral(item[0]),
                           rows=lambda item: 2 if item[0].loop else 1)

    async def _add_referral(self, story: ReferralStory) -> int:
        """Through the referral service, as the patient's doctor asks for it; then, for a story
        with a loop, round the loop as the people at both ends took it, each step on its day in
        the past. Returns how many referrals it made (up, and the return down: two with a
        loop, as ``referrals`` counts them for the progress bar)."""
        # Imported here, not by every command of the CLI: the service brings PDF and messaging.
        from yilian.referral import service as referral
        from yilian.referral.models import Reservation
        from yilian.referral.schemas import AcceptIn, ReferralIn
        from yilian.referral.workflow import REFERRING_ROLES

        patient = await self._named_patient(story.patient)
        home, target = self._home(patient), self.orgs[story.target]
        dept = await self._department(target, story.department)
        doctor = await self._actor(home, {Role.grassroots_doctor})
        loop = story.loop
        at = days_back(self.clock, loop.days_ago if loop else 0)
        clock = at(0, 9) if loop else self.clock
        consent = {"by": "patient", "name": patient.name, "at": clock.now()}
        up = await referral.create(self.db, clock, self.settings, doctor, ReferralIn(
            **story.request, patient_id=patient.id, target_org_id=target.id,
            target_department_id=dept.id, consent=consent))
        if loop is None:
            return 1
        office = await self._actor(target, {Role.coordinator})
        await referral.accept(self.db, at(0, 9, 40), office, up.id, AcceptIn(
            reservation=Reservation.bed, reserved_at=at(0, 11).now(), reserved_place=loop.bed,
            note=loop.note))
        ward = await self._actor(target, {Role.nurse})
        await referral.arrive(self.db, at(0, 10, 50), ward, up.id)
        # The department's head looked after the patient (an administrator may have removed
        # the head: then the hospital's first doctor).
        specialist = await self._actor(target, set(REFERRING_ROLES), dept.head_user_id)
        await referral.treat(self.db, at(loop.stay_days, 9, 30), specialist, up.id, loop.outcome)
        clock = at(loop.stay_days, 10)
        down = await referral.create(self.db, clock, self.settings, specialist, ReferralIn(
            **loop.back, direction="down", patient_id=patient.id, target_org_id=home.id,
            up_referral_id=up.id, consent={**consent, "at": clock.now()}))
        # The village doctor takes the patient back the next morning: the follow-ups become
        # the doctor's tasks, and the loop is closed.
        await referral.accept(self.db, at(loop.stay_days + 1, 9, 30), doctor, down.id,
                              AcceptIn())
        return 2


    # ------------------------------------------------------------ the online clinic

    async def practice_years(self) -> None:
        """The hospital doctors' first day of independent practice, as real-name verification
        records it (with the same audit row): three years make a doctor eligible for online
        clinics. A date an administrator recorded since stays."""
        hospitals = {self.orgs[key].id for key in CLINIC_ORGS}
        users = await self._user_ids(s.username for s in STAFF if s.title in PRACTICE_YEARS)
        rows = (await self.db.execute(
            select(Practitioner, User.home_organisation_id)
            .join(User, User.id == Practitioner.user_id)
            .where(Practitioner.user_id.in_(users.values())))).all()
        today = self.clock.now().astimezone(SHANGHAI).date()

        async def record(prac: Practitioner) -> None:
            years = PRACTICE_YEARS[prac.title]
            prac.independent_practice_since = today.replace(year=today.year - years, day=1)
            await audit.record(self.db, self.clock, None, "practitioner.verification",
                               entity_type="user", entity_id=prac.user_id, detail={
                                   "verified": prac.verified, "via": "demo",
                                   "independent_practice_since":
                                       prac.independent_practice_since.isoformat()})

        await self._ensure("practice dates 执业年限", "practice dates",
                           [prac for prac, home in rows if home in hospitals],
                           lambda prac: prac.independent_practice_since is not None, record)
        await self.db.commit()

    async def clinic_fees(self) -> None:
        """挂号费 by title at each hospital, through the clinic service (its administrator)."""
        have = set((await self.db.execute(select(FeeTier.organisation_id).distinct())).scalars())
        tiers = FeesIn(tiers=[FeeTierIn(title=title, mode=ClinicMode(mode) if mode else None,
                                        fee_fen=fee) for title, mode, fee in FEE_TIERS])

        async def create(key: str) -> None:
            org = self.orgs[key]
            await clinic.put_fees(self.db, self.clock,
                                  await self._actor(org, {Role.org_admin}), org.id, tiers)

        await self._ensure("fee schedules 挂号费", "fee schedules", list(CLINIC_ORGS),
                           lambda key: self.orgs[key].id in have, create)

    async def clinic_profiles(self) -> None:
        """The cards patients read; a card a doctor has written since stays as written."""
        users = await self._user_ids(CLINIC_PROFILES)
        written = set((await self.db.execute(
            select(ClinicProfile.user_id).where(ClinicProfile.user_id.in_(users.values()),
                                                ClinicProfile.introduction != ""))).scalars())
        homes = {s.username: s.practice_orgs[0] for s in STAFF}

        async def create(username: str) -> None:
            specialties, introduction = CLINIC_PROFILES[username]
            org = self.orgs[homes[username]]
            await clinic.put_profile(
                self.db, self.clock, await self._actor(org, {Role.org_admin}), users[username],
                ProfileIn(specialties=list(specialties), introduction=introduction))

        await self._ensure("clinic cards 医生名片", "clinic cards", list(CLINIC_PROFILES),
                           lambda username: users[username] in written, create)

    async def clinic_sessions(self) -> None:
        """A week of online sessions from tomorrow, for each doctor who has none to come (a
        stopped one counts): a second run, or one on a later day, adds nothing while the week
        lasts, and a stopped session stays stopped."""
        now = self.clock.now()
        today = now.astimezone(SHANGHAI).date()
        users = await self._user_ids(name for name, *_ in CLINIC_SESSIONS)
        busy = set((await self.db.execute(
            select(ClinicSession.doctor_id).where(ClinicSession.doctor_id.in_(users.values()),
                                                  ClinicSession.ends_at > now))).scalars())
        wanted: list[Session] = [
            (name, org, code, ClinicMode(mode), capacity, today + timedelta(days=ahead), half)
            for name, org, code, mode, capacity, times in CLINIC_SESSIONS
            for ahead, half in times]

        async def create(item: Session) -> None:
            name, key, code, mode, capacity, day, half = item
            org = self.orgs[key]
            await clinic.create_session(
                self.db, self.clock, await self._actor(org, {Role.org_admin}), SessionIn(
                    doctor_id=users[name], organisation_id=org.id,
                    department_id=(await self._department(org, code)).id, mode=mode,
                    day=day, half_day=half, capacity=capacity))

        await self._ensure("clinic sessions 线上门诊", "clinic sessions", wanted,
                           lambda item: users[item[0]] in busy, create)

    def _today_times(self) -> tuple[datetime, datetime] | None:
        """Today's session: from the next ten-minute mark for TODAY_HOURS, until 23:59 Beijing at
        the latest; None when less than TODAY_LEAST_MINUTES of it would be left."""
        now = self.clock.now().astimezone(SHANGHAI)
        starts = now.replace(second=0, microsecond=0) + timedelta(minutes=10 - now.minute % 10)
        ends = min(starts + timedelta(hours=TODAY_HOURS),
                   datetime.combine(now.date(), clock_time(23, 59), SHANGHAI))
        if ends - starts < timedelta(minutes=TODAY_LEAST_MINUTES) or starts.date() != now.date():
            return None
        return starts, ends

    async def clinic_today(self) -> None:
        """A session today (TODAY_SESSION), once: a later run, on any day, leaves the doctor's
        sessions at that hospital alone. Said in the output when the day is too far gone."""
        name, key, code, mode = TODAY_SESSION
        [doctor] = (await self._user_ids([name])).values()
        org = self.orgs[key]
        held = await self.db.scalar(select(ClinicSession.id).where(
            ClinicSession.doctor_id == doctor, ClinicSession.organisation_id == org.id).limit(1))
        times = self._today_times()
        if held is None and times is None:
            if not self.progress.disable:
                self.progress.console.print(
                    f"今日剩余不足 {TODAY_LEAST_MINUTES} 分钟，未排今日门诊 / no online session today: "
                    f"less than {TODAY_LEAST_MINUTES} minutes of the day are left")
            return

        async def create(_: object) -> None:
            assert times is not None  # wanted only when there are
            starts, ends = times
            await clinic.create_session(
                self.db, self.clock, await self._actor(org, {Role.org_admin}), SessionIn(
                    doctor_id=doctor, organisation_id=org.id,
                    department_id=(await self._department(org, code)).id, mode=ClinicMode(mode),
                    day=starts.date(), start=starts.strftime("%H:%M"),
                    end=ends.strftime("%H:%M"),
                    capacity=(ends - starts) // timedelta(minutes=TODAY_SLOT_MINUTES),
                    slot_minutes=TODAY_SLOT_MINUTES))

        await self._ensure("sessions today 今日门诊", "sessions today", [TODAY_SESSION],
                           lambda _: held is not None, create)

    async def _today_session(self) -> uuid.UUID | None:
        """TODAY_SESSION's session, while it is today's and not over."""
        name, key, _, _ = TODAY_SESSION
        [doctor] = (await self._user_ids([name])).values()
        now = self.clock.now()
        midnight = datetime.combine(now.astimezone(SHANGHAI).date(), clock_time(0), SHANGHAI)
        return await self.db.scalar(select(ClinicSession.id).where(
            ClinicSession.doctor_id == doctor, ClinicSession.organisation_id == self.orgs[key].id,
            ClinicSession.status == SessionStatus.open, ClinicSession.starts_at >= midnight,
            ClinicSession.ends_at > now).order_by(ClinicSession.starts_at).limit(1))

    async def _visit_present(self, story: VisitStory) -> bool:
        """Once the patient has any visit with the story's doctor the story is left alone,
        whatever became of the visit."""
        from yilian.clinic.visits.models import ClinicVisit

        patient = await self._named_patient(story.patient)
        [doctor] = (await self._user_ids([story.doctor])).values()
        return await self.db.scalar(select(ClinicVisit.id).where(
            ClinicVisit.patient_id == patient.id, ClinicVisit.doctor_id == doctor).limit(1)
        ) is not None

    async def clinic_visits(self) -> None:
        """The visit stories; the one of today only while today's session is open."""
        today = await self._today_session()
        stories = [(story, await self._visit_present(story)) for story in VISIT_STORIES]
        stories = [(story, present) for story, present in stories
                   if story.when != "today" or present or today is not None]
        await self._ensure("clinic visits 线上复诊", "clinic visits", stories,
                           lambda item: item[1], lambda item: self._add_visit(item[0], today))

    async def _stepped_up(self, doctor: Actor, clock: Clock) -> Actor:
        """The doctor signed in and re-authenticated (实名), as the step-up stamps its session
        with the same audit row, for calling and starting the visit; the session is ended
        after (nobody holds its token)."""
        user = await self.db.get(User, doctor.user_id)
        assert user is not None
        session, _, _ = await create_session(
            self.db, clock, self.settings, user, grant_id=doctor.grant_id,
            stage=SessionStage.active, ip=None, user_agent="yilian demo")
        session.stepped_up_at = clock.now()
        await audit.record(self.db, clock, doctor, "auth.step_up", entity_type="user",
                           entity_id=user.id, detail={"session": str(session.id),
                                                      "factors": ["password"], "via": "demo"})
        await self.db.commit()
        return replace(doctor, session_id=session.id)

    async def _add_visit(self, story: VisitStory, today: uuid.UUID | None) -> None:
        """Through the visit service, as the village doctor books and pays with the patient
        present and the doctor sees them; a past one with each step's clock on that day."""
        # Imported here, not by every command of the CLI: the service brings PDF and messaging.
        from yilian.clinic.visits import service as visits
        from yilian.clinic.visits.schemas import OutpatientRecordIn, ProofIn, VisitIn
        from yilian.payments import service as payments

        patient = await self._named_patient(story.patient)
        org = self.orgs[story.org]
        dept = await self._department(org, story.department)
        [doctor_id] = (await self._user_ids([story.doctor])).values()
        village = await self._actor(self._home(patient), {Role.grassroots_doctor})
        problem = (await self.db.execute(select(Problem.id).where(
            Problem.patient_id == patient.id, Problem.icd10 == story.icd10,
            Problem.status == RecordStatus.active).limit(1))).scalar_one()
        # The demo's orders are paid through the demo channel, which moves no money.
        settings = self.settings.model_copy(update={"demo_payments": True})
        at = days_back(self.clock, 1)
        # Yesterday's visits are seen one after the other, an hour each, from 14:00.
        hour = 14 + [s for s in VISIT_STORIES if s.when == "yesterday"].index(story) \
            if story.when == "yesterday" else 14
        if story.when == "yesterday":
            made = await clinic.create_session(
                self.db, at(0, 8), await self._actor(org, {Role.org_admin}), SessionIn(
                    doctor_id=doctor_id, organisation_id=org.id, department_id=dept.id,
                    mode=ClinicMode.video, day=at(0, 0).now().astimezone(SHANGHAI).date(),
                    start=f"{hour}:00", end=f"{hour + 1}:00", capacity=6))
            session_id = made.id
        elif story.when == "today":
            assert today is not None  # the story is wanted only then
            session_id = today
        else:
            session_id = (await self.db.execute(select(ClinicSession.id).where(
                ClinicSession.doctor_id == doctor_id, ClinicSession.organisation_id == org.id,
                ClinicSession.status == SessionStatus.open,
                ClinicSession.starts_at > self.clock.now())
                .order_by(ClinicSession.starts_at).limit(1))).scalar_one()
        clocks = ([at(0, 9), at(0, 9, 3), at(0, 13, 50)] if story.when == "yesterday"
                  else [self.clock] * 3)
        visit = await visits.create(self.db, clocks[0], settings, village, VisitIn(
            session_id=session_id, patient_id=patient.id, complaint=story.complaint,
            proof=ProofIn(kind="record_diagnosis", problem_id=problem)))
        await payments.demo_confirm(self.db, clocks[1], settings, village, visit.order_id)
        if story.when == "coming":
            return
        await visits.check_in(self.db, clocks[2], village, visit.id)
        if story.when == "today":
            return
        doctor = await self._stepped_up(
            await self._actor(org, DOCTOR_ROLES, doctor_id), at(0, hour))
        await visits.call_next(self.db, at(0, hour), doctor, session_id)
        await visits.start(self.db, at(0, hour, 1), doctor, visit.id)
        if story.prescription is not None:
            await self._prescribe(story, story.prescription, visit, doctor, village, settings,
                                  lambda h, m=0: at(0, hour + h, m))
        await visits.finish(self.db, at(0, hour, 12), settings, doctor, visit.id,
                            OutpatientRecordIn(**dict(story.record)))
        await revoke_sessions(self.db, at(0, hour, 12), "sign-out",
                              session_id=doctor.session_id)
        await self.db.commit()

    async def _rx_in(self, org: Organisation, visit_id: uuid.UUID, story: VisitStory,
                     lines: tuple[RxLine, ...], replaces: uuid.UUID | None = None) -> Any:
        from yilian.pharmacy.prescriptions.schemas import LineIn, PrescriptionIn

        codes = {line.code for line in lines}
        drugs = dict((await self.db.execute(select(Drug.code, Drug).where(
            Drug.organisation_id == org.id, Drug.code.in_(codes)))).all())
        record = dict(story.record)
        return PrescriptionIn(
            visit_id=visit_id, diagnosis_icd10=record["diagnosis_icd10"],
            diagnosis_text=record["diagnosis_text"],
            chronic=True, replaces_id=replaces,
            void_reason="按药师意见调整剂量" if replaces else None,
            lines=[LineIn(drug_id=drugs[line.code].id, dose=Decimal(line.dose),
                          dose_unit=drugs[line.code].strength_unit,
                          route=drugs[line.code].route or "oral", frequency=line.frequency,
                          days=line.days) for line in lines])

    async def _prescribe(self, story: VisitStory, rx: RxStory, visit: Any, doctor: Actor,
                         village: Actor, settings: Settings, at: Callable[..., FrozenClock]
                         ) -> None:
        """Through the prescription service, during the visit: signed by its doctor, reviewed
        by the hospital's pharmacist, then as far as the story goes (``RxStory``). ``at(h, m)``
        is the clock h hours and m minutes after the visit's hour began."""
        from yilian.patients import service as patients
        from yilian.payments import service as payments
        from yilian.pharmacy.prescriptions import service as prescriptions
        from yilian.pharmacy.prescriptions.schemas import (
            CheckoutIn,
            CollectIn,
            PassIn,
            ReturnIn,
        )

        org = self.orgs[story.org]
        pharmacist = await self._actor(org, {Role.pharmacist})
        replaces = None
        if rx.returned:
            first = await prescriptions.create(self.db, at(0, 4), settings, doctor,
                                               await self._rx_in(org, visit.id, story,
                                                                 rx.returned))
            await prescriptions.return_to_doctor(self.db, at(0, 6), pharmacist, first.id,
                                                 ReturnIn(codes=list(rx.codes), note=rx.note))
            replaces = first.id
        o = await prescriptions.create(self.db, at(0, 8), settings, doctor,
                                       await self._rx_in(org, visit.id, story, rx.lines,
                                                         replaces))
        await prescriptions.pass_review(self.db, at(0, 20), pharmacist, o.id, PassIn())
        patient = await patients.find_patient(self.db, o.patient_id)
        assert patient is not None
        if rx.ending == "delivered":
            choice = CheckoutIn(fulfilment="delivery", recipient=patient.name,
                                recipient_phone=patient.phone, address=patient.address)
        else:
            choice = CheckoutIn(fulfilment="pickup")
        # The village doctor acts for the patient (代问诊) and so sees the handover code.
        o = await prescriptions.checkout(self.db, at(0, 30), village, o.id, choice)
        assert o.handover_code is not None and o.order_id is not None
        await payments.demo_confirm(self.db, at(0, 31), settings, village, o.order_id)
        await prescriptions.dispense(self.db, at(1, 10), pharmacist, o.id)
        if rx.ending == "at_clinic":
            clinic = await self._actor(self._home(patient), {Role.grassroots_doctor})
            await prescriptions.arrive(self.db, at(3, 40), clinic, o.id)
            return
        await prescriptions.collect(self.db, at(2), pharmacist, o.id, CollectIn(
            carrier="中国邮政EMS", tracking_no=f"EMS{o.number[2:].replace('-', '')}"))
        await prescriptions.transit(self.db, at(2, 30), pharmacist, o.id)
        await prescriptions.deliver(self.db, at(4, 5), pharmacist, o.id, o.handover_code)

    # ------------------------------------------------------------ the pharmacy

    async def drug_catalogues(self) -> None:
        """DEMO_DRUGS at each hospital holding online clinics (where prescriptions will be
        written), through the catalogue's import as the hospital's pharmacist. A hospital with
        a catalogue keeps it as it is."""
        try:
            content = await asyncio.to_thread(DEMO_DRUGS.read_bytes)
        except FileNotFoundError:
            raise DemoError(f"the demo's drug catalogue {DEMO_DRUGS} is missing") from None
        rows, _ = importer.survey(content, "csv")
        have = set((await self.db.execute(select(Drug.organisation_id).distinct())).scalars())

        async def create(key: str) -> int:
            org = self.orgs[key]
            applied = await catalogue.import_content(
                self.db, self.clock, await self._actor(org, {Role.pharmacist}), org.id, content,
                "text/csv")
            await self.db.commit()
            return applied.added

        await self._ensure("drugs 药品目录", "drugs", list(CLINIC_ORGS),
                           lambda key: self.orgs[key].id in have, create, rows=lambda _: rows)

    async def drug_stock(self) -> None:
        """Two batches of each drug, received 6 to 24 months before they expire, in varied
        quantities; one drug at each hospital is out of stock and one has a batch expiring
        within 30 days. A hospital with stock keeps it as it is."""
        have = set((await self.db.execute(
            select(StockBatch.organisation_id).distinct())).scalars())
        today = self.clock.now().astimezone(SHANGHAI).date()
        # Per hospital: (drug, batch number, expiry, packages), drawn from a seed of the
        # hospital and the drug.
        plans: dict[str, list[tuple[Drug, str, date, int]]] = {}
        for key in CLINIC_ORGS:
            drugs = (await self.db.execute(select(Drug).where(
                Drug.organisation_id == self.orgs[key].id, Drug.active.is_(True))
                .order_by(Drug.code))).scalars().all()
            plan = plans[key] = []
            for i, drug in enumerate(drugs):
                if i == OUT_OF_STOCK_AT:
                    continue
                rng = random.Random(f"{key}:{drug.code}")
                ahead = sorted(rng.sample(range(183, 731), 2))
                if i == EXPIRING_AT:
                    ahead[0] = EXPIRING_DAYS
                for days in ahead:
                    expires = today + timedelta(days=days)
                    made = expires.replace(year=expires.year - 2, day=1)
                    plan.append((drug, f"{made:%y%m}{rng.randrange(100, 1000)}", expires,
                                 rng.choice((6, 10, 12, 20, 24, 30, 50, 60, 100, 120, 200))))

        async def create(key: str) -> int:
            pharmacist = await self._actor(self.orgs[key], {Role.pharmacist})
            for drug, batch_no, expires, packages in plans[key]:
                await catalogue.receive_batch(
                    self.db, self.clock, pharmacist, catalogue.info_of(drug), batch_no=batch_no,
                    expires_on=expires, quantity=packages)
            await self.db.commit()
            return len(plans[key])

        await self._ensure("stock batches 药品库存", "stock batches", list(CLINIC_ORGS),
                           lambda key: self.orgs[key].id in have, create,
                           rows=lambda key: len(plans[key]))


# ---------------------------------------------------------------- the accounts to show


def _joined(values: Iterable[str]) -> str:
    return " / ".join(dict.fromkeys(values))


def _listing_order() -> list[str]:
    """Staff by organisation (the alliance's tree order), then the patient accounts."""
    tree = {o.key: i for i, o in enumerate(ORGANISATIONS)}
    staff = sorted(STAFF, key=lambda s: tree[s.grants[0][1]])
    return [s.username for s in staff] + [n.account for n in NAMED_PATIENTS if n.account]


async def demo_accounts(db: AsyncSession) -> list[DemoAccount]:
    """Every demo account as the database has it, each with what it is for in the demo."""
    order = _listing_order()
    users = {u.username: u for u in (await db.execute(
        select(User).where(User.username.in_(order))
    )).scalars()}
    duties = {s.username: s.duty for s in STAFF} | {
        n.account: n.duty for n in NAMED_PATIENTS if n.account}
    headed: dict[uuid.UUID, list[str]] = {}
    for user_id, name in (await db.execute(
        select(Department.head_user_id, Department.name)
        .where(Department.head_user_id.in_([u.id for u in users.values()]),
               Department.active.is_(True))
        .order_by(Department.code)
    )).all():
        assert user_id is not None  # in_() matches no null
        headed.setdefault(user_id, []).append(f"{name} 科主任")
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
        roles = _joined(f"{ROLE_ZH[role]} {role.value}" for role, _ in held)
        duty = "；".join([*headed.get(user.id, []), *filter(None, [duties.get(username)])])
        accounts.append(DemoAccount(
            username=username, password=DEMO_PASSWORD,
            role=f"{duty} — {roles}" if duty else roles,
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
