"""Every refusal at its edge, and the regulation each one names (yilian.pharmacy.rules)."""

from __future__ import annotations

import pytest

from tests.pharmacy.rules.helpers import (
    AMLODIPINE,
    AMOXICILLIN,
    CEFIXIME,
    INSULIN_ASPART,
    LINEZOLID,
    METFORMIN,
    context,
    drug,
    line,
    patient,
)
from yilian.pharmacy.rules import REFUSALS, Category, Control, check

ADULT = patient()


def codes(outcome) -> list[str]:
    return [r.code for r in outcome.refusals]


def refused(code: str, lines, p=ADULT, **ctx):
    """The one refusal the prescription meets, which must be ``code``."""
    outcome = check(lines, p, context(**ctx))
    assert codes(outcome) == [code], outcome.refusals
    return outcome.refusals[0]


def allowed(lines, p=ADULT, **ctx):
    outcome = check(lines, p, context(**ctx))
    assert outcome.allowed, outcome.refusals
    return outcome


def test_every_refusal_names_its_source():
    articles = {code: source.zh for code, source in REFUSALS.items()}
    assert articles == {
        "diagnosis-missing": "处方管理办法 第六条",
        "too-many-drugs": "处方管理办法 第六条",
        "validity-out-of-range": "处方管理办法 第十八条",
        "validity-note-missing": "处方管理办法 第十八条",
        "days-over-limit": "处方管理办法 第十九条",
        "chronic-days-over-limit": "长期处方管理规范（试行）",
        "long-term-days-over-limit": "长期处方管理规范（试行）",
        "long-term-not-chronic": "长期处方管理规范（试行）",
        "long-term-assessment-missing": "长期处方管理规范（试行）",
        "long-term-confirmation-missing": "长期处方管理规范（试行）",
        "long-term-drug-excluded": "长期处方管理规范（试行）",
        "controlled-drug-online": "互联网诊疗管理办法（试行） 第十九条",
        "child-under-6-unaccompanied": "互联网诊疗管理办法（试行） 第十九条",
        "special-antimicrobial-outpatient": "抗菌药物临床应用管理办法",
    }
    assert all(source.en for source in REFUSALS.values())
    assert REFUSALS["days-over-limit"].en == "Prescription Administration Measures, Article 19"


def test_a_diagnosis_is_required_prescription_measures_article_6():
    """处方管理办法 第六条: the clinical diagnosis is written on the prescription."""
    r = refused("diagnosis-missing", [line()], diagnoses=())
    assert (r.article, r.line) == ("处方管理办法 第六条", None)
    refused("diagnosis-missing", [line()], diagnoses=("  ",))


def test_five_drugs_pass_and_six_are_refused_prescription_measures_article_6():
    """处方管理办法 第六条: at most 5 drugs on a western or patent-medicine prescription."""
    five = [line(drug(f"药{i}", f"A0{i}AA01")) for i in range(1, 6)]
    allowed(five)
    r = refused("too-many-drugs", [*five, line(drug("药6", "A06AA01"))])
    assert (r.article, r.params, r.line) == ("处方管理办法 第六条", {"count": 6, "limit": 5}, None)


def test_a_drug_on_two_lines_counts_once():
    """Five kinds of drug (种) on six lines: the same drug morning and night is one drug."""
    five = [line(drug(f"药{i}", f"A0{i}AA01")) for i in range(1, 6)]
    allowed([*five, line(five[0].drug, "10", frequency="qn")])


def test_the_five_drug_rule_is_not_for_herbal_prescriptions():
    six = [line(drug(f"饮片{i}", f"V0{i}AA01")) for i in range(1, 7)]
    allowed(six, category=Category.herbal)


def test_seven_days_pass_and_eight_are_refused_prescription_measures_article_19():
    """处方管理办法 第十九条: a prescription is generally for at most 7 days."""
    allowed([line(days=7)])
    r = refused("days-over-limit", [line(), line(METFORMIN, "500", days=8)])
    assert (r.article, r.params, r.line) == ("处方管理办法 第十九条", {"days": 8, "limit": 7}, 1)


def test_chronic_28_days_pass_and_29_are_refused_long_term_norm():
    """A chronic disease declared (处方管理办法 第十九条: longer with a reason) allows 4 weeks;
    past them it is a long-term prescription (长期处方管理规范（试行）)."""
    allowed([line(days=28)], chronic=True)
    r = refused("chronic-days-over-limit", [line(days=29)], chronic=True)
    assert (r.article, r.params) == ("长期处方管理规范（试行）", {"days": 29, "limit": 28})


def test_long_term_84_days_with_assessment_and_confirmation_pass_long_term_norm():
    """长期处方管理规范（试行）: up to 12 weeks for a stable chronic patient, over 4 weeks with the
    assessment recorded and the patient's confirmation."""
    full = {"chronic": True, "long_term": True, "stable_assessment_recorded": True,
            "patient_confirmed": True}
    allowed([line(days=84), line(METFORMIN, "500", frequency="tid", days=84)], **full)
    r = refused("long-term-days-over-limit", [line(days=85)], **full)
    assert r.params == {"days": 85, "limit": 84}


def test_long_term_over_28_days_without_assessment_or_confirmation_is_refused_long_term_norm():
    """长期处方管理规范（试行）: each of the two is needed past 4 weeks; up to 4 weeks neither."""
    base = {"chronic": True, "long_term": True}
    r = refused("long-term-confirmation-missing", [line(days=84)], **base,
                stable_assessment_recorded=True)
    assert (r.article, r.params, r.line) == ("长期处方管理规范（试行）",
                                             {"days": 84, "limit": 28}, None)
    refused("long-term-assessment-missing", [line(days=84)], **base, patient_confirmed=True)
    outcome = check([line(days=84)], ADULT, context(**base))
    assert codes(outcome) == ["long-term-assessment-missing", "long-term-confirmation-missing"]
    allowed([line(days=28)], **base)


def test_a_long_term_prescription_is_for_a_chronic_disease_long_term_norm():
    refused("long-term-not-chronic", [line(days=28)], long_term=True)


@pytest.mark.parametrize("excluded, reason", [
    (AMOXICILLIN, "antimicrobial"), (INSULIN_ASPART, "cold-chain"),
    (drug("地西泮片", "N05BA01", "2.5", control=Control.psychotropic_2), "controlled")])
def test_drugs_that_may_not_be_on_a_long_term_prescription_long_term_norm(excluded, reason):
    """长期处方管理规范（试行）: no controlled drugs, antimicrobials or drugs needing special
    storage on a long-term prescription."""
    outcome = check([line(days=28), line(excluded, "1", unit=excluded.unit, days=7)], ADULT,
                    context(chronic=True, long_term=True))
    found = [r for r in outcome.refusals if r.code == "long-term-drug-excluded"]
    assert [(r.line, r.params) for r in found] == [(1, {"reason": reason})]
    allowed([line(INSULIN_ASPART, "10", days=28)], chronic=True)  # not long-term: allowed


@pytest.mark.parametrize("control", list(Control))
def test_each_controlled_class_is_refused_online_internet_measures_article_19(control):
    """互联网诊疗管理办法（试行）第十九条: no 麻醉药品、精神药品等特殊管理药品 online."""
    controlled = drug("受控药品片", "N02AA01", "10", control=control)
    r = refused("controlled-drug-online", [line(), line(controlled, "10")])
    assert (r.article, r.params, r.line) == ("互联网诊疗管理办法（试行） 第十九条",
                                             {"control": control.value}, 1)
    allowed([line(controlled, "10")], online=False)


def test_a_special_use_antimicrobial_is_refused_antimicrobial_measures():
    """抗菌药物临床应用管理办法: 特殊使用级抗菌药物不得在门诊使用 (an online visit is outpatient);
    restricted and unrestricted ones are allowed."""
    r = refused("special-antimicrobial-outpatient", [line(LINEZOLID, "600", frequency="q12h")])
    assert (r.article, r.line) == ("抗菌药物临床应用管理办法", 0)
    refused("special-antimicrobial-outpatient", [line(LINEZOLID, "600")], online=False)
    allowed([line(CEFIXIME, "100", frequency="bid", days=5)])
    allowed([line(AMOXICILLIN, "500", frequency="tid", days=7)])


def test_a_child_under_six_needs_a_guardian_and_an_accompanying_physician_internet_measures_19():
    """互联网诊疗管理办法（试行）第十九条: 为低龄儿童（6岁以下）开具互联网儿童用药处方时，应当确认
    患儿有监护人和相关专业医师陪伴."""
    lines = [line(AMOXICILLIN, "125", frequency="tid", days=5)]
    for p in (patient(5, 11), patient(5, 11, guardian=True), patient(5, 11, physician=True),
              patient(0, 3)):
        r = refused("child-under-6-unaccompanied", lines, p)
        assert (r.article, r.params) == ("互联网诊疗管理办法（试行） 第十九条",
                                         {"age_years": p.age_years, "age_months": p.age_months})
    allowed(lines, patient(5, 11, guardian=True, physician=True))
    allowed(lines, patient(6, 0))
    allowed(lines, patient(5, 11), online=False)


def test_validity_of_one_to_three_days_prescription_measures_article_18():
    """处方管理办法 第十八条: valid on the day of issue; up to 3 days with the doctor's note."""
    allowed([line()], validity_days=1)
    allowed([line()], validity_days=3, validity_note="患者行动不便，家属代取")
    r = refused("validity-note-missing", [line()], validity_days=3)
    assert (r.article, r.params) == ("处方管理办法 第十八条", {"validity_days": 3})
    refused("validity-note-missing", [line()], validity_days=2, validity_note="  ")
    r = refused("validity-out-of-range", [line()], validity_days=4, validity_note="出差")
    assert r.params == {"validity_days": 4, "limit": 3}
    refused("validity-out-of-range", [line()], validity_days=0)


def test_refusals_add_up_and_name_their_lines():
    outcome = check([line(AMLODIPINE, days=8), line(LINEZOLID, "600", frequency="bid")],
                    patient(4), context(diagnoses=(), validity_days=2))
    assert [(r.code, r.line) for r in outcome.refusals] == [
        ("diagnosis-missing", None), ("days-over-limit", 0),
        ("special-antimicrobial-outpatient", 1), ("child-under-6-unaccompanied", None),
        ("validity-note-missing", None)]
    assert outcome.quantities == (1, 2) and not outcome.allowed
