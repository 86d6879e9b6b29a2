"""The demo builder: the whole alliance, every staff role, valid patients, and only once."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import func, select
from stdnum.cn import ric

from tests.demo.helpers import Db, sign_in
from yilian.alliance.models import (
    Agreement,
    AgreementService,
    CentreKind,
    CentreMember,
    Department,
    DiagnosisCentre,
    Organisation,
    OrgLevel,
)
from yilian.core import audit
from yilian.core.authz import STAFF_ROLES
from yilian.demo import DEMO_PASSWORD, build_demo
from yilian.identity.models import (
    PatientLink,
    PracticeRegistration,
    Practitioner,
    ProxyRelation,
    RoleGrant,
    User,
    UserKind,
)
from yilian.patients.models import Patient, Problem, Sex
from yilian.patients.service import age_on


async def test_the_full_demo_has_everything_and_a_second_run_adds_nothing(settings, clock):
    report = await build_demo(settings, clock=clock)
    assert not report.already_present
    db = Db(settings)

    levels = Counter(level for (level,) in await db.rows(select(Organisation.level)))
    assert levels == {OrgLevel.province: 1, OrgLevel.county: 2, OrgLevel.town: 4,
                      OrgLevel.village: 8}
    orgs = {o.id: o for (o,) in await db.rows(select(Organisation))}
    assert len({o.division_code[:2] for o in orgs.values()}) == 1

    depts = Counter(orgs[d.organisation_id].level
                    for (d,) in await db.rows(select(Department)))
    assert depts[OrgLevel.province] >= 30 and depts[OrgLevel.county] >= 10
    assert depts[OrgLevel.town] == 4 * 4 and depts[OrgLevel.village] == 8
    town_depts = {name for (name,) in await db.rows(
        select(Department.name).join(Organisation, Organisation.id == Department.organisation_id)
        .where(Organisation.level == OrgLevel.town))}
    assert town_depts == {"全科医疗科", "中医科", "预防保健科", "医学检验科"}

    centres = [c for (c,) in await db.rows(select(DiagnosisCentre))]
    assert len(centres) == 4
    for county in (o for o in orgs.values() if o.level == OrgLevel.county):
        hosted = [c for c in centres if c.host_organisation_id == county.id]
        assert {c.kind for c in hosted} == {CentreKind.ecg, CentreKind.imaging}
        below = {o.id for o in orgs.values() if o.path.startswith(county.path) and o != county}
        for centre in hosted:
            members = {m for (m,) in await db.rows(
                select(CentreMember.organisation_id).where(CentreMember.centre_id == centre.id))}
            assert members == below and len(members) == 6

    # Each level with the next for everything; a village also with its county for everything
    # and with the province for consultation.
    agreements = [a for (a,) in await db.rows(select(Agreement))]
    assert len(agreements) == 14 + 8 + 8
    every = {s.value for s in AgreementService}
    for a in agreements:
        upper, lower = sorted((orgs[a.organisation_a_id], orgs[a.organisation_b_id]),
                              key=lambda o: len(o.path))
        if lower.parent_id == upper.id or (upper.level == OrgLevel.county
                                           and lower.path.startswith(upper.path)):
            assert set(a.services) == every
        else:
            assert (upper.level, lower.level) == (OrgLevel.province, OrgLevel.village)
            assert a.services == ["consultation"]

    practitioners = [p for (p,) in await db.rows(select(Practitioner))]
    assert len(practitioners) >= 40
    assert any(not p.verified for p in practitioners)
    assert sum(p.verified for p in practitioners) >= 40
    licences = [p.licence_no for p in practitioners if p.licence_no]
    assert len(licences) == len(set(licences)) >= 40
    grants = [g for (g,) in await db.rows(select(RoleGrant))]
    assert {g.role for g in grants} == STAFF_ROLES
    orgs_per_role = Counter((g.user_id, g.role) for g in grants)
    assert any(n >= 2 for n in orgs_per_role.values())  # one specialist, two hospitals
    registrations = Counter(r.user_id for (r,) in await db.rows(select(PracticeRegistration)))
    assert sum(n >= 2 for n in registrations.values()) >= 2  # 多点执业

    patients = [p for (p,) in await db.rows(select(Patient))]
    assert len(patients) >= 500
    assert len({p.resident_id for p in patients}) == len(patients)
    for p in patients:
        ric.validate(p.resident_id)
        assert ric.get_birth_date(p.resident_id) == p.birth_date
        assert (int(p.resident_id[16]) % 2 == 1) == (p.sex == Sex.male)
        assert p.phone and p.address.startswith("湖南省")
        assert orgs[p.home_organisation_id].level in (OrgLevel.village, OrgLevel.town)
    codes = Counter(code for (code,) in await db.rows(select(Problem.icd10)))
    assert codes["I10"] > 50 and codes["E11.9"] > 15

    links = {(u.username, link.relation): link.patient_id for u, link in await db.rows(
        select(User, PatientLink).join(PatientLink, PatientLink.user_id == User.id))}
    assert ("patient_demo", ProxyRelation.self_) in links
    child = next(p for p in patients if p.id == links[("parent_demo", ProxyRelation.parent)])
    assert age_on(child.birth_date, clock.now().date()) < 6

    accounts = {a.username: a for a in report.accounts}
    assert {"admin", "auditor", "prov_cardio", "countyA_doctor", "townA1_doctor",
            "villageA1a_doctor", "countyA_admin", "patient_demo", "parent_demo"} <= set(accounts)
    assert all(a.password == DEMO_PASSWORD for a in accounts.values())
    staff = [u for (u,) in await db.rows(select(User).where(User.kind == UserKind.staff))]
    assert len({u.password_hash for u in staff}) == 1  # hashed once for all

    chain = await db.run(audit.verify)
    assert chain.ok and chain.rows >= len(patients) + len(staff)

    before = await db.table_counts()
    again = await build_demo(settings, clock=clock)
    assert again.already_present and again.added == {}
    assert await db.table_counts() == before
    assert [a.username for a in again.accounts] == [a.username for a in report.accounts]


async def test_a_bigger_demo_adds_only_the_missing_patients(settings, clock):
    await build_demo(settings, size=10, clock=clock)
    report = await build_demo(settings, size=30, clock=clock)
    assert set(report.added) <= {"patients", "record entries"}
    assert report.added["patients"] == 20
    count = await Db(settings).rows(select(func.count()).select_from(Patient))
    # And the named patients: the three of the demo accounts and the two of the referrals.
    assert count[0][0] == 30 + 3 + 2


async def test_demo_accounts_sign_in(settings, clock, client):
    await build_demo(settings, size=0, clock=clock)
    cardio = (await sign_in(client, "prov_cardio")).me
    assert len({g["organisation_id"] for g in cardio["grants"]}) == 2
    assert cardio["practitioner"]["verified"]
    assert not (await sign_in(client, "countyA_resident")).me["practitioner"]["verified"]
    assert (await sign_in(client, "patient_demo")).me["patient"]["name"] == "王秀兰"
    parent = (await sign_in(client, "parent_demo")).me
    assert [p["name"] for p in parent["proxied_patients"]] == ["李子轩"]
