"""The demo alliance as data: organisations, departments, centres, agreements and staff.

The alliance is fictional, but sits on real ground: every organisation carries a real
administrative-division code of 湖南省 (Hunan). The two counties, 长沙县 (430121) and
湘潭县 (430321), were chosen because their codes have stood unchanged since before the
oldest demo patient was born, so resident IDs issued there are valid for any birth year
(``stdnum.cn.ric`` checks the code against the birth year).

    湖南省湘江人民医院 (P)
    ├── 长沙县星沙中心医院 (A) ── ECG and imaging centres for A's towns and villages
    │   ├── 松柏镇卫生院 (A1) ── 东坪村 (A1a), 杨柳村 (A1b)
    │   └── 枫林镇卫生院 (A2) ── 石桥村 (A2a), 龙潭村 (A2b)
    └── 湘潭县易俗河中心医院 (B) ── ECG and imaging centres for B's towns and villages
        ├── 白石镇卫生院 (B1) ── 竹山村 (B1a), 荷塘村 (B1b)
        └── 花桥镇卫生院 (B2) ── 桂花村 (B2a), 清水村 (B2b)

Set up for remote consultation: every village clinic has agreements with its county hospital
and with the provincial hospital; the two hospitals' internet-hospital offices have
coordinators, their main departments have heads, and the experts have free times.

Set up for two-way referral: each level has an agreement covering referral with the one above
it, and a village clinic with its county hospital too (both ways: the county returns patients
straight to the village); every hospital and township health centre has a coordinator to
receive referrals.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from typing import Literal

from yilian.alliance.models import AgreementService, CentreKind, OrgKind, OrgLevel
from yilian.core.authz import Role
from yilian.identity.models import ProfessionalTitle as T

DEMO_PASSWORD = "Yilian@2026"
PROVINCE = "湖南省"
AGREEMENT_FROM = date(2025, 1, 1)
AGREEMENT_UNTIL = date(2028, 12, 31)
ALL_SERVICES = [s.value for s in AgreementService]


@dataclass(frozen=True)
class OrgSpec:
    key: str
    name: str
    short_name: str
    level: OrgLevel
    kind: OrgKind
    division_code: str
    parent: str | None
    address: str
    phone: str
    departments: tuple[str, ...]
    # Place names as they appear in a resident's address (county, town, village).
    place: tuple[str, ...] = ()


PROVINCE_DEPARTMENTS = (
    "03.01", "03.02", "03.03", "03.04", "03.05", "03.06", "03.07", "03.10", "04.01", "04.02",
    "04.03", "04.04", "04.05", "04.06", "05.01", "05.02", "07", "10", "11", "12", "13", "15",
    "19", "20", "21", "26", "28", "30", "31", "32.02", "32.03", "32.05", "32.06", "50",
)
COUNTY_DEPARTMENTS = (
    "03.01", "03.04", "03.07", "04.01", "04.03", "05", "07", "20", "30", "32", "32.06",
)
TOWN_DEPARTMENTS = ("02", "50", "01", "30")
VILLAGE_DEPARTMENTS = ("02",)

COUNTIES = {
    "A": ("长沙县", "430121", "星沙中心医院", "0731-84011120"),
    "B": ("湘潭县", "430321", "易俗河中心医院", "0731-57822120"),
}
# town key: (town name, its two villages)
TOWNS = {
    "A1": ("松柏镇", ("东坪村", "杨柳村")),
    "A2": ("枫林镇", ("石桥村", "龙潭村")),
    "B1": ("白石镇", ("竹山村", "荷塘村")),
    "B2": ("花桥镇", ("桂花村", "清水村")),
}


def _organisations() -> list[OrgSpec]:
    orgs = [
        OrgSpec("P", "湖南省湘江人民医院", "湘江医院", OrgLevel.province, OrgKind.general_hospital,
                "430102", None, f"{PROVINCE}长沙市芙蓉区湘江中路一段88号", "0731-84326000",
                PROVINCE_DEPARTMENTS),
    ]
    for key, (county, code, hospital, phone) in COUNTIES.items():
        orgs.append(OrgSpec(key, f"{county}{hospital}", hospital, OrgLevel.county,
                            OrgKind.general_hospital, code, "P",
                            f"{PROVINCE}{county}人民东路168号", phone, COUNTY_DEPARTMENTS,
                            (county,)))
    for town_key, (town, villages) in TOWNS.items():
        county_key = town_key[0]
        county, code, _, county_phone = COUNTIES[county_key]
        area = county_phone.split("-")[0]
        orgs.append(OrgSpec(town_key, f"{county}{town}卫生院", f"{town}卫生院", OrgLevel.town,
                            OrgKind.health_centre, code, county_key,
                            f"{PROVINCE}{county}{town}中心街12号",
                            f"{area}-86{len(orgs):02d}1120", TOWN_DEPARTMENTS, (county, town)))
        for suffix, village in zip("ab", villages, strict=True):
            orgs.append(OrgSpec(f"{town_key}{suffix}", f"{county}{town}{village}卫生室",
                                f"{village}卫生室", OrgLevel.village, OrgKind.village_clinic,
                                code, town_key, f"{PROVINCE}{county}{town}{village}村部旁",
                                f"{area}-86{len(orgs):02d}3310",
                                VILLAGE_DEPARTMENTS, (county, town, village)))
    return orgs


def department_contact(spec: OrgSpec, code: str) -> tuple[str, str]:
    """A department's phone (an extension of its organisation's number) and where it is, as
    a referred patient's reservation card shows them."""
    n = spec.departments.index(code)
    if spec.level in (OrgLevel.town, OrgLevel.village):
        return spec.phone, f"{n + 1}号诊室"
    building = "门诊楼" if n % 2 == 0 else "住院楼"
    return f"{spec.phone}-{8001 + n}", f"{building} {n % 6 + 1} 楼{'东' if n % 4 < 2 else '西'}区"


ORGANISATIONS: list[OrgSpec] = _organisations()
ORGS_BY_KEY: dict[str, OrgSpec] = {o.key: o for o in ORGANISATIONS}


@dataclass(frozen=True)
class CentreSpec:
    name: str
    kind: CentreKind
    host: str
    members: tuple[str, ...]


def _centres() -> list[CentreSpec]:
    centres = []
    for key, (county, *_rest) in COUNTIES.items():
        members = tuple(o.key for o in ORGANISATIONS
                        if o.key != key and o.key.startswith(key))
        centres.append(CentreSpec(f"{county}远程心电诊断中心", CentreKind.ecg, key, members))
        centres.append(CentreSpec(f"{county}远程影像诊断中心", CentreKind.imaging, key, members))
    return centres


CENTRES: list[CentreSpec] = _centres()


def _agreements() -> list[tuple[str, str, tuple[str, ...]]]:
    """(one party, the other, the services covered)."""
    # Each organisation and the one above it, for every service: province↔county,
    # county↔town, town↔village.
    pairs = [(o.parent, o.key, tuple(ALL_SERVICES)) for o in ORGANISATIONS if o.parent]
    for village in (o for o in ORGANISATIONS if o.level == OrgLevel.village):
        county = village.key[0]
        # The county hospital leads the county's alliance (县域医共体): a village clinic works
        # with it directly, for everything.
        pairs.append((county, village.key, tuple(ALL_SERVICES)))
        # The provincial hospital gives a village remote consultation, single or MDT; referrals
        # still go up level by level (逐级转诊).
        pairs.append(("P", village.key, (AgreementService.consultation.value,)))
    return pairs


AGREEMENTS: list[tuple[str, str, tuple[str, ...]]] = _agreements()


@dataclass(frozen=True)
class StaffSpec:
    username: str
    title: T
    # (role, organisation key); the first is the grant a sign-in starts with.
    grants: tuple[tuple[Role, str], ...]
    verified: bool = True
    # 多点执业: organisations where the practitioner is registered, the primary first.
    # Empty means the organisations of the grants.
    registrations: tuple[str, ...] = ()
    # What the account is for in the demo, as the printed list of accounts says it (a
    # department head's 科主任 is added from the database).
    duty: str = ""

    @property
    def practice_orgs(self) -> tuple[str, ...]:
        return self.registrations or tuple(dict.fromkeys(org for _, org in self.grants))


OFFICE_DUTY = "互联网医院办公室：受理会诊申请，分诊 / 派发科室，确定专家组"
REFERRAL_OFFICE_DUTY = "转诊办公室：接收转诊、预留床位"
# The village whose doctor the walk-through signs in as (its named patients live there).
CONSULTING_VILLAGE = "A1a"
# The county hospital of the referral walk-through (the demo's referrals go there).
REFERRAL_COUNTY = "A"
# The township whose doctor has a referral waiting there.
REFERRING_TOWN = "A1"


def _county_staff(key: str) -> list[StaffSpec]:
    u = f"county{key}"
    return [
        StaffSpec(f"{u}_admin", T.none, ((Role.org_admin, key),)),
        # Practises at the county hospital and runs a weekly clinic at its first town.
        StaffSpec(f"{u}_doctor", T.associate_chief_physician, ((Role.specialist, key),),
                  registrations=(key, f"{key}1"),
                  duty="诊治转诊患者并回转基层（张桂英已回转村卫生室）"
                  if key == REFERRAL_COUNTY else ""),
        StaffSpec(f"{u}_surgeon", T.attending_physician, ((Role.specialist, key),),
                  duty="周建华的转诊待接收" if key == REFERRAL_COUNTY else ""),
        StaffSpec(f"{u}_coordinator", T.supervisor_nurse, ((Role.coordinator, key),),
                  duty=f"{OFFICE_DUTY}；{REFERRAL_OFFICE_DUTY}"
                  + ("（周建华的转诊待接收）" if key == REFERRAL_COUNTY else "")),
        StaffSpec(f"{u}_pharmacist", T.supervisor_pharmacist, ((Role.pharmacist, key),),
                  duty="审方、发药（张桂英的处方已配送签收，王秀兰的处方退回重开后送往村卫生室）"
                  if key == "A" else ""),
        StaffSpec(f"{u}_nurse", T.senior_nurse, ((Role.nurse, key),)),
        StaffSpec(f"{u}_ecg", T.attending_physician, ((Role.diagnosis_reader, key),)),
        StaffSpec(f"{u}_radiology", T.associate_chief_physician,
                  ((Role.diagnosis_reader, key),)),
    ]


def _town_staff(key: str) -> list[StaffSpec]:
    u = f"town{key}"
    return [
        StaffSpec(f"{u}_doctor", T.attending_physician, ((Role.grassroots_doctor, key),),
                  duty="已将周建华转往县医院普通外科" if key == REFERRING_TOWN else ""),
        StaffSpec(f"{u}_family", T.resident_physician, ((Role.family_doctor, key),)),
        StaffSpec(f"{u}_nurse", T.nurse, ((Role.nurse, key),)),
    ]


def _village_staff(key: str) -> list[StaffSpec]:
    # The village doctor is also the family-doctor team's member in the village.
    duty = ("村医：为王秀兰申请省级 MDT 会诊，李明的县级会诊待预约；张桂英已由县医院转回，"
            "随访任务待完成" if key == CONSULTING_VILLAGE else "")
    return [StaffSpec(f"village{key}_doctor", T.village_doctor,
                      ((Role.grassroots_doctor, key), (Role.family_doctor, key)), duty=duty)]


# The experts the MDT walk-through needs at the provincial hospital, besides the department
# heads already on the roster. They come last, so that the staff before them keep their names
# and licence numbers in a database built before they were added.
def _consultation_staff() -> list[StaffSpec]:
    return [
        StaffSpec("prov_cardio_expert", T.associate_chief_physician, ((Role.specialist, "P"),),
                  duty="心血管内科专家，可任MDT次席专家"),
        StaffSpec("prov_endo_expert", T.associate_chief_physician, ((Role.specialist, "P"),),
                  duty="内分泌科专家，可任MDT次席专家"),
        StaffSpec("prov_neph", T.chief_physician,
                  ((Role.specialist, "P"), (Role.mdt_expert, "P"))),
        StaffSpec("prov_neph_expert", T.attending_physician, ((Role.specialist, "P"),),
                  duty="肾内科专家，可任MDT次席专家"),
    ]


# A township health centre's referral office, added after the consultation's experts for the
# same reason: it receives the villages' referrals (a centre has no department heads).
def _referral_staff() -> list[StaffSpec]:
    return [StaffSpec(f"town{key}_coordinator", T.senior_nurse, ((Role.coordinator, key),),
                      duty="转诊办公室：接收村卫生室转诊") for key in TOWNS]


def _staff() -> list[StaffSpec]:
    staff = [
        StaffSpec("admin", T.none, ((Role.alliance_admin, "P"),)),
        StaffSpec("auditor", T.none, ((Role.auditor, "P"),)),
        StaffSpec("prov_admin", T.none, ((Role.org_admin, "P"),)),
        # Holds grants at two hospitals, so the role switcher has something to switch.
        StaffSpec("prov_cardio", T.chief_physician,
                  ((Role.specialist, "P"), (Role.specialist, "A"), (Role.mdt_expert, "P")),
                  duty="可任MDT首席专家"),
        StaffSpec("prov_neuro", T.associate_chief_physician, ((Role.specialist, "P"),)),
        StaffSpec("prov_endo", T.chief_physician, ((Role.specialist, "P"),)),
        StaffSpec("prov_resp", T.associate_chief_physician, ((Role.specialist, "P"),)),
        StaffSpec("prov_ortho", T.attending_physician, ((Role.specialist, "P"),)),
        StaffSpec("prov_peds", T.associate_chief_physician, ((Role.specialist, "P"),)),
        StaffSpec("prov_mdt_chief", T.chief_physician,
                  ((Role.mdt_expert, "P"), (Role.specialist, "P"))),
        StaffSpec("prov_mdt_surgery", T.chief_physician, ((Role.mdt_expert, "P"),)),
        StaffSpec("prov_coordinator", T.supervisor_nurse, ((Role.coordinator, "P"),),
                  duty=OFFICE_DUTY),
        StaffSpec("prov_pharmacist", T.chief_pharmacist, ((Role.pharmacist, "P"),)),
        StaffSpec("prov_nurse", T.supervisor_nurse, ((Role.nurse, "P"),)),
        StaffSpec("prov_reader", T.chief_physician, ((Role.diagnosis_reader, "P"),)),
    ]
    for key in COUNTIES:
        staff += _county_staff(key)
    # A newly hired doctor whose real-name verification is still pending.
    staff.append(StaffSpec("countyA_resident", T.resident_physician, ((Role.specialist, "A"),),
                           verified=False))
    for key in TOWNS:
        staff += _town_staff(key)
    for org in ORGANISATIONS:
        if org.level == OrgLevel.village:
            staff += _village_staff(org.key)
    return staff + _consultation_staff() + _referral_staff()


STAFF: list[StaffSpec] = _staff()

# 科主任: (organisation key, department code) → the head's username. The head accepts what is
# routed to the department (or answers for it in an MDT) and names its experts.
DEPARTMENT_HEADS: dict[tuple[str, str], str] = {
    ("P", "03.04"): "prov_cardio",  # 心血管内科: the lead department of the MDT walk-through
    ("P", "03.07"): "prov_endo",  # 内分泌科
    ("P", "03.06"): "prov_neph",  # 肾病学（肾内科）
    ("P", "03.03"): "prov_neuro",  # 神经内科
    ("P", "03.01"): "prov_resp",  # 呼吸内科
    ("P", "04.03"): "prov_ortho",  # 骨科
    ("P", "07"): "prov_peds",  # 儿科
    **{(key, "03.04"): f"county{key}_doctor" for key in COUNTIES},  # 心血管内科
    **{(key, "04.01"): f"county{key}_surgeon" for key in COUNTIES},  # 普通外科
}

# Free times (Beijing time) on each of the next working days, in slots, for the experts a
# consultation may be booked with: the heads and experts of the walk-through's departments.
SLOT_EXPERTS: tuple[tuple[str, str], ...] = (
    ("prov_cardio", "P"), ("prov_cardio_expert", "P"), ("prov_endo", "P"),
    ("prov_endo_expert", "P"), ("prov_neph", "P"), ("prov_neph_expert", "P"),
    *((f"county{key}_doctor", key) for key in COUNTIES),
)
SLOT_RANGES: tuple[tuple[time, time], ...] = ((time(9), time(11)), (time(14), time(16)))
SLOT_MINUTES = 30
SLOT_WORKING_DAYS = 7

ROLE_ZH: dict[Role, str] = {
    Role.patient: "患者",
    Role.grassroots_doctor: "基层医生",
    Role.specialist: "专科医生",
    Role.mdt_expert: "MDT专家",
    Role.coordinator: "协调员",
    Role.pharmacist: "药师",
    Role.nurse: "护士",
    Role.diagnosis_reader: "诊断中心医师",
    Role.family_doctor: "家庭医生",
    Role.org_admin: "机构管理员",
    Role.alliance_admin: "医联体管理员",
    Role.auditor: "审计员",
}

# Licence-number prefixes by professional track (执业证书编码: category, then region, then
# a serial number); administrators without a clinical title hold no licence.
LICENCE_PREFIX: dict[T, str] = {
    **dict.fromkeys((T.chief_physician, T.associate_chief_physician, T.attending_physician,
                     T.resident_physician), "110"),
    T.assistant_physician: "210",
    T.village_doctor: "XC",
    **dict.fromkeys((T.chief_pharmacist, T.associate_chief_pharmacist, T.supervisor_pharmacist,
                     T.pharmacist), "YS"),
    **dict.fromkeys((T.chief_nurse, T.associate_chief_nurse, T.supervisor_nurse,
                     T.senior_nurse, T.nurse), "HS"),
    **dict.fromkeys((T.chief_technician, T.supervisor_technician, T.technician), "JS"),
}


def licence_no(title: T, division_code: str, serial: int) -> str | None:
    prefix = LICENCE_PREFIX.get(title)
    return f"{prefix}{division_code}{serial:06d}" if prefix else None

# ---------------------------------------------------------------- the online clinic (在线复诊)

# The hospitals holding online follow-up clinics; their doctors' years of independent practice by
# title (a doctor holds online clinics after three: 互联网诊疗管理办法), so a resident is not yet
# eligible.
CLINIC_ORGS: tuple[str, ...] = ("P", *COUNTIES)
PRACTICE_YEARS: dict[T, int] = {
    T.chief_physician: 22, T.associate_chief_physician: 14, T.attending_physician: 7,
    T.resident_physician: 2,
}
# 挂号费 in fen by title, for one mode (None: any mode the title has no tier of its own for).
FEE_TIERS: tuple[tuple[T, str | None, int], ...] = (
    (T.chief_physician, "video", 5000), (T.chief_physician, None, 3000),
    (T.associate_chief_physician, None, 3000), (T.attending_physician, None, 1500),
    (T.resident_physician, None, 800),
)
# What a patient reads on the card: specialties and a short introduction.
CLINIC_PROFILES: dict[str, tuple[tuple[str, ...], str]] = {
    "prov_cardio": (("冠心病", "高血压", "心力衰竭"),
                    "心血管内科主任，从事心血管内科临床工作二十余年，擅长冠心病介入术后及高血压、"
                    "心力衰竭的长期随访管理。"),
    "prov_cardio_expert": (("心律失常", "高血压"),
                           "擅长心律失常、高血压的规范化诊治与复诊用药调整。"),
    "prov_endo": (("糖尿病", "甲状腺疾病"),
                  "内分泌科主任，擅长糖尿病及其并发症、甲状腺疾病的复诊与用药管理。"),
    "countyA_doctor": (("高血压", "冠心病"),
                       "县医院心血管内科主任，长期承担基层转诊患者的诊治与回转随访。"),
}
# Online sessions on the days after today (Beijing time): (doctor, hospital, department code,
# mode, capacity, ((days ahead, half-day), ...)).
HalfDay = Literal["am", "pm"]
CLINIC_SESSIONS: tuple[tuple[str, str, str, str, int, tuple[tuple[int, HalfDay], ...]], ...] = (
    ("prov_cardio", "P", "03.04", "video", 10, ((1, "am"), (3, "am"), (5, "pm"), (7, "am"))),
    ("prov_cardio_expert", "P", "03.04", "text", 12, ((2, "pm"), (4, "pm"), (6, "am"))),
    ("prov_endo", "P", "03.07", "phone", 8, ((1, "pm"), (2, "am"), (4, "am"), (6, "pm"))),
    ("countyA_doctor", "A", "03.04", "video", 10, ((1, "am"), (3, "pm"), (5, "am"))),
)
# Today's session, so that the day's board (今日门诊) and the village clinic's screen show a
# queue: the provincial cardiologist at the county hospital (多点执业), from the next ten-minute
# mark for two hours (until 23:59 at the latest), ten-minute slots; none when less than half an
# hour of the day is left. Made once: his only sessions at the county hospital are these.
TODAY_SESSION = ("prov_cardio", "A", "03.04", "video")
TODAY_HOURS = 2
TODAY_SLOT_MINUTES = 10
TODAY_LEAST_MINUTES = 30


@dataclass(frozen=True)
class RxLine:
    """A line of a demo prescription: a drug of the hospital's demo catalogue by its code."""

    code: str
    dose: str  # in the drug's strength unit
    frequency: str
    days: int = 7


@dataclass(frozen=True)
class RxStory:
    """The prescription the doctor writes during a past visit, and how far it went:
    "delivered" (passed; the village doctor chose delivery to the patient's home and paid; the
    carrier delivered against the code), "at_clinic" (passed, paid, dispensed to the village
    clinic, waiting to be handed over). With ``returned``, those lines were written first and
    sent back by the pharmacist with ``codes`` and ``note``; ``lines`` is the new version."""

    lines: tuple[RxLine, ...]
    ending: Literal["delivered", "at_clinic"]
    returned: tuple[RxLine, ...] = ()
    codes: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class VisitStory:
    """An online follow-up visit the village doctor of CONSULTING_VILLAGE books for a patient of
    the clinic (代问诊) and pays through the demo channel.

    ``when``: "yesterday", seen and finished (the doctor signs ``record``) in a session held
    yesterday afternoon; "today", checked in and waiting in TODAY_SESSION (only while it is
    today's); "coming", booked in the doctor's next session at ``org``."""

    patient: str
    doctor: str
    org: str
    department: str
    icd10: str  # the active diagnosis of the record the visit follows up
    complaint: str
    when: Literal["yesterday", "today", "coming"]
    record: tuple[tuple[str, str], ...] = ()
    # Written during a "yesterday" visit, before its record is signed.
    prescription: RxStory | None = None


VISIT_STORIES: tuple[VisitStory, ...] = (
    # The county cardiologist who treated her when she was referred up (REFERRAL_STORIES).
    VisitStory("张桂英", "countyA_doctor", "A", "03.04", "I50.0", "心衰出院后复诊，气短较前好转",
               "yesterday", record=(
                   ("chief_complaint", "心衰出院后两周复诊，活动后气短较前减轻"),
                   ("history", "充血性心力衰竭、原发性高血压；出院后规律服药，无夜间阵发性呼吸困难"),
                   ("examination", "视频下见神清，双下肢无明显水肿；村医测血压 132/78 mmHg，心率 72 次/分"),
                   ("diagnosis_icd10", "I50.0"),
                   ("diagnosis_text", "充血性心力衰竭（稳定期）"),
                   ("advice", "继续原方案服药，限盐限水，每日称体重；体重三天增加 2 kg 以上或气短加重"
                              "即到县医院就诊；一个月后线上复诊")),
               prescription=RxStory((RxLine("YP0021", "20", "qd"), RxLine("YP0020", "20", "qd")),
                                    "delivered")),
    VisitStory("王秀兰", "countyA_doctor", "A", "03.04", "I10", "血压血糖复诊，想续开降压药和降糖药",
               "yesterday", record=(
                   ("chief_complaint", "高血压、2型糖尿病复诊，要求续药"),
                   ("history", "原发性高血压、2型糖尿病多年，近一周家庭自测血压 138/86 mmHg，空腹血糖 7.8 mmol/L"),
                   ("examination", "视频下见一般情况好；村医测血压 136/84 mmHg"),
                   ("diagnosis_icd10", "I10"),
                   ("diagnosis_text", "原发性高血压；2型糖尿病"),
                   ("advice", "按处方服药，低盐低糖饮食，每日监测血压和空腹血糖，一周后复诊")),
               prescription=RxStory(
                   (RxLine("YP0001", "5", "qd"), RxLine("YP0024", "500", "bid")), "at_clinic",
                   returned=(RxLine("YP0001", "5", "qd"), RxLine("YP0024", "500", "qd")),
                   codes=("dose",), note="二甲双胍每日一次剂量偏低，空腹血糖未达标，建议每日两次随餐服用")),
    VisitStory("王秀兰", "prov_cardio", "A", "03.04", "I10", "血压控制复诊，近日晨起头晕", "today"),
    VisitStory("李明", "countyA_doctor", "A", "03.04", "I49.3", "心悸复诊，带动态心电图结果",
               "coming"),
    VisitStory("王秀兰", "prov_endo", "P", "03.07", "E11.9", "血糖控制复诊", "coming"),
)
