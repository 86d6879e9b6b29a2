"""Symptom words → the departments a patient might see, by the standard department codes
(alliance/catalogue.py). A plain keyword table: it suggests where to look, it diagnoses nothing.

Words are matched as substrings of what the patient typed, longer words first, so "小孩发烧"
finds 儿科 before "发烧" finds 内科.
"""

from __future__ import annotations

GENERAL_PRACTICE = "02"

# word: department codes, the likeliest first.
KEYWORDS: dict[str, tuple[str, ...]] = {
    "头痛": ("03.03",), "头晕": ("03.03", "03.04"), "失眠": ("03.03", "15"),
    "手麻": ("03.03",), "中风": ("03.03",), "记忆力": ("03.03", "03.10"),
    "胸闷": ("03.04",), "胸痛": ("03.04",), "心慌": ("03.04",), "心悸": ("03.04",),
    "血压高": ("03.04",), "高血压": ("03.04",),
    "血糖高": ("03.07",), "糖尿病": ("03.07",), "甲状腺": ("03.07",), "口渴": ("03.07",),
    "咳嗽": ("03.01",), "咳痰": ("03.01",), "气喘": ("03.01",), "哮喘": ("03.01",),
    "发烧": ("03.01", "02"), "发热": ("03.01", "02"),
    "腹痛": ("03.02", "04.01"), "肚子痛": ("03.02", "04.01"), "胃痛": ("03.02",),
    "腹泻": ("03.02",), "便秘": ("03.02",), "反酸": ("03.02",),
    "皮疹": ("13",), "湿疹": ("13",), "瘙痒": ("13",), "痘": ("13",),
    "关节痛": ("04.03", "03.08"), "腰痛": ("04.03",), "颈椎": ("04.03",), "骨折": ("04.03",),
    "痛风": ("03.08", "03.07"),
    "尿频": ("04.04",), "尿急": ("04.04",), "尿痛": ("04.04",), "血尿": ("04.04", "03.06"),
    "水肿": ("03.06",), "蛋白尿": ("03.06",),
    "月经": ("05.01",), "白带": ("05.01",), "怀孕": ("05.02",),
    "小孩发烧": ("07",), "小孩咳嗽": ("07",), "儿童": ("07",),
    "眼睛": ("10",), "视力": ("10",), "耳鸣": ("11",), "咽痛": ("11",), "鼻塞": ("11",),
    "牙痛": ("12",), "焦虑": ("15",), "抑郁": ("15",), "贫血": ("03.05",),
}

_BY_LENGTH = sorted(KEYWORDS, key=lambda word: (-len(word), word))


def suggest(text: str) -> tuple[list[str], list[str]]:
    """The words found in ``text`` and the department codes they point to, in order, without
    repeats; a longer word that matched hides the shorter ones inside it."""
    words: list[str] = []
    rest = text
    for word in _BY_LENGTH:
        if word in rest:
            words.append(word)
            rest = rest.replace(word, " ")
    words.sort(key=text.find)
    codes = list(dict.fromkeys(code for word in words for code in KEYWORDS[word]))
    return words, codes


def serves(department_code: str, codes: list[str]) -> bool:
    """Whether a department of ``department_code`` takes patients for one of ``codes``: the
    specialty itself, one under it, or the subject above it (a county's 妇产科 05 for 妇科
    05.01)."""
    subject = department_code.partition(".")[0]
    return any(department_code == code or department_code.startswith(code + ".")
               or (subject == department_code and code.startswith(subject + "."))
               for code in codes)
