"""Writing and signing a prescription through the API (POST /pharmacy/prescriptions, and its
/check): every refusal the rules give answered 422 ``prescription-refused`` with the code and
the regulation it comes from, audited, and nothing saved; the warnings the doctor decides on
(each kept with its reason, then the pharmacist's second signature, 双签); who may write, in
which visit, after re-authenticating; the quantities in whole packages and the price; a new
version voiding the old; and the signed 处方笺 PDF."""

from __future__ import annotations

import shutil
import subprocess
import uuid
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select

from tests.clinic.visits.helpers import (
    SESSIONS,
    VISITS,
    add_problem,
    book,
    make_setting,
    on_the_day,
    pay,
    step_up,
)
from tests.documents.helpers import PDF, VERIFY
from tests.factories import add_staff, resident_id
from tests.pharmacy.catalogue.helpers import catalogue, make_drug, receive
from tests.pharmacy.prescriptions.helpers import (
    EXPIRY,
    RX,
    Rx,
    draft,
    fresh_step_up,
    line,
    make_rx,
    sign,
)
from yilian.cases.models import CaseStep
from yilian.core.audit import AuditEntry
from yilian.core.authz import Role
from yilian.core.crypto import blind_index
from yilian.documents.models import IssuedDocument
from yilian.identity.models import PatientLink, ProxyRelation
from yilian.messaging.notifications.models import Notification
from yilian.patients.models import Allergy, Patient, RecordDocument, RecordStatus, Sex
from yilian.payments.models import PaymentOrder
from yilian.pharmacy.catalogue.models import Control, StockBatch
from yilian.pharmacy.prescriptions.models import Prescription, PrescriptionLine

# The regulations as the refusals name them (pharmacy/rules/articles.py).
WRITING = "处方管理办法 第六条"
VALIDITY = "处方管理办法 第十八条"
SUPPLY = "处方管理办法 第十九条"
INTERNET = "互联网诊疗管理办法（试行） 第十九条"
ANTIMICROBIAL = "抗菌药物临床应用管理办法"
LONG_TERM = "长期处方管理规范（试行）"


# ---------------------------------------------------------------- what is saved


async def saved(app) -> dict[str, Any]:
    """Everything signing a prescription writes: its rows, the 处方笺, the record's copy, the
    timeline, the order, the notices, and the stock (which only dispensing changes)."""
    async with app.state.sessionmaker() as db:
        def count(model, *where):
            return select(func.count()).select_from(model).where(*where)

        out = {
            "prescriptions": count(Prescription),
            "lines": count(PrescriptionLine),
            "documents": count(IssuedDocument, IssuedDocument.kind == "prescription"),
            "filed": count(RecordDocument, RecordDocument.kind == "prescription"),
            "timeline": count(CaseStep, CaseStep.case_type == "prescription"),
            "orders": count(PaymentOrder, PaymentOrder.subject_type == "prescription"),
            "notices": count(Notification, Notification.template.like("prescription.%")),
        }
        found = {k: (await db.execute(v)).scalar() for k, v in out.items()}
        found["stock"] = sorted((str(b.drug_id), b.quantity) for b in (
            await db.execute(select(StockBatch))).scalars())
        return found


async def denied(app, code: str) -> list[AuditEntry]:
    """The audit trail's refusals answered with ``code``."""
    async with app.state.sessionmaker() as db:
        rows = (await db.execute(select(AuditEntry).where(AuditEntry.outcome == "denied")
                                 .order_by(AuditEntry.seq))).scalars().all()
    return [r for r in rows if r.detail.get("code") == code]


async def refused(app, client, rx: Rx, body: dict, codes: list[str], article: str) -> dict:
    """/check lists the refusals; signing is 422 ``prescription-refused`` naming each with its
    article, audited against the visit, and nothing is saved."""
    world = rx.world
    doctor = world.client_as(client, "specialist_a")
    r = await doctor.post(f"{RX}/check", json=body)
    assert r.status_code == 200, r.text
    assert r.json()["allowed"] is False
    assert sorted(x["code"] for x in r.json()["refusals"]) == sorted(codes)
    before = await saved(app)
    await fresh_step_up(client, world)
    r = await doctor.post(RX, json=body)
    assert (r.status_code, r.json()["code"]) == (422, "prescription-refused"), r.text
    refusals = r.json()["refusals"]
    assert sorted(x["code"] for x in refusals) == sorted(codes)
    assert {x["article_zh"] for x in refusals} == {article}
    assert all(x["article_en"] for x in refusals)
    after = await saved(app)
    assert after == before
    assert (after["prescriptions"], after["documents"], after["timeline"]) == (0, 0, 0)
    [entry] = await denied(app, "prescription-refused")
    assert (entry.entity_type, entry.entity_id) == ("online_visit", rx.visit["id"])
    assert (entry.actor_user_id, entry.subject_org_id) == (
        world.users["specialist_a"], world.orgs["A"].id)
    return r.json()


async def drug(rx: Rx, name: str, stock: int = 50, **over: Any) -> str:
    """One more drug of county A's catalogue, in stock, known to ``rx`` as ``name``."""
    drug_id = await make_drug(rx.world, "A", **over)
    if stock:
        await receive(rx.world, "A", drug_id, stock, expires_on=EXPIRY)
    rx.drugs[name] = str(drug_id)
    return str(drug_id)


@pytest.fixture
async def rx(app, client, world) -> Rx:
    return await make_rx(app, client, world)


# ---------------------------------------------------------------- the refusals


async def test_six_drugs_are_refused_as_处方管理办法_第六条_says(app, client, rx):
    """处方管理办法 第六条: at most 5 drugs on a western prescription."""
    for name, atc in (("atorvastatin", "C10AA05"), ("omeprazole", "A02BC01"),
                      ("levothyroxine", "H03AA01")):
        await drug(rx, name, generic_name=f"{name}片", atc=atc, strength=10,
                   max_single_dose=None, max_daily_dose=None)
    lines = [line(rx, n) for n in ("amlodipine", "nifedipine", "atorvastatin", "omeprazole",
                                   "levothyroxine")]
    lines.append(line(rx, "metformin", dose=500))
    body = await refused(app, client, rx, draft(rx, *lines), ["too-many-drugs"], WRITING)
    assert body["refusals"][0]["params"] == {"count": 6, "limit": 5}
    # One drug on two lines counts once: five drugs over six lines are not refused.
    lines[-1] = line(rx, "amlodipine", frequency="qn")
    r = await rx.world.client_as(client, "specialist_a").post(
        f"{RX}/check", json=draft(rx, *lines))
    assert r.json()["refusals"] == [], r.text


async def test_eight_days_are_refused_as_处方管理办法_第十九条_says(app, client, rx):
    """处方管理办法 第十九条: a prescription holds 7 days at most."""
    body = await refused(app, client, rx, draft(rx, line(rx, "amlodipine", days=8)),
                         ["days-over-limit"], SUPPLY)
    assert (body["refusals"][0]["line"], body["refusals"][0]["params"]) == (
        0, {"days": 8, "limit": 7})


async def test_a_chronic_disease_allows_28_days_not_29_长期处方管理规范(app, client, rx):
    """长期处方管理规范（试行）: a chronic disease declared, up to 4 weeks."""
    doctor = rx.world.client_as(client, "specialist_a")
    r = await doctor.post(f"{RX}/check", json=draft(rx, line(rx, "amlodipine", days=28),
                                                     chronic=True))
    assert r.json()["allowed"] is True and r.json()["lines"][0]["quantity"] == 4, r.text
    await refused(app, client, rx, draft(rx, line(rx, "amlodipine", days=29), chronic=True),
                  ["chronic-days-over-limit"], LONG_TERM)


async def test_a_long_term_prescription_over_12_weeks_长期处方管理规范(app, client, rx):
    """长期处方管理规范（试行）: a long-term prescription holds 12 weeks at most."""
    await refused(app, client, rx, draft(
        rx, line(rx, "amlodipine", days=85), chronic=True, long_term=True,
        stable_assessment="血压控制稳定半年，无并发症", patient_confirmed=True),
        ["long-term-days-over-limit"], LONG_TERM)


async def test_a_long_term_prescription_without_a_chronic_disease_长期处方管理规范(
        app, client, rx):
    """长期处方管理规范（试行）: a long-term prescription is for a chronic disease."""
    await refused(app, client, rx, draft(rx, line(rx, "amlodipine"), long_term=True),
                  ["long-term-not-chronic"], LONG_TERM)


async def test_over_4_weeks_without_the_stable_assessment_长期处方管理规范(app, client, rx):
    """长期处方管理规范（试行）: over 4 weeks, the doctor's assessment recorded."""
    await refused(app, client, rx, draft(
        rx, line(rx, "amlodipine", days=30), chronic=True, long_term=True,
        patient_confirmed=True), ["long-term-assessment-missing"], LONG_TERM)


async def test_over_4_weeks_without_the_patients_confirmation_长期处方管理规范(
        app, client, rx):
    """长期处方管理规范（试行）: over 4 weeks, the patient's confirmation."""
    await refused(app, client, rx, draft(
        rx, line(rx, "amlodipine", days=30), chronic=True, long_term=True,
        stable_assessment="血压控制稳定半年，无并发症"), ["long-term-confirmation-missing"],
        LONG_TERM)


@pytest.mark.parametrize("reason", ["antimicrobial", "cold-chain"])
async def test_a_drug_that_may_not_be_on_a_long_term_prescription_长期处方管理规范(
        app, client, rx, reason):
    """长期处方管理规范（试行）: no antimicrobial or cold-chain drug on a long-term one."""
    if reason == "antimicrobial":
        await drug(rx, "other", generic_name="阿莫西林胶囊", specification="0.25g×24粒",
                   atc="J01CA04", strength=250, unit="粒", package_size=24,
                   antimicrobial="unrestricted", max_single_dose=1000, max_daily_dose=4000)
        other = line(rx, "other", dose=250, frequency="tid", days=14)
    else:
        await drug(rx, "other", generic_name="门冬胰岛素注射液", specification="300IU/3ml",
                   atc="A10AB05", strength=100, strength_unit="IU", unit="ml",
                   package_size=3, cold_chain=True, max_single_dose=None, max_daily_dose=None,
                   route="sc")
        other = line(rx, "other", dose=8, dose_unit="IU", route="sc", frequency="tid",
                     days=14)
    body = await refused(app, client, rx, draft(
        rx, line(rx, "amlodipine", days=14), other, chronic=True, long_term=True),
        ["long-term-drug-excluded"], LONG_TERM)
    assert (body["refusals"][0]["line"], body["refusals"][0]["params"]) == (
        1, {"reason": reason})


@pytest.mark.parametrize("control", list(Control))
async def test_a_controlled_drug_online_互联网诊疗管理办法_第十九条(app, client, rx, control):
    """互联网诊疗管理办法（试行）第十九条: no 麻醉药品、精神药品 or other specially controlled
    drug online, of any control class."""
    await drug(rx, "controlled", generic_name="受控药品片", atc="N02AA01", strength=10,
               control=control.value, max_single_dose=None, max_daily_dose=None)
    body = await refused(app, client, rx, draft(rx, line(rx, "amlodipine"),
                                                line(rx, "controlled", dose=10)),
                         ["controlled-drug-online"], INTERNET)
    assert (body["refusals"][0]["line"], body["refusals"][0]["params"]) == (
        1, {"control": control.value})


async def test_a_special_use_antimicrobial_抗菌药物临床应用管理办法(app, client, rx):
    """抗菌药物临床应用管理办法: a 特殊使用级 antimicrobial is not for outpatients."""
    await drug(rx, "linezolid", generic_name="利奈唑胺片", specification="0.6g×10片",
               atc="J01XX08", strength=600, package_size=10, antimicrobial="special",
               max_single_dose=600, max_daily_dose=1200)
    await refused(app, client, rx, draft(rx, line(rx, "linezolid", dose=600, frequency="q12h")),
                  ["special-antimicrobial-outpatient"], ANTIMICROBIAL)


async def test_four_days_valid_处方管理办法_第十八条(app, client, rx):
    """处方管理办法 第十八条: valid 3 days at most."""
    body = await refused(app, client, rx, draft(rx, validity_days=4, validity_note="患者行动不便"),
                         ["validity-out-of-range"], VALIDITY)
    assert body["refusals"][0]["params"] == {"validity_days": 4, "limit": 3}


async def test_two_days_valid_without_a_note_处方管理办法_第十八条(app, client, rx):
    """处方管理办法 第十八条: valid over the day of issue only with the reason noted."""
    await refused(app, client, rx, draft(rx, validity_days=2), ["validity-note-missing"],
                  VALIDITY)
    o = await sign(client, rx, draft(rx, validity_days=2, validity_note="患者行动不便，需家属代取"))
    assert o["validity_days"] == 2 and o["validity_note"] == "患者行动不便，需家属代取"


async def test_a_blank_diagnosis_is_refused_by_the_schema_before_the_rules(app, client, rx):
    """处方管理办法 第六条 wants the diagnosis; the request's schema asks for it first, so the
    rules' ``diagnosis-missing`` is not reachable through the API: 422 ``validation``."""
    doctor = rx.world.client_as(client, "specialist_a")
    before = await saved(app)
    await fresh_step_up(client, rx.world)
    for body in (draft(rx, diagnosis_text="   "), {k: v for k, v in draft(rx).items()
                                                     if k != "diagnosis_text"}):
        for path in (RX, f"{RX}/check"):
            r = await doctor.post(path, json=body)
            assert (r.status_code, r.json()["code"]) == (422, "validation"), r.text
            assert r.json()["errors"][0]["field"] == "diagnosis_text"
    assert await saved(app) == before


# ---------------------------------------------------------------- a child under 6


async def add_child(app, world, born: date) -> str:
    """A child ``pd`` born ``born`` (home A1a), whose account is the world's ``parent``. (The
    world's own child pc, born 2019-05-20, is 7 on the tests' clock.)"""
    async with app.state.sessionmaker() as db:
        rid = resident_id("440111", born, 20, Sex.female)
        p = Patient(name="张小花", sex=Sex.female, birth_date=born, resident_id=rid,
                    resident_id_bidx=blind_index(rid, "patients.resident_id"),
                    home_organisation_id=world.orgs["A1a"].id)
        db.add(p)
        await db.flush()
        db.add(PatientLink(user_id=world.users["parent"], patient_id=p.id,
                           relation=ProxyRelation.parent, may_manage_consent=True,
                           created_at=world.clock.now()))
        await db.commit()
    world.patients["pd"] = p.id
    return str(p.id)


async def child_rx(app, client, world, born: date) -> Rx:
    """The child's visit with specialist_a, booked and paid by the parent, open."""
    s = await make_setting(app, client, world)
    child = await add_child(app, world, born)
    await world.sign_in_again("parent")
    visit = await book(client, s, "parent", patient_id=child,
                       proof={"kind": "record_diagnosis",
                              "problem_id": await add_problem(app, world, "pd", "J45.9", "哮喘")})
    await pay(client, world, visit, "parent")
    await on_the_day(world, "parent", "specialist_a", "pharmacist_a")
    r = await world.client_as(client, "parent").post(f"{VISITS}/{visit['id']}/check-in", json={})
    assert r.status_code == 200, r.text
    await step_up(client, world)
    doctor = world.client_as(client, "specialist_a")
    assert (await doctor.post(f"{SESSIONS}/{s.session['id']}/call-next")).status_code == 200
    r = await doctor.post(f"{VISITS}/{visit['id']}/start", json={})
    assert r.status_code == 200, r.text
    made = Rx(s, r.json(), {})
    await drug(made, "montelukast", generic_name="孟鲁司特钠咀嚼片", specification="4mg×5片",
               atc="R03DC03", strength=4, package_size=5, max_single_dose=4, max_daily_dose=4)
    return made


async def test_a_child_under_6_without_guardian_and_physician_互联网诊疗管理办法_第十九条(
        app, client, world):
    """互联网诊疗管理办法（试行）第十九条: for a child under 6, the guardian present and a
    physician of the relevant specialty accompanying them, both recorded."""
    # 5 years 11 months on the visit's day (2026-11-25).
    rx = await child_rx(app, client, world, date(2020, 11, 26))
    body = draft(rx, line(rx, "montelukast", dose=4, frequency="qn"), diagnosis_icd10="J45.9",
                 diagnosis_text="支气管哮喘")
    refusal = await refused(app, client, rx, body, ["child-under-6-unaccompanied"], INTERNET)
    assert refusal["refusals"][0]["params"] == {"age_years": 5, "age_months": 11}
    # The guardian alone is not enough.
    r = await world.client_as(client, "specialist_a").post(
        f"{RX}/check", json={**body, "guardian_name": "张建华"})
    assert [x["code"] for x in r.json()["refusals"]] == ["child-under-6-unaccompanied"]
    o = await sign(client, rx, {**body, "guardian_name": "张建华",
                                "accompanying_physician": "李医生（儿科）"})
    assert (o["guardian_name"], o["accompanying_physician"]) == ("张建华", "李医生（儿科）")


async def test_a_child_of_6_needs_no_one_recorded(app, client, world):
    """互联网诊疗管理办法（试行）第十九条 is for children under 6: one 6 today is not."""
    rx = await child_rx(app, client, world, date(2020, 11, 25))
    o = await sign(client, rx, draft(rx, line(rx, "montelukast", dose=4, frequency="qn"),
                                     diagnosis_icd10="J45.9", diagnosis_text="支气管哮喘"))
    assert o["state"] == "in_review" and o["guardian_name"] is None


# ---------------------------------------------------------------- warnings


async def add_allergy(app, world, substance: str) -> None:
    async with app.state.sessionmaker() as db:
        db.add(Allergy(patient_id=world.patients["pa"], organisation_id=world.orgs["A1a"].id,
                       recorded_by=world.users["village_doctor"], recorded_at=world.clock.now(),
                       substance=substance, reaction="皮疹", severity="moderate",
                       status=RecordStatus.active))
        await db.commit()


async def test_warnings_are_decided_by_the_doctor_and_countersigned_by_the_pharmacist(
        app, client, world, rx):
    await add_allergy(app, world, "氨氯地平")
    await drug(rx, "warfarin", generic_name="华法林钠片", specification="2.5mg×60片",
               atc="B01AA03", strength=2.5, package_size=60, max_single_dose=10,
               max_daily_dose=10)
    await drug(rx, "ibuprofen", generic_name="布洛芬缓释胶囊", specification="0.3g×20粒",
               atc="M01AE01", strength=300, unit="粒", package_size=20, max_single_dose=600,
               max_daily_dose=2400)
    body = draft(rx, line(rx, "amlodipine"), line(rx, "nifedipine", dose=30),
                 line(rx, "warfarin", dose=2.5), line(rx, "ibuprofen", dose=300, frequency="bid"),
                 line(rx, "metformin", dose=1500))
    doctor, pharmacist = (world.client_as(client, n) for n in ("specialist_a", "pharmacist_a"))
    r = await doctor.post(f"{RX}/check", json=body)
    assert r.status_code == 200, r.text
    check = r.json()
    assert check["allowed"] is True and check["refusals"] == []
    found = [(w["code"], w["line"]) for w in check["warnings"]]
    assert found == [("allergy", 0), ("duplicate-therapy", 1), ("interaction", 3),
                     ("dose-over-single-max", 4)]
    assert check["undecided"] == 4
    params = {w["code"]: w["params"] for w in check["warnings"]}
    assert params["allergy"] == {"allergy": "氨氯地平"}
    assert params["duplicate-therapy"]["with_line"] == 0
    assert (params["interaction"]["severity"], params["interaction"]["with_line"]) == ("major", 2)
    assert Decimal(params["dose-over-single-max"]["max"]) == 1000

    # Without a decision on each: refused, audited, nothing saved.
    before = await saved(app)
    reasons = {"allergy": "既往皮疹轻微，患者知情同意", "duplicate-therapy": "联合降压，血压仍高",
               "interaction": "短期使用，监测INR", "dose-over-single-max": "内分泌科会诊建议"}
    decisions = [{"code": c, "line": n, "reason": reasons[c]} for c, n in found]
    await fresh_step_up(client, world)
    for given in ([], decisions[:3]):
        r = await doctor.post(RX, json={**body, "decisions": given})
        assert (r.status_code, r.json()["code"]) == (422, "warnings-undecided"), r.text
        assert len(r.json()["warnings"]) == 4 - len(given)
    assert r.json()["warnings"][0]["code"] == "dose-over-single-max"
    assert await saved(app) == before
    assert len(await denied(app, "warnings-undecided")) == 2
    r = await doctor.post(f"{RX}/check", json={**body, "decisions": decisions[:3]})
    assert r.json()["undecided"] == 1

    o = await sign(client, rx, {**body, "decisions": decisions})
    assert o["countersign_required"] is True
    assert [(w["code"], w["line"], w["reason"]) for w in o["overrides"]] == [
        (c, n, reasons[c]) for c, n in found]
    steps = [s["action"] for s in o["timeline"]]
    assert steps[0] == "sign"

    r = await pharmacist.post(f"{RX}/{o['id']}/pass", json={})
    assert (r.status_code, r.json()["code"]) == (422, "countersign-required"), r.text
    assert (await pharmacist.get(f"{RX}/{o['id']}")).json()["state"] == "in_review"
    r = await pharmacist.post(f"{RX}/{o['id']}/pass",
                              json={"countersign_note": "已与医师沟通，同意使用"})
    assert r.status_code == 200, r.text
    assert (r.json()["state"], r.json()["countersign_note"]) == ("approved", "已与医师沟通，同意使用")
    assert [s["action"] for s in r.json()["timeline"]].count("pass") == 1


async def test_a_prescription_without_warnings_needs_no_countersignature(client, world, rx):
    o = await sign(client, rx)
    assert (o["countersign_required"], o["overrides"]) == (False, [])
    r = await world.client_as(client, "pharmacist_a").post(f"{RX}/{o['id']}/pass", json={})
    assert r.status_code == 200 and r.json()["state"] == "approved", r.text


async def test_a_decision_on_no_warning_is_refused(app, client, world, rx):
    doctor = world.client_as(client, "specialist_a")
    before = await saved(app)
    await fresh_step_up(client, world)
    for decision in ({"code": "allergy", "line": 0, "reason": "患者否认过敏"},
                     {"code": "made-up", "line": 3, "reason": "随便写的理由"}):
        body = draft(rx, decisions=[decision])
        for path in (RX, f"{RX}/check"):
            r = await doctor.post(path, json=body)
            assert (r.status_code, r.json()["code"]) == (422, "validation"), r.text
            assert r.json()["errors"][0]["field"] == "decisions"
    assert await saved(app) == before


# ---------------------------------------------------------------- the drugs


async def test_a_drug_of_another_catalogue_or_off_the_list_is_unavailable(app, client, world,
                                                                         rx):
    await add_staff(world, "pharmacist_b", Role.pharmacist, "B")
    elsewhere = await make_drug(world, "B", generic_name="苯磺酸氨氯地平片", atc="C08CA01",
                                strength=5)
    doctor = world.client_as(client, "specialist_a")
    before = await saved(app)
    await fresh_step_up(client, world)
    body = draft(rx, line(rx, "amlodipine"), {**line(rx, "amlodipine"),
                                               "drug_id": str(elsewhere)})
    for path in (RX, f"{RX}/check"):
        r = await doctor.post(path, json=body)
        assert (r.status_code, r.json()["code"]) == (422, "drug-unavailable"), r.text
        assert [e["field"] for e in r.json()["errors"]] == ["lines.1.drug_id"]
        r = await doctor.post(path, json=draft(rx, line(rx, "amlodipine", drug_id=str(
            uuid.uuid4()))))
        assert (r.status_code, r.json()["code"]) == (422, "drug-unavailable"), r.text

    r = await world.client_as(client, "pharmacist_a").post(
        f"{catalogue(world.orgs['A'].id)}/{rx.drugs['metformin']}/deactivate",
        json={"reason": "停止采购"})
    assert r.status_code == 200, r.text
    body = draft(rx, line(rx, "amlodipine"), line(rx, "metformin", dose=500))
    for path in (RX, f"{RX}/check"):
        r = await doctor.post(path, json=body)
        assert (r.status_code, r.json()["code"]) == (422, "drug-unavailable"), r.text
        assert r.json()["errors"] == [{"field": "lines.1.drug_id",
                                       "message": "taken off the list"}]
    assert await saved(app) == before


# ---------------------------------------------------------------- who, when


async def test_a_visit_not_open_takes_no_prescription(app, client, world, rx):
    """Only while the visit is on (就诊中): not once it is finished, nor while only booked."""
    doctor = world.client_as(client, "specialist_a")
    await world.sign_in_again("patient_pb")
    booked = await book(client, rx.setting, "patient_pb", patient_id=str(world.patients["pb"]),
                        proof={"kind": "record_diagnosis",
                               "problem_id": await add_problem(app, world, "pb")})
    await pay(client, world, booked, "patient_pb")
    r = await doctor.post(f"{VISITS}/{rx.visit['id']}/finish", json={
        "chief_complaint": "头晕两天", "history": "高血压10年", "examination": "血压150/95mmHg",
        "diagnosis_icd10": "I10", "diagnosis_text": "原发性高血压", "advice": "继续服药"})
    assert r.status_code == 200, r.text
    before = await saved(app)
    await fresh_step_up(client, world)
    for visit in (rx.visit["id"], booked["id"]):
        for path in (RX, f"{RX}/check"):
            r = await doctor.post(path, json=draft(rx, visit_id=visit))
            assert (r.status_code, r.json()["code"]) == (409, "visit-not-open"), r.text
    assert await saved(app) == before


async def test_only_the_visits_own_doctor_prescribes(app, client, world):
    """Another doctor is refused (403, audited): one the visit is not shared with learns
    nothing of it (``forbidden``); the village doctor who booked it with the patient (代问诊)
    reads it but does not prescribe in it (``not-your-visit``)."""
    s = await make_setting(app, client, world)
    visit = await book(client, s, "village_doctor")
    await pay(client, world, visit, "village_doctor")
    await on_the_day(world, "village_doctor", "specialist_a", "specialist_b", "pharmacist_a")
    village, doctor = (world.client_as(client, n) for n in ("village_doctor", "specialist_a"))
    assert (await village.post(f"{VISITS}/{visit['id']}/check-in", json={})).status_code == 200
    await step_up(client, world)
    assert (await doctor.post(f"{SESSIONS}/{s.session['id']}/call-next")).status_code == 200
    r = await doctor.post(f"{VISITS}/{visit['id']}/start", json={})
    assert r.status_code == 200, r.text
    rx = Rx(s, r.json(), {})
    await drug(rx, "amlodipine", atc="C08CA01", generic_name="苯磺酸氨氯地平片", strength=5)
    await add_staff(world, "specialist_a2", Role.specialist, "A")
    before = await saved(app)
    for name, code in (("specialist_a2", "forbidden"), ("specialist_b", "forbidden"),
                       ("village_doctor", "not-your-visit")):
        other = world.client_as(client, name)
        for path in (RX, f"{RX}/check"):
            r = await other.post(path, json=draft(rx))
            assert (r.status_code, r.json()["code"]) == (403, code), (name, r.text)
    assert await saved(app) == before
    refusals = [e for e in await denied(app, "forbidden") if e.entity_id == visit["id"]]
    assert [e.actor_user_id for e in refusals] == [world.users["specialist_a2"]] * 2 + [
        world.users["specialist_b"]] * 2
    assert [e.actor_user_id for e in await denied(app, "not-your-visit")] == [
        world.users["village_doctor"]] * 2
    await sign(client, rx)


async def test_signing_wants_a_recent_re_authentication(app, client, world, rx):
    doctor = world.client_as(client, "specialist_a")
    world.clock.advance(minutes=16)
    before = await saved(app)
    r = await doctor.post(RX, json=draft(rx))
    assert (r.status_code, r.json()["code"]) == (403, "step-up-required"), r.text
    assert await saved(app) == before
    [entry] = await denied(app, "step-up-required")
    assert (entry.entity_type, entry.entity_id) == ("online_visit", rx.visit["id"])
    # The check saves nothing and asks for none.
    assert (await doctor.post(f"{RX}/check", json=draft(rx))).status_code == 200
    await sign(client, rx)


async def test_quantities_round_up_to_whole_packages_and_are_priced(client, world, rx):
    doctor = world.client_as(client, "specialist_a")
    await drug(rx, "paracetamol", stock=2, generic_name="对乙酰氨基酚片",
               specification="0.5g×10片", atc="N02BE01", strength=500, package_size=10,
               price_fen=450, max_single_dose=1000, max_daily_dose=4000)
    body = draft(
        rx,
        # 2.5 mg twice a day for 7 days: 35 mg, exactly one box of 7 × 5 mg.
        line(rx, "amlodipine", dose=2.5, frequency="bid"),
        # 750 mg twice a day for 7 days: 10.5 g of 10 g a box: 2 boxes.
        line(rx, "metformin", dose=750, frequency="bid"),
        # 1 片, when needed up to 3 times a day, 5 days: 15 tablets of 10 a box: 2 boxes.
        line(rx, "paracetamol", dose=1, dose_unit="片", frequency="prn", days=5,
             prn_max_per_day=3))
    quote = (await doctor.post(f"{RX}/check", json=body)).json()
    assert quote["warnings"] == [], quote
    assert [(q["quantity"], q["unit_fen"], q["amount_fen"]) for q in quote["lines"]] == [
        (1, 1450, 1450), (2, 620, 1240), (2, 450, 900)]
    assert quote["drugs_fen"] == 1450 + 1240 + 900
    assert [q["in_stock"] for q in quote["lines"]] == [50, 50, 2]
    o = await sign(client, rx, body)
    assert [(x["quantity"], x["unit_fen"], x["amount_fen"]) for x in o["lines"]] == [
        (1, 1450, 1450), (2, 620, 1240), (2, 450, 900)]
    assert o["drugs_fen"] == 3590
    # st is one dose whatever the days; qod over 7 days is 4 doses.
    body = draft(rx, line(rx, "amlodipine", dose=10, frequency="st", days=3),
                 line(rx, "metformin", dose=5000, frequency="qod"))
    quote = (await doctor.post(f"{RX}/check", json=body)).json()
    assert [q["quantity"] for q in quote["lines"]] == [1, 2]


# ---------------------------------------------------------------- versions


async def test_a_returned_prescription_is_reissued_as_version_2(app, client, world, rx):
    doctor, pharmacist = (world.client_as(client, n) for n in ("specialist_a", "pharmacist_a"))
    first = await sign(client, rx)
    r = await pharmacist.post(f"{RX}/{first['id']}/return",
                              json={"codes": ["dose"], "note": "剂量偏低，请调整"})
    assert r.status_code == 200 and r.json()["state"] == "returned", r.text

    await fresh_step_up(client, world)
    r = await doctor.post(RX, json=draft(rx, line(rx, "amlodipine", dose=10),
                                         replaces_id=first["id"]))
    assert (r.status_code, r.json()["code"]) == (422, "validation"), r.text
    assert r.json()["errors"][0]["field"] == "void_reason"
    assert (await doctor.get(f"{RX}/{first['id']}")).json()["state"] == "returned"

    second = await sign(client, rx, draft(rx, line(rx, "amlodipine", dose=10),
                                          replaces_id=first["id"], void_reason="按药师意见调整剂量"))
    assert (second["version"], second["replaces_id"], second["state"]) == (
        2, first["id"], "in_review")
    assert second["document_id"] not in (None, first["document_id"])
    old = (await doctor.get(f"{RX}/{first['id']}")).json()
    assert (old["state"], old["replaced_by_id"], old["close_reason"]) == (
        "voided", second["id"], "按药师意见调整剂量")
    assert old["closed_at"] is not None
    assert [s["action"] for s in old["timeline"]] == ["sign", "return", "void"]
    assert [s["action"] for s in second["timeline"]] == ["sign"]

    # A signed prescription is never edited: a change is a new version.
    for method in ("PATCH", "PUT"):
        r = await doctor.request(method, f"{RX}/{second['id']}", json={"lines": []})
        assert r.status_code == 405, r.text
    # The old one is void already: neither voided again nor replaced again.
    r = await doctor.post(f"{RX}/{first['id']}/void", json={"reason": "再次作废"})
    assert (r.status_code, r.json()["code"]) == (409, "wrong-state"), r.text
    await fresh_step_up(client, world)
    r = await doctor.post(RX, json=draft(rx, replaces_id=first["id"], void_reason="再次替换"))
    assert (r.status_code, r.json()["code"]) == (409, "wrong-state"), r.text
    async with app.state.sessionmaker() as db:
        assert (await db.execute(select(func.count()).select_from(Prescription))).scalar() == 2


async def test_the_new_versions_timeline_says_which_version_it_is(client, world, rx):
    """The new version's signing step says 第2版 (the code ``prescription_version`` the web
    words), beside the 处方笺's number."""
    first = await sign(client, rx)
    second = await sign(client, rx, draft(rx, replaces_id=first["id"], void_reason="调整用法"))
    [step] = second["timeline"]
    slip = (await world.client_as(client, "specialist_a").get(
        f"/api/v1/documents/{second['document_id']}")).json()
    assert (step["note_code"], step["note_params"]) == (
        "prescription_version", {"version": "2", "number": slip["number"]})


async def test_the_doctor_voids_once(client, world, rx):
    doctor = world.client_as(client, "specialist_a")
    o = await sign(client, rx)
    r = await doctor.post(f"{RX}/{o['id']}/void", json={"reason": "患者要求暂缓用药"})
    assert r.status_code == 200 and r.json()["state"] == "voided", r.text
    assert r.json()["close_reason"] == "患者要求暂缓用药"
    r = await doctor.post(f"{RX}/{o['id']}/void", json={"reason": "患者要求暂缓用药"})
    assert (r.status_code, r.json()["code"]) == (409, "wrong-state"), r.text
    steps = (await doctor.get(f"{RX}/{o['id']}")).json()["timeline"]
    assert [s["action"] for s in steps] == ["sign", "void"]


# ---------------------------------------------------------------- the 处方笺


def pdf_text(pdf: bytes, tmp_path) -> str:
    """The PDF's text as poppler reads it (its CID fonts need poppler-data's CJK maps)."""
    if not shutil.which("pdftotext"):
        pytest.skip("the PDFs' text needs pdftotext (poppler-utils, poppler-data)")
    path = tmp_path / "rx.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert text.strip(), "pdftotext read no text: apt-get install poppler-data"
    return text


async def test_the_signed_处方笺_reads_and_verifies(client, world, rx, tmp_path):
    o = await sign(client, rx, draft(rx, line(rx, "amlodipine"),
                                     line(rx, "metformin", dose=500, frequency="bid")))
    for who in ("specialist_a", "patient_pa", "pharmacist_a"):
        r = await world.client_as(client, who).get(f"/api/v1/documents/{o['document_id']}/pdf")
        assert r.status_code == 200, (who, r.text)
        assert r.headers["content-type"] == "application/pdf"
    text = pdf_text(r.content, tmp_path)
    flat = "".join(text.split())
    for wanted in ("处方笺", "张秀英", "苯磺酸氨氯地平片", "盐酸二甲双胍片", "Rp", "specialist_a",
                   "甲县人民医院", "原发性高血压", o["visit_number"]):
        assert wanted in flat, (wanted, text)
    r = await client.post(VERIFY, content=r.content, headers=PDF)
    assert r.status_code == 200, r.text
    assert (r.json()["authentic"], r.json()["kind"], r.json()["issuer"]) == (
        True, "prescription", "甲县人民医院")
    meta = (await world.client_as(client, "patient_pa").get(
        f"/api/v1/documents/{o['document_id']}")).json()
    assert r.json()["number"] == meta["number"] and meta["number"].startswith("CFJ")
