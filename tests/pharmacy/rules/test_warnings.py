"""Warnings (assist only: the doctor decides): allergy, duplicate therapy, interactions from the
shipped table, a dose over the drug's maximum. None of them refuses a prescription."""

from __future__ import annotations

from tests.pharmacy.rules.helpers import (
    AMLODIPINE,
    AMOXICILLIN,
    ASPIRIN,
    ATORVASTATIN,
    CEFIXIME,
    CLARITHROMYCIN,
    CLOPIDOGREL,
    ENALAPRIL,
    IBUPROFEN,
    IRBESARTAN,
    METFORMIN,
    NIFEDIPINE_CR,
    SIMVASTATIN,
    SPIRONOLACTONE,
    context,
    drug,
    line,
    patient,
)
from yilian.pharmacy.rules import check
from yilian.pharmacy.rules.tables import (
    ATC_PREFIX,
    INTERACTIONS,
    SEVERITIES,
    allergy_key,
    interactions_between,
)


def warnings(lines, p=None, **ctx):
    outcome = check(lines, p or patient(), context(**ctx))
    assert outcome.allowed, outcome.refusals
    return [(w.code, w.line, w.params) for w in outcome.warnings]


def of(code, found):
    return [(line, params) for c, line, params in found if c == code]


def test_an_allergy_matches_the_substance_its_class_or_an_atc_code():
    p = patient(allergies=("青霉素类", "阿司匹林过敏", "磺胺"))
    found = warnings([line(AMOXICILLIN, "500", frequency="tid"), line(ASPIRIN, "100"),
                      line(CEFIXIME, "100", frequency="bid")], p)
    # 阿莫西林 is a penicillin (J01C); 头孢克肟 is not (cross-reaction is for the doctor).
    assert of("allergy", found) == [(0, {"allergy": "青霉素类"}), (1, {"allergy": "阿司匹林过敏"})]
    assert of("allergy", warnings([line(AMOXICILLIN, "500")], patient(allergies=("阿莫西林",))))
    assert of("allergy", warnings([line(AMOXICILLIN, "500")],
                                  patient(allergies=("Penicillin allergy",))))
    assert of("allergy", warnings([line(AMOXICILLIN, "500")], patient(allergies=("J01CA",))))
    assert of("allergy", warnings([line(CEFIXIME, "100")], patient(allergies=("头孢",))))
    # Nothing for an unrelated allergy or a one-character one.
    assert not of("allergy", warnings([line(AMOXICILLIN, "500")],
                                      patient(allergies=("花粉", "尘螨", "片", "J"))))


def test_allergy_key_takes_off_what_records_add():
    assert allergy_key(" 青霉素类药物过敏 ") == "青霉素"
    assert allergy_key("头孢类抗生素") == "头孢"
    assert allergy_key("Sulfa allergy") == "sulfa"


def test_duplicate_therapy_between_lines_in_one_atc_level_4_group():
    """Two dihydropyridines (C08CA) on one prescription; an ARB beside them is another group."""
    found = warnings([line(AMLODIPINE), line(IRBESARTAN, "150"), line(NIFEDIPINE_CR, "30")])
    assert of("duplicate-therapy", found) == [
        (2, {"atc_group": "C08CA", "with_line": 0, "with": "苯磺酸氨氯地平片"})]


def test_duplicate_therapy_with_a_current_medication():
    p = patient(current=(("苯磺酸氨氯地平片", "C08CA01"), ("格列美脲片", "A10BB12")))
    found = warnings([line(NIFEDIPINE_CR, "30"), line(METFORMIN, "500", frequency="bid")], p)
    assert of("duplicate-therapy", found) == [
        (0, {"atc_group": "C08CA", "with_current": "苯磺酸氨氯地平片"})]


def test_renewing_a_current_medication_is_not_a_duplicate_of_it():
    """续方: amlodipine again for a patient taking it; the nifedipine beside it is a duplicate of
    the line, not of the medication being renewed."""
    p = patient(current=(("苯磺酸氨氯地平片", "C08CA01"),))
    found = warnings([line(NIFEDIPINE_CR, "30"), line(AMLODIPINE, "5")], p)
    assert of("duplicate-therapy", found) == [
        (1, {"atc_group": "C08CA", "with_line": 0, "with": "硝苯地平控释片"})]


def test_interactions_between_lines_and_with_current_medications():
    p = patient(current=(("华法林钠片", "B01AA03"), ("奥美拉唑肠溶胶囊", "A02BC01")))
    found = warnings([line(ENALAPRIL, "10"), line(SPIRONOLACTONE, "20"),
                      line(CLOPIDOGREL, "75"), line(IBUPROFEN, "300", frequency="bid", days=3)],
                     p)
    assert [(i, w.get("with_line", w.get("with_current")), w["severity"])
            for i, w in of("interaction", found)] == [
        (1, 0, "major"),  # ACE inhibitor + spironolactone: hyperkalaemia
        (2, "华法林钠片", "major"),  # warfarin + antiplatelet
        (2, "奥美拉唑肠溶胶囊", "moderate"),  # clopidogrel + omeprazole (CYP2C19)
        (3, 0, "moderate"),  # ACE inhibitor + NSAID
        (3, "华法林钠片", "major"),  # warfarin + NSAID
    ]
    first = of("interaction", found)[0][1]
    assert "高钾血症" in first["zh"] and "hyperkalaemia" in first["en"]
    assert first["with"] == "马来酸依那普利片"


def test_interactions_are_found_whichever_comes_first():
    for lines in ([line(SIMVASTATIN, "20"), line(CLARITHROMYCIN, "250", frequency="bid")],
                  [line(CLARITHROMYCIN, "250", frequency="bid"), line(SIMVASTATIN, "20")]):
        [(_, params)] = of("interaction", warnings(lines))
        assert params["severity"] == "contraindicated"
    # Atorvastatin with clarithromycin is its own entry; with amlodipine, none.
    assert [i.severity for i in interactions_between("C10AA05", "J01FA09")] == ["major"]
    assert interactions_between("C10AA05", "C08CA01") == []


def test_two_nsaids_interact_and_one_does_not_with_itself():
    diclofenac = drug("双氯芬酸钠缓释片", "M01AB05", "75", package_size=10)
    found = warnings([line(IBUPROFEN, "300", frequency="bid", days=3),
                      line(diclofenac, "75", days=3)])
    assert [p["severity"] for _, p in of("interaction", found)] == ["major"]
    assert not of("interaction", warnings([line(IBUPROFEN, "300", frequency="bid", days=3)]))


def test_the_interaction_table():
    assert len(INTERACTIONS) >= 40
    pairs = [(i.a, i.b) for i in INTERACTIONS]
    assert len(set(pairs)) == len(pairs)
    assert not {(b, a) for a, b in pairs if a != b} & set(pairs)
    for i in INTERACTIONS:
        assert ATC_PREFIX.match(i.a) and ATC_PREFIX.match(i.b), i
        assert i.severity in SEVERITIES and i.zh and i.en, i
    # The pairs the issue names are there.
    assert interactions_between("B01AA03", "M01AE01")  # warfarin + NSAID
    assert interactions_between("B01AC04", "A02BC01")  # clopidogrel + omeprazole
    assert interactions_between("C10AA01", "J01FA09")  # simvastatin + clarithromycin
    assert interactions_between("C09AA02", "C03DA01")  # ACE inhibitor + spironolactone


def test_a_dose_over_the_single_or_daily_maximum():
    """Irbesartan at most 300 mg a dose and a day; metformin 1000 mg a dose, 2550 mg a day."""
    assert not of("dose-over-single-max", warnings([line(IRBESARTAN, "300")]))
    found = warnings([line(IRBESARTAN, "450"), line(METFORMIN, "1000", frequency="tid")])
    assert of("dose-over-single-max", found) == [
        (0, {"dose": "450", "max": "300", "unit": "mg"})]
    assert of("dose-over-daily-max", found) == [
        (0, {"dose": "450", "max": "300", "unit": "mg"}),
        (1, {"dose": "3000", "max": "2550", "unit": "mg"})]
    # In tablets: 3 片 of 500 mg is 1500 mg a dose.
    found = warnings([line(METFORMIN, "3", unit="片", frequency="qd")])
    assert of("dose-over-single-max", found) == [
        (0, {"dose": "1500", "max": "1000", "unit": "mg"})]
    # Every other day, the day's dose is one dose; prn counts the most times allowed.
    assert not of("dose-over-daily-max",
                  warnings([line(METFORMIN, "1000", frequency="qod", days=7)]))
    found = warnings([line(IBUPROFEN, "800", frequency="prn", days=3, prn_max=4)])
    assert of("dose-over-daily-max", found) == [
        (0, {"dose": "3200", "max": "2400", "unit": "mg"})]


def test_a_drug_without_maxima_or_allergies_gives_no_warning():
    assert warnings([line(ATORVASTATIN, "20", frequency="qn")]) == []
