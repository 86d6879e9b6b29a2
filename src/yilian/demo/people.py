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
    # One of the demo's named patients (the builder finds them again by resident ID).
    named: bool = False

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
            assert phone is not None  # None only for a blank number, which Faker never gives
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
    # What the account is for in the demo, as the printed list of accounts says it.
    duty: str = ""


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
    # The reason for the MDT walk-through: chest pain in a diabetic with high blood pressure.
    Entry("problems", {"icd10": "E78.5", "description": "高脂血症",
                       "onset_date": date(2019, 9, 1), "status": "active"}),
    Entry("medications", {"name": "阿托伐他汀钙片", "dose": "20 mg", "frequency": "每晚一次",
                          "start_date": date(2019, 9, 10)}),
    Entry("problems", {"icd10": "R07.4", "description": "胸痛（待查）", "days_ago": 10,
                       "status": "active",
                       "note": "劳力性胸骨后压迫感，休息可缓解；近日静息时发作 1 次。"}),
    Entry("medications", {"name": "硝酸甘油片", "dose": "0.5 mg", "frequency": "胸痛时舌下含服",
                          "days_ago": 3}),
    Entry("encounters", {"kind": "outpatient", "days_ago": 3, "summary": (
        "胸闷、胸骨后压迫感 10 天，多在上坡或劳累时出现，每次 3–5 分钟，休息后缓解；昨夜静息时"
        "发作 1 次，约 10 分钟。查体：血压 152/94 mmHg，心率 88 次/分，律齐，双下肢轻度水肿。"
        "村卫生室心电图：窦性心律，V4–V6 导联 ST 段压低约 0.1 mV。随机血糖 11.2 mmol/L；"
        "尿常规：尿蛋白（+）。舌下含服硝酸甘油后缓解。考虑不稳定型心绞痛可能，高血压、2型糖尿病"
        "控制欠佳并肾脏受累待排，拟申请省级医院多学科会诊（心血管内科、内分泌科、肾内科）。")}),
)
# The reason for the single-specialty consultation the demo starts at the county hospital.
PALPITATIONS = (
    Entry("problems", {"icd10": "I49.3", "description": "室性期前收缩", "days_ago": 20,
                       "status": "active", "note": "村卫生室心电图发现频发室性早搏。"}),
    Entry("encounters", {"kind": "outpatient", "days_ago": 20, "summary": (
        "阵发性心悸 1 个月，多在熬夜、饮浓茶后出现，伴轻度胸闷，无黑蒙、晕厥。心率 82 次/分，"
        "可闻及早搏 6–8 次/分。心电图：窦性心律，频发室性期前收缩。建议县医院心血管内科会诊。")}),
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
                 HYPERTENSION_DIABETES, duty="患者王秀兰本人：MDT 会诊的进度与签名报告"),
    NamedPatient("parent_demo", "李明", Sex.male, date(1990, 9, 3), "A1a", PALPITATIONS,
                 duty="患者李明本人（县医院会诊进行中），并代儿子李子轩办理"),
    NamedPatient(None, "李子轩", Sex.male, date(2021, 7, 8), "A1a", CHILD_HISTORY),
)
CHILD_OF_PARENT = ("parent_demo", "李子轩")

# The reason for the referral loop the demo has closed: heart failure in an old woman, made worse
# by a cold; the county hospital took her in and sent her back to the village.
HEART_FAILURE = (
    Entry("problems", {"icd10": "I10", "description": "原发性高血压",
                       "onset_date": date(2008, 5, 1), "status": "active"}),
    Entry("problems", {"icd10": "I50.0", "description": "充血性心力衰竭",
                       "onset_date": date(2023, 10, 1), "status": "active",
                       "note": "2023 年县医院住院确诊，射血分数降低（LVEF 38%）。"}),
    Entry("medications", {"name": "呋塞米片", "dose": "20 mg", "frequency": "每日一次",
                          "start_date": date(2023, 10, 20)}),
    Entry("medications", {"name": "螺内酯片", "dose": "20 mg", "frequency": "每日一次",
                          "start_date": date(2023, 10, 20)}),
    Entry("medications", {"name": "苯磺酸氨氯地平片", "dose": "5 mg", "frequency": "每日一次",
                          "start_date": date(2008, 5, 10)}),
    Entry("encounters", {"kind": "follow_up", "days_ago": 45, "summary": (
        "心衰随访：无明显气促，双下肢不肿，血压 132/80 mmHg，心率 76 次/分，体重 55 kg。")}),
    Entry("encounters", {"kind": "outpatient", "days_ago": 10, "summary": (
        "受凉后咳嗽、气促加重 3 天，夜间不能平卧，双下肢凹陷性水肿。血压 156/92 mmHg，心率 108 "
        "次/分，指脉氧 91%，双肺底湿啰音，体重较上次增加 3 kg。考虑慢性心力衰竭急性加重，"
        "联系县医院心血管内科，转县医院住院治疗。")}),
)
# The reason for the referral waiting at the county hospital: gallstones, for planned surgery.
GALLSTONES = (
    Entry("problems", {"icd10": "K80.1", "description": "胆囊结石伴有其他胆囊炎",
                       "onset_date": date(2024, 6, 1), "status": "active",
                       "note": "2024 年体检 B 超发现胆囊多发结石。"}),
    Entry("encounters", {"kind": "outpatient", "days_ago": 1, "summary": (
        "右上腹隐痛反复发作 3 个月，进油腻食物后加重，近 1 周发作 2 次。查体：墨菲征阳性。"
        "B 超：胆囊多发结石，最大 1.8 cm，胆囊壁增厚。口服抗感染治疗后缓解，建议县医院普通外科"
        "择期手术。")}),
)
# The referral stories' patients (no accounts). They are made after the generated patients,
# from a generator of their own, so that a database built before them keeps its patients.
REFERRAL_PATIENTS = (
    NamedPatient(None, "张桂英", Sex.female, date(1950, 3, 21), "A1a", HEART_FAILURE),
    NamedPatient(None, "周建华", Sex.male, date(1966, 8, 15), "A1", GALLSTONES),
)


@dataclass(frozen=True)
class ConsultationStory:
    """A consultation the demo starts, so that the lists have a case in progress: applied for
    by the patient's village doctor, routed by the invited hospital's office and assigned by
    the department's head to themself. The village doctor books the time next."""

    patient: str  # a named patient
    invited: str  # organisation key
    department: str  # catalogue code of the department it is routed to
    # ApplicationIn fields besides the patient, organisations, consent and preferred times.
    application: dict


CONSULTATION_STORIES = (
    ConsultationStory("李明", "A", "03.04", {
        "kind": "single", "urgency": "routine",
        "reason": "阵发性心悸 1 个月，村卫生室心电图示频发室性期前收缩",
        "purpose": "明确早搏性质，评估是否需要动态心电图检查及药物治疗",
        "summary": ("男，36 岁。阵发性心悸 1 个月，多在熬夜、饮浓茶后出现，伴轻度胸闷，无黑蒙、"
                    "晕厥。既往体健，无药物过敏史。查体：心率 82 次/分，可闻及早搏 6–8 次/分。"
                    "心电图：窦性心律，频发室性期前收缩。"),
        "diagnosis_icd10": "I49.3", "diagnosis_text": "频发室性期前收缩",
        "wanted_specialty": "心血管内科", "wanted_title": "associate_chief_physician",
    }),
)


@dataclass(frozen=True)
class ReferralLoop:
    """How the receiving hospital took the patient round the loop: a bed the day of the
    request, arrival, treatment ``stay_days`` later, and the return down to the village."""

    days_ago: int  # when the request was made
    stay_days: int
    bed: str  # where the bed is reserved
    note: str  # the office's note to the referrer
    outcome: str  # the treatment's outcome
    # The return's ReferralIn fields besides the patient, organisations, consent and the
    # up-referral it closes.
    back: dict


@dataclass(frozen=True)
class ReferralStory:
    """An up-referral the demo makes through the referral service, so that both ends have one
    on first sign-in: asked for by a doctor at the patient's home organisation, then either left
    waiting in the receiving hospital's queue or taken round the whole ``loop``, which ends with
    follow-up tasks for the village doctor."""

    patient: str  # a named patient
    target: str  # organisation key
    department: str  # catalogue code of the department named
    # ReferralIn fields besides the patient, organisations, department and consent.
    request: dict
    loop: ReferralLoop | None = None


REFERRAL_STORIES = (
    ReferralStory("张桂英", "A", "03.04", {
        "urgency": "urgent",
        # The village's parent is the township health centre, which has no cardiology ward.
        "skip_reason": "镇卫生院无心内科病房及心脏超声条件，经县医院心血管内科电话会商同意直接收治",
        "reason": "慢性心力衰竭急性加重，村卫生室处理后仍气促、不能平卧，需住院治疗",
        "diagnosis_icd10": "I50.0", "diagnosis_text": "慢性心力衰竭急性加重（NYHA III 级）",
        "summary": ("女，76 岁。高血压 18 年，慢性心力衰竭 3 年（LVEF 38%），规律服用呋塞米、"
                    "螺内酯。3 天前受凉后咳嗽、气促加重，夜间不能平卧，双下肢凹陷性水肿。血压 "
                    "156/92 mmHg，心率 108 次/分，指脉氧 91%，双肺底湿啰音。无已知药物过敏。"),
        "treatment": "呋塞米加量至 40 mg 口服，低流量吸氧，限盐限水。",
    }, ReferralLoop(
        days_ago=10, stay_days=6, bed="心血管内科病区 12 床",
        note="优先入院，请携带既往出院记录及目前用药",
        outcome=("住院 6 天，静脉利尿、扩血管及优化抗心衰治疗后气促缓解，双下肢水肿消退，"
                 "NYHA II 级，好转出院。"),
        back={
            "reason": "病情稳定，转回村卫生室继续康复治疗与随访",
            "diagnosis_icd10": "I50.0", "diagnosis_text": "慢性心力衰竭（NYHA II 级）",
            "summary": ("出院小结：慢性心力衰竭急性加重（诱因：上呼吸道感染），经利尿、扩血管及"
                        "优化抗心衰治疗后好转。出院时血压 124/72 mmHg，心率 72 次/分，体重 55 kg，"
                        "NT-proBNP 1260 pg/mL（入院时 6850 pg/mL）。"),
            "treatment": "呋塞米静脉推注 3 天后改口服；加用沙库巴曲缬沙坦、美托洛尔缓释片；停用氨氯地平。",
            "medications": [
                {"name": "沙库巴曲缬沙坦钠片", "dose": "50 mg", "frequency": "每日两次"},
                {"name": "琥珀酸美托洛尔缓释片", "dose": "23.75 mg", "frequency": "每日一次"},
                {"name": "呋塞米片", "dose": "20 mg", "frequency": "每日一次"},
                {"name": "螺内酯片", "dose": "20 mg", "frequency": "每日一次"},
            ],
            "follow_up_plan": ("低盐饮食（每日食盐少于 5 g），每日晨起称体重，3 天内增加 2 kg 以上"
                               "或气促加重立即就诊；血压控制在 130/80 mmHg 以下。"),
            "follow_ups": [
                {"title": "出院后第一次随访：血压、心率、体重、下肢水肿", "days": 7,
                 "detail": "询问夜间能否平卧，核对用药，指导每日称体重。"},
                {"title": "复查肾功能、血钾", "days": 14,
                 "detail": "沙库巴曲缬沙坦与螺内酯合用，注意高钾血症。"},
                {"title": "县医院心血管内科门诊复诊", "days": 30},
            ],
        })),
    # From the township (the next level up is the county): waiting for the county's office.
    ReferralStory("周建华", "A", "04.01", {
        "urgency": "routine",
        "reason": "胆囊结石伴慢性胆囊炎反复发作，需评估择期腹腔镜胆囊切除术",
        "diagnosis_icd10": "K80.1", "diagnosis_text": "胆囊结石伴慢性胆囊炎",
        "summary": ("男，60 岁。右上腹隐痛反复发作 3 个月，进油腻食物后加重，近 1 周发作 2 次。"
                    "查体：墨菲征阳性。B 超：胆囊多发结石，最大 1.8 cm，胆囊壁增厚。既往体健。"),
        "treatment": "头孢呋辛酯片、消炎利胆片口服 5 天，症状缓解。",
    }),
)


def generate_patients(count: int) -> Iterator[PatientSpec]:
    """The named patients, ``count`` generated ones spread over villages and towns, then the
    referral stories' patients."""
    fake = _faker()
    fake.seed_instance(SEED)
    rng = random.Random(SEED)
    mint = IdentityMint(fake, rng)
    for named in NAMED_PATIENTS:
        yield _named_patient(named, mint)
    homes = [o for o in ORGANISATIONS if o.level in HOME_WEIGHT]
    weights = [HOME_WEIGHT[o.level] for o in homes]
    for _ in range(count):
        home = rng.choices(homes, weights=weights)[0]
        sex = rng.choice((Sex.male, Sex.female))
        born = _birth_date(rng)
        spec = PatientSpec(fake.name_male() if sex == Sex.male else fake.name_female(), sex, born,
                           mint.resident_id(home.division_code, born, sex), mint.phone(),
                           _address(home, fake, rng), home.key)
        spec.entries = clinical_history(spec.age, rng)
        yield spec
    # Seeded again, so that they are the same whatever ``count`` (the mint still keeps their
    # IDs and phones apart from everyone else's).
    fake.seed_instance(SEED + 2)
    rng.seed(SEED + 2)
    for named in REFERRAL_PATIENTS:
        yield _named_patient(named, mint)


def _named_patient(named: NamedPatient, mint: IdentityMint) -> PatientSpec:
    home = ORGS_BY_KEY[named.home]
    return PatientSpec(named.name, named.sex, named.birth_date,
                       mint.resident_id(home.division_code, named.birth_date, named.sex),
                       mint.phone(), _address(home, mint.fake, mint.rng), home.key,
                       list(named.history), named=True)
