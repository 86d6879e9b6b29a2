"""Synthetic people: staff names and patients with valid resident IDs and a little history.

Everything comes from seeded generators and a fixed reference date (never "today"), so the
same seed gives the same people on every run and every day; the builder relies on that to
recognise patients it created before.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from stdnum.cn import ric

from yilian.alliance.models import OrgLevel
from yilian.core.errors import ValidationFailed
from yilian.demo.layout import ORGANISATIONS, ORGS_BY_KEY, PROVINCE, OrgSpec
from yilian.patients.models import Sex
from yilian.patients.service import normalise_phone, normalise_resident_id

if TYPE_CHECKING:
    from faker import Faker

SEED = 20261124
# Ages are counted back from here; it lies before any day the demo can be built.
REFERENCE_DATE = date(2026, 1, 1)
# (age from, age to, weight): a rural population, older than the national average.
AGE_BANDS = ((0, 14, 14), (15, 39, 20), (40, 64, 36), (65, 92, 30))
# Villages are where most residents are registered; towns keep the rest.
HOME_WEIGHT = {OrgLevel.village: 4, OrgLevel.town: 1}


@dataclass(frozen=True)
class Entry:
    """One item of the health record; ``kind`` names the record table (problems, ...)."""

    kind: str
    values: dict


@dataclass
class PatientSpec:
    name: str
    sex: Sex
    birth_date: date
    resident_id: str
    phone: str
    address: str
    home: str  # organisation key
    entries: list[Entry] = field(default_factory=list)

    @property
    def age(self) -> int:
        born = self.birth_date
        before_birthday = (REFERENCE_DATE.month, REFERENCE_DATE.day) < (born.month, born.day)
        return REFERENCE_DATE.year - born.year - before_birthday


# ---------------------------------------------------------------- identifiers


def resident_id(region: str, born: date, sex: Sex, rng: random.Random) -> str:
    """An 18-character resident ID (GB 11643): region, birth date, order (odd for men), check."""
    order = rng.randrange(0, 500) * 2 + (1 if sex == Sex.male else 0)
    body = f"{region}{born:%Y%m%d}{order:03d}"
    return body + ric.calc_check_digit(body + "0")


class IdentityMint:
    """Hands out resident IDs and phone numbers that are valid and never repeat."""

    def __init__(self, fake: Faker, rng: random.Random) -> None:
        self.fake, self.rng = fake, rng
        self.ids: set[str] = set()
        self.phones: set[str] = set()

    def resident_id(self, region: str, born: date, sex: Sex) -> str:
        while True:
            rid = resident_id(region, born, sex, self.rng)
            if rid not in self.ids:
                self.ids.add(rid)
                # The same check the patient index applies; a failure here is a bug, not data.
                return normalise_resident_id(rid, born, sex)

    def phone(self) -> str:
        while True:
            candidate = self.fake.phone_number()
            try:
                phone = normalise_phone(candidate)
            except ValidationFailed:  # Faker knows some prefixes no carrier uses
                continue
            if phone not in self.phones:
                self.phones.add(phone)
                return phone


# ---------------------------------------------------------------- clinical content

# ICD-10 code, description, minimum age, chance, medicines (name, dose, frequency).
CHRONIC = (
    ("I10", "原发性高血压", 35, 0.30,
     (("苯磺酸氨氯地平片", "5 mg", "每日一次"), ("缬沙坦胶囊", "80 mg", "每日一次"))),
    ("E11.9", "2型糖尿病不伴有并发症", 40, 0.12,
     (("盐酸二甲双胍片", "0.5 g", "每日三次"), ("格列美脲片", "2 mg", "每日一次"))),
    ("E78.5", "高脂血症", 40, 0.10, (("阿托伐他汀钙片", "20 mg", "每晚一次"),)),
    ("I25.1", "动脉粥样硬化性心脏病", 55, 0.05, (("阿司匹林肠溶片", "100 mg", "每日一次"),)),
    ("J44.9", "慢性阻塞性肺疾病", 55, 0.05,
     (("沙美特罗替卡松吸入粉雾剂", "50/250 μg 1吸", "每日两次"),)),
    ("I63.9", "脑梗死（恢复期）", 60, 0.03, (("氯吡格雷片", "75 mg", "每日一次"),)),
    ("M17.9", "膝关节骨关节炎", 50, 0.06, ()),
    ("K29.5", "慢性胃炎", 18, 0.05, (("雷贝拉唑钠肠溶片", "10 mg", "每日一次"),)),
    ("J45.9", "支气管哮喘", 3, 0.03, (("布地奈德福莫特罗吸入剂", "160/4.5 μg 1吸", "每日两次"),)),
)
ALLERGIES = (
    ("青霉素", "皮疹、瘙痒", "moderate"),
    ("头孢类抗生素", "荨麻疹", "moderate"),
    ("磺胺类药物", "皮疹", "mild"),
    ("阿司匹林", "哮喘发作", "severe"),
    ("海鲜", "口唇肿胀", "mild"),
    ("花粉", "打喷嚏、流涕", "mild"),
)
ALLERGY_CHANCE = 0.08
VISIT_CHANCE = 0.15  # an outpatient visit for someone without a chronic problem
ACUTE_VISITS = (
    "咳嗽、咽痛 3 天，体温 37.8℃，诊断急性上呼吸道感染，对症治疗，嘱多饮水。",
    "腰背酸痛 1 周，无外伤史，查体腰肌压痛，予理疗及外用药，2 周后复诊。",
    "上腹隐痛 5 天，进食后加重，予抑酸治疗，建议镇卫生院胃镜检查。",
    "体检血压 138/86 mmHg，建议低盐饮食、规律运动，3 个月后复测。",
)


def _follow_up_summary(icd10: str, rng: random.Random) -> str:
    if icd10 == "I10":
        systolic, diastolic = rng.randint(128, 168), rng.randint(78, 102)
        status = "控制满意，继续原方案" if systolic < 140 and diastolic < 90 else "控制不佳，调整用药，2 周内随访"
        return f"高血压随访：血压 {systolic}/{diastolic} mmHg，{status}。"
    if icd10 == "E11.9":
        glucose = round(rng.uniform(5.6, 11.8), 1)
        status = "控制满意" if glucose < 7.0 else "控制不佳，调整用药，2 周内随访"
        return f"糖尿病随访：空腹血糖 {glucose} mmol/L，{status}。"
    return "慢病随访：症状平稳，继续目前治疗，按期复诊。"


def clinical_history(age: int, rng: random.Random) -> list[Entry]:
    """Problems, medicines, an allergy and visits, as the village record would show them."""
    entries: list[Entry] = []
    problems = [c for c in CHRONIC if age >= c[2] and rng.random() < c[3]]
    for icd10, description, _, _, medicines in problems:
        onset = REFERENCE_DATE - timedelta(days=rng.randint(200, 365 * min(age - 1, 15) + 200))
        entries.append(Entry("problems", {"icd10": icd10, "description": description,
                                          "onset_date": onset, "status": "active"}))
        for name, dose, frequency in medicines:
            entries.append(Entry("medications", {"name": name, "dose": dose,
                                                 "frequency": frequency, "start_date": onset}))
    if rng.random() < ALLERGY_CHANCE:
        substance, reaction, severity = rng.choice(ALLERGIES)
        entries.append(Entry("allergies", {"substance": substance, "reaction": reaction,
                                           "severity": severity}))
    if problems:
        entries.append(Entry("encounters", {"kind": "follow_up",
                                            "summary": _follow_up_summary(problems[0][0], rng),
                                            "days_ago": rng.randint(3, 80)}))
    elif rng.random() < VISIT_CHANCE:
        entries.append(Entry("encounters", {"kind": "outpatient",
                                            "summary": rng.choice(ACUTE_VISITS),
                                            "days_ago": rng.randint(3, 300)}))
    return entries


# ---------------------------------------------------------------- people


def staff_names(count: int) -> list[str]:
    """Distinct names for the staff, from a generator of their own (patients do not shift them)."""
    fake = _faker()
    fake.seed_instance(SEED + 1)
    names: list[str] = []
    while len(names) < count:
        name = fake.name()
        if name not in names:
            names.append(name)
    return names



def _faker() -> Faker:
    # Imported when the demo is built, not by every process that imports the CLI: Faker's
    # locale data costs `yilian serve` about 47 MB it never uses.
    from faker import Faker

    return Faker("zh_CN")


def _address(home: OrgSpec, fake: Faker, rng: random.Random) -> str:
    place = "".join(home.place)
    if home.level == OrgLevel.village:
        return f"{PROVINCE}{place}{rng.randint(1, 12)}组{rng.randint(1, 60)}号"
    return f"{PROVINCE}{place}{fake.street_name()}{rng.randint(1, 200)}号"


def _birth_date(rng: random.Random) -> date:
    low, high, _ = rng.choices(AGE_BANDS, weights=[b[2] for b in AGE_BANDS])[0]
    return REFERENCE_DATE - timedelta(days=rng.randint(low * 365 + 1, high * 365 + 364))


@dataclass(frozen=True)
class NamedPatient:
    """A patient the demo accounts sign in as; fixed, so the guide can name them."""

    account: str | None
    name: str
    sex: Sex
    birth_date: date
    home: str
    history: tuple[Entry, ...]


HYPERTENSION_DIABETES = (
    Entry("problems", {"icd10": "I10", "description": "原发性高血压",
                       "onset_date": date(2015, 3, 1), "status": "active",
                       "note": "2015 年体检发现，家族史阳性（母亲高血压）。"}),
    Entry("problems", {"icd10": "E11.9", "description": "2型糖尿病不伴有并发症",
                       "onset_date": date(2019, 9, 1), "status": "active"}),
    Entry("medications", {"name": "苯磺酸氨氯地平片", "dose": "5 mg", "frequency": "每日一次",
                          "start_date": date(2015, 3, 10)}),
    Entry("medications", {"name": "盐酸二甲双胍片", "dose": "0.5 g", "frequency": "每日三次",
                          "start_date": date(2019, 9, 10)}),
    Entry("allergies", {"substance": "青霉素", "reaction": "皮疹、瘙痒", "severity": "moderate"}),
    Entry("encounters", {"kind": "follow_up", "days_ago": 35,
                         "summary": "高血压随访：血压 146/92 mmHg，控制不佳，氨氯地平加量，2 周内随访。"}),
    Entry("encounters", {"kind": "follow_up", "days_ago": 14,
                         "summary": "复诊：血压 132/84 mmHg，空腹血糖 6.8 mmol/L，控制满意。"}),
)
CHILD_HISTORY = (
    Entry("problems", {"icd10": "J06.9", "description": "急性上呼吸道感染",
                       "onset_date": date(2025, 11, 2), "status": "resolved"}),
    Entry("allergies", {"substance": "鸡蛋", "reaction": "口周红疹", "severity": "mild"}),
    Entry("encounters", {"kind": "outpatient", "days_ago": 50,
                         "summary": "发热 1 天，最高 38.5℃，咽部充血，诊断急性上呼吸道感染，对症处理。"}),
)
# patient_demo signs in as 王秀兰; parent_demo as 李明, who also acts for his son 李子轩.
NAMED_PATIENTS = (
    NamedPatient("patient_demo", "王秀兰", Sex.female, date(1961, 4, 12), "A1a",
                 HYPERTENSION_DIABETES),
    NamedPatient("parent_demo", "李明", Sex.male, date(1990, 9, 3), "A1a", ()),
    NamedPatient(None, "李子轩", Sex.male, date(2021, 7, 8), "A1a", CHILD_HISTORY),
)
CHILD_OF_PARENT = ("parent_demo", "李子轩")


def generate_patients(count: int) -> Iterator[PatientSpec]:
    """The named patients, then ``count`` generated ones, spread over villages and towns."""
    fake = _faker()
    fake.seed_instance(SEED)
    rng = random.Random(SEED)
    mint = IdentityMint(fake, rng)
    homes = [o for o in ORGANISATIONS if o.level in HOME_WEIGHT]
    weights = [HOME_WEIGHT[o.level] for o in homes]
    for named in NAMED_PATIENTS:
        home = ORGS_BY_KEY[named.home]
        yield PatientSpec(named.name, named.sex, named.birth_date,
                          mint.resident_id(home.division_code, named.birth_date, named.sex),
                          mint.phone(), _address(home, fake, rng), home.key, list(named.history))
    for _ in range(count):
        home = rng.choices(homes, weights=weights)[0]
        sex = rng.choice((Sex.male, Sex.female))
        born = _birth_date(rng)
        spec = PatientSpec(fake.name_male() if sex == Sex.male else fake.name_female(), sex, born,
                           mint.resident_id(home.division_code, born, sex), mint.phone(),
                           _address(home, fake, rng), home.key)
        spec.entries = clinical_history(spec.age, rng)
        yield spec
