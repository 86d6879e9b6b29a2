"""The generated people are valid, varied and the same on every run."""

from __future__ import annotations

from collections import Counter

from stdnum.cn import ric

from yilian.alliance.models import OrgLevel
from yilian.demo.layout import ORGS_BY_KEY
from yilian.demo.people import REFERENCE_DATE, generate_patients, staff_names
from yilian.patients.models import Sex


def test_the_same_seed_gives_the_same_people():
    assert list(generate_patients(50)) == list(generate_patients(50))
    # A bigger demo extends a smaller one: the first patients do not change with the size,
    # nor do the named ones made after them.
    bigger, smaller = list(generate_patients(80)), list(generate_patients(50))
    assert bigger[:53] == smaller[:53] and bigger[-2:] == smaller[-2:]
    assert [p.name for p in smaller if p.named] == ["王秀兰", "李明", "李子轩", "张桂英", "周建华"]
    assert staff_names(10) == staff_names(10)


def test_resident_ids_are_valid_unique_and_match_the_person():
    patients = list(generate_patients(500))
    assert len({p.resident_id for p in patients}) == len(patients)
    assert len({p.phone for p in patients}) == len(patients)
    for p in patients:
        ric.validate(p.resident_id)
        assert ric.get_birth_date(p.resident_id) == p.birth_date
        assert (int(p.resident_id[16]) % 2 == 1) == (p.sex == Sex.male)
        home = ORGS_BY_KEY[p.home]
        assert p.resident_id[:6] == home.division_code
        assert p.address.startswith("湖南省" + "".join(home.place))
        assert p.birth_date < REFERENCE_DATE


def test_patients_spread_over_villages_and_towns_with_some_history():
    patients = list(generate_patients(500))
    levels = Counter(ORGS_BY_KEY[p.home].level for p in patients)
    assert set(levels) == {OrgLevel.village, OrgLevel.town}
    assert len({p.home for p in patients}) == 12
    problems = Counter(e.values["icd10"] for p in patients for e in p.entries
                       if e.kind == "problems")
    assert problems["I10"] > 50 and problems["E11.9"] > 15
    kinds = {e.kind for p in patients for e in p.entries}
    assert kinds == {"problems", "medications", "allergies", "encounters"}
    assert any(p.age < 6 for p in patients) and any(p.age >= 80 for p in patients)
